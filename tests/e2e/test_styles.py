"""coe-ui's own stylesheet reaches the browser on every Horizon series.

Horizon before 25.2 compiled a .css file registered in ADD_SCSS_FILES into a
CSS @import the browser could not load (a 404): the labels editor lost its
layout and a disabled action no longer said why on hover. tests/ui never
loads CSS; this does, in Chromium.
"""
import pytest
from selenium.webdriver.common.by import By

from tests.e2e import pages

pytestmark = [pytest.mark.devcloud, pytest.mark.browser]


def test_coe_ui_styles_are_applied(browser):
    browser.login("demo")
    browser.open("/project/cluster_templates/create/")
    tools = pages.until(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".coe-labels-tools"),
                        message="the labels editor never appeared")
    # Only coe-ui's stylesheet gives the editor's tool bar a margin
    # (a bare <div> has none).
    assert browser.driver.execute_script(
        "return getComputedStyle(arguments[0]).marginTop;", tools) == "4px"

    failed = browser.driver.execute_script(
        "return performance.getEntriesByType('resource')"
        ".filter(function (e) { return e.responseStatus >= 400; })"
        ".map(function (e) { return e.responseStatus + ' ' + e.name; });")
    assert failed == [], f"the page asked for files the server does not have: {failed}"
