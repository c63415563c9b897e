"""demo's first minutes with a cluster: every action opens as a dialog over
the page it came from and closes back to it; whatever the data, the page keeps
to the window."""
import pytest
from selenium.webdriver.common.by import By

from tests.e2e import pages
from tests.magnum_helpers import create_cluster, create_template, remove

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


LONG = "x" * 1000  # as the openstack CLI lets anyone set
SPACED = "  two  spaces "


def test_long_label_values_wrap_and_keep_their_spaces(browser, devcloud):
    magnum = devcloud.magnum("demo")
    template = create_template(magnum, labels={"kube_tag": "v1.30.6", "long": LONG,
                                               "spaced": SPACED})
    cluster, _ = create_cluster(magnum, template, node_count=1)
    try:
        browser.login("demo")
        for path in (f"{CLUSTERS}{cluster.uuid}/?tab=cluster_details__labels",
                     f"/project/cluster_templates/{template.uuid}/"
                     "?tab=cluster_template_details__labels"):
            browser.open(path)
            value = pages.visible(browser, ".coe-labels-table")
            widths = browser.driver.execute_script(
                "return [document.documentElement.scrollWidth, window.innerWidth];")
            assert widths[0] <= widths[1], (path, widths)  # no sideways scrolling
            shown = [c.get_attribute("textContent") for c in
                     value.find_elements(By.CSS_SELECTOR, "td code")]
            assert SPACED in shown and LONG in shown, path
            spaced = value.find_element(By.XPATH, f".//code[text()='{SPACED}']")
            assert spaced.value_of_css_property("white-space") == "pre-wrap"
    finally:
        remove(magnum, [cluster.name], [template.name])


def open_create_wizard(browser, template_id):
    """demo's create-cluster wizard, named and from the template, on Details."""
    browser.login("demo")
    browser.open(CLUSTERS)
    pages.click(browser, "#clusters__action_create")
    pages.type_into(browser, ".modal #id_name", "first")
    pages.choose(browser, "id_cluster_template_id", template_id)


def test_a_number_fields_error_shows_below_it(browser, demo_cluster):
    open_create_wizard(browser, demo_cluster.cluster_template_id)
    field = pages.next_step(browser, ".modal #id_master_count")
    width = field.size["width"]
    pages.type_into(browser, ".modal #id_master_count", 0)
    pages.click(browser, ".modal .button-next")
    error = pages.visible(browser, ".modal .form-group.has-error .help-block")
    field = browser.driver.find_element(By.CSS_SELECTOR, ".modal #id_master_count")
    assert error.location["y"] >= field.location["y"] + field.size["height"]  # below it
    assert field.size["width"] >= width - 2  # not squeezed by the message


def test_from_the_template_names_what_the_template_gives(browser, demo_cluster):
    open_create_wizard(browser, demo_cluster.cluster_template_id)
    flavor = pages.next_step(browser, pages.dropdown("id_master_flavor_id"))
    pages.until(browser, lambda d: flavor.text == "From the template: m1.medium",
                message=f"the master flavor shows {flavor.text!r}")
    balancer = pages.next_step(browser, pages.dropdown("id_master_lb_enabled"))
    assert balancer.text == "As in the template: Yes"
    labels = pages.next_step(browser, '[data-coe-from-template="labels"]')
    assert labels.text == "kube_tag=v1.30.6"


def test_the_workers_bounds_show_only_with_autoscaling(browser, demo_cluster):
    open_create_wizard(browser, demo_cluster.cluster_template_id)
    pages.next_step(browser, ".modal #id_node_count")
    bounds = [browser.driver.find_element(By.CSS_SELECTOR, f".modal #id_{name}")
              for name in ("min_node_count", "max_node_count")]
    assert not any(field.is_displayed() for field in bounds)
    pages.tick(browser, "id_auto_scaling_enabled")
    pages.until(browser, lambda d: all(field.is_displayed() for field in bounds),
                message="Fewest/Most workers did not appear with autoscaling ticked")
