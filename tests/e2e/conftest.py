"""A real headless Chromium (Debian's), driven through Selenium, and what
the stories create through the API before they start or remove after."""
import dataclasses

import pytest

from tests.e2e.chromium import ARTIFACTS, Browser, start_chromium
from tests.magnum_helpers import create_cluster, create_template, remove

@pytest.fixture(scope="session")
def browser(devcloud):
    driver = start_chromium()
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
    remove(devcloud.magnum("demo"), made.clusters, made.templates)


# The stories' name for it (tests/e2e/test_admin_story.py, test_first_minutes.py).
remove_leftovers = remove


def running_cluster(devcloud, user):
    """A settled cluster of ``user``'s project, made through the API; removed after."""
    magnum = devcloud.magnum(user)
    template = create_template(magnum, labels={"kube_tag": "v1.30.6"})
    cluster, _ = create_cluster(magnum, template, node_count=1, keypair=f"{user}-key")
    assert cluster.status == "CREATE_COMPLETE", cluster.status_reason
    yield cluster
    remove(magnum, [cluster.uuid], [template.uuid])


@pytest.fixture(scope="session")
def demo_cluster(devcloud):
    """demo's cluster, for the stories of the other roles to look at."""
    yield from running_cluster(devcloud, "demo")


@pytest.fixture
def other_cluster(devcloud):
    """A cluster of project other, made by its member."""
    yield from running_cluster(devcloud, "other")
