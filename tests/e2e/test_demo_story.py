"""demo, a member of project demo, lives a cluster's whole life in the browser:
a template through its wizard, a cluster from it, node groups, resize,
upgrade, a kubeconfig that kubectl uses, a CA rotation that revokes it, and
deleting everything again."""
import pytest
from selenium.webdriver.common.by import By

from devcloud.catalog import IMAGES
from tests.e2e import pages
from tests.magnum_helpers import IMAGE_V131, create_template, unique_name

pytestmark = [pytest.mark.devcloud, pytest.mark.browser]

CLUSTERS = "/project/clusters/"
TEMPLATES = "/project/cluster_templates/"
# Slow enough to see each operation under way (the test devcloud's default is 0.5 s).
OP_SECONDS = 5


def create_template_in_wizard(browser, name):
    browser.open(TEMPLATES)
    pages.click(browser, "#cluster_templates__action_create")
    pages.type_into(browser, ".workflow.wizard #id_name", name)

    pages.next_step(browser, pages.dropdown("id_image_id"))
    pages.choose(browser, "id_image_id", IMAGES[0]["id"])
    pages.choose(browser, "id_master_flavor_id", "2")
    pages.choose(browser, "id_flavor_id", "2")
    dns = pages.next_step(browser, "#id_dns_nameserver")

    dns.send_keys("8.8.8")  # not an address: refused on Next, beside the field
    pages.click(browser, ".modal .button-next")
    assert "IPv4" in pages.visible(browser, "#id_dns_nameserver ~ .help-block").text
    pages.visible(browser, "#id_dns_nameserver").send_keys(".8")

    # The labels editor: rows of key and value; "=" moves on to the value.
    pages.next_step(browser, ".coe-labels-add").click()
    pages.visible(browser, ".coe-label-key").send_keys("kube_tag=v1.30.6")
    assert pages.visible(browser, ".coe-label-value").get_attribute("value") == "v1.30.6"

    review = pages.next_step(browser, ".coe-review pre.coe-cli")
    assert "openstack coe cluster template create" in review.text
    assert "--labels kube_tag=v1.30.6" in review.text
    pages.finish_wizard(browser)
    pages.wait_message(browser, "Success", f'Created cluster template "{name}"')


def create_cluster_in_wizard(browser, template, name):
    """From the template's own row: the cluster wizard opens with it chosen."""
    pages.page_with_row(browser, TEMPLATES, template, "cluster_templates")
    pages.row_action(browser, template, "Create Cluster", table="cluster_templates")
    pages.type_into(browser, ".modal #id_name", name)
    assert template in pages.visible(browser, pages.dropdown("id_cluster_template_id")).text
    pages.choose(browser, "id_keypair", "demo-key")
    pages.next_step(browser, ".modal #id_node_count")
    pages.next_step(browser, pages.dropdown("id_fixed_network"))
    pages.next_step(browser, ".modal .coe-labels-add").click()  # the labels editor
    pages.visible(browser, ".modal .coe-label-key").send_keys(f"devcloud_op_seconds={OP_SECONDS}")
    preflight = pages.next_step(browser, ".modal .coe-review .coe-preflight")
    assert "fits" in preflight.text and "does not fit" not in preflight.text
    pages.mark_page(browser)
    pages.finish_wizard(browser)
    pages.until(browser, lambda d: pages.page_reloaded(browser) and d.find_elements(
        By.CSS_SELECTOR, "#clusters"), message="the wizard did not land on the clusters list")


def test_demo_lives_a_clusters_whole_life(browser, devcloud, tmp_path, leftovers):
    magnum = devcloud.magnum("demo")
    template_name, cluster_name, group_name = (unique_name("story-tpl"), unique_name("story"),
                                               unique_name("gpu"))
    leftovers.templates.append(template_name)
    leftovers.clusters.append(cluster_name)
    # The upgrade target, as a colleague published it: a newer Kubernetes.
    newer = create_template(magnum, name=unique_name("story-v131"), image=IMAGE_V131,
                            labels={"kube_tag": "v1.31.2"})
    leftovers.templates.append(newer.name)

    browser.login("demo")
    sidebar = pages.visible(browser, "#sidebar-accordion").get_attribute("textContent")
    assert "Container Infra" in sidebar and "Clusters" in sidebar

    # A template, through its wizard.
    create_template_in_wizard(browser, template_name)
    template = {t.name: t for t in magnum.cluster_templates.list(detail=True)}[template_name]
    assert template.labels == {"kube_tag": "v1.30.6"}
    assert (template.image_id, template.flavor_id, template.master_flavor_id) == (
        IMAGES[0]["id"], "2", "2")
    assert template.dns_nameserver == "8.8.8.8"

    # A cluster from it, watched until it runs, without reloading the page.
    create_cluster_in_wizard(browser, template_name, cluster_name)
    pages.mark_page(browser)
    assert pages.row(browser, cluster_name)["Status"] == "Creating"
    created = pages.wait_row(browser, cluster_name, {"Status": "Active"})
    assert not pages.page_reloaded(browser), "the row settled through polling alone"
    assert created["Kubernetes"] == "v1.30.6" and created["Template"] == template_name
    assert created["Masters / Workers"] == "1 / 1"
    assert created["API Address"].startswith("https://127.0.0.1:")
    cluster = magnum.clusters.get(cluster_name)
    assert cluster.status == "CREATE_COMPLETE"

    # Its page: the overview, then the node groups.
    browser.driver.find_element(By.LINK_TEXT, cluster_name).click()
    overview = pages.overview(browser).text
    assert cluster.uuid in overview and "Active" in overview
    assert created["API Address"] in overview
    browser.driver.find_element(By.PARTIAL_LINK_TEXT, "Node Groups").click()
    pages.wait_row(browser, "default-worker", {"Nodes": "1", "Status": "Active"},
                   table="node_groups")

    pages.click(browser, "#node_groups__action_create")
    pages.type_into(browser, ".modal #id_name", group_name)
    pages.type_into(browser, ".modal #id_role", "gpu")
    pages.next_step(browser, ".modal #id_node_count")
    pages.type_into(browser, ".modal #id_node_count", 1)
    pages.next_step(browser, pages.dropdown("id_labels_mode"))
    pages.finish_wizard(browser)
    pages.wait_message(browser, "Success", f'Adding node group "{group_name}"')
    pages.mark_page(browser)
    pages.wait_row(browser, group_name, {"Role": "gpu", "Nodes": "1", "Min / Max": "0 / no maximum",
                                         "Status": "Active"}, table="node_groups")
    # The table's own action and its note follow the cluster as it settles, no reload.
    pages.until(browser, lambda d: "disabled" not in d.find_element(
        By.ID, "node_groups__action_create").get_attribute("class"), pages.SETTLE,
        "Add Node Group stayed disabled after the cluster settled")
    assert not browser.driver.find_elements(By.CSS_SELECTOR, '[data-coe-note-for="node_groups"] p')
    assert not pages.page_reloaded(browser)

    # Range and count in one go: Magnum could not take them in either order alone.
    pages.open_row_form(browser, group_name, "Edit Range and Size", table="node_groups")
    for field, value in (("node_count", 3), ("min_node_count", 2), ("max_node_count", 4)):
        pages.type_into(browser, f".modal #id_{field}", value)
    pages.submit_modal(browser)
    pages.wait_message(browser, "Success", f'Changing node group "{group_name}"')
    pages.wait_row(browser, group_name, {"Nodes": "3", "Min / Max": "2 / 4", "Status": "Active"},
                   table="node_groups")
    group = {g.name: g for g in magnum.nodegroups.list(cluster.uuid)}[group_name]
    group = magnum.nodegroups.get(cluster.uuid, group.uuid)
    assert (group.min_node_count, group.node_count, group.max_node_count) == (2, 3, 4)
    assert len(group.node_addresses) == 3

    # Deleted from the group's own page, whose actions stay put.
    browser.driver.find_element(By.LINK_TEXT, group_name).click()
    pages.page_action(browser, "Delete Node Group")
    pages.click(browser, ".modal-footer .btn-danger")  # Horizon's confirmation
    pages.wait_row_gone(browser, group_name, table="node_groups")
    assert group_name not in [g.name for g in magnum.nodegroups.list(cluster.uuid)]

    # Resize the default workers from the clusters list.
    browser.open(CLUSTERS)
    pages.wait_row(browser, cluster_name, {"Status": "Active", "Masters / Workers": "1 / 1"})
    pages.open_row_form(browser, cluster_name, "Resize")
    pages.visible(browser, pages.dropdown("id_nodegroup"))  # themed, as every select
    chosen = browser.driver.find_element(By.CSS_SELECTOR, ".modal #id_nodegroup")
    assert chosen.get_attribute("value") == "default-worker"
    pages.type_into(browser, ".modal #id_node_count", 2)
    pages.submit_modal(browser)
    pages.wait_message(browser, "Success", f'Resizing node group "default-worker" of cluster '
                                           f'"{cluster_name}" to 2 nodes')
    pages.wait_row(browser, cluster_name, {"Status": "Active", "Masters / Workers": "1 / 2"})

    # Upgrade: the newer template is offered, with what changes.
    modal = pages.open_row_form(browser, cluster_name, "Upgrade")
    assert "v1.30.6" in modal.text and newer.name in modal.text
    pages.choose(browser, "id_cluster_template", newer.uuid)
    pages.submit_modal(browser)
    pages.wait_message(browser, "Success", f'Upgrading cluster "{cluster_name}"')
    upgraded = pages.wait_row(browser, cluster_name, {"Status": "Active", "Kubernetes": "v1.31.2"})
    assert upgraded["Template"] == newer.name
    assert magnum.clusters.get(cluster.uuid).cluster_template_id == newer.uuid

    # A kubeconfig that works at once, for every node.
    config = download_kubeconfig(browser, cluster_name, tmp_path / "first")
    nodes = pages.kubectl(config, "get", "nodes", "-o", "name")
    assert nodes.returncode == 0, nodes.stderr
    assert len(nodes.stdout.split()) == 1 + 2  # a master and the two workers

    # Rotating the CA revokes it; a new download works again.
    pages.open_row_form(browser, cluster_name, "Rotate CA")
    pages.tick(browser, "id_understood")
    pages.submit_modal(browser)
    pages.wait_message(browser, "Success", f'The CA of cluster "{cluster_name}" was replaced')
    refused = pages.kubectl(config, "get", "nodes", "-o", "name")
    assert refused.returncode != 0, "the old kubeconfig still works after rotating the CA"
    assert "certificate" in refused.stderr or "x509" in refused.stderr, refused.stderr
    pages.wait_row(browser, cluster_name, {"Status": "Active"})
    renewed = pages.kubectl(download_kubeconfig(browser, cluster_name, tmp_path / "renewed"),
                            "get", "nodes", "-o", "name")
    assert renewed.returncode == 0, renewed.stderr

    # Delete the cluster, typing its name, and then its template. The dialog
    # counts what goes with it (its master and two workers).
    modal = pages.open_row_form(browser, cluster_name, "Delete Cluster")
    assert "Deleted with the cluster: 3 servers" in modal.text, modal.text
    pages.type_into(browser, ".modal #id_confirm_name", cluster_name)
    pages.submit_modal(browser)
    pages.wait_message(browser, "Success", f'Deleting cluster "{cluster_name}"')
    pages.wait_row_gone(browser, cluster_name)
    assert cluster_name not in [c.name for c in magnum.clusters.list()]

    pages.page_with_row(browser, TEMPLATES, template_name, "cluster_templates")
    pages.row_action(browser, template_name, "Delete Cluster Template", table="cluster_templates")
    pages.click(browser, ".modal-footer .btn-danger")  # Horizon's confirmation
    pages.wait_message(browser, "Success", f"Deleted Cluster Template: {template_name}")
    assert template_name not in [t.name for t in magnum.cluster_templates.list()]


def download_kubeconfig(browser, cluster_name, folder):
    folder.mkdir()
    pages.allow_downloads(browser, folder)
    modal = pages.open_row_form(browser, cluster_name, "Download Kubeconfig")
    assert "system:masters" in modal.text  # the dialog says what the file grants
    pages.submit_modal(browser)
    # The key is made in the browser; then the dialog says what the file is.
    assert "expires" in pages.visible(browser, ".modal .coe-issued").text.lower()
    config = pages.wait_for_download(browser, folder, f"{cluster_name}.kubeconfig")
    pages.click(browser, ".modal.in .modal-footer .cancel")
    pages.until(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, ".modal.in"),
                message="the kubeconfig dialog did not close")
    return config
