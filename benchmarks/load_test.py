"""Load on loopback: concurrent users browsing a devcloud of 500 clusters,
then several users resizing one cluster at once. Figures, not pass/fail.

    .venv/bin/python -m benchmarks.load_test [--users 10] [--seconds 60]
        [--clusters 500] [--resizers 5] [--keep]                  (make load)

Starts its own devcloud (state .devcloud-load, ports 45000/49511/49990/48080,
so a demo, a test run or `make bench` keep going) and drives its Horizon
over HTTP: one logged-in requests.Session per simulated user, each in its own
thread, against devcloud's threaded Horizon runserver. 500 clusters: demo's
own plus rows copied from it (benchmarks.magnum_rows), since the conductor
would take many minutes to create them. Users ask for the next page as soon
as one has arrived (no think time) and fetch pages only, no static files.
Prints tables and writes benchmarks/results/load.json; the whole run,
devcloud start to stop, takes 3-5 minutes. Not production figures: Django's
development server, Magnum on SQLite and every user on one 2-core machine.
"""
import argparse
import concurrent.futures
import contextlib
import dataclasses
import datetime
import json
import os
import random
import re
import subprocess
import threading
import time
import warnings
from collections import Counter

import requests

from devcloud import clients, processes
from devcloud.config import REPO_ROOT
from devcloud.seed import CLUSTER_NAME

from benchmarks import cloud, magnum_rows
from benchmarks.cluster_list import HORIZON_PAGE_SIZE, SETTLED
from benchmarks.cpu import MachineLoad, cpu_per_page, describe_busy, load_average
from benchmarks.horizon_messages import complaints, messages
from benchmarks.html_forms import form_with
from benchmarks.report import Table, verdict
from benchmarks.stats import Figure, timed
from benchmarks.web_session import WebSession

# Where the load devcloud lives, whatever DEVCLOUD_* variables are exported:
# cloud.start empties the Magnum it finds there.
LOAD_DEVCLOUD = {"DEVCLOUD_STATE_DIR": str(REPO_ROOT / (
                     ".devcloud-load" if cloud.PROFILE == "embedded"
                     else f".devcloud-load-{cloud.PROFILE}")),
                 "DEVCLOUD_KEYSTONE_PORT": "45000", "DEVCLOUD_MAGNUM_PORT": "49511",
                 "DEVCLOUD_CATALOG_PORT": "49990", "DEVCLOUD_HORIZON_PORT": "48080",
                 "DEVCLOUD_MEMCACHED_PORT": "45211", "DEVCLOUD_RABBITMQ_PORT": "45672",
                 "DEVCLOUD_MARIADB_PORT": "45306"}
# devcloud's default, not the bench's 0.5 s: a resize stays in progress long
# enough for a later submission to meet it.
OP_SECONDS = "3"
RESULTS = REPO_ROOT / "benchmarks" / "results" / "load.json"
CLUSTERS = "/project/clusters/"
LIST_FIRST, LIST_NEXT, DETAIL = "list, first page", "list, Next pages", "detail"
WIZARD = "create wizard"
PAGE_KINDS = (LIST_FIRST, LIST_NEXT, DETAIL, WIZARD)
# Chance that a browsing member opens the create wizard after a detail page.
OPEN_WIZARD = 0.2
# Chance that a browsing user follows "Next" after a detail page rather than
# going back to the first page; the first user always follows it, reading the
# whole list.
FOLLOW_NEXT = 0.6
WORKER_GROUP = "default-worker"
# A resize round: (name, seconds between two users' submissions)
RESIZE_ROUNDS = (("at the same instant", 0.0), ("0.5 s apart", 0.5))
SETTLE_SECONDS = 120  # longest wait for a resized cluster to settle


# -- browsing ----------------------------------------------------------------

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


# -- several users resizing one cluster ---------------------------------------

def resize_round(magnum, cluster, browsers, name, stagger):
    """Every browser opens the cluster's resize form, then all submit it at
    once (``stagger`` seconds apart), each asking for another worker count.
    Returns the round's outcome once the cluster has settled."""
    before = magnum.nodegroups.get(cluster, WORKER_GROUP).node_count
    sizes = [n for n in range(1, len(browsers) + 2) if n != before][:len(browsers)]
    path = f"{CLUSTERS}{cluster}/resize/"
    forms = [form_with(b.get(path).text, path, "node_count") for b in browsers]
    ready = threading.Barrier(len(browsers))

    def submit(number):
        ready.wait()
        time.sleep(number * stagger)
        # what coe-ui's check before the resize is about to find
        status = magnum.clusters.get(cluster).status
        began = time.perf_counter()
        answer = browsers[number].submit(forms[number], node_count=str(sizes[number]))
        return _user_outcome(sizes[number], time.perf_counter() - began, answer) | {
            "cluster_status_when_sent": status}

    with concurrent.futures.ThreadPoolExecutor(len(browsers)) as pool:
        users = list(pool.map(submit, range(len(browsers))))
    final = final_state(magnum, cluster)
    return {"round": name, "stagger_s": stagger, "node_count_before": before, "users": users,
            "final": final, "checks": consistency_checks(users, final)}


def _user_outcome(asked, seconds, answer):
    said = messages(answer.text) if answer.status_code == 200 else []
    levels = {level for level, _text in said}
    if answer.status_code != 200:
        outcome = f"HTTP {answer.status_code}"
    elif levels & {"error", "form error"}:
        outcome = "refused"
    elif "warning" in levels:
        outcome = "accepted, not yet started"
    elif "success" in levels:
        outcome = "accepted"
    else:
        outcome = "no message"
    return {"asked": asked, "seconds": round(seconds, 2), "outcome": outcome,
            "messages": said}


def final_state(magnum, cluster, quiet=5.0):
    """Magnum's view once the cluster has stayed out of *_IN_PROGRESS for
    ``quiet`` seconds (a resize queued behind another may still start)."""
    deadline, settled_since = time.monotonic() + SETTLE_SECONDS, None
    while settled_since is None or time.monotonic() - settled_since < quiet:
        if time.monotonic() > deadline:
            raise TimeoutError(f"cluster {cluster} did not settle in {SETTLE_SECONDS} s")
        busy = magnum.clusters.get(cluster).status.endswith("IN_PROGRESS")
        settled_since = None if busy else (settled_since or time.monotonic())
        time.sleep(0.5)
    found = magnum.clusters.get(cluster)
    groups = [magnum.nodegroups.get(cluster, g.uuid) for g in magnum.nodegroups.list(cluster)]
    return {"status": found.status, "node_count": found.node_count,
            "groups": {g.name: {"role": g.role, "status": g.status, "node_count": g.node_count,
                                "node_addresses": len(g.node_addresses or [])}
                       for g in groups}}


def consistency_checks(users, final):
    """[(check, met)] of the state the round left behind; met is None
    where the check does not apply."""
    worker = final["groups"][WORKER_GROUP]
    asked = {u["asked"] for u in users}
    workers = sum(g["node_count"] for g in final["groups"].values() if g["role"] != "master")
    return [
        ("cluster UPDATE_COMPLETE", final["status"] == "UPDATE_COMPLETE"),
        ("every node group *_COMPLETE",
         all(g["status"].endswith("_COMPLETE") for g in final["groups"].values())),
        ("node_count is one of those asked for", final["node_count"] in asked),
        ("cluster node_count = its worker groups' counts", final["node_count"] == workers),
        ("worker group: one address per node", worker["node_addresses"] == worker["node_count"]),
        ("some user was told the size it ended at", any(
            u["outcome"].startswith("accepted") and u["asked"] == final["node_count"]
            for u in users)),
        ("every user saw a message", all(u["messages"] for u in users)),
        ("every refusal says why", _unless_nobody(
            [_says_why(u["messages"]) for u in users if u["outcome"] == "refused"])),
        ("nobody told 'resizing to N' ended at another size", not overridden(users, final)),
    ]


def _says_why(said):
    """Is a reason among the messages: a form error beside a field, or an
    error in coe-ui's "Unable to resize the cluster: <why>" form."""
    return any(level == "form error" or (level == "error" and ": " in text)
               for level, text in said)


def _unless_nobody(met):
    """all(met), or None (not applicable) when the list is empty."""
    return all(met) if met else None


def overridden(users, final):
    """Sizes whose users were told their resize began, yet the cluster ended elsewhere."""
    return [u["asked"] for u in users
            if u["outcome"].startswith("accepted") and u["asked"] != final["node_count"]]


def resizing(cfg, resizers):
    """The resize rounds on demo-cluster, ``resizers`` demo sessions each."""
    magnum = clients.magnum(cfg, "demo")
    cluster = magnum.clusters.get(CLUSTER_NAME).uuid
    browsers = [WebSession(cfg.horizon_url, "demo") for _ in range(resizers)]
    return [resize_round(magnum, cluster, browsers, name, stagger)
            for name, stagger in RESIZE_ROUNDS]


def resize_tables(rounds):
    users = Table("Resizing demo-cluster's workers: what each user was told",
                  ("round", "asked", "cluster when sent", "answered in", "outcome",
                   "messages shown"))
    checks = Table("Resizing: the state each round left behind",
                   ("round", "before", "final", "check", "met"))
    told = Counter()
    for found in rounds:
        for user in found["users"]:
            said = " | ".join(f"{level}: {text}" for level, text in user["messages"])
            users.add(found["round"], user["asked"], user["cluster_status_when_sent"],
                      f"{user['seconds']:.2f} s",
                      user["outcome"], said or "-")
            told[f"{user['outcome']} <- {_counted(said)}"] += 1
        final = found["final"]
        state = f"{final['node_count']} nodes, {final['status']}"
        for check, met in found["checks"]:
            checks.add(found["round"], found["node_count_before"], state, check,
                       "n/a" if met is None else verdict(met))
            state = ""
        lost = overridden(found["users"], final)
        if lost:
            checks.notes.append(f"{found['round']}: told their resize began, yet the cluster "
                                f"ended at {final['node_count']}: the users who asked for "
                                f"{', '.join(map(str, lost))}")
    users.notes += ["cluster when sent: Magnum's status read just before the form was posted",
                    "messages seen, counted over all rounds (sizes as N):"] + [
        f"  {n} x {what}" for what, n in told.most_common()]
    return [users, checks]


def _counted(text):
    """A message with its numbers made N, so that users' messages can be counted."""
    return re.sub(r"\b\d+\b", "N", text) or "no message"


# -- the devcloud's logs -------------------------------------------------------

class LogErrors:
    """Tracebacks the devcloud's services logged from now on: an exception
    a page turned into a message still leaves one there."""

    def __init__(self, cfg):
        self._logs = sorted(cfg.path("log").glob("*.log"))
        self._offsets = {log: log.stat().st_size for log in self._logs}

    def since_start(self):
        counts = {}
        for log in self._logs:
            with open(log, "rb") as text:
                text.seek(self._offsets[log])
                counts[log.stem] = text.read().count(b"Traceback")
        return counts


# -- the run -----------------------------------------------------------------

def config():
    """The load devcloud's Config: its own state folder and ports, the rest
    as the bench devcloud's (empty Magnum seeded by cloud.start, big quota)."""
    os.environ.update(LOAD_DEVCLOUD)
    os.environ.setdefault("DEVCLOUD_OP_SECONDS", OP_SECONDS)
    return cloud.config()


def start_devcloud(cfg, timeout=60):
    """cloud.start, once the load ports are free. They lie in Linux's
    ephemeral range (32768-60999), where another program's outgoing
    connection may hold one for a moment."""
    cloud.stop(cfg)  # a load devcloud left running with --keep holds them too
    ports = (cfg.keystone_port, cfg.magnum_port, cfg.catalog_port, cfg.horizon_port)
    deadline = time.monotonic() + timeout
    while not all(processes.port_is_free(cfg.host, port) for port in ports):
        if time.monotonic() > deadline:
            break  # cloud.start names the port taken
        time.sleep(1)
    return cloud.start(cfg)


class Phases(dict):
    """Seconds each part of the run took: the whole run must stay bounded."""

    @contextlib.contextmanager
    def timing(self, name):
        began = time.monotonic()
        try:
            yield
        finally:
            self[name] = round(time.monotonic() - began, 1)


def run(cfg, args, phases):
    """Browse, then resize, with ``args.clusters`` in demo's project; the
    results document."""
    with phases.timing("copying cluster rows"):
        magnum_rows.fill_project(cfg, CLUSTER_NAME, args.clusters, **SETTLED)
    try:
        return measure(cfg, args, phases)
    finally:
        magnum_rows.remove_copies(cfg)


def measure(cfg, args, phases):
    with phases.timing("logging users in"):
        browsers, logins = log_in(cfg.horizon_url, args.users)
    print(f"{args.clusters} clusters in demo's project; {args.users} users logged in, "
          f"browsing for {args.seconds:.0f} s (load average {load_average()})...", flush=True)
    busy, logged = MachineLoad(cfg), LogErrors(cfg)
    with phases.timing("browsing"):
        views, deepest = browsing(browsers, args.seconds)
    cpu, load_after_browsing = busy.since_start(), load_average()
    browsed = browsing_result(views, deepest, logins, args.users, args.seconds, args.clusters)
    per_page = cpu_per_page(cpu, args.seconds, len(views))
    print(browsing_table(browsed, describe_busy(cpu)).render() + "\n", flush=True)
    print("CPU seconds per page view: " + ", ".join(f"{k} {v}" for k, v in per_page.items())
          + "\n", flush=True)
    scaled = []
    if args.horizon_workers:
        with phases.timing("Horizon worker scaling"):
            scaled = worker_scaling(cfg, args)
        print(scaling_table(scaled, args).render() + "\n", flush=True)
    print(f"{args.resizers} users resizing {CLUSTER_NAME} at once...", flush=True)
    with phases.timing("resizing, until settled"):
        rounds = resizing(cfg, args.resizers)
    for table in resize_tables(rounds):
        print(table.render() + "\n", flush=True)
    tracebacks = logged.since_start()
    print(f"tracebacks in the devcloud's logs meanwhile: {tracebacks}")
    return {"browsing": browsed | {"cpu_percent_of_one_core": cpu,
                                   "cpu_seconds_per_page": per_page,
                                   "load_average_after": load_after_browsing},
            "horizon_worker_scaling": scaled,
            "resizing": rounds, "tracebacks_logged": tracebacks,
            "page_views": [dataclasses.astuple(v) for v in views]}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load_test", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=10, help="browsing users (default 10)")
    parser.add_argument("--seconds", type=float, default=60.0, help="browsing time (default 60)")
    parser.add_argument("--clusters", type=int, default=500, help="in demo's project (500)")
    parser.add_argument("--resizers", type=int, default=5,
                        help="users resizing one cluster at once (default 5)")
    parser.add_argument("--horizon-workers", type=lambda text: [int(n) for n in text.split(",")],
                        default=[], help="production profile: browse again with each of "
                        "these counts of Horizon workers, e.g. 1,2,4")
    parser.add_argument("--scaling-seconds", type=float, default=30.0,
                        help="browsing time for each worker count (default 30)")
    parser.add_argument("--keep", action="store_true", help="leave the load devcloud running")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore")  # Horizon's and Magnum's dependencies' deprecations
    cfg = config()
    began, load_at_start, phases = time.monotonic(), load_average(), Phases()
    print(f"Machine: {os.cpu_count()} CPUs, load average {load_at_start} (1, 5, 15 min)",
          flush=True)
    try:
        with phases.timing("devcloud start and seed"):
            started = start_devcloud(cfg)
        print(f"load devcloud up in {started['total']} s, state in {cfg.state_dir}", flush=True)
        document = run(cfg, args, phases)
    finally:
        if not args.keep:
            with phases.timing("devcloud stop"):
                cloud.stop(cfg)
    document["setup"] = _setup(cfg, args, started, load_at_start, time.monotonic() - began) | {
        "phase_seconds": phases}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(document, indent=1) + "\n")
    print(f"whole run {document['setup']['total_seconds']} s ({dict(phases)}); load average "
          f"now {document['setup']['load_average_at_end']}\nresults: {RESULTS}")
    return 0


def _setup(cfg, args, started, load_at_start, seconds):
    commit = _git("rev-parse", "--short", "HEAD") + (
        "-dirty" if _git("status", "--porcelain", "--untracked-files=no") else "")
    return {"where": cloud.where(cfg), "profile": cfg.profile,
            "date": datetime.datetime.now().isoformat(timespec="seconds"), "commit": commit,
            "cpus": os.cpu_count(), "arguments": vars(args),
            "load_average_at_start": load_at_start, "load_average_at_end": load_average(),
            "devcloud_start_seconds": started, "total_seconds": round(seconds, 1),
            "op_seconds": cfg.op_seconds}


def _git(*args):
    # --no-optional-locks: only read, never refresh git's index (others work in this tree)
    return subprocess.run(["git", "--no-optional-locks", *args], cwd=REPO_ROOT,
                          capture_output=True, text=True).stdout.strip()


if __name__ == "__main__":
    raise SystemExit(main())
