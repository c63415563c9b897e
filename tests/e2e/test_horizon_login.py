"""A person logs into the real Horizon and finds coe-ui there."""
import pytest

pytestmark = [pytest.mark.devcloud, pytest.mark.browser]


def test_demo_logs_in_and_sees_the_container_infra_panel_group(browser):
    browser.login("demo")
    browser.wait_for("#sidebar-accordion")
    sidebar = browser.driver.find_element("css selector", "#sidebar-accordion").get_attribute("textContent")
    assert "Container Infra" in sidebar
    assert "Clusters" in sidebar
