"""Hostile data (tests/reliability/hostile.py) is shown, escaped, on every
page and dialog that shows it, and no script of it runs in a real browser."""
import json
import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.magnum_helpers import remove
from tests.reliability import hostile, tally
from tests.reliability.outcomes import errors_of, messages, one_page_for_all, request

pytestmark = pytest.mark.devcloud

CLUSTERS = "/project/clusters/"
TEMPLATES = "/project/cluster_templates/"
AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


@pytest.fixture(scope="module", autouse=True)
def every_row_shown(login):
    with one_page_for_all(login("demo"), login("admin")):
        yield


@pytest.fixture(scope="module")
def world(horizon):
    magnum = horizon.magnum("demo")
    built = hostile.build(magnum)
    yield built
    remove(magnum, clusters=[built.unhealthy.uuid, built.failed.uuid],
           templates=[built.template.uuid])


def pages(world):
    """(user, path, shows the payload, asked for by JavaScript) of every page
    and dialog that may show the hostile data."""
    unhealthy = f"{CLUSTERS}{world.unhealthy.uuid}/"
    failed = f"{CLUSTERS}{world.failed.uuid}/"
    group = f"{failed}node-groups/{world.group.uuid}/"
    template = f"{TEMPLATES}{world.template.uuid}/"
    return [
        ("demo", CLUSTERS, True, False),
        ("demo", unhealthy, True, False),
        ("demo", f"{unhealthy}?tab=cluster_details__health", True, False),
        ("demo", failed, True, False),
        ("demo", f"{failed}?tab=cluster_details__node_groups", True, True),
        ("demo", group, True, False),
        ("demo", f"{group}update/", True, True),
        ("demo", f"{unhealthy}resize/", False, True),
        ("demo", f"{failed}upgrade/", True, True),
        ("demo", f"{unhealthy}kubeconfig/", False, True),
        ("demo", f"{failed}node-groups/create/", False, True),
        ("demo", TEMPLATES, True, False),
        ("demo", template, True, False),
        ("demo", f"{template}update/", True, False),
        ("demo", f"{template}clone/", True, True),
        ("demo", f"{CLUSTERS}create/?template={world.template.uuid}", True, False),
        ("admin", "/admin/clusters/", False, False),  # other projects' templates show as IDs
        # the rows a list in progress fetches to refresh itself
        ("demo", row_update(CLUSTERS, "clusters", world.failed.uuid), True, True),
        ("demo", row_update(f"{failed}node-groups/", "node_groups", world.group.uuid), True, True),
    ]


def row_update(path, table, obj_id):
    return f"{path}?action=row_update&table={table}&obj_id={obj_id}"


def assert_escaped(page, shows_payload, where):
    for markup in hostile.RAW_MARKUP:
        assert markup not in page, f"{where}: raw {markup!r} in the page"
    if shows_payload:
        assert hostile.ESCAPED.search(page), f"{where}: the hostile data is not shown at all"


def test_every_page_shows_it_escaped(login, world):
    for user, path, shows_payload, ajax in pages(world):
        response = request(login(user), "GET", path, **(AJAX if ajax else {}))
        if response.status_code == 302 or "X-Horizon-Location" in response:
            # a dialog that this cluster's state does not allow says why
            assert not shows_payload and errors_of(response), (path, messages(response))
            continue
        assert response.status_code == 200, (path, response.status_code)
        assert_escaped(response.content.decode(), shows_payload, path)
        tally.count(tally.CHECKED, "hostile data: pages and dialogs shown escaped")


def test_the_create_wizards_review_shows_it_escaped(login, world):
    body = {"name": "hostile-review", "cluster_template_id": world.template.uuid,
            "keypair": "demo-key", "master_count": 1, "node_count": 1, "labels_mode": "merge",
            "labels": "team=blue"}
    response = request(login("demo"), "POST", f"{CLUSTERS}create/review/", body, **AJAX)
    assert response.status_code == 200
    assert_escaped(response.content.decode(), True, "create review")


def test_messages_that_echo_it_are_not_marked_safe(login, horizon, world):
    """A message is HTML for Horizon's JavaScript when tagged "safe"."""
    name = hostile.payload("clone name")
    response = request(login("demo"), "POST", f"{TEMPLATES}{world.template.uuid}/clone/",
                       {"name": name}, **AJAX)
    queued = json.loads(response.get("X-Horizon-Messages", "[]"))
    page = request(login("demo"), "GET", TEMPLATES)  # the redirect's messages, if not queued
    clone = [t for t in horizon.magnum("demo").cluster_templates.list() if t.name == name]
    for template in clone:
        horizon.magnum("demo").cluster_templates.delete(template.uuid)
    assert clone, "the clone was not made"
    echoed = [(text, tags) for _level, text, tags in queued if "clone name" in text]
    assert echoed or hostile.ESCAPED.search(page.content.decode()), "no message named the clone"
    assert all("safe" not in tags.split() for _text, tags in echoed), echoed
    assert_escaped(page.content.decode(), False, "templates after the clone")


# -- a real browser ----------------------------------------------------------

TOOLTIPS = "[title], [data-toggle='tooltip'], [data-toggle='popover'], .help-icon"


def visit(browser, path, then=None, ready=None):
    """Open a page, run ``then`` (open a tab, a modal, the Review) and wait
    for ``ready`` (a CSS selector), hover what shows a tooltip; return what
    ran (window.pwned: the places the payload ran from), or None."""
    browser.open(path)
    browser.wait_for("#content_body")
    if then:
        browser.driver.execute_script(then)
    if ready:
        browser.wait_for(ready)
    what_ran(browser)  # tabs load through AJAX too
    for element in browser.driver.find_elements(By.CSS_SELECTOR, TOOLTIPS)[:40]:
        try:
            ActionChains(browser.driver).move_to_element(element).perform()
        except Exception:  # noqa: BLE001 - hidden or gone: nothing to hover
            continue
    return what_ran(browser)


# Every image loaded or failed (an onerror has run) and no AJAX call pending.
SETTLED = ("return Array.from(document.images).every(function (i) { return i.complete; })"
           " && (!window.jQuery || jQuery.active === 0);")


def what_ran(browser):
    """window.pwned (the places the payload ran from) once the page has
    settled, or None."""
    WebDriverWait(browser.driver, 20).until(lambda driver: driver.execute_script(SETTLED))
    time.sleep(0.2)  # the error events of the images just failed
    return browser.driver.execute_script("return window.pwned || null")


def open_modal(url):
    """JavaScript that opens ``url`` as Horizon's table actions do."""
    return (f"$('<a class=\"ajax-modal\" href=\"{url}\">').appendTo('#content_body')"
            ".trigger('click');")


SHOW_REVIEW = "$('.workflow a[data-toggle=\"tab\"]').last().tab('show');"
REVIEW_LOADED = ".coe-review table, .coe-review .alert, .coe-review dl, .coe-review ul"
SHOW_TABS = "$('a[data-toggle=\"tab\"]').each(function () { $(this).tab('show'); });"
MODAL = ".modal form"


@pytest.mark.browser
def test_no_script_runs_in_the_browser(browser, world):
    failed = f"{CLUSTERS}{world.failed.uuid}/"
    group = f"{failed}node-groups/{world.group.uuid}/"
    template = f"{TEMPLATES}{world.template.uuid}/"
    visits = [
        (CLUSTERS, None, None), (f"{CLUSTERS}{world.unhealthy.uuid}/", SHOW_TABS, None),
        (failed, SHOW_TABS, None), (group, SHOW_TABS, None), (TEMPLATES, None, None),
        (template, SHOW_TABS, None), (f"{template}update/", SHOW_REVIEW, REVIEW_LOADED),
        (f"{CLUSTERS}create/?template={world.template.uuid}", SHOW_REVIEW, REVIEW_LOADED),
        (failed, open_modal(f"{group}update/"), MODAL),
        (failed, open_modal(f"{failed}upgrade/"), MODAL),
        (TEMPLATES, open_modal(f"{template}clone/"), MODAL),
    ]
    log_in_with_every_row(browser)
    shown = []
    for path, then, ready in visits:
        ran = visit(browser, path, then, ready)
        assert ran is None, f"{path}: the payload ran from {ran}"
        shown.append("<script>window.pwned" in browser.text)
        tally.count(tally.CHECKED, "hostile data: pages and dialogs run in Chromium")
    assert any(shown), "the hostile data was never on screen: the test proves nothing"


COMPILE_WITH_ANGULAR = """
var text = arguments[0];
angular.element(document.body).injector().invoke(['$compile', '$rootScope',
  function ($compile, $rootScope) {
    $compile(angular.element('<p>').text(text))($rootScope);
    $rootScope.$digest();
  }]);
"""


def log_in_with_every_row(browser):
    browser.login("demo")
    browser.driver.add_cookie({"name": "API_RESULT_PAGE_SIZE", "value": "1000"})


@pytest.mark.browser
def test_the_browser_check_catches_markup_that_runs(browser):
    """The control of the test above: the same payloads, put into the page
    unescaped (as a template's ``|safe`` would) or compiled by Horizon's
    AngularJS, do run and are seen running."""
    log_in_with_every_row(browser)
    assert visit(browser, CLUSTERS) is None
    browser.driver.execute_script(
        "document.getElementById('content_body').insertAdjacentHTML('beforeend', arguments[0]);",
        hostile.payload("unescaped control"))
    browser.driver.execute_script(COMPILE_WITH_ANGULAR,
                                  hostile.angular_expression("angular control"))
    ran = what_ran(browser) or []
    assert "unescaped control" in ran and "angular control" in ran, ran
