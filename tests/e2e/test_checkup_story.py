"""An operator opens Admin > Container Infra > Check-up before users try, and
finds a public template whose flavor is too small, with what to do about it."""
import pytest
from selenium.webdriver.common.by import By

from tests.magnum_helpers import create_template, remove, unique_name

pytestmark = [pytest.mark.devcloud, pytest.mark.browser]


@pytest.fixture
def small_flavor_template(devcloud):
    admin = devcloud.magnum("admin")
    template = create_template(admin, name=unique_name("small"), master_flavor_id="m1.small",
                               public=True)
    yield template
    remove(admin, templates=[template.uuid])


def test_admin_sees_a_problem_and_its_fix(browser, small_flavor_template):
    browser.login("admin")
    browser.open("/")
    browser.driver.find_element(By.CSS_SELECTOR, 'a[href="/admin/checkup/"]')  # in the side bar
    browser.open("/admin/checkup/")
    problems = browser.wait_for("table.coe-checkup-problem")
    row = next(row for row in problems.find_elements(By.CSS_SELECTOR, "tbody tr")
               if small_flavor_template.name in row.text)
    about, finding, fix = (cell.text for cell in row.find_elements(By.TAG_NAME, "td"))
    assert about == f"Template {small_flavor_template.name}"
    assert "m1.small (vCPUs: 1, RAM: 2048 MiB) is smaller" in finding
    assert fix == "Make a new template with a larger flavor."
