"""A person creates, watches, resizes and deletes a cluster in a real browser."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.magnum_helpers import create_template, unique_name

pytestmark = [pytest.mark.devcloud, pytest.mark.browser]


def choose(browser, field, value):
    """Horizon's themable selects hide the real <select>: set it as the widget does."""
    browser.driver.execute_script(
        "var s = document.querySelector('select[name=\"' + arguments[0] + '\"]');"
        "s.value = arguments[1]; $(s).trigger('change');", field, value)


ROW_TEXT = """
var headers = Array.from(document.querySelectorAll('#clusters thead tr:last-child th'));
var column = headers.findIndex(function (th) { return th.textContent.trim() === 'Status'; });
var rows = document.querySelectorAll('#clusters tbody tr');
for (var i = 0; i < rows.length; i++) {
  if (rows[i].textContent.indexOf(arguments[0]) !== -1) {
    return [rows[i].cells[column].textContent.trim(), rows[i].textContent];
  }
}
return null;
"""


def row(browser, name):
    """(status, whole text) of the cluster's row, read in one go: polling replaces rows."""
    return browser.driver.execute_script(ROW_TEXT, name)


def row_status(browser, name):
    found = row(browser, name)
    return found[0] if found else None


def wait_row(browser, name, status, timeout=60):
    WebDriverWait(browser.driver, timeout).until(lambda d: row_status(browser, name) == status)


def open_row_action(browser, name, action_text):
    row = next(r for r in browser.driver.find_elements(By.CSS_SELECTOR, "#clusters tbody tr")
               if name in r.text)
    row.find_element(By.CSS_SELECTOR, ".dropdown-toggle").click()
    row.find_element(By.XPATH, f".//a[normalize-space()='{action_text}']").click()
    return browser.wait_for(".modal form")


def test_create_watch_resize_and_delete_a_cluster(browser, devcloud):
    template = create_template(devcloud.magnum("demo"), labels={"kube_tag": "v1.30.6"})
    name = unique_name("browser")
    browser.login("demo")
    browser.open("/project/clusters/")
    browser.wait_for("#clusters")
    browser.driver.find_element(By.ID, "clusters__action_create").click()
    browser.wait_for(".modal #id_name").send_keys(name)
    choose(browser, "cluster_template_id", template.uuid)
    choose(browser, "keypair", "demo-key")
    # Slow enough to see it in progress: this cluster's operations take 4 s.
    browser.driver.execute_script(
        "document.querySelector('textarea[name=labels]').value = 'devcloud_op_seconds=4';")
    for _step in range(4):  # Details -> Size -> Network -> Labels -> Review
        browser.driver.find_element(By.CSS_SELECTOR, ".modal .button-next").click()
    review = WebDriverWait(browser.driver, 20).until(lambda d: d.execute_script(
        "var r = document.querySelector('.coe-review .coe-preflight');"
        "return r && r.textContent;"))
    assert "fits" in review and "does not fit" not in review
    browser.driver.execute_script("window.coeWizardPage = true;")
    browser.driver.find_element(By.CSS_SELECTOR, ".modal .button-final").click()

    # Horizon reloads the index once after the wizard; from then on only polling.
    WebDriverWait(browser.driver, 30).until(
        lambda d: d.execute_script("return window.coeWizardPage === undefined && "
                                   "document.querySelector('#clusters') !== null;"))
    browser.driver.execute_script("window.coeNoReload = true;")
    assert row_status(browser, name) == "Creating"
    wait_row(browser, name, "Active")
    assert browser.driver.execute_script("return window.coeNoReload === true;"), \
        "the row settled through polling, without reloading the page"

    modal = open_row_action(browser, name, "Resize")
    count = modal.find_element(By.ID, "id_node_count")
    count.clear()
    count.send_keys("3")
    modal.find_element(By.CSS_SELECTOR, "input[type=submit], button[type=submit]").click()
    browser.wait_for("#clusters")
    WebDriverWait(browser.driver, 60).until(lambda d: "1 / 3" in (row(browser, name) or ("", ""))[1])
    wait_row(browser, name, "Active")

    modal = open_row_action(browser, name, "Delete Cluster")
    modal.find_element(By.ID, "id_confirm_name").send_keys(name)
    modal.find_element(By.CSS_SELECTOR, "input[type=submit], button[type=submit]").click()
    browser.wait_for("#clusters")
    WebDriverWait(browser.driver, 60).until(lambda d: row_status(browser, name) is None)
