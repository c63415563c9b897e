"""A cluster's timeline: what coe-ui's pages and polls saw of its status,
shown on its page after it passed (Horizon in this process, the real
Magnum; devcloud's driver fails a create on request)."""
import html
import re
import time

import pytest

from tests.magnum_helpers import (create_template, remove, unique_name, wait_visible,
                                  watch_cluster)

pytestmark = pytest.mark.devcloud

INDEX = "/project/clusters/"
MARKUP = '<script>alert("reason")</script><b>node-0</b>'
# No health polling replaces the health that the test sets (as magnum-auto-healer does).
NO_HEALTH_POLLING = {"auto_healing_enabled": "true",
                     "auto_healing_controller": "magnum-auto-healer"}


@pytest.fixture(scope="module")
def clusters(horizon, login):
    """A cluster whose create fails and one whose create completes, each
    taking 3 s."""
    login("demo").get(INDEX)  # before: Horizon's first login and page take seconds
    magnum = horizon.magnum("demo")
    template = create_template(magnum)
    made = [magnum.clusters.create(name=unique_name("tl"), cluster_template_id=template.uuid,
                                   keypair="demo-key", master_count=1, node_count=1,
                                   labels={**labels, "devcloud_op_seconds": "3"})
            for labels in ({"devcloud_fail": "create"}, NO_HEALTH_POLLING)]
    yield made
    remove(magnum, clusters=[c.uuid for c in made], templates=[template.uuid])


def row_poll(login, cluster_uuid):
    return login("demo").ajax(f"{INDEX}?action=row_update&table=clusters&obj_id={cluster_uuid}")


def timeline(page):
    """[(Magnum's status, reason shown, health cell text)] of the Timeline
    tab, newest first, as the browser reads them."""
    body = page.content.decode()
    table = re.search(r'<table class="table table-striped coe-timeline-entries">(.*?)</table>',
                      body, re.S)
    assert table, "no timeline on the page"
    rows = re.findall(r'<tr class="coe-timeline-entry[^"]*">(.*?)</tr>', table.group(1), re.S)
    found = []
    for row in rows:
        cells = re.findall(r"<td>(.*?)</td>", row, re.S)
        status = re.search(r'title="([A-Z_]+)"', cells[1])
        found.append((status and status.group(1), html.unescape(cells[2]).strip(), cells[3]))
    return found


def test_a_failed_create_and_a_completed_one_show_the_states_they_went_through(
        login, horizon, clusters):
    magnum = horizon.magnum("demo")
    for cluster in clusters:
        wait_visible(magnum, cluster.uuid)
        assert "Creating" in row_poll(login, cluster.uuid).content.decode()
    failing, completing = (watch_cluster(magnum, c.uuid)[0] for c in clusters)
    assert (failing.status, completing.status) == ("CREATE_FAILED", "CREATE_COMPLETE")

    page = login("demo").get(f"{INDEX}{failing.uuid}/?tab=cluster_details__timeline")
    assert page.status_code == 200
    (status, reason, _), (first, _, _) = timeline(page)
    assert (status, first) == ("CREATE_FAILED", "CREATE_IN_PROGRESS")
    assert reason == failing.status_reason and "Quota exceeded for cores" in reason
    text = page.content.decode()
    assert re.search(r"Last changed \d+\s+minutes? ago", text)
    assert "A change that came and went between two readings is not seen." in text

    page = login("demo").get(f"{INDEX}{completing.uuid}/")
    assert [s for s, _, _ in timeline(page)] == ["CREATE_COMPLETE", "CREATE_IN_PROGRESS"]


def test_ill_health_that_passed_stays_on_the_cluster_page_escaped(login, horizon, clusters):
    magnum = horizon.magnum("demo")
    cluster, _ = watch_cluster(magnum, clusters[1].uuid)
    one = f"{INDEX}{cluster.uuid}/"

    def set_health(health, reason):
        magnum.clusters.update(cluster.uuid, [
            {"op": "replace", "path": "/health_status", "value": health},
            {"op": "replace", "path": "/health_status_reason", "value": repr(reason)}])
        deadline = time.monotonic() + 30
        while magnum.clusters.get(cluster.uuid).health_status != health:
            assert time.monotonic() < deadline, f"health {health} was not saved"
            time.sleep(0.2)

    set_health("UNHEALTHY", {"api": "ok", f"{MARKUP}.Ready": "False"})
    assert 'title="UNHEALTHY"' in timeline(login("demo").get(one))[0][2]
    set_health("HEALTHY", {"api": "ok"})

    page = login("demo").get(one)
    body = page.content.decode()
    assert "<script>alert" not in body and "<b>node-0" not in body
    healthy, unhealthy = [health for _, _, health in timeline(page)[:2]]
    assert 'title="HEALTHY"' in healthy
    assert 'title="UNHEALTHY"' in unhealthy and html.escape(MARKUP) in unhealthy
    # The Overview says that trouble was seen, though Magnum shows none now.
    past = re.search(r'<div class="alert alert-warning coe-past-trouble".*?</div>', body, re.S)
    assert past and "Unhealthy" in past.group(0) and html.escape(MARKUP) in past.group(0)
