"""A person adds a node group in the browser, changes its range and size in
one go, and deletes it."""
import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.magnum_helpers import create_cluster, create_template, unique_name

pytestmark = [pytest.mark.devcloud, pytest.mark.browser]


@pytest.fixture(scope="module")
def cluster(devcloud):
    magnum = devcloud.magnum("demo")
    cluster, _ = create_cluster(magnum, create_template(magnum), node_count=1)
    assert cluster.status == "CREATE_COMPLETE", cluster.status_reason
    return cluster


def row_text(browser, name, wanted, timeout=40):
    """Wait until the group's row (refreshing itself) shows ``wanted``."""
    row = f'#node_groups tr[data-display="{name}"]'

    def shows(driver):
        rows = driver.find_elements(By.CSS_SELECTOR, row)
        return rows and all(text in rows[0].text for text in wanted) and rows[0]
    # Rows are replaced each time they refresh.
    return WebDriverWait(browser.driver, timeout,
                         ignored_exceptions=(StaleElementReferenceException,)).until(shows)


def enabled(browser, css, timeout=40):
    """The action once the group's and the cluster's states allow it."""
    def found(driver):
        actions = driver.find_elements(By.CSS_SELECTOR, css)
        return actions and "disabled" not in actions[0].get_attribute("class") and actions[0]
    return WebDriverWait(browser.driver, timeout,
                         ignored_exceptions=(StaleElementReferenceException,)).until(found)


def submit_modal(browser):
    browser.driver.find_element(By.CSS_SELECTOR, ".modal-footer [type=submit]").click()


def test_add_resize_with_a_new_range_and_delete_a_node_group(browser, devcloud, cluster):
    name = unique_name("gpu")
    browser.login("demo")
    browser.open(f"/project/clusters/{cluster.uuid}/?tab=cluster_details__node_groups")

    browser.wait_for("#node_groups__action_create").click()
    browser.wait_for(".modal #id_name").send_keys(name)
    browser.driver.find_element(By.CSS_SELECTOR, ".modal .button-next").click()  # to Size
    size = browser.wait_for(".modal #id_node_count")
    WebDriverWait(browser.driver, 10).until(lambda d: size.is_displayed())
    browser.driver.find_element(By.CSS_SELECTOR, ".modal .button-next").click()  # to Labels
    final = browser.wait_for(".modal .button-final")
    WebDriverWait(browser.driver, 10).until(lambda d: final.is_displayed())
    final.click()
    row = row_text(browser, name, ["Active", "0 / no maximum"])
    group_id = row.get_attribute("data-object-id")

    enabled(browser, f"#node_groups__row_{group_id}__action_update").click()
    for field, value in (("node_count", 3), ("min_node_count", 2), ("max_node_count", 4)):
        box = browser.wait_for(f".modal #id_{field}")
        box.clear()
        box.send_keys(str(value))
    submit_modal(browser)
    row_text(browser, name, ["Active", "2 / 4"])
    group = devcloud.magnum("demo").nodegroups.get(cluster.uuid, group_id)
    assert (group.min_node_count, group.node_count, group.max_node_count) == (2, 3, 4)
    assert len(group.node_addresses) == 3

    # Deleted from the group's own page, whose actions stay put (the table's
    # rows are replaced while they refresh).
    browser.driver.find_element(By.LINK_TEXT, name).click()
    browser.wait_for(".detail-actions .dropdown-toggle").click()
    browser.wait_for(f"#node_groups__row_{group_id}__action_delete").click()
    browser.wait_for(".modal-footer .btn-danger").click()  # Horizon's confirmation
    browser.wait_for("#node_groups")  # back on the cluster's Node Groups tab
    WebDriverWait(browser.driver, 40).until(lambda d: not d.find_elements(
        By.CSS_SELECTOR, f'#node_groups tr[data-object-id="{group_id}"]'))
    names = [g.name for g in devcloud.magnum("demo").nodegroups.list(cluster.uuid)]
    assert name not in names
