"""6) The Fleet page (Project > Container Infra > Fleet) across regions.

With 100 of `demo`'s clusters in each of the devcloud's two regions (copies
of each region's demo cluster, written into that region's Magnum database):
the page's server time and its HTTP calls per view, by service and region
(the fleet reads every region side by side: the calls must not grow with
the clusters). Then with a third region in Keystone's catalog whose Magnum
is a local TCP server that accepts and never answers: the page must answer
by the fleet's deadline (FLEET_REGION_TIMEOUT, 5 s by default), not wait
for it. The production profile has one region: the figures say so.
"""
from devcloud import clients, keystone, magnum
from devcloud.config import REGION_TWO
from devcloud.seed import CLUSTER_NAME
from devcloud.silent_server import silent_server

from benchmarks import cloud, http_calls, magnum_rows
from benchmarks.horizon_inprocess import checked, login
from benchmarks.report import Result, Table, count, ms, verdict
from benchmarks.stats import measure

PAGE = "/project/fleet/"
CLUSTERS_PER_REGION = 100
HANGING_REGION = "RegionHangs"
DEADLINE_SECONDS = 5.0   # coe-ui's default FLEET_REGION_TIMEOUT
HANGING_RUNS = 3         # each costs the deadline
SETTLED = {"status": "CHECK_COMPLETE"}  # as the cluster list's copies (cluster_list.py)
SERVICES = ("magnum", "magnum RegionTwo", "keystone", "catalog", "other")


def run(bench):
    cfg = bench.cfg
    databases = [cfg] + ([] if cfg.production else [magnum.region_two(cfg)])
    if not cfg.production:
        cloud.wait_until(clients.magnum(cfg, "demo", region=REGION_TWO),
                         f"{REGION_TWO}'s {CLUSTER_NAME} CREATE_COMPLETE",
                         lambda found: any(c.name == CLUSTER_NAME and c.status == "CREATE_COMPLETE"
                                           for c in found))
    try:
        for database in databases:
            magnum_rows.fill_project(database, CLUSTER_NAME, CLUSTERS_PER_REGION, **SETTLED)
        answering = measure(bench.runs, lambda: checked(bench.horizon.get(PAGE)), bench.recorder)
        hanging = _with_a_hanging_region(bench)
    finally:
        for database in databases:
            magnum_rows.remove_copies(database)
    rows = answering.last.content.decode().count('data-object-id="')
    met = hanging.seconds.high <= DEADLINE_SECONDS + 1.0
    named = HANGING_REGION in hanging.last.content.decode()
    return Result("fleet", _tables(databases, answering, hanging, rows, met, named), {
        "regions": len(databases), "clusters_per_region": CLUSTERS_PER_REGION, "rows": rows,
        "answering": answering, "one_region_hanging": hanging,
        "target_within_deadline_met": met, "hanging_region_named": named})


def _with_a_hanging_region(bench):
    """The page, logged in afresh (the token's catalog then lists the third region)."""
    with silent_server() as port, \
            keystone.extra_region(bench.cfg, HANGING_REGION, f"http://127.0.0.1:{port}/v1"):
        horizon = login("demo")
        return measure(HANGING_RUNS, lambda: checked(horizon.get(PAGE)), bench.recorder)


def _calls(runs, service):
    return count(runs.count(lambda c: c.service == service))


def _tables(databases, answering, hanging, rows, met, named):
    regions = len(databases)
    times = Table(f"6) Fleet page: {regions} region(s) x {CLUSTERS_PER_REGION} clusters, "
                  "server time per view, ms = median [min–max] ±stdev",
                  ("case", "rows", "page view", "waiting on calls", *SERVICES))
    for label, runs in ((f"{regions} regions answering", answering),
                        (f"+ {HANGING_REGION} never answering", hanging)):
        times.add(label, runs.last.content.decode().count('data-object-id="'), ms(runs.seconds),
                  ms(type(runs.seconds).of(http_calls.waited(run) for run in runs.calls)),
                  *(_calls(runs, service) for service in SERVICES))
    kinds = http_calls.magnum_kinds(call for run in answering.calls[:1] for call in run)
    times.notes += [
        "calls: HTTP calls per view by service (median [min–max]); 'other' is the hanging "
        "region's silent server. Magnum calls of one view: " + ", ".join(
            f"{k} x{n}" for k, n in sorted(kinds.items())),
        f"rows shown: {rows} ({CLUSTERS_PER_REGION} per region: its demo cluster and copies of "
        "it); the hanging case logs in afresh, so its token's catalog lists the third region.",
        f"target: with a region hanging the page answers by the deadline ({DEADLINE_SECONDS:g} s "
        f"+ 1 s): {verdict(met)} (slowest {hanging.seconds.high:.1f} s over {HANGING_RUNS} "
        f"views); the hanging region named on the page: {verdict(named)}."]
    if regions == 1:
        times.notes.append("the production profile has one region: no RegionTwo figures.")
    return [times]


if __name__ == "__main__":  # python -m benchmarks.fleet: this benchmark alone
    import sys
    from benchmarks.__main__ import main
    sys.exit(main(["--only", "fleet", *sys.argv[1:]]))
