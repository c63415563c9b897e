"""other, a member of another project, can neither see project demo's
clusters nor reach them by their addresses: each attempt ends on other's own
list with a message, never on an error page, and changes nothing."""
import pytest

from tests.e2e import pages

pytestmark = [pytest.mark.devcloud, pytest.mark.browser]

CLUSTERS = "/project/clusters/"


def test_other_cannot_see_or_reach_demos_clusters(browser, devcloud, demo_cluster):
    magnum = devcloud.magnum("demo")
    cluster_url = f"{CLUSTERS}{demo_cluster.uuid}/"
    worker = next(g for g in magnum.nodegroups.list(demo_cluster.uuid) if g.role != "master")
    not_found = f"Cluster {demo_cluster.uuid} could not be found"
    browser.login("other")

    browser.open(CLUSTERS)
    pages.visible(browser, "#clusters")
    assert pages.row(browser, demo_cluster.name) is None
    assert demo_cluster.name not in browser.text

    for path in ("", "resize/", "delete/", "kubeconfig/", "ca/", "node-groups/create/",
                 f"node-groups/{worker.uuid}/"):
        assert pages.open_refused(browser, cluster_url + path, not_found) == CLUSTERS, path
        assert demo_cluster.name not in browser.text

    for path, fields in ((f"{cluster_url}delete/", {"confirm_name": demo_cluster.name}),
                         (f"{cluster_url}resize/", {"nodegroup": worker.name, "node_count": 3})):
        pages.post(browser, path, fields)
        pages.wait_message(browser, "Error", not_found)

    after = magnum.clusters.get(demo_cluster.uuid)
    assert (after.status, after.node_count) == ("CREATE_COMPLETE", demo_cluster.node_count)
