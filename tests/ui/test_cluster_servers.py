"""The Health tab's nodes down to their Nova servers, through the real Horizon
and Magnum; the servers are the simulated driver's, served as Nova's by
devcloud's catalog stand-in."""
import html
import os
import re

import pytest

from tests.magnum_helpers import create_cluster, create_template, remove, watch_cluster

pytestmark = pytest.mark.devcloud

ROW = re.compile(r'<tr class="coe-node">(.*?)</tr>(\s*<tr class="coe-server-fault">(.*?)</tr>)?',
                 re.S)
CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)
TAG = re.compile(r"<[^>]+>")


def health_tab(client, cluster):
    response = client.get(f"/project/clusters/{cluster.uuid}/?tab=cluster_details__health")
    assert response.status_code == 200
    return response.content.decode()


def node_rows(page):
    """{node: (cells as text, the row's HTML, its fault as text)} as the tab shows them."""
    rows = {}
    for row, _, fault in ROW.findall(page):
        cells = [html.unescape(TAG.sub("", cell)).strip() for cell in CELL.findall(row)]
        rows[cells[0]] = (cells, row, html.unescape(TAG.sub("", fault or "")).strip())
    return rows


@pytest.fixture(scope="module")
def made(horizon):
    """What the tests here make: (clusters, templates), removed together at the
    end (the deletes are waited for side by side)."""
    clusters, templates = [], []
    yield clusters, templates
    remove(horizon.magnum("demo"), clusters=clusters, templates=templates)


@pytest.fixture(scope="module")
def template(horizon, made):
    template = create_template(horizon.magnum("demo"))
    made[1].append(template.uuid)
    return template


@pytest.fixture(scope="module")
def healthy(horizon, template, made):
    cluster, _ = create_cluster(horizon.magnum("demo"), template, node_count=1)
    made[0].append(cluster.uuid)
    return cluster


@pytest.fixture(scope="module")
def failed_resize(horizon, template, made):
    """A cluster whose worker group failed to grow: Nova found no host for the new server."""
    magnum = horizon.magnum("demo")
    cluster, _ = create_cluster(magnum, template, node_count=1,
                                labels={"devcloud_fail": "resize"})
    made[0].append(cluster.uuid)
    workers = next(g for g in magnum.nodegroups.list(cluster.uuid) if g.role != "master")
    magnum.clusters.resize(cluster.uuid, 2, nodegroup=workers.uuid)
    for _ in range(50):
        cluster, _ = watch_cluster(magnum, cluster.uuid)
        if cluster.status == "UPDATE_FAILED":
            break
    assert cluster.status == "UPDATE_FAILED", cluster.status
    return cluster


def test_a_healthy_clusters_nodes_show_their_active_servers_with_links(login, healthy):
    rows = node_rows(health_tab(login("demo"), healthy))
    assert len(rows) == 2, rows  # its master and its worker
    for name, (cells, row, fault) in rows.items():
        node, ready, server, status, flavor, addresses, console = cells
        assert (ready, server, status, flavor) == ("Ready", name, "Active", "m1.medium")
        assert re.fullmatch(r"10\.0\.0\.\d+ \(private\)", addresses)
        assert addresses.split()[0] in healthy.master_addresses + healthy.node_addresses
        link = re.search(r'<a href="(/project/instances/([0-9a-f-]{36})/)" class="coe-server-link">',
                         row)
        assert link, row
        assert f'href="{link.group(1)}?tab=instance_details__log"' in row
        assert console == "Console log" and not fault


def test_the_links_open_horizons_instance_page_and_its_console_log(login, healthy):
    client = login("demo")
    node, (_, row, _) = sorted(node_rows(health_tab(client, healthy)).items())[0]
    page = re.search(r'<a href="([^"]+)" class="coe-server-link">', row).group(1)
    instance = client.get(page).content.decode()
    assert f'data-display="{node}"' in instance and "m1.medium" in instance
    log = client.get(f"{page}?tab=instance_details__log").content.decode()
    assert f"{node} login:" in log


def test_a_reader_gets_the_instance_page_and_the_console_log_as_novas_policy_says(
        login, healthy):
    """Horizon's Nova policy differs by series: the console log is a member's under
    the new defaults (2024.2 on), anyone's of the project under 2024.1's."""
    from coe_ui import policy  # Horizon's settings are made by the login fixture
    response = login("viewer").get(
        f"/project/clusters/{healthy.uuid}/?tab=cluster_details__health")
    may_log = policy.check((("compute", "os_compute_api:os-console-output"),),
                           response.wsgi_request, {"project_id": healthy.project_id})
    rows = node_rows(response.content.decode())
    assert rows
    for cells, row, _ in rows.values():
        assert 'class="coe-server-link"' in row
        assert ("instance_details__log" in row) is bool(may_log)
        assert cells[-1] == ("Console log" if may_log else "Your role may not read it")


def test_the_failed_groups_new_server_is_in_error_with_novas_fault(login, failed_resize):
    rows = node_rows(health_tab(login("demo"), failed_resize))
    failed = [(cells, fault) for cells, _, fault in rows.values() if cells[3] == "Error"]
    assert len(failed) == 1, rows
    cells, fault = failed[0]
    assert cells[0].endswith("-default-worker-1") and cells[1] == "not reported"
    assert cells[5] == "-"  # no address: it never got to a host
    assert fault == ("Fault: No valid host was found. There are not enough hosts available. "
                     "(code 500)")
    assert sorted(cells[3] for cells, _, _ in rows.values()) == ["Active", "Active", "Error"]


def nova_answers(horizon, mocker, **answer):
    mocker.register_uri("GET", re.compile(re.escape(horizon.cfg.catalog_url)
                                          + r"/compute/v2\.1/servers/detail"), **answer)


def test_nova_failing_is_said_and_magnums_health_still_shown(login, horizon, magnum_fault,
                                                             healthy):
    nova_answers(horizon, magnum_fault("GET", r"/never-called$"), status_code=503,
                 json={"computeFault": {"code": 503, "message": "Nova is down"}})
    page = health_tab(login("demo"), healthy)
    assert "The servers could not be read:" in page
    rows = node_rows(page)
    assert len(rows) == 2 and all(cells[1:3] == ["Ready", "-"] for cells, _, _ in rows.values())


def test_a_servers_name_and_fault_from_nova_are_escaped(login, horizon, magnum_fault, healthy):
    # Named as the cluster's servers begin (c-1234abcd-default-), so taken for one of them.
    prefix = os.path.commonprefix([key for key in healthy.health_status_reason if key != "api"])
    nova_answers(horizon, magnum_fault("GET", r"/never-called$"), json={"servers": [{
        "id": "0f0e0d0c-0b0a-4908-8706-050403020100", "name": f"{prefix}<b>worker</b>",
        "status": "ERROR", "tenant_id": "", "created": "2026-12-01T00:00:00Z",
        "flavor": {"id": "2"}, "addresses": {},
        "fault": {"code": 500, "message": "<script>alert(1)</script>"}}]})
    page = health_tab(login("demo"), healthy)
    assert "<script>alert(1)" not in page and "<b>worker" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;b&gt;worker&lt;/b&gt;" in page
    # Nova before microversion 2.47 gives the flavor's ID only: named from the flavor list.
    assert "<td>m1.medium</td>" in page
