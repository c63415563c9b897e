"""5) Finding clusters among 10 to 10,000 in `demo`'s project.

Per view: the first page (one Magnum call), the next page as a whole
Horizon page and in place (the list only, as coe_ui.js asks for it, taking
turns with the whole page so both meet the same load), a search whose words
match 3 clusters, and the list sorted by name. Magnum's list filters nothing,
so a search or an order reads the whole list, 1,000 rows per call; how its
time and bytes grow with the clusters is the figure to watch.
"""
import html
import re

from devcloud.seed import CLUSTER_NAME

from benchmarks import magnum_rows
from benchmarks.cluster_list import PAGE, SETTLED
from benchmarks.horizon_inprocess import checked
from benchmarks.report import Result, Table, count, ms, verdict
from benchmarks.stats import Figure, measure_rounds, ratios

CASES = (10, 100, 1000, 10000)
SEARCHED = "needle"  # in the names of three copies, and no other cluster's
NEXT = re.compile(r'href="\?([^"]*marker=[^"]*)"')
IN_PLACE = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
SEARCH_TARGET = (1000, 1.0)  # clusters, seconds
IN_PLACE_TARGET = 0.5  # of the whole page's time, per round
VIEWS = ("first page", "next page, whole", "next page, in place", "search, 3 found",
         "sorted by name")


def run(bench):
    cases = []
    try:
        for clusters in CASES:
            made = magnum_rows.fill_project(bench.cfg, CLUSTER_NAME, clusters, **SETTLED)
            if not cases:
                magnum_rows.rename_copies(bench.cfg, {
                    uuid: f"{magnum_rows.COPY_PREFIX}{SEARCHED}-{n}"
                    for n, uuid in enumerate(made[:3])})
            cases.append(_case(bench, clusters))
    finally:
        magnum_rows.remove_copies(bench.cfg)
    seconds, clusters = SEARCH_TARGET[1], SEARCH_TARGET[0]
    search_met = all(c["search, 3 found"].seconds.median <= seconds
                     for c in cases if c["clusters"] <= clusters)
    in_place_met = all(c["in_place_ratio"].median <= IN_PLACE_TARGET
                       for c in cases if "in_place_ratio" in c)
    return Result("cluster_search", _tables(cases, search_met, in_place_met), {
        "cases": cases, "target_search_met": search_met, "target_in_place_met": in_place_met})


def _case(bench, clusters):
    horizon = bench.horizon
    views = dict(zip(VIEWS, (
        lambda: checked(horizon.get(PAGE)), None, None,
        lambda: checked(horizon.get(PAGE, {"q": SEARCHED})),
        lambda: checked(horizon.get(PAGE, {"sort": "name"})))))
    following = NEXT.search(checked(horizon.get(PAGE)).content.decode())
    if following:  # none while every cluster fits on the first page
        next_page = PAGE + "?" + html.unescape(following.group(1))
        views["next page, whole"] = lambda: checked(horizon.get(next_page))
        views["next page, in place"] = lambda: checked(horizon.get(next_page, **IN_PLACE))
    found = measure_rounds(bench.runs, {name: view for name, view in views.items() if view},
                           bench.recorder)
    rows = found["search, 3 found"].last.content.decode().count('data-object-id="')
    assert rows == 3, f"the search found {rows} clusters, not 3"
    if following:
        found["in_place_ratio"] = ratios(found["next page, in place"], found["next page, whole"])
    return found | {"clusters": clusters}


def _magnum_bytes(runs):
    return Figure.of(sum(c.received for c in run if c.service == "magnum") for run in runs.calls)


def _tables(cases, search_met, in_place_met):
    times = Table("5) Finding clusters: server time per view, ms = median [min–max] ±stdev",
                  ("clusters", *VIEWS, "in place / whole"))
    reads = Table("5) Finding clusters: Magnum calls and kB read per view (median)",
                  ("clusters", *VIEWS))
    for case in cases:
        ratio = case.get("in_place_ratio")
        times.add(case["clusters"], *(ms(case[view].seconds) if view in case else "-"
                                      for view in VIEWS),
                  f"{ratio.median:.2f} [{ratio.low:.2f}–{ratio.high:.2f}]" if ratio else "-")
        reads.add(case["clusters"], *(
            f"{count(case[view].count(lambda c: c.service == 'magnum'))} calls, "
            f"{_magnum_bytes(case[view]).median / 1024:.0f} kB" if view in case else "-"
            for view in VIEWS))
    clusters, seconds = SEARCH_TARGET
    times.notes += [
        "first and next page: Magnum's own page (one call, one row more than shown to know "
        "whether a next page exists); search and order: the whole list, then coe_backend "
        "finds, orders and pages it (ClusterSearch).",
        "-: no next page (every cluster fits on the first, 20 rows).",
        "in place: the same next page as coe_ui.js loads it (the list only, not Horizon's "
        "whole page), taking turns with the whole page.",
        f"target: a search at {clusters} clusters under {seconds:g} s "
        f"{verdict(search_met)}; the next page in place at most {IN_PLACE_TARGET:g} of the whole "
        f"page's time {verdict(in_place_met)}."]
    reads.notes += ["kB: bodies of Magnum's answers. A search reads every cluster's row "
                    "(the whole list grows with the clusters; one call per 1,000)."]
    return [times, reads]
