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

The scenarios are benchmarks.load_browsing and benchmarks.load_resizing;
this file runs them on the load devcloud and reports.
"""
import argparse
import contextlib
import dataclasses
import datetime
import json
import os
import time
import warnings

from devcloud import processes
from devcloud.config import REPO_ROOT, Config
from devcloud.seed import CLUSTER_NAME

from benchmarks import cloud, magnum_rows, report
from benchmarks.cluster_list import SETTLED
from benchmarks.cpu import MachineLoad, cpu_per_page, describe_busy, load_average
from benchmarks.load_browsing import (browsing, browsing_result, browsing_table, log_in,
                                      scaling_table, worker_scaling)
from benchmarks.load_resizing import resize_tables, resizing

# Where the load devcloud lives, whatever DEVCLOUD_* variables are exported:
# cloud.start empties the Magnum it finds there.
# .devcloud-load (-production); Keystone on 45000, Magnum on 49511...
LOAD_DEVCLOUD = Config.isolated_environment("load", 40000, cloud.PROFILE)
# devcloud's default, not the bench's 0.5 s: a resize stays in progress long
# enough for a later submission to meet it.
OP_SECONDS = "3"
RESULTS = REPO_ROOT / "benchmarks" / "results" / "load.json"


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
    return {"where": cloud.where(cfg), "profile": cfg.profile,
            "date": datetime.datetime.now().isoformat(timespec="seconds"),
            "commit": report.commit(),
            "cpus": os.cpu_count(), "arguments": vars(args),
            "load_average_at_start": load_at_start, "load_average_at_end": load_average(),
            "devcloud_start_seconds": started, "total_seconds": round(seconds, 1),
            "op_seconds": cfg.op_seconds}


if __name__ == "__main__":
    raise SystemExit(main())
