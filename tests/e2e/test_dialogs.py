"""demo's first minutes with a cluster: every action opens as a dialog over
the page it came from, and closes back to it."""
import pytest
from selenium.webdriver.common.by import By

from tests.e2e import pages

pytestmark = [pytest.mark.devcloud, pytest.mark.browser]

CLUSTERS = "/project/clusters/"


def test_the_ca_certificate_opens_as_a_dialog(browser, demo_cluster):
    browser.login("demo")
    pages.page_with_row(browser, CLUSTERS, demo_cluster.name, "clusters")
    pages.row_action(browser, demo_cluster.name, "Show CA Certificate")
    title = pages.visible(browser, ".modal.in .modal-dialog .modal-title")
    pages.until(browser, lambda d: "CA certificate of" in title.text,
                message=f"the dialog's title is {title.text!r}")
    dialog = browser.driver.find_element(By.CSS_SELECTOR, ".modal.in .modal-dialog")
    pem = dialog.find_element(By.CSS_SELECTOR, "textarea.coe-pem").get_attribute("value")
    assert pem.startswith("-----BEGIN CERTIFICATE-----")
    # Nothing of it lands under the table.
    assert not browser.driver.find_elements(By.CSS_SELECTOR, "#main_content .coe-pem:not(.modal .coe-pem)")
    dialog.find_element(By.CSS_SELECTOR, ".modal-footer .cancel").click()
    pages.until(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, ".modal.in"),
                message="the dialog did not close")
    assert pages.row(browser, demo_cluster.name, "clusters")
