"""The fleet in a browser (issue #20 part 1): demo finds a cluster of
RegionTwo on Project > Container Infra > Fleet, beside RegionOne's, and
opens it through Horizon's region switch."""
import pytest
from selenium.webdriver.common.by import By

from devcloud import clients
from devcloud.config import REGION_TWO
from tests.e2e import pages
from tests.e2e.chromium import until
from tests.magnum_helpers import create_cluster, create_template, remove

pytestmark = [pytest.mark.devcloud, pytest.mark.browser]


@pytest.fixture
def cluster_in_region_two(devcloud):
    if REGION_TWO not in devcloud.cfg.regions:
        pytest.skip("the production profile has one region")
    magnum = clients.magnum(devcloud.cfg, "demo", region=REGION_TWO)
    template = create_template(magnum)
    cluster, _ = create_cluster(magnum, template, node_count=1)
    yield cluster
    remove(magnum, [cluster.uuid], [template.uuid])


def test_demo_opens_a_cluster_of_another_region_from_the_fleet(browser, cluster_in_region_two):
    cluster = cluster_in_region_two
    browser.login("demo")  # Horizon starts in RegionOne
    browser.open("/project/fleet/")
    assert browser.driver.find_elements(By.CSS_SELECTOR, 'a[href="/project/fleet/"]')  # side bar
    assert "RegionOne, RegionTwo" in pages.visible(browser, ".coe-fleet-summary").text
    row = pages.visible(browser, f'tr[data-object-id="{REGION_TWO}:{cluster.uuid}"]')
    assert cluster.name in row.text
    row.find_element(By.PARTIAL_LINK_TEXT, f"switch to {REGION_TWO}").click()
    until(browser, lambda driver: driver.current_url.endswith(f"/project/clusters/{cluster.uuid}/"),
          message="the switch did not open the cluster's page")
    assert cluster.uuid in pages.overview(browser).text  # read from RegionTwo's Magnum
