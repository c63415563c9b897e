"""A cluster that fails to build: its row settles on "Create failed", and its
page says what went wrong in words a person can act on, and what to do next.

devcloud's driver fails the create of a cluster labelled devcloud_fail=create
the way a cloud out of compute quota does (see devcloud/driver/failures.py).
"""
import time

import pytest
from selenium.webdriver.common.by import By

from tests.e2e import pages
from tests.magnum_helpers import create_template, unique_name, wait_visible

pytestmark = [pytest.mark.devcloud, pytest.mark.browser]


def test_a_failed_cluster_explains_itself(browser, devcloud, leftovers):
    magnum = devcloud.magnum("demo")
    name = unique_name("doomed")
    template = create_template(magnum, name=unique_name("doomed-tpl"))
    leftovers.templates.append(template.name)
    leftovers.clusters.append(name)
    created = magnum.clusters.create(name=name, cluster_template_id=template.uuid,
                                     keypair="demo-key", master_count=1, node_count=1,
                                     labels={"devcloud_fail": "create",
                                             "devcloud_op_seconds": "3"})
    wait_visible(magnum, created.uuid)

    browser.login("demo")
    browser.open("/project/clusters/")
    failed = pages.wait_row(browser, name, {"Status": "Create failed"})
    assert failed["Health"] == "Unknown"
    assert "Delete Cluster" in pages.row_actions(browser, name)  # the way out stays open
    assert magnum.clusters.get(created.uuid).status == "CREATE_FAILED"

    # Resize stays in the menu, greyed out; pointing at it says why, and
    # clicking it does nothing.
    row = pages.table_row(browser, name)
    row.find_element(By.CSS_SELECTOR, ".dropdown-toggle").click()
    resize = pages.until(browser, lambda d: row.find_element(
        By.XPATH, ".//a[normalize-space()='Resize']"))
    assert "disabled" in resize.get_attribute("class")
    assert "CREATE_FAILED" in resize.get_attribute("title")
    assert browser.driver.execute_script(
        "return getComputedStyle(arguments[0]).pointerEvents;", resize) != "none", \
        "the pointer reaches it, so the browser can show the reason"
    resize.click()
    time.sleep(2)  # an absence: give a modal the time it would take to open
    assert not browser.driver.find_elements(By.CSS_SELECTOR, ".modal form"), \
        "a disabled action opens nothing"

    browser.driver.find_element(By.LINK_TEXT, name).click()
    overview = pages.overview(browser)
    summary = pages.visible(browser, ".coe-diagnosis strong").text
    next_step = browser.driver.find_element(By.CSS_SELECTOR, ".coe-diagnosis p").text
    assert "quota" in summary  # classified: the reason Magnum gave is a cores quota
    assert next_step.startswith("Next step:") and "quota" in next_step, next_step
    assert "Create failed" in overview.text and "Quota exceeded for cores" in overview.text
    status = overview.find_element(By.CSS_SELECTOR, ".coe-status-failed")  # in red
    assert status.get_attribute("title") == "CREATE_FAILED"  # Magnum's own word on hover

    # Its Timeline keeps what coe-ui saw, with Magnum's reason, and says what it cannot know.
    pages.click(browser, '.nav-tabs a[data-target$="__timeline"]')
    entries = pages.visible(browser, ".coe-timeline-entries")
    assert "Create failed" in entries.text and "Quota exceeded for cores" in entries.text
    limits = browser.driver.find_element(By.CSS_SELECTOR, ".coe-timeline-limits").text
    assert "A change that came and went between two readings is not seen." in limits
    pages.overview(browser)  # the tab the next stories' detail pages open on
