"""demo picks labels in the cluster wizard: the Labels step suggests what the
chosen template's driver reads, saying what each label does, and a label that
driver ignores is pointed out on Review, before anything is created."""
import pytest
from selenium.webdriver.common.by import By

from devcloud.catalog import IMAGES
from tests.e2e import pages
from tests.e2e.test_first_minutes import open_create_wizard
from tests.magnum_helpers import create_template, unique_name

pytestmark = [pytest.mark.devcloud, pytest.mark.browser]

CAPI_HELM_IMAGE = next(i["name"] for i in IMAGES if i.get("magnum_driver") == "k8s_capi_helm_v1")
IGNORED = "reads only the labels its configuration registers"


def suggested(browser):
    """{label: what the suggestion says} of the Labels step's key suggestions."""
    return {option.get_attribute("value"): option.get_attribute("label") for option in
            browser.driver.find_elements(By.CSS_SELECTOR, ".modal datalist option")}


def to_labels_step(browser, template):
    open_create_wizard(browser, template.uuid)
    pages.next_step(browser, ".modal #id_node_count")
    pages.next_step(browser, pages.dropdown("id_fixed_network"))
    pages.next_step(browser, ".modal .coe-labels-add").click()


def review_with_label(browser, key, value):
    """Type one label into the new row; the Review it leads to."""
    pages.visible(browser, ".modal .coe-label-key").send_keys(key)
    pages.type_into(browser, ".modal .coe-label-value", value)
    return pages.next_step(browser, ".modal .coe-review .coe-preflight")


def test_the_labels_step_follows_the_template_s_driver(browser, devcloud, leftovers):
    magnum = devcloud.magnum("demo")
    helm = create_template(magnum, name=unique_name("story-helm"), image=CAPI_HELM_IMAGE)
    heat = create_template(magnum, name=unique_name("story-heat"))
    leftovers.templates.extend([helm.name, heat.name])

    to_labels_step(browser, helm)
    offered = suggested(browser)
    assert "kube_tag" not in offered  # magnum-capi-helm never reads it
    assert offered["keystone_auth_enabled"] == (
        "Let OpenStack users log in to Kubernetes with Keystone tokens "
        "(true or false; default: false)")
    pages.visible(browser, ".modal .coe-label-key").send_keys("etcd_blockdevice_size")
    hint = pages.visible(browser, ".modal .coe-label-hint").text
    assert "Size in GB of etcd's block device" in hint
    assert "set at create, cannot be changed later" in hint
    pages.click(browser, ".modal .coe-label-value")  # leaving the key brings its default
    value = pages.visible(browser, ".modal .coe-label-value")
    pages.until(browser, lambda d: value.get_attribute("value") == "0",
                message="the default did not come with the key")
    pages.visible(browser, ".modal .coe-label-key").clear()
    review = review_with_label(browser, "kube_tag", "v1.31.2")
    warning = pages.until(browser, lambda d: next(
        (w.text for w in d.find_elements(By.CSS_SELECTOR, ".modal .coe-review .alert-info")
         if IGNORED in w.text), None), message="Review did not warn of kube_tag")
    assert "ignores the others without a word: kube_tag." in warning
    assert review.is_displayed()

    to_labels_step(browser, heat)  # the same label, on a driver that reads it
    assert "kube_tag" in suggested(browser)
    review = review_with_label(browser, "kube_tag", "v1.31.2")
    text = pages.visible(browser, ".modal .coe-review").text
    assert "kube_tag=v1.31.2" in text and IGNORED not in text
    assert not browser.driver.find_elements(By.CSS_SELECTOR, ".modal .coe-review .alert-info")
