"""What a screen-reader or keyboard user meets on coe-ui's views: axe-core's
WCAG 2 A/AA rules, run in Chromium on each view demo opens, find no serious
or critical break in coe-ui's markup (tests/e2e/accessibility.py says what
that is and which of Horizon's widgets are left to Horizon).

Every view's count of breaks (all impacts, Horizon's chrome included) is
printed, by rule: `pytest -s` shows them.
"""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.e2e import accessibility, pages

pytestmark = [pytest.mark.devcloud, pytest.mark.browser]

CLUSTERS = "/project/clusters/"
TEMPLATES = "/project/cluster_templates/"


class Views:
    """The audits of the views visited, by name."""

    def __init__(self, browser):
        self.browser = browser
        self.found = {}

    def audit(self, name, markup=accessibility.PAGE):
        self.found[name] = accessibility.audit(self.browser, markup)

    def audit_dialog(self, name):
        self.audit(name, accessibility.DIALOG)

    def report(self):
        for name, violations in self.found.items():
            mine = [v for v in violations if v.coe_ui]
            print(f"\n{name}: {len(violations)} elements break a rule, "
                  f"{len(mine)} of them in coe-ui's markup "
                  f"({sum(1 for v in mine if v.excused)} Horizon's theme's)\n"
                  f"  all: {accessibility.counts(violations)}\n"
                  f"  in coe-ui's markup: {accessibility.counts(mine)}")

    def blocking(self):
        return {name: accessibility.blocking(v) for name, v in self.found.items()
                if accessibility.blocking(v)}


def current_step(browser):
    return pages.visible(browser, '.modal .wizard-tabs a[aria-current="step"]').text.strip()


def close_dialog(browser):
    pages.click(browser, ".modal.in .modal-footer .cancel")
    pages.until(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, ".modal.in"),
                message="the dialog did not close")


def test_coe_ui_views_have_no_serious_accessibility_break(browser, demo_cluster):
    views = Views(browser)
    browser.login("demo")
    try:
        visit_coe_ui_views(browser, views, demo_cluster.name)
    finally:
        views.report()
    broken = views.blocking()
    assert not broken, "serious or critical breaks in coe-ui's markup:\n" + "\n".join(
        f"{name}:\n{accessibility.describe(found)}" for name, found in broken.items())


def visit_coe_ui_views(browser, views, cluster):
    """demo's way through coe-ui's views, auditing each and checking on the
    way what a screen reader is told and what a keyboard does."""
    pages.page_with_row(browser, CLUSTERS, cluster, "clusters")
    template = pages.row(browser, cluster)["Template"]
    views.audit("Clusters")
    # The row's menu: a named button, which Space opens as any button.
    toggle = f'#clusters tr[data-display="{cluster}"] .dropdown-toggle'
    assert accessibility.spoken(browser, toggle)[:2] == ("button", f"More actions for {cluster}")
    browser.driver.find_element(By.CSS_SELECTOR, toggle).send_keys(Keys.SPACE)
    pages.visible(browser, "#clusters .open .dropdown-menu")
    views.audit("Clusters: a row's menu open")
    browser.driver.find_element(By.CSS_SELECTOR, toggle).send_keys(Keys.ESCAPE)
    # Delete is unavailable until a row is ticked, for a screen reader too.
    assert accessibility.spoken(browser, "#clusters__action_delete").states.get("disabled")
    row = pages.table_row(browser, cluster)
    pages.tick(browser, row.find_element(By.CSS_SELECTOR, "input[type=checkbox]").get_attribute("id"))
    pages.until(browser, lambda d: not accessibility.spoken(
        browser, "#clusters__action_delete").states.get("disabled"),
        message="Delete Clusters still unavailable with a row ticked")
    views.audit("Clusters: a row ticked")
    pages.row_action(browser, cluster, "Download Kubeconfig")
    pages.visible(browser, ".modal.in .modal-footer [type=submit]")
    views.audit_dialog("Kubeconfig dialog")
    close_dialog(browser)

    browser.driver.find_element(By.LINK_TEXT, cluster).click()
    pages.overview(browser)
    views.audit("Cluster detail: Overview")
    browser.driver.find_element(By.PARTIAL_LINK_TEXT, "Node Groups").click()
    pages.wait_row(browser, "default-worker", {"Status": "Active"}, table="node_groups")
    views.audit("Cluster detail: Node Groups")

    pages.page_with_row(browser, TEMPLATES, template, "cluster_templates")
    views.audit("Cluster Templates")
    pages.row_action(browser, template, "Create Cluster", table="cluster_templates")
    pages.type_into(browser, ".modal #id_name", "a11y")
    pages.choose(browser, "id_keypair", "demo-key")
    # The steps are a list, the open one the current step; Back waits.
    assert accessibility.spoken(browser, ".modal .wizard-tabs")[:2] == ("list", "Steps")
    assert current_step(browser) == "Details"
    assert accessibility.spoken(browser, ".modal .button-previous").states.get("disabled")
    views.audit_dialog("Create Cluster: Details")
    pages.next_step(browser, ".modal #id_node_count")
    assert current_step(browser) == "Size"
    views.audit_dialog("Create Cluster: Size")
    pages.next_step(browser, pages.dropdown("id_fixed_network"))
    views.audit_dialog("Create Cluster: Network")
    pages.next_step(browser, ".modal .coe-labels-add")
    views.audit_dialog("Create Cluster: Labels")
    pages.next_step(browser, ".modal .coe-review .coe-preflight")
    views.audit_dialog("Create Cluster: Review")
    close_dialog(browser)
