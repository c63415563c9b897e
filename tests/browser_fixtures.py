"""Fixtures of the tests that drive a real browser (tests/e2e, and the
reliability and production suites that reuse its Chromium): a pytest plugin,
listed in tests/conftest.py's pytest_plugins, so that no conftest imports
another's fixtures."""
import dataclasses

import pytest

from tests.e2e.chromium import ARTIFACTS, Browser, start_chromium
from tests.magnum_helpers import remove


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
