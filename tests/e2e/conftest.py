"""A real headless Chromium (Debian's), driven through Selenium, and what
the stories create through the API before they start or remove after."""
import dataclasses
import os
import tempfile
from pathlib import Path

import pytest
from magnumclient import exceptions as magnum_exc
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from devcloud.config import REPO_ROOT
from tests.magnum_helpers import create_cluster, create_template, watch_cluster

ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", REPO_ROOT / "test-artifacts"))


def _chromium():
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not download anything
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                 "--window-size=1400,1000", f"--user-data-dir={tempfile.mkdtemp(prefix='chromium-')}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(ARTIFACTS / "downloads"),
                                              "download.prompt_for_download": False})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


class Browser:
    def __init__(self, driver, base_url):
        self.driver = driver
        self.base_url = base_url

    def open(self, path):
        self.driver.get(self.base_url + path)

    def wait_for(self, css, timeout=20):
        return WebDriverWait(self.driver, timeout).until(
            EC.presence_of_element_located((By.CSS_SELECTOR, css)))

    def login(self, user):
        self.driver.delete_all_cookies()
        self.open("/auth/login/")
        self.wait_for("#id_username").send_keys(user)
        self.driver.find_element(By.ID, "id_password").send_keys(user)
        self.driver.find_element(By.ID, "loginBtn").click()
        WebDriverWait(self.driver, 30).until(lambda d: "/auth/login" not in d.current_url)

    @property
    def text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text


@pytest.fixture(scope="session")
def browser(devcloud):
    driver = _chromium()
    yield Browser(driver, devcloud.horizon_url)
    driver.quit()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failed browser test, keep a screenshot and the page source."""
    outcome = yield
    report = outcome.get_result()
    browser = item.funcargs.get("browser")
    if report.when == "call" and report.failed and browser is not None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        stem = ARTIFACTS / item.name
        browser.driver.save_screenshot(str(stem.with_suffix(".png")))
        stem.with_suffix(".html").write_text(browser.driver.page_source)
        print(f"\nbrowser artifacts: {stem}.png / .html")


@dataclasses.dataclass
class Leftovers:
    """Names of what a story creates in project demo: whatever the story did
    not delete itself (it failed half-way) is deleted after it."""
    clusters: list = dataclasses.field(default_factory=list)
    templates: list = dataclasses.field(default_factory=list)


@pytest.fixture
def leftovers(devcloud):
    made = Leftovers()
    yield made
    remove_leftovers(devcloud.magnum("demo"), made.clusters, made.templates)


def remove_leftovers(magnum, clusters, templates):
    """Best effort: a cluster must be gone before its template can go."""
    existing = {c.name: c.uuid for c in magnum.clusters.list()}
    for uuid in [existing[name] for name in clusters if name in existing]:
        try:
            magnum.clusters.delete(uuid)
            watch_cluster(magnum, uuid, timeout=120, deleting=True)
        except (magnum_exc.ClientException, AssertionError):
            pass  # busy, or would not go: its template stays too
    for template in magnum.cluster_templates.list():
        if template.name in templates:
            try:
                magnum.cluster_templates.delete(template.uuid)
            except magnum_exc.ClientException:
                pass  # still used by a cluster that would not go


def running_cluster(devcloud, user):
    """A settled cluster of ``user``'s project, made through the API; removed after."""
    magnum = devcloud.magnum(user)
    template = create_template(magnum, labels={"kube_tag": "v1.30.6"})
    cluster, _ = create_cluster(magnum, template, node_count=1, keypair=f"{user}-key")
    assert cluster.status == "CREATE_COMPLETE", cluster.status_reason
    yield cluster
    remove_leftovers(magnum, [cluster.name], [template.name])


@pytest.fixture(scope="session")
def demo_cluster(devcloud):
    """demo's cluster, for the stories of the other roles to look at."""
    yield from running_cluster(devcloud, "demo")


@pytest.fixture
def other_cluster(devcloud):
    """A cluster of project other, made by its member."""
    yield from running_cluster(devcloud, "other")
