"""What the browser stories share: finding things on Horizon's pages and
acting on them as a person does, and waiting for what a person waits for.

Every wait is bounded and waits for a state, never for a time: the machine
running the stories is shared and slow, so the bounds are generous.
"""
import os
import subprocess
from urllib.parse import urlsplit

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.e2e.chromium import WAIT, until

SETTLE = 120  # seconds for a cluster operation to finish


def _first_visible(driver, css):
    return next((e for e in driver.find_elements(By.CSS_SELECTOR, css) if e.is_displayed()), None)


def visible(browser, css, timeout=WAIT):
    """The first element matching ``css`` that is displayed."""
    return until(browser, lambda driver: _first_visible(driver, css), timeout,
                 f"nothing visible matches {css}")


def click(browser, css, timeout=WAIT):
    """Click the visible element matching ``css`` once it takes the click."""
    def clicked(driver):
        element = _first_visible(driver, css)
        if element is None:
            return False
        element.click()
        return True
    until(browser, clicked, timeout, f"could not click {css}")


def type_into(browser, css, text):
    field = visible(browser, css)
    field.clear()
    field.send_keys(str(text))


def choose(browser, select_id, value):
    """Pick an option, as a person does: Horizon's themable dropdowns hide the
    real <select> behind a button and a menu; plain selects are used as such."""
    def picked(driver):
        select = driver.find_element(By.ID, select_id)
        if select.is_displayed():
            Select(select).select_by_value(value)
        else:
            dropdown = select.find_element(By.XPATH, "..")
            dropdown.find_element(By.CSS_SELECTOR, "button.dropdown-toggle").click()
            dropdown.find_element(By.CSS_SELECTOR, f'a[data-select-value="{value}"]').click()
        return select.get_attribute("value") == value
    until(browser, picked, message=f"could not choose {value} in #{select_id}")


def tick(browser, checkbox_id):
    """Tick a checkbox; Horizon's themable ones hide the box behind its label."""
    box = browser.driver.find_element(By.ID, checkbox_id)
    if not box.is_selected():
        click(browser, f'label[for="{checkbox_id}"]')
    until(browser, lambda d: box.is_selected(), message=f"#{checkbox_id} did not tick")


def dropdown(select_id):
    """The button that stands for a themable select (the <select> is hidden)."""
    return f".themable-select:has(#{select_id}) .dropdown-toggle"


def messages(browser):
    """The text of Horizon's messages on the page (faded ones too)."""
    return browser.driver.execute_script(
        "return Array.from(document.querySelectorAll('#main_content .messages .alert'))"
        ".map(function (a) { return a.textContent.replace(/\\s+/g, ' ').trim(); });")


def wait_message(browser, kind, text, timeout=WAIT):
    """The first message of ``kind`` (Success, Warning, Error) that says ``text``.
    Success is the whole point: the same words in a warning say Magnum has
    not taken the operation up, and the list cannot show it yet."""
    def said(driver):
        return next((m for m in messages(browser) if m.startswith(f"{kind}: ") and text in m),
                    None)
    return until(browser, said, timeout,
                 lambda: f"no {kind} message says {text!r}: {messages(browser)}")


def open_refused(browser, path, reason):
    """Open ``path`` by hand; it must land on a page whose error message says
    ``reason``, not on an error page. Returns where it landed."""
    browser.open(path)
    wait_message(browser, "Error", reason)
    return urlsplit(browser.driver.current_url).path


# -- wizards and modal forms ---------------------------------------------------

def next_step(browser, then_visible):
    """Next in a wizard; returns the element that shows the next step is open."""
    click(browser, ".modal .button-next")
    return visible(browser, then_visible)


def finish_wizard(browser):
    click(browser, ".modal .button-final")


def submit_modal(browser):
    click(browser, ".modal-footer [type=submit]")


# -- tables ------------------------------------------------------------------

ROW = """
var table = document.getElementById(arguments[0]);
if (!table) { return null; }
var headers = Array.from(table.querySelectorAll('thead tr:last-child th'))
  .map(function (th) { return th.textContent.trim(); });
var rows = table.querySelectorAll('tbody tr[data-display]');
for (var i = 0; i < rows.length; i++) {
  if (rows[i].getAttribute('data-display') === arguments[1]) {
    var cells = {};
    Array.from(rows[i].cells).forEach(function (cell, index) {
      if (headers[index]) { cells[headers[index]] = cell.textContent.replace(/\\s+/g, ' ').trim(); }
    });
    return cells;
  }
}
return null;
"""


def row(browser, name, table="clusters"):
    """{column header: cell text} of the row named ``name``, read in one go
    (polling replaces rows), or None when the page has no such row."""
    return browser.driver.execute_script(ROW, table, name)


def wait_row(browser, name, cells, table="clusters", timeout=SETTLE):
    """Wait until the row shows ``cells`` ({column header: text}) and return it."""
    def shows(driver):
        found = row(browser, name, table)
        return found if found and all(found.get(h) == t for h, t in cells.items()) else None
    return until(browser, shows, timeout,
                 lambda: f"row {name} never showed {cells}; it shows {row(browser, name, table)}")


def wait_row_gone(browser, name, table="clusters", timeout=SETTLE):
    until(browser, lambda d: row(browser, name, table) is None, timeout,
          lambda: f"row {name} is still there: {row(browser, name, table)}")


def row_actions(browser, name, table="clusters"):
    """The names of the actions a row offers (enabled or not)."""
    return actions_in(table_row(browser, name, table))


def actions_in(element):
    """The names of the action links and buttons inside ``element``."""
    names = (a.get_attribute("textContent").strip()
             for a in element.find_elements(By.CSS_SELECTOR, "a, button"))
    return [name for name in names if name]


def table_row(browser, name, table="clusters"):
    return until(browser, lambda d: d.find_element(
        By.CSS_SELECTOR, f'#{table} tbody tr[data-display="{name}"]'),
        message=f"no row {name} in table {table}")


def row_action(browser, name, action, table="clusters"):
    """Open a row's action (from its button or its menu), as a person does."""
    take_action(browser, lambda: table_row(browser, name, table), action)


def page_action(browser, action):
    """Open one of a detail page's actions (top right)."""
    take_action(browser, lambda: browser.driver.find_element(By.CSS_SELECTOR, ".detail-actions"),
                action)


def take_action(browser, find_actions, action):
    """Click ``action`` among the actions ``find_actions()`` returns, once enabled."""
    def opened(driver):
        actions = find_actions()
        link = actions.find_element(By.XPATH, f".//*[self::a or self::button]"
                                              f"[normalize-space()='{action}']")
        if not link.is_displayed():
            actions.find_element(By.CSS_SELECTOR, ".dropdown-toggle").click()
        if "disabled" in (link.get_attribute("class") or ""):
            return False  # the state does not allow it yet; rows refresh themselves
        link.click()
        return True
    until(browser, opened, SETTLE, f"could not open {action}")


def open_row_form(browser, name, action, table="clusters"):
    """A row action that opens a modal form; returns the form."""
    row_action(browser, name, action, table)
    return visible(browser, ".modal form")


def overview(browser):
    """A detail page's Overview list, its tab opened as a person would
    (Horizon's detail tabs reopen the one last opened in this browser)."""
    click(browser, '.nav-tabs a[data-target$="__overview"]')
    return visible(browser, ".detail dl")


def page_with_row(browser, path, name, table):
    """Open a paginated table and follow "Next" until the row is on the page."""
    browser.open(path)
    while True:
        visible(browser, f"#{table}")
        if row(browser, name, table) is not None:
            return
        following = [a for a in browser.driver.find_elements(By.CSS_SELECTOR, f"#{table} tfoot a")
                     if "Next" in a.text]
        assert following, f"no page of {path} has a row {name}"
        following[0].click()
        until(browser, lambda d: not _is_attached(following[0]), message="the next page never came")


def _is_attached(element):
    try:
        element.is_enabled()
        return True
    except StaleElementReferenceException:
        return False


POST = """
var form = document.createElement('form');
form.method = 'post';
form.action = arguments[0];
var fields = Object.assign({csrfmiddlewaretoken:
    document.querySelector('input[name=csrfmiddlewaretoken]').value}, arguments[1]);
Object.keys(fields).forEach(function (name) {
  var input = document.createElement('input');
  input.type = 'hidden';
  input.name = name;
  input.value = fields[name];
  form.appendChild(input);
});
document.body.appendChild(form);
form.submit();
"""


def post(browser, path, fields):
    """Send a form to ``path`` from the current page, as a hand-made request
    would (the page's CSRF token included), and wait for the answer's page."""
    mark_page(browser)
    browser.driver.execute_script(POST, path, {k: str(v) for k, v in fields.items()})
    until(browser, lambda d: page_reloaded(browser) and d.execute_script(
        "return document.readyState === 'complete';"), message=f"no answer to POST {path}")


def mark_page(browser):
    """Mark the current page; page_reloaded() tells whether it was left."""
    browser.driver.execute_script("window.coeStoryMark = true;")


def page_reloaded(browser):
    return not browser.driver.execute_script("return window.coeStoryMark === true;")


# -- downloads and kubectl -----------------------------------------------------

def allow_downloads(browser, folder):
    browser.driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                                   {"behavior": "allow", "downloadPath": str(folder)})


def wait_for_download(browser, folder, name, timeout=WAIT):
    path = folder / name
    until(browser, lambda d: path.exists() and not (folder / f"{name}.crdownload").exists()
          and path.stat().st_size > 0, timeout,
          lambda: f"{name} was not downloaded; {folder} has {sorted(folder.iterdir())}")
    return path


def kubectl(config, *args, env=None):
    """kubectl with ``config``; ``env`` adds to the environment (OS_TOKEN, say)."""
    return subprocess.run(["kubectl", "--kubeconfig", str(config), "--request-timeout=20s", *args],
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, **(env or {})})
