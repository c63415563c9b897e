"""1) The Clusters page with 10, 100 and 1000 clusters in `demo`'s project.

Per page view: server time, the calls to Magnum and to other services, and
the ratio to one bare Magnum list call of the same size (the floor no page
can beat), the two taking turns so that both meet the same machine load.
Horizon shows API_RESULT_PAGE_SIZE rows (20 unless the user changes it), so
one more case shows 100 rows on one page (the user's page size set to 100),
where a call per row would show. Horizon's own empty page (GET /settings/:
the same navigation and service checks, no coe-ui) shows how much of a view
is Horizon's rather than coe-ui's.
"""
from devcloud.seed import CLUSTER_NAME

from benchmarks import http_calls, magnum_rows
from benchmarks.horizon_inprocess import checked
from benchmarks.report import Result, Table, count, ms, verdict
from benchmarks.stats import Figure, measure, measure_rounds, ratios

PAGE = "/project/clusters/"
HORIZON_EMPTY_PAGE = "/settings/"
HORIZON_PAGE_SIZE = 20
# (clusters in the project, page size the user chose, or None for Horizon's default)
CASES = ((10, None), (100, None), (100, 100), (1000, None))
HEADER = {"OpenStack-API-Version": "container-infra 1.14", "Accept": "application/json"}
SERVICES = ("magnum", "keystone", "catalog")
RATIO_TARGET = 1.5
# Copies are CHECK_COMPLETE, settled and healthy to Magnum and coe-ui like
# CREATE_COMPLETE (the page shows "Active"), but skipped by Magnum's minutely
# health poll, which for 1000 simulated clusters would load the machine while
# pages are timed.
SETTLED = {"status": "CHECK_COMPLETE"}


def run(bench):
    cases, unpaginated = [], {}
    try:
        for clusters, page_size in CASES:
            magnum_rows.fill_project(bench.cfg, CLUSTER_NAME, clusters, **SETTLED)
            if clusters not in unpaginated:
                unpaginated[clusters] = measure(bench.runs, _bare_list(bench, None))
            cases.append(_case(bench, clusters, page_size) | {
                "bare_unpaginated": unpaginated[clusters]})
    finally:
        magnum_rows.remove_copies(bench.cfg)
    no_growth, growth = _call_growth(cases)
    ratios_met = all(c["ratio"].median <= RATIO_TARGET for c in cases)
    return Result("cluster_list", _tables(cases, growth), {
        "cases": cases, "target_no_call_growth": no_growth, "target_ratio_met": ratios_met})


def _case(bench, clusters, page_size):
    horizon = bench.horizon
    if page_size:
        horizon.cookies["API_RESULT_PAGE_SIZE"] = str(page_size)
    try:
        found = measure_rounds(bench.runs, {
            "page": lambda: checked(horizon.get(PAGE)),
            "horizon_empty_page": lambda: checked(horizon.get(HORIZON_EMPTY_PAGE)),
            "bare_same_limit": _bare_list(bench, page_size or HORIZON_PAGE_SIZE),
        }, bench.recorder)
    finally:
        horizon.cookies.pop("API_RESULT_PAGE_SIZE", None)
    page, empty, bare = found["page"], found["horizon_empty_page"], found["bare_same_limit"]
    return found | {
        "clusters": clusters, "page_size": page_size or HORIZON_PAGE_SIZE,
        "rows_shown": page.last.content.decode().count('data-object-id="'),
        "ratio": ratios(page, bare),
        "coe_ui_ratio": Figure.of((p - e) / b for p, e, b in zip(
            page.seconds.samples, empty.seconds.samples, bare.seconds.samples))}


def _bare_list(bench, limit):
    """The page's own Magnum query alone, newest first, ``limit`` rows (None: all)."""
    session = bench.demo.session()
    query = "sort_key=id&sort_dir=desc" + (f"&limit={limit}" if limit else "")
    url = f"{bench.cfg.magnum_url}/clusters/detail?{query}"
    return lambda: session.get(url, headers=HEADER).json()


def _ratio(figure):
    return f"{figure.median:.1f}x [{figure.low:.1f}–{figure.high:.1f}]"


def _waited(page, services):
    """Seconds per view with a call to one of ``services`` in flight."""
    return Figure.of(http_calls.waited([c for c in run if c.service in services])
                     for run in page.calls)


def _in_process(page):
    """Seconds per view without any call in flight: Django, Horizon, coe-ui."""
    return Figure.of(s - http_calls.waited(run)
                     for s, run in zip(page.seconds.samples, page.calls))


def _tables(cases, growth):
    times = Table("1) Cluster list page: server time per view, ms = median [min–max] ±stdev",
                  ("clusters", "rows", "page view", "bare list, same limit", "page/bare",
                   "bare list, no limit"))
    parts = Table("1) Cluster list page: where a view's time goes, ms = median [min–max] ±stdev",
                  ("clusters", "rows", "waiting on Magnum", "on keystone + catalog",
                   "in this process", "Horizon's empty page", "(page-Horizon)/bare"))
    calls = Table("1) Cluster list page: HTTP calls per view (median [min–max] over the runs)",
                  ("clusters", "rows", "Magnum", "Magnum calls by kind, all runs", "keystone",
                   "catalog stand-in", "by coe-ui", "by Horizon itself"))
    for case in cases:
        page, size = case["page"], (case["clusters"], case["rows_shown"])
        times.add(*size, ms(page.seconds), ms(case["bare_same_limit"].seconds),
                  _ratio(case["ratio"]), ms(case["bare_unpaginated"].seconds))
        parts.add(*size, ms(_waited(page, SERVICES[:1])), ms(_waited(page, SERVICES[1:])),
                  ms(_in_process(page)), ms(case["horizon_empty_page"].seconds),
                  _ratio(case["coe_ui_ratio"]))
        kinds = http_calls.magnum_kinds(call for run in page.calls for call in run)
        calls.add(*size, count(page.count(lambda c: c.service == "magnum")),
                  ", ".join(f"{k} x{n}" for k, n in sorted(kinds.items())),
                  *(count(page.count(lambda c, s=s: c.service == s)) for s in SERVICES[1:]),
                  count(page.count(lambda c: c.ours)), count(page.count(lambda c: not c.ours)))
    times.notes += [
        "bare list: GET /v1/clusters/detail?sort_key=id&sort_dir=desc&limit=<page size> "
        "through a keystoneauth session; 'no limit' returns every cluster.",
        "page/bare: per round (page and bare call take turns), median [min–max].",
        f"target page view <= {RATIO_TARGET}x the bare list of the same size: " + ", ".join(
            f"{c['clusters']}/{c['rows_shown']} rows {verdict(c['ratio'].median <= RATIO_TARGET)}"
            for c in cases)]
    empty_calls = count(cases[0]["horizon_empty_page"].count())
    parts.notes += [
        "waiting: time with a call in flight; in this process: the rest (Django, Horizon, "
        "coe-ui: rendering, policy checks).",
        f"Horizon's empty page: GET {HORIZON_EMPTY_PAGE}, the same navigation and service checks "
        f"({empty_calls} calls), no coe-ui; (page-Horizon)/bare: coe-ui's share of a view "
        "against the bare call, per round."]
    calls.notes += [
        "runs differ when a cache of coe-ui expires meanwhile: template names (60 s), "
        "Magnum's microversion (5 min).",
        "target no call count grows with the rows: " + growth]
    return [times, parts, calls]


def _call_growth(cases):
    """(met, explanation): does a page view with more rows ever need more calls?
    Compares the fewest calls per view, so that a cache expiring during one run
    does not count as growth."""
    def fewest(case):
        return tuple(case["page"].count(lambda c, s=s: c.service == s).low for s in SERVICES)
    first = fewest(cases[0])
    grew = [c for c in cases if any(n > m for n, m in zip(fewest(c), first))]
    if not grew:
        return True, f"{verdict(True)} (fewest Magnum, keystone, catalog calls: {first} each time)"
    return False, verdict(False) + " (" + ", ".join(
        f"{c['rows_shown']} rows: {fewest(c)}" for c in grew) + f" vs {first})"
