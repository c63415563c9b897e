"""A person creates a cluster template through the wizard, in a real browser."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from devcloud.catalog import IMAGES
from tests.magnum_helpers import unique_name

pytestmark = [pytest.mark.devcloud, pytest.mark.browser]


def choose(browser, select_id, value):
    """Pick an option of one of Horizon's themed dropdowns, as a person does."""
    dropdown = browser.driver.find_element(By.ID, select_id).find_element(By.XPATH, "..")
    dropdown.find_element(By.CSS_SELECTOR, "button.dropdown-toggle").click()
    dropdown.find_element(By.CSS_SELECTOR, f'a[data-select-value="{value}"]').click()


def visible(browser, css):
    return WebDriverWait(browser.driver, 20).until(
        lambda driver: next((e for e in driver.find_elements(By.CSS_SELECTOR, css)
                             if e.is_displayed()), None))


def test_demo_creates_a_template_through_the_wizard(browser, devcloud):
    name = unique_name("e2e")
    browser.login("demo")
    browser.open("/project/cluster_templates/")
    browser.wait_for("#cluster_templates__action_create").click()
    visible(browser, ".workflow.wizard #id_name").send_keys(name)
    visible(browser, ".button-next").click()

    browser.wait_for("#id_image_id")
    choose(browser, "id_image_id", IMAGES[0]["id"])
    choose(browser, "id_flavor_id", "2")
    visible(browser, ".button-next").click()

    visible(browser, "#id_dns_nameserver").send_keys("8.8.8")  # not an address: refused on Next
    visible(browser, ".button-next").click()
    assert "IPv4" in visible(browser, "#id_dns_nameserver ~ .help-block").text
    field = visible(browser, "#id_dns_nameserver")
    field.send_keys(".8")
    visible(browser, ".button-next").click()

    # The labels editor: rows of key and value, with suggested keys.
    visible(browser, ".coe-labels-add").click()
    visible(browser, ".coe-label-key").send_keys("kube_tag=v1.30.6")  # "=" moves to the value
    assert visible(browser, ".coe-label-value").get_attribute("value") == "v1.30.6"
    visible(browser, ".button-next").click()

    review = visible(browser, ".coe-review pre.coe-cli")
    assert "openstack coe cluster template create" in review.text
    assert "--labels kube_tag=v1.30.6" in review.text
    visible(browser, ".button-final").click()

    WebDriverWait(browser.driver, 20).until(lambda driver: name in browser.text)
    created = {t.name: t for t in devcloud.magnum("demo").cluster_templates.list(detail=True)}
    template = created[name]
    assert template.labels == {"kube_tag": "v1.30.6"}
    assert (template.image_id, template.flavor_id) == (IMAGES[0]["id"], "2")
    assert template.dns_nameserver == "8.8.8.8"
