"""5) Finding clusters among 10 to 10,000: in `demo`'s project, and in
Admin > Clusters, spread over 500 projects.

Per view: the first page (one Magnum call), the next page as a whole
Horizon page and in place (the list only, as coe_ui.js asks for it, taking
turns with the whole page so both meet the same load), a search whose words
match 3 clusters, and the list sorted by name. Magnum's list filters nothing,
so a search or an order reads the whole list, 1,000 rows per call; how its
time and bytes grow with the clusters is the figure to watch.

In Chromium, on the devcloud's Horizon: a click on Next until coe_ui.js has
swapped the list in and the browser has painted it, against loading that
same next page in full (until its load event), taking turns.

Admin > Clusters names each row's project from Keystone's list of every
project, so the 500 projects are real ones (keystone_projects).
"""
import html
import re

from devcloud.seed import CLUSTER_NAME
from tests.e2e.chromium import Browser, start_chromium

from benchmarks import horizon_inprocess, keystone_projects, magnum_rows
from benchmarks.cluster_list import PAGE, SETTLED
from benchmarks.horizon_inprocess import checked
from benchmarks.report import Result, Table, count, ms, verdict
from benchmarks.stats import Clocked, Figure, measure_rounds, ratios, timed

CASES = (10, 100, 1000, 10000)
BROWSER_CASES = (100, 1000, 10000)
ADMIN_PAGE = "/admin/clusters/"
PROJECTS = 500  # Admin > Clusters: the copies are dealt out to these
SEARCHED = "needle"  # in the names of three copies, and no other cluster's
NEXT = re.compile(r'href="\?([^"]*marker=[^"]*)"')
IN_PLACE = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
SEARCH_TARGET = (1000, 1.0)  # clusters, seconds
IN_PLACE_TARGET = 0.5  # of the whole page's time, per round
VIEWS = ("first page", "next page, whole", "next page, in place", "search, 3 found",
         "sorted by name")
BROWSER_VIEWS = ("first page, loaded", "next page, in place", "next page, loaded")
SHOWN_ROWS = ("$('#clusters tbody tr[data-object-id]')"
              ".map(function () { return this.getAttribute('data-object-id'); }).get()")
# Click Next, then wait until coe_ui.js has put the new list in (its
# loadList marks the list aria-busy meanwhile) and the browser has painted
# it (a task after the next frame); answers the milliseconds and the rows.
NEXT_IN_PLACE = """
var done = arguments[arguments.length - 1];
var list = document.querySelector('[data-coe-list]');
var began = performance.now();
new MutationObserver(function (changes, observer) {
  if (list.hasAttribute('aria-busy')) { return; }
  observer.disconnect();
  requestAnimationFrame(function () {
    setTimeout(function () { done([performance.now() - began, %s]); });
  });
}).observe(list, {attributes: true, attributeFilter: ['aria-busy']});
document.querySelector("#clusters tfoot a[href*='marker=']").click();
""" % SHOWN_ROWS
# The page just loaded: milliseconds from its navigation's start to the end
# of its load event, and the rows.
LOADED = ("return [performance.getEntriesByType('navigation')[0].loadEventEnd, %s];"
          % SHOWN_ROWS)


def run(bench):
    browser = Browser(start_chromium(), bench.cfg.url(bench.cfg.horizon_port))
    try:
        browser.login("demo")
        project = _cases(bench, bench.horizon, PAGE, browser, lambda clusters: (
            magnum_rows.fill_project(bench.cfg, CLUSTER_NAME, clusters, **SETTLED)))
    finally:
        browser.driver.quit()
    took, (project_ids, made) = timed(keystone_projects.ensure, bench.cfg, PROJECTS)
    admin = _cases(bench, horizon_inprocess.login("admin"), ADMIN_PAGE, None, lambda clusters: (
        magnum_rows.fill_projects(bench.cfg, CLUSTER_NAME, clusters, project_ids, **SETTLED)))
    projects = {"count": PROJECTS, "made": made, "seconds": took}
    targets = {"project": _targets(project), "admin": _targets(admin),
               "browser_in_place": all(c["browser"]["ratio"].median <= IN_PLACE_TARGET
                                       for c in project if "browser" in c)}
    return Result("cluster_search", [
        *_tables("", project, targets["project"]), _browser_table(project, targets),
        *_tables(f", admin, {PROJECTS} projects", admin, targets["admin"], projects)],
        {"cases": project, "admin_cases": admin, "admin_projects": projects,
         "targets_met": targets})


def _cases(bench, horizon, page, browser, fill):
    """The views of ``page`` at each number of clusters, ``fill(clusters)``
    making the copies."""
    cases = []
    try:
        for clusters in CASES:
            made = fill(clusters)
            if not cases:
                magnum_rows.rename_copies(bench.cfg, {
                    uuid: f"{magnum_rows.COPY_PREFIX}{SEARCHED}-{n}"
                    for n, uuid in enumerate(made[:3])})
            cases.append(_case(bench, horizon, page, clusters, browser))
    finally:
        magnum_rows.remove_copies(bench.cfg)
    return cases


def _case(bench, horizon, page, clusters, browser):
    views = dict(zip(VIEWS, (
        lambda: checked(horizon.get(page)), None, None,
        lambda: checked(horizon.get(page, {"q": SEARCHED})),
        lambda: checked(horizon.get(page, {"sort": "name"})))))
    following = NEXT.search(checked(horizon.get(page)).content.decode())
    if following:  # none while every cluster fits on the first page
        next_page = page + "?" + html.unescape(following.group(1))
        views["next page, whole"] = lambda: checked(horizon.get(next_page))
        views["next page, in place"] = lambda: checked(horizon.get(next_page, **IN_PLACE))
    found = measure_rounds(bench.runs, {name: view for name, view in views.items() if view},
                           bench.recorder)
    rows = found["search, 3 found"].last.content.decode().count('data-object-id="')
    assert rows == 3, f"the search found {rows} clusters, not 3"
    if following:
        found["in_place_ratio"] = ratios(found["next page, in place"], found["next page, whole"])
        if browser and clusters in BROWSER_CASES:
            found["browser"] = _in_browser(bench, browser, page, next_page)
    return found | {"clusters": clusters}


def _in_browser(bench, browser, page, next_page):
    """Each round loads the first page, follows Next in place, then loads
    that next page in full, timed by the browser's own clock."""
    def clocked(answer):
        milliseconds, rows = answer
        return Clocked(milliseconds / 1e3, rows)

    def load(path):
        browser.open(path)  # returns once the load event is over
        return clocked(browser.driver.execute_script(LOADED))

    found = measure_rounds(bench.runs, dict(zip(BROWSER_VIEWS, (
        lambda: load(page), lambda: clocked(browser.driver.execute_async_script(NEXT_IN_PLACE)),
        lambda: load(next_page)))))
    in_place, loaded = found["next page, in place"], found["next page, loaded"]
    assert in_place.last == loaded.last, "in place and loaded, the next page shows other rows"
    return found | {"ratio": ratios(in_place, loaded)}


def _targets(cases):
    clusters, seconds = SEARCH_TARGET
    return {"search": all(c["search, 3 found"].seconds.median <= seconds
                          for c in cases if c["clusters"] <= clusters),
            "in_place": all(c["in_place_ratio"].median <= IN_PLACE_TARGET
                            for c in cases if "in_place_ratio" in c)}


def _received(runs, service):
    return Figure.of(sum(c.received for c in run if c.service == service) for run in runs.calls)


def _reads(runs, service):
    return (f"{count(runs.count(lambda c: c.service == service))} calls, "
            f"{_received(runs, service).median / 1024:.0f} kB")


def _ratio(figure):
    return f"{figure.median:.2f} [{figure.low:.2f}–{figure.high:.2f}]"


def _tables(which, cases, met, projects=None):
    times = Table(f"5) Finding clusters{which}: server time per view, "
                  "ms = median [min–max] ±stdev", ("clusters", *VIEWS, "in place / whole"))
    reads = Table(f"5) Finding clusters{which}: Magnum calls and kB read per view (median)",
                  ("clusters", *VIEWS, "Keystone, first page"))
    for case in cases:
        ratio = case.get("in_place_ratio")
        times.add(case["clusters"], *(ms(case[view].seconds) if view in case else "-"
                                      for view in VIEWS), _ratio(ratio) if ratio else "-")
        reads.add(case["clusters"], *(_reads(case[view], "magnum") if view in case else "-"
                                      for view in VIEWS), _reads(case["first page"], "keystone"))
    clusters, seconds = SEARCH_TARGET
    times.notes += [
        "first and next page: Magnum's own page (one call, one row more than shown to know "
        "whether a next page exists); search and order: the whole list, then coe_backend "
        "finds, orders and pages it (ClusterSearch).",
        "-: no next page (every cluster fits on the first, 20 rows).",
        "in place: the same next page as coe_ui.js loads it (the list only, not Horizon's "
        "whole page), taking turns with the whole page.",
        f"target: a search at {clusters} clusters under {seconds:g} s "
        f"{verdict(met['search'])}; the next page in place at most {IN_PLACE_TARGET:g} of the "
        f"whole page's time {verdict(met['in_place'])}."]
    reads.notes += ["kB: bodies of the answers. A search reads every cluster's row "
                    "(the whole list grows with the clusters; one call per 1,000)."]
    if projects:
        times.notes += [
            f"the copies are dealt out to {projects['count']} Keystone projects (made "
            f"{projects['made']} of them, in {projects['seconds']:.1f} s); each view lists "
            "them all from Keystone once for the project names."]
    return [times, reads]


def _browser_table(cases, met):
    table = Table("5) Finding clusters in Chromium: ms from click or navigation to the rows "
                  "shown, median [min–max] ±stdev",
                  ("clusters", *BROWSER_VIEWS, "in place / loaded"))
    for case in (c for c in cases if "browser" in c):
        found = case["browser"]
        table.add(case["clusters"], *(ms(found[view].seconds) for view in BROWSER_VIEWS),
                  _ratio(found["ratio"]))
    table.notes += [
        "real headless Chromium on devcloud's Horizon (its development server); each round "
        "loads the first page, clicks Next (coe_ui.js swaps the list in), then loads that "
        "same next page in full; timed by the browser's clock (performance.now()).",
        "in place: from the click until the new rows are painted; loaded: from the "
        "navigation's start to the end of its load event (Navigation Timing).",
        f"target: each Next in place at most {IN_PLACE_TARGET:g} of loading the same page "
        f"in full {verdict(met['browser_in_place'])}."]
    return table
