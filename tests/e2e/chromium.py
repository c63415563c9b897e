"""Debian's Chromium, headless, driven through Selenium: for the browser
tests and for the polling benchmark."""
import os
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import (ElementClickInterceptedException,
                                        ElementNotInteractableException,
                                        NoSuchElementException,
                                        StaleElementReferenceException, TimeoutException)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from devcloud.config import REPO_ROOT

ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", REPO_ROOT / "test-artifacts"))
WAIT = 60  # seconds for anything a person would wait for
# Rows and modals are replaced while a person looks at them.
TRANSIENT = (StaleElementReferenceException, NoSuchElementException,
             ElementNotInteractableException, ElementClickInterceptedException)


def until(browser, condition, timeout=WAIT, message=""):
    """The one wait: until ``condition(driver)`` is truthy, and return it.
    ``message`` says what never happened; a callable one is asked at the
    time out. Bounded, and waiting for a state, never for a time."""
    try:
        return WebDriverWait(browser.driver, timeout, poll_frequency=0.25,
                             ignored_exceptions=TRANSIENT).until(condition)
    except TimeoutException:
        raise AssertionError(f"after {timeout} s: "
                             f"{message() if callable(message) else message}") from None


def start_chromium(network_log=False):
    """``network_log``: Chromium's DevTools network events kept for
    ``driver.get_log("performance")`` (tests/e2e/test_browser_keys.py)."""
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
    if network_log:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


SIGN_OUT = """
var done = arguments[arguments.length - 1];
var csrf = (document.cookie.match(/(?:^|; )csrftoken=([^;]*)/) || [])[1] || "";
fetch("/auth/logout/", {method: "POST", credentials: "same-origin", redirect: "manual",
                        headers: {"X-CSRFToken": csrf}}).then(done, done);
"""


class Browser:
    def __init__(self, driver, base_url):
        self.driver = driver
        self.base_url = base_url

    def open(self, path):
        self.driver.get(self.base_url + path)

    def wait_for(self, css, timeout=WAIT):
        """The element matching ``css``, once the page has it."""
        return until(self, lambda driver: driver.find_element(By.CSS_SELECTOR, css), timeout,
                     f"nothing matches {css}")

    def login(self, user):
        """Sign the previous user out, then sign `user` in. Signing out is a
        POST (Django 5 answers a GET with 405 and an empty page). A poll still
        on its way from the page before can save the old session again after
        the sign-out flushed it (seen with memcached sessions) and set its
        cookie after the cookies are deleted; so the page is left first, and
        the sign-out repeated until the login form shows."""
        for _attempt in range(3):
            self.driver.get("about:blank")
            self.open("/auth/login/")
            self.driver.execute_async_script(SIGN_OUT)
            self.driver.delete_all_cookies()
            self.open("/auth/login/")
            if self.driver.find_elements(By.ID, "id_username"):
                break
        self.wait_for("#id_username").send_keys(user)
        self.driver.find_element(By.ID, "id_password").send_keys(user)
        self.driver.find_element(By.ID, "loginBtn").click()
        until(self, lambda driver: "/auth/login" not in driver.current_url,
              message=f"{user} could not log in")

    @property
    def text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text
