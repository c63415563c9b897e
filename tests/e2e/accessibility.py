"""axe-core, the accessibility engine browsers' audit tools use, run in the
page Chromium shows: which WCAG 2 A/AA rules the page breaks, and which of
those breaks are coe-ui's to mend.

axe-core is vendored (tests/e2e/vendor/, README.md there says the version):
the tests reach no network beyond the package registries.

What is coe-ui's markup
-----------------------
What a coe-ui view renders inside Horizon's page: on a page, ``#content_body``
(the breadcrumb, the title, coe-ui's tables, tabs and notes); with a dialog
or wizard open, ``#modal_wrapper``, where Horizon puts it. Horizon's chrome
around them (the top bar, the sidebar navigation, the message area, the
footer, the <html> element) is the same on every Horizon page: it is counted
but fails no test. It is Horizon's to mend.

Inside coe-ui's markup, HORIZON_THEME names what comes from Horizon's theme
and no markup of coe-ui can change; nothing else is excused.
"""
import collections
import functools
from pathlib import Path

VENDOR = Path(__file__).parent / "vendor"
TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
BLOCKING = ("serious", "critical")
PAGE = "#content_body"
DIALOG = "#modal_wrapper"

# (rule, CSS selector of the element, the colour it fails with, why it is
# Horizon's). Horizon's default theme draws links, tabs, wizard steps and
# primary buttons in its brand blue, #428bca: 3.3 to 3.6:1 against white and
# its greys, where WCAG AA asks 4.5:1. The theme's variables set it for every
# panel (an operator's own theme may fix it); coe-ui painting its pages
# another blue would override the operator's theme and leave every other
# panel as it is.
HORIZON_THEME = (
    ("color-contrast", "a, .btn-primary", "#428bca",
     "Horizon's theme: its brand blue #428bca on links, tabs and primary buttons"),
)

RUN = """
var done = arguments[arguments.length - 1];
var options = arguments[0], markup = arguments[1], theme = arguments[2];
function colours(node) {
  return node.any.concat(node.all, node.none).map(function (check) {
    return check.data && [check.data.fgColor, check.data.bgColor];
  }).filter(Boolean).reduce(function (all, pair) { return all.concat(pair); }, []);
}
axe.run(document, options).then(function (results) {
  done(results.violations.map(function (rule) {
    return {id: rule.id, impact: rule.impact, help: rule.help, nodes: rule.nodes.map(function (node) {
      var element = node.element;
      var excused = theme.filter(function (entry) {
        return entry[0] === rule.id && element && element.matches(entry[1]) &&
          colours(node).indexOf(entry[2]) >= 0;
      });
      return {target: node.target.join(' '), html: node.html.slice(0, 300),
              impact: node.impact || rule.impact, summary: node.failureSummary,
              coe_ui: Boolean(element && element.closest(markup)),
              excused: excused.length ? excused[0][3] : null};
    })};
  }));
}, function (error) { done({error: String(error)}); });
"""


@functools.cache
def _axe_source():
    return (VENDOR / "axe.min.js").read_text()


Violation = collections.namedtuple("Violation", "rule impact help target html summary coe_ui excused")


def audit(browser, markup=PAGE):
    """Every element of the current page that breaks a WCAG 2 A/AA rule, as
    Violation tuples (one an element and rule); ``markup``: where coe-ui's
    markup is (PAGE, or DIALOG when one is open)."""
    driver = browser.driver
    if not driver.execute_script("return Boolean(window.axe);"):
        driver.execute_script(_axe_source())
    driver.set_script_timeout(60)
    options = {"runOnly": {"type": "tag", "values": list(TAGS)},
               "resultTypes": ["violations"], "elementRef": True}
    rules = driver.execute_async_script(RUN, options, markup, [list(t) for t in HORIZON_THEME])
    if isinstance(rules, dict):
        raise AssertionError(f"axe-core could not check the page: {rules['error']}")
    return [Violation(rule["id"], node["impact"], rule["help"], node["target"], node["html"],
                      node["summary"], node["coe_ui"], node["excused"])
            for rule in rules for node in rule["nodes"]]


def blocking(violations):
    """The serious and critical breaks in coe-ui's markup that Horizon's
    theme does not account for."""
    return [v for v in violations if v.coe_ui and not v.excused and v.impact in BLOCKING]


def counts(violations):
    """{rule id: elements}, for a before/after note."""
    return dict(sorted(collections.Counter(v.rule for v in violations).items()))


def describe(violations):
    return "\n".join(f"  {v.rule} ({v.impact}): {v.help}\n    at {v.target}\n    {v.html}\n"
                     f"    {v.summary}" for v in violations)


Spoken = collections.namedtuple("Spoken", "role name states")


def spoken(browser, css):
    """What a screen reader is told of the first element matching ``css``:
    its role, name and states ({"disabled": True, ...}), from Chromium's
    accessibility tree."""
    driver = browser.driver
    document = driver.execute_cdp_cmd("DOM.getDocument", {"depth": 0})
    node = driver.execute_cdp_cmd("DOM.querySelector", {"nodeId": document["root"]["nodeId"],
                                                        "selector": css})
    assert node["nodeId"], f"nothing matches {css}"
    tree = driver.execute_cdp_cmd("Accessibility.getPartialAXTree",
                                  {"nodeId": node["nodeId"], "fetchRelatives": False})
    ax = tree["nodes"][0]
    return Spoken(ax.get("role", {}).get("value"), ax.get("name", {}).get("value"),
                  {p["name"]: p["value"].get("value") for p in ax.get("properties", [])})
