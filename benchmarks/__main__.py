"""python -m benchmarks [--runs N] [--poll-seconds S] [--only NAME ...] [--keep]"""
import argparse
import dataclasses
import datetime
import os
import platform
import sys
import time
import warnings

from devcloud.config import Config

import benchmarks
from benchmarks import (cloud, cluster_list, cluster_search, create_wizard, horizon_inprocess,
                        http_calls, kubeconfig_download, polling, report, user_clients)
from benchmarks import fleet
from benchmarks.stats import timed

# In this order: the list and search benchmarks add and remove up to 10,000
# clusters, polling leaves 50 in progress.
BENCHMARKS = {"kubeconfig": kubeconfig_download, "wizard": create_wizard,
              "list": cluster_list, "search": cluster_search, "polling": polling}
# First: the fleet fills both regions with clusters of its own and removes them.
BENCHMARKS = {"fleet": fleet, **BENCHMARKS}
SETUP_BANNER = (
    "Setup: devcloud on loopback (127.0.0.1): real Keystone, real Magnum API + conductor on "
    "SQLite,\nsimulated cluster driver, Glance/Nova/Neutron stand-in; Horizon in this process "
    "(Django test client)\nexcept for polling and the next page in place (real Chromium on devcloud's Horizon). "
    "Not production numbers:\nthey compare coe-ui with its floor on the same machine.")


@dataclasses.dataclass
class Bench:
    """What every benchmark measures with."""
    cfg: Config
    runs: int
    poll_seconds: float
    recorder: http_calls.Recorder
    horizon: object  # Django test client logged in as demo
    demo: user_clients.UserClients


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=benchmarks.__doc__)
    parser.add_argument("--runs", type=int, default=7, help="timed runs per figure (default 7)")
    parser.add_argument("--poll-seconds", type=float, default=30.0,
                        help="how long the browser watches each polling case (default 30)")
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS, default=list(BENCHMARKS))
    parser.add_argument("--keep", action="store_true", help="leave the bench devcloud running")
    args = parser.parse_args(argv)
    # Deprecation warnings of Horizon's and Magnum's dependencies would bury the tables.
    warnings.filterwarnings("ignore")
    cfg = cloud.config()
    print(SETUP_BANNER + "\n" + _machine(), flush=True)
    began, load_at_start = time.monotonic(), os.getloadavg()
    try:
        timings = cloud.start(cfg)
        print(f"bench devcloud up in {timings['total']} s, state in {cfg.state_dir}\n"
              f"Measured on {cloud.where(cfg)}\n",
              flush=True)
        bench = _bench(cfg, args)
        results, durations = [], {}
        for name in (n for n in BENCHMARKS if n in args.only):
            took, result = timed(BENCHMARKS[name].run, bench)
            durations[result.name] = round(took, 1)
            results.append(result)
            for table in result.tables:
                print(table.render() + "\n", flush=True)
        setup = _setup(cfg, args, timings, durations, time.monotonic() - began) | {
            "load_average_at_start": load_at_start}
        print(f"{_machine()}; benchmarks took {durations} s\nresults: "
              f"{report.write_json(setup, results)}")
    finally:
        if not args.keep:
            cloud.stop(cfg)
    return 0


def _bench(cfg, args):
    horizon_inprocess.setup(cfg)
    recorder = http_calls.Recorder(cfg)
    recorder.install()
    return Bench(cfg, args.runs, args.poll_seconds, recorder=recorder,
                 horizon=horizon_inprocess.login("demo"),
                 demo=user_clients.UserClients(cfg, "demo"))


def _machine():
    """The machine's load, so that readers can judge the spread of the figures."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"Machine: {os.cpu_count()} CPUs, load average {load} (1, 5, 15 min)"


def _setup(cfg, args, timings, durations, seconds):
    return {"where": cloud.where(cfg), "profile": cfg.profile,
            "date": datetime.datetime.now().isoformat(timespec="seconds"),
            "commit": report.commit(), "cpus": os.cpu_count(),
            "load_average_at_end": os.getloadavg(),
            "python": platform.python_version(), "runs": args.runs,
            "devcloud_start_seconds": timings, "benchmark_seconds": durations,
            "total_seconds": round(seconds, 1),
            "ports": {"keystone": cfg.keystone_port, "magnum": cfg.magnum_port,
                      "catalog": cfg.catalog_port, "horizon": cfg.horizon_port}}


if __name__ == "__main__":
    sys.exit(main())
