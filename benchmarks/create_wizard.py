"""2) Opening the create-cluster wizard (GET create/ as the modal's AJAX
request) against the slowest single look-up it needs. Each look-up is timed
alone through coe_backend, with a fresh client as a page view has; the
wizard and the look-ups take turns so that all meet the same machine load.
The wizard runs its look-ups concurrently, so it should take about as long
as the slowest one."""
from benchmarks import http_calls
from benchmarks.horizon_inprocess import checked
from benchmarks.report import Result, Table, count, ms, verdict
from benchmarks.stats import Figure, measure_rounds

WIZARD = "/project/clusters/create/"
LOOKUPS = {
    "Magnum cluster templates": "list_cluster_templates",
    "images (Glance)": "list_images",
    "flavors (Nova)": "list_flavors",
    "key pairs (Nova)": "list_keypairs",
    "networks (Neutron)": "list_networks",
    "subnets (Neutron)": "list_subnets",
    "project limits (Nova, Cinder, Neutron, Octavia)": "get_project_limits",
}
WIZARD_LABEL = "wizard open (AJAX GET create/)"
TARGET = 1.3


def run(bench):
    def lookup(method):
        return lambda: getattr(bench.demo.client(), method)()
    found = measure_rounds(bench.runs, {
        WIZARD_LABEL: lambda: checked(bench.horizon.get(
            WIZARD, HTTP_X_REQUESTED_WITH="XMLHttpRequest")),
        **{label: lookup(method) for label, method in LOOKUPS.items()}}, bench.recorder)
    wizard = found[WIZARD_LABEL]
    lookups = {label: found[label] for label in LOOKUPS}
    slowest = max(lookups, key=lambda label: lookups[label].seconds.median)
    rounds = list(zip(*(r.seconds.samples for r in lookups.values())))
    # Against the slowest look-up of the same round, whichever it was then.
    ratio = Figure.of(w / max(r) for w, r in zip(wizard.seconds.samples, rounds))
    one_after_another = Figure.of(sum(r) for r in rounds)
    in_flight = Figure.of(http_calls.waited(run) for run in wizard.calls)

    table = Table("2) Create wizard open: ms = median [min–max] ±stdev; calls per run",
                  ("what", "time", "calls", "Magnum", "catalog stand-in", "keystone",
                   "by Horizon itself"))
    for label, runs in found.items():
        table.add(label, ms(runs.seconds), count(runs.count()),
                  *(count(runs.count(lambda c, s=s: c.service == s))
                    for s in ("magnum", "catalog", "keystone")),
                  count(runs.count(lambda c: not c.ours)))
    table.notes += [
        "each look-up alone: a fresh coe_backend client, which pays its own endpoint "
        "discovery as the wizard's one client does.",
        f"wizard: calls in flight during {ms(in_flight)} ms of the view; the rest is Django, "
        "Horizon and coe-ui in this process. The look-ups one after another would take "
        f"{ms(one_after_another)} ms.",
        f"slowest look-up by median: {slowest}; wizard / slowest look-up of the same round: "
        f"{ratio.median:.2f}x [{ratio.low:.2f}–{ratio.high:.2f}]",
        f"target wizard <= {TARGET}x the slowest look-up: {verdict(ratio.median <= TARGET)}"]
    return Result("create_wizard", [table], {
        "wizard": wizard, "lookups": lookups, "slowest_lookup": slowest,
        "wizard_calls_in_flight_seconds": in_flight,
        "lookups_one_after_another_seconds": one_after_another, "ratio_to_slowest": ratio,
        "target_met": ratio.median <= TARGET})
