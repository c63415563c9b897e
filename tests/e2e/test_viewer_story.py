"""viewer, a reader of project demo, looks at the project's clusters: nothing
that would change one is offered, and asking for it by hand (the action's
address, or a hand-made form) is refused with a message, never an error page."""
import pytest
from selenium.webdriver.common.by import By

from tests.e2e import pages
from tests.magnum_helpers import unique_name

pytestmark = [pytest.mark.devcloud, pytest.mark.browser]

CLUSTERS = "/project/clusters/"
REFUSED = "Magnum's policy does not allow you to do this"
CHANGES = {"Create Cluster", "Delete Clusters", "Resize", "Upgrade", "Rotate CA",
           "Rotate Credentials", "Delete Cluster", "Sign My CSR", "Add Node Group",
           "Edit Range and Size", "Delete Node Group", "Delete Node Groups"}


def test_viewer_sees_the_clusters_but_cannot_change_them(browser, devcloud, demo_cluster):
    magnum = devcloud.magnum("demo")
    name, cluster_url = demo_cluster.name, f"{CLUSTERS}{demo_cluster.uuid}/"
    worker = next(g for g in magnum.nodegroups.list(demo_cluster.uuid) if g.role != "master")
    browser.login("viewer")

    # What the viewer sees: the list, the cluster's page, its node groups.
    pages.page_with_row(browser, CLUSTERS, name, "clusters")
    assert pages.row(browser, name)["Status"] == "Active"
    listed = pages.actions_in(browser.driver.find_element(By.ID, "clusters"))
    assert not CHANGES & set(listed), listed

    browser.driver.find_element(By.LINK_TEXT, name).click()
    assert demo_cluster.uuid in pages.overview(browser).text
    header = pages.actions_in(browser.driver.find_element(By.CSS_SELECTOR, ".detail-header"))
    assert not CHANGES & set(header), header
    browser.driver.find_element(By.PARTIAL_LINK_TEXT, "Node Groups").click()
    pages.wait_row(browser, worker.name, {"Status": "Active"}, table="node_groups")
    groups = pages.actions_in(browser.driver.find_element(By.ID, "node_groups"))
    assert not CHANGES & set(groups), groups

    # The actions' own addresses, opened by hand.
    for path in ("resize/", "delete/", "upgrade/", "rotate-ca/", "node-groups/create/",
                 f"node-groups/{worker.uuid}/update/"):
        landed = pages.open_refused(browser, cluster_url + path, REFUSED)
        assert landed in (CLUSTERS, cluster_url), (path, landed)
    assert pages.open_refused(browser, f"{CLUSTERS}create/", REFUSED) == CLUSTERS

    # Hand-made forms, as a member's browser would have sent them.
    forged = unique_name("forged")
    for path, fields, refusal in (
            (f"{cluster_url}resize/", {"nodegroup": worker.name, "node_count": 3}, REFUSED),
            (f"{cluster_url}delete/", {"confirm_name": name}, REFUSED),
            (CLUSTERS, {"action": f"clusters__delete__{demo_cluster.uuid}"},
             f"You are not allowed to delete cluster: {name}"),
            (f"{CLUSTERS}create/", {"name": forged, "cluster_template_id":
                                    demo_cluster.cluster_template_id, "master_count": 1,
                                    "node_count": 1, "labels_mode": "merge"}, REFUSED)):
        pages.post(browser, path, fields)
        pages.wait_message(browser, "Error", refusal)

    after = magnum.clusters.get(demo_cluster.uuid)
    assert (after.status, after.node_count) == ("CREATE_COMPLETE", demo_cluster.node_count)
    assert forged not in [c.name for c in magnum.clusters.list()]
