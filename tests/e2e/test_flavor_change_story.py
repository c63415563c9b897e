"""demo changes a worker group's flavor (issue #18 part 4): Magnum cannot do
it in place, so the group is replaced by a new one with the new flavor and
the same node labels, taints and range; the table shows each step as it
refreshes, and the old group leaves once the new one is ready. The default
worker group's Change Flavor is disabled and says what to do instead."""
import time

import pytest
from selenium.webdriver.common.by import By

import coe_backend
from coe_backend import Taint
from tests.e2e import pages
from tests.e2e.conftest import running_cluster
from tests.magnum_helpers import unique_name

pytestmark = [pytest.mark.devcloud, pytest.mark.browser]


@pytest.fixture
def cluster(devcloud):
    yield from running_cluster(devcloud, "demo")


@pytest.fixture
def web_group(devcloud, cluster):
    """A worker group of m1.medium nodes with node labels, taints and a range."""
    library = coe_backend.connect(devcloud.session("demo"))
    name = unique_name("web")
    library.create_node_group(cluster.uuid, name=name, flavor_id="m1.medium", node_count=1,
                              min_node_count=1, max_node_count=3, node_labels={"tier": "web"},
                              node_taints="dedicated=web:NoSchedule")
    deadline = time.monotonic() + pages.SETTLE
    while library.get_cluster(cluster.uuid).is_busy or not library.get_node_group(
            cluster.uuid, name).is_settled:
        assert time.monotonic() < deadline, "the web group never settled"
        time.sleep(0.2)
    return library, name


def change_flavor_action(browser, name):
    return pages.table_row(browser, name, "node_groups").find_element(
        By.CSS_SELECTOR, "[id$='__action_change_flavor']")


def test_a_worker_groups_flavor_changes_by_replacement(browser, cluster, web_group):
    library, name = web_group
    new_name = f"{name}-m1.large"
    browser.login("demo")
    browser.open(f"/project/clusters/{cluster.uuid}/?tab=cluster_details__node_groups")
    pages.wait_row(browser, name, {"Flavor": "m1.medium", "Status": "Active"}, table="node_groups")

    default = change_flavor_action(browser, "default-worker")
    assert "disabled" in default.get_attribute("class")
    assert "resize this group to its minimum" in default.get_attribute("title")

    form = pages.open_row_form(browser, name, "Change Flavor", table="node_groups")
    assert "workloads are rescheduled" in form.text
    pages.choose(browser, "id_flavor_id", "m1.large")
    pages.tick(browser, "id_confirm")
    pages.submit_modal(browser)
    pages.wait_message(browser, "Success", f'Changing the flavor of node group "{name}"')
    pages.mark_page(browser)

    # The progress, live: the new group's row says where the change stands.
    def progress(driver):
        shown = pages.row(browser, new_name, "node_groups") or {}
        return "Flavor change of" in shown.get("Status", "") and shown["Status"]
    said = pages.until(browser, progress, pages.SETTLE, "no progress shown")
    assert f"Flavor change of {name} to m1.large: new group {new_name}" in said

    pages.wait_row_gone(browser, name, table="node_groups")
    pages.wait_row(browser, new_name, {"Flavor": "m1.large", "Nodes": "1", "Min / Max": "1 / 3",
                                       "Status": "Active"}, table="node_groups")
    assert not pages.page_reloaded(browser), "the rows refreshed themselves"

    groups = {group.name for group in library.list_node_groups(cluster.uuid)}
    assert groups == {"default-master", "default-worker", new_name}
    new = library.get_node_group(cluster.uuid, new_name)
    assert new.node_labels == {"tier": "web"}
    assert new.node_taints == [Taint("dedicated", "NoSchedule", "web")]
