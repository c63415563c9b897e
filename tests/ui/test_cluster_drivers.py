"""The cluster and template pages with each driver's forms, through the real
Horizon and Magnum (the devcloud's Cluster API personalities, picked by the
image's magnum_driver)."""
import contextlib
import html
import re
import time

import pytest
from django.core.cache import cache
from magnumclient import exceptions as magnum_exc

from tests.magnum_helpers import (
    create_cluster, create_template, past_half_built, remove, unique_name, wait_visible)
from tests.ui.test_cluster_servers import health_tab, node_rows
from tests.ui.test_flavor_change import row_of
from tests.ui.test_node_groups import tab_url

pytestmark = pytest.mark.devcloud

TAG = re.compile(r"<[^>]+>")


def text(page):
    return re.sub(r"\s+", " ", html.unescape(TAG.sub(" ", page)))


@pytest.fixture(scope="module")
def made(horizon):
    magnum = horizon.magnum("demo")
    templates = {image: create_template(magnum, image=image) for image in (
        "ubuntu-2204-kube-v1.31.2-capi", "ubuntu-2204-kube-v1.31.2-capi-helm")}
    clusters = []
    yield templates, clusters
    for uuid in clusters:  # a blocked create never settles: deleted as it is
        with contextlib.suppress(magnum_exc.ClientException):
            magnum.clusters.delete(uuid)
    remove(magnum, clusters, [t.uuid for t in templates.values()])


def test_capi_helm_cluster_shows_its_driver_and_its_nodes_ready_from_its_groups(
        horizon, login, made):
    template = made[0]["ubuntu-2204-kube-v1.31.2-capi-helm"]
    cluster, _ = create_cluster(horizon.magnum("demo"), template, node_count=1)
    made[1].append(cluster.uuid)
    client = login("demo")
    overview = text(client.get(f"/project/clusters/{cluster.uuid}/").content.decode())
    assert "Driver k8s_capi_helm_v1 (magnum-capi-helm, Cluster API)" in overview
    page = health_tab(client, cluster)
    rows = node_rows(page)
    assert len(rows) == 2 and all(cells[1] == "Ready" for cells, _, _ in rows.values()), rows
    assert "Control plane Ready" in text(page) and "Worker groups Ready" in text(page)
    template_page = text(client.get(
        f"/project/cluster_templates/{template.uuid}/").content.decode())
    assert "Driver k8s_capi_helm_v1 (magnum-capi-helm, Cluster API)" in template_page


def test_a_blocked_cluster_api_create_is_explained_with_what_to_do(horizon, login, made):
    magnum = horizon.magnum("demo")
    created = magnum.clusters.create(
        name=unique_name("c"), cluster_template_id=made[0]["ubuntu-2204-kube-v1.31.2-capi"].uuid,
        keypair="demo-key", master_count=1, node_count=1, labels={"devcloud_fail": "create"})
    made[1].append(created.uuid)
    wait_visible(magnum, created.uuid)
    for _ in range(100):
        cluster = past_half_built(lambda: magnum.clusters.get(created.uuid))
        if cluster.status_reason:
            break
        time.sleep(0.1)
    page = text(login("demo").get(f"/project/clusters/{created.uuid}/").content.decode())
    assert "Creating" in page
    assert "The project ran out of quota while building the cluster." in page
    assert "The driver keeps retrying: the cluster carries on by itself" in page
    assert "FailedCreateNetwork" in page
    assert "without a change" not in page  # not the time-based stalled warning


def test_what_capi_helm_cannot_do_is_said_first_and_never_sent(horizon, login, made):
    """magnum-capi-helm keeps a node in every group: the forms say so before
    anything is typed, and a change to zero is refused before Magnum hears of it."""
    magnum = horizon.magnum("demo")
    cluster, _ = create_cluster(magnum, made[0]["ubuntu-2204-kube-v1.31.2-capi-helm"],
                                node_count=1)
    made[1].append(cluster.uuid)
    worker = next(g for g in magnum.nodegroups.list(cluster.uuid) if g.role != "master")
    worker = magnum.nodegroups.get(cluster.uuid, worker.uuid)
    floor = "magnum-capi-helm keeps at least one node in every node group"
    client = login("demo")
    url = f"/project/clusters/{cluster.uuid}/"
    for path in (f"node-groups/{worker.uuid}/update/", "resize/", "node-groups/create/"):
        page = html.unescape(client.get(url + path).content.decode())
        assert floor in page, path  # the field's help, as Horizon shows every field's
        assert 'min="1"' in page, path

    refused = client.post(f"{url}node-groups/{worker.uuid}/update/", {
        "node_count": 0, "min_node_count": 0, "max_node_count": "",
        "node_labels": "", "node_taints": ""})
    assert floor in text(refused.content.decode())
    refused = client.post(f"{url}resize/", {"nodegroup": worker.name, "node_count": 0})
    assert floor in text(refused.content.decode())
    after = magnum.nodegroups.get(cluster.uuid, worker.uuid)
    assert (after.node_count, after.status) == (1, worker.status)  # nothing was sent


def test_labels_capi_helm_ignores_are_said_before_create_and_on_the_cluster(horizon, login,
                                                                            made):
    template = made[0]["ubuntu-2204-kube-v1.31.2-capi-helm"]
    client = login("demo")
    review = text(client.post("/project/clusters/create/review/", {
        "name": unique_name("r"), "cluster_template_id": template.uuid, "keypair": "demo-key",
        "master_count": 1, "node_count": 1, "master_flavor_id": "", "flavor_id": "",
        "fixed_network": "", "fixed_subnet": "", "master_lb_enabled": "",
        "floating_ip_enabled": "", "labels": "kube_tag=v1.31.2\nmonitoring_enabled=true",
        "labels_mode": "merge"}).content.decode())
    assert "ignores the others without a word: kube_tag." in review
    cluster, _ = create_cluster(horizon.magnum("demo"), template, node_count=1,
                                labels={"kube_tag": "v1.31.2", "monitoring_enabled": "true"})
    made[1].append(cluster.uuid)
    tab = text(client.get(f"/project/clusters/{cluster.uuid}/?tab=cluster_details__labels")
               .content.decode())
    assert re.search(r"kube_tag v1\.31\.2 added to the template's; ignored by magnum-capi-helm",
                     tab), tab
    assert "monitoring_enabled true added to the template's " in tab + " "
    assert "monitoring_enabled true added to the template's; ignored" not in tab


def resize_action(page, group):
    return re.search(r'<a [^>]*action_resize[^>]*>', row_of(page, group)).group(0)


@pytest.mark.parametrize("driver, refused", [("k8s_fedora_coreos_v1", True),
                                             ("k8s_capi_helm_v1", False)])
def test_the_master_row_s_resize_follows_what_the_driver_can_do(horizon, login, made, driver,
                                                                 refused, magnum_fault):
    """Heat cannot resize its masters (MasterNGResizeNotSupported): the master
    row's Resize is shown disabled with that reason, the workers' is not.
    Templates that cannot be read leave it to Magnum, not a broken tab."""
    magnum = horizon.magnum("demo")
    template = create_template(magnum, image="ubuntu-2204-kube-v1.31.2", driver=driver)
    cluster, _ = create_cluster(magnum, template, node_count=1)
    made[1].append(cluster.uuid)
    try:
        page = login("demo").ajax(tab_url(cluster)).content.decode()
        groups = {g.role: g for g in magnum.nodegroups.list(cluster.uuid)}
        master, worker = resize_action(page, groups["master"]), resize_action(page, groups["worker"])
        assert ("disabled" in master and "The Heat driver cannot resize the master node group"
                in html.unescape(master)) is refused, master
        assert "disabled" not in worker, worker
        cache.clear()  # the template summaries coe-ui keeps for a minute
        magnum_fault("GET", r"/clustertemplates", status=500)
        response = login("demo").ajax(tab_url(cluster))
        assert response.status_code == 200
        assert "disabled" not in resize_action(response.content.decode(), groups["master"])
    finally:
        remove(magnum, [cluster.uuid], [])
        made[1].remove(cluster.uuid)
        remove(magnum, templates=[template.uuid])
