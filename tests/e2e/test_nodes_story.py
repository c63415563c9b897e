"""demo follows a node down to its Nova server (issue #20 part 3): the cluster's
Health tab shows each node's server, and its name opens Horizon's own
instance page, whose Log tab holds the server's console log."""
import pytest
from selenium.webdriver.common.by import By

from tests.e2e import pages

pytestmark = [pytest.mark.devcloud, pytest.mark.browser]


def test_a_node_leads_to_its_server_and_console_log(browser, demo_cluster):
    browser.login("demo")
    browser.open(f"/project/clusters/{demo_cluster.uuid}/")
    pages.click(browser, '.nav-tabs a[data-target$="__health"]')
    rows = pages.visible(browser, "table.coe-nodes")
    nodes = rows.find_elements(By.CSS_SELECTOR, "tr.coe-node")
    assert len(nodes) == 2, rows.text  # its master and its worker
    for node in nodes:
        assert "Ready" in node.text and "Active" in node.text and "m1.medium" in node.text

    server = nodes[0].find_element(By.CSS_SELECTOR, "a.coe-server-link")
    name = server.text
    server.click()
    pages.until(browser, lambda d: "/project/instances/" in d.current_url,
                message="the server's name did not open Horizon's instance page")
    assert name in pages.visible(browser, ".detail-header, .page-header").text

    browser.driver.back()
    pages.click(browser, '.nav-tabs a[data-target$="__health"]')
    pages.click(browser, "table.coe-nodes a.coe-console-log")
    pages.until(browser, lambda d: f"{name} login:" in d.find_element(By.TAG_NAME, "body").text,
                message="the console log link did not show the server's log")
