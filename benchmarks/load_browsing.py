"""The load test's browsing: simulated users, each in its own thread with
its own Horizon session, reading the Clusters list (first and Next pages),
cluster details and the create wizard as fast as pages arrive; their
latency and errors, and in the production profile the same against each
count of Horizon workers."""
import concurrent.futures
import dataclasses
import os
import random
import re
import threading
import time
from collections import Counter

import requests

from devcloud import processes

from benchmarks.cluster_list import HORIZON_PAGE_SIZE
from benchmarks.cluster_list import PAGE as CLUSTERS
from benchmarks.cpu import MachineLoad, cpu_per_page
from benchmarks.horizon_messages import complaints
from benchmarks.report import Table
from benchmarks.stats import Figure, timed
from benchmarks.web_session import WebSession

LIST_FIRST, LIST_NEXT, DETAIL = "list, first page", "list, Next pages", "detail"
WIZARD = "create wizard"
PAGE_KINDS = (LIST_FIRST, LIST_NEXT, DETAIL, WIZARD)
# Chance that a browsing member opens the create wizard after a detail page.
OPEN_WIZARD = 0.2
# Chance that a browsing user follows "Next" after a detail page rather than
# going back to the first page; the first user always follows it, reading the
# whole list.
FOLLOW_NEXT = 0.6


@dataclasses.dataclass(frozen=True)
class PageView:
    kind: str
    seconds: float
    failure: str | None  # None when the page came as it should


ROW = re.compile(r'data-object-id="([0-9a-f-]{36})"')
NEXT_LINK = re.compile(r'href="\?marker=([^"]+)">Next')


def visit(browser, kind, path, expected):
    """(PageView, page text or "") of one page view; ``expected`` is a text
    the page must contain (a cluster's UUID), or None."""
    began = time.perf_counter()
    try:
        answer = browser.get(path)
    except requests.RequestException as error:
        return PageView(kind, time.perf_counter() - began, type(error).__name__), ""
    took = time.perf_counter() - began
    return PageView(kind, took, _failure(browser, answer, path, expected)), answer.text


def _failure(browser, answer, path, expected):
    if answer.status_code != 200:
        return f"HTTP {answer.status_code}"
    if answer.url != browser.url(path):  # e.g. back to the login page or the list
        return f"redirected to {answer.url.removeprefix(browser.base_url)}"
    said = complaints(answer.text)
    if said:
        return said[0]
    if expected is not None and expected not in answer.text:
        return "page without the cluster asked for"
    return None


def browse(browser, until, record, follow_next):
    """One user until ``until`` (monotonic): a list page (the next one with
    probability ``follow_next``, else the first), then the detail page of
    one of its clusters, sometimes the create wizard, and again. Returns the
    deepest list page reached."""
    deepest, depth, listed, marker = 0, 0, set(), None
    while time.monotonic() < until:
        if marker and random.random() < follow_next:
            kind, path, depth = LIST_NEXT, f"{CLUSTERS}?marker={marker}", depth + 1
        else:
            kind, path, depth, listed = LIST_FIRST, CLUSTERS, 1, set()
        view, page = visit(browser, kind, path, None)
        rows = ROW.findall(page)
        record(_paging_checked(view, rows, listed))
        listed.update(rows)
        deepest = max(deepest, depth)
        following = NEXT_LINK.search(page)
        marker = following and following.group(1)
        if rows and time.monotonic() < until:
            chosen = random.choice(rows)
            record(visit(browser, DETAIL, f"{CLUSTERS}{chosen}/", chosen)[0])
        # A reader (viewer) is refused the wizard, as Magnum's policy says.
        if browser.user == "demo" and random.random() < OPEN_WIZARD and time.monotonic() < until:
            record(visit(browser, WIZARD, f"{CLUSTERS}create/", 'id="id_cluster_template_id"')[0])
    return deepest


def _paging_checked(view, rows, listed_before):
    """``view``, failed if its rows show the pagination is wrong: an empty
    first page, or a cluster already listed on an earlier page."""
    if view.failure:
        return view
    if view.kind == LIST_FIRST and not rows:
        return dataclasses.replace(view, failure="no clusters listed")
    if listed_before.intersection(rows):
        return dataclasses.replace(view, failure="a cluster listed again on a later page")
    return view


def log_in(base_url, users):
    """``users`` browsers logged in at once, demo and viewer (a reader) in
    turn: (browsers, seconds each login took)."""
    with concurrent.futures.ThreadPoolExecutor(users) as pool:
        logins = list(pool.map(lambda n: timed(WebSession, base_url, ("demo", "viewer")[n % 2]),
                               range(users)))
    return [browser for _took, browser in logins], [took for took, _browser in logins]


def browsing(browsers, seconds):
    """Every browser browsing for ``seconds``: (page views, deepest list
    page each reached)."""
    views, lock = [], threading.Lock()

    def record(view):
        with lock:
            views.append(view)

    until = time.monotonic() + seconds
    with concurrent.futures.ThreadPoolExecutor(len(browsers)) as pool:
        running = [pool.submit(browse, b, until, record, 1.0 if n == 0 else FOLLOW_NEXT)
                   for n, b in enumerate(browsers)]
        deepest = [done.result() for done in running]
    return views, deepest


def latency_figures(views):
    times = [v.seconds for v in views]
    failures = Counter(v.failure for v in views if v.failure)
    figure = Figure.of(times) if times else None
    return {"requests": len(views), "errors": sum(failures.values()),
            "error_breakdown": dict(failures.most_common()),
            "median_s": figure and round(figure.median, 3),
            "p95_s": figure and round(figure.p95, 3),
            "max_s": figure and round(figure.high, 3)}


def browsing_result(views, deepest, logins, users, seconds, clusters):
    by_kind = {kind: latency_figures([v for v in views if v.kind == kind])
               for kind in PAGE_KINDS}
    return {"users": users, "seconds": seconds, "clusters": clusters,
            "requests_per_second": round(len(views) / seconds, 2),
            "all": latency_figures(views), **by_kind,
            "deepest_list_page_per_user": deepest,
            "login_seconds": [round(took, 2) for took in logins]}


def browsing_table(result, busy):
    table = Table(f"Browsing: {result['users']} users for {result['seconds']:.0f} s, "
                  f"{result['clusters']} clusters ({HORIZON_PAGE_SIZE} a page), "
                  "seconds per page view",
                  ("page", "requests", "errors", "median", "p95", "max"))
    for kind in PAGE_KINDS + ("all",):
        f = result[kind]
        table.add(kind, f["requests"], f["errors"], *(_seconds(f[k])
                                                      for k in ("median_s", "p95_s", "max_s")))
    breakdown, logins = result["all"]["error_breakdown"], Figure.of(result["login_seconds"])
    table.notes += [
        f"concurrency: {result['users']} users at once (demo and viewer in turn, one Horizon "
        f"session each, no think time); {result['requests_per_second']} page views/s served",
        "an error: an exception, any status but 200, a redirect elsewhere, an error or warning "
        "message or form error on the page, a detail page without its cluster, an empty first "
        "list page, a cluster listed again on a later Next page",
        "errors by kind: " + ("; ".join(f"{n} x {what}" for what, n in breakdown.items())
                              or "none"),
        "deepest list page each user reached with Next (the first user always follows it): "
        + ", ".join(map(str, result["deepest_list_page_per_user"])),
        f"before the clock started, {result['users']} logins at once took: median "
        f"{_seconds(logins.median)} s, max {_seconds(logins.high)} s",
        busy]
    return table


def _seconds(value):
    return "-" if value is None else f"{value:.2f}"


# -- throughput against Horizon's worker count (production profile) -------------

def worker_scaling(cfg, args):
    """Browse with each of ``args.horizon_workers`` Horizon workers in turn:
    [{"workers", "requests_per_second", "median_s", "p95_s", "errors",
      "cpu_percent_of_one_core", "cpu_seconds_per_page"}]; Horizon is left
    with the profile's own count."""
    if not cfg.production:
        raise SystemExit("--horizon-workers needs DEVCLOUD_PROFILE=production")
    rows = []
    try:
        for workers in args.horizon_workers:
            _restart_horizon(dataclasses.replace(cfg, horizon_workers=workers))
            browsers, _logins = log_in(cfg.horizon_url, args.users)
            busy = MachineLoad(cfg)
            views, _deepest = browsing(browsers, args.scaling_seconds)
            cpu = busy.since_start()
            figures = latency_figures(views)
            rows.append({"workers": workers,
                         "requests_per_second": round(len(views) / args.scaling_seconds, 2),
                         "median_s": figures["median_s"], "p95_s": figures["p95_s"],
                         "errors": figures["errors"], "cpu_percent_of_one_core": cpu,
                         "cpu_seconds_per_page": cpu_per_page(cpu, args.scaling_seconds,
                                                              len(views))})
            print(f"  {workers} Horizon worker(s): {rows[-1]['requests_per_second']} page "
                  f"views/s, machine {cpu['machine']} % of one core", flush=True)
    finally:
        _restart_horizon(cfg)
    return rows


def _restart_horizon(cfg):
    from devcloud import horizon
    processes.stop(cfg, "horizon")
    horizon.start(cfg)


def scaling_table(rows, args):
    table = Table(f"Horizon workers: {args.users} users browsing {args.clusters} clusters for "
                  f"{args.scaling_seconds:.0f} s each",
                  ("workers", "page views/s", "errors", "median", "p95", "machine CPU %",
                   "CPU s/page: horizon", "keystone", "magnum-api", "busiest other"))
    for row in rows:
        per_page = row["cpu_seconds_per_page"]
        others = {k: v for k, v in per_page.items()
                  if k not in ("horizon", "keystone", "magnum-api", "load generator")}
        busiest = max(others, key=others.get) if others else "-"
        table.add(row["workers"], row["requests_per_second"], row["errors"],
                  _seconds(row["median_s"]), _seconds(row["p95_s"]),
                  row["cpu_percent_of_one_core"]["machine"], per_page.get("horizon"),
                  per_page.get("keystone"), per_page.get("magnum-api"),
                  f"{busiest} {others.get(busiest, '')}")
    table.notes.append("CPU % is of one core; the machine has "
                       f"{os.cpu_count()} cores (200 % = saturated)")
    return table
