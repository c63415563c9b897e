"""4) Polling: the requests one open Clusters page makes by itself, with 0, 5
and 50 clusters in progress, measured in a real headless Chromium on the
devcloud's Horizon.

Horizon polls each unsettled row of the page shown, one request per row
per round; the pause between rounds grows by 2.5 s each round and starts
again whenever a row changes. Requests are counted where they arrive:
``action=row_update`` lines in Horizon's access log, and the API request
lines in Magnum's log but cluster lists and creates (nothing else talks to
Magnum meanwhile).

The clusters in progress are rows in Magnum's database (see magnum_rows):
through the API, Magnum's one conductor makes two certificates per cluster,
and on a busy machine it leaves some clusters waiting longer than devcloud's
driver tolerates (DEVCLOUD_OP_SECONDS + 8 s), which then fail.
"""
import datetime
import re
import time
from collections import Counter

from selenium.webdriver.common.by import By

from devcloud.seed import CLUSTER_NAME
from tests.e2e.chromium import Browser, start_chromium

from benchmarks import http_calls, magnum_rows
from benchmarks.horizon_inprocess import checked
from benchmarks.report import Result, Table, count, ms
from benchmarks.stats import measure

IN_PROGRESS = (0, 5, 50)
SLICE_SECONDS = 10
POLLED_ROWS = "#clusters tr.warning.ajax-update"  # what horizon.tables.js polls
ROW_UPDATE = re.compile(r'GET [^"]*action=row_update')
# Any API request but the cluster lists and creates, which are the page's own
# load and this benchmark's preparation (whose last log lines may land late).
MAGNUM_REQUEST = re.compile(r'(GET|POST|PUT|PATCH|DELETE) (/v1/(?!clusters(/detail)?[ ?])[^ ?]*)')


def _in_progress():
    """Column changes that make a copy a cluster being created: no API
    address yet, and an update time an hour ahead, since devcloud's driver
    completes a cluster left in progress without an operation once it has
    not changed for DEVCLOUD_OP_SECONDS + 8 s."""
    ahead = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
    return {"status": "CREATE_IN_PROGRESS", "api_address": None,
            "updated_at": ahead.strftime("%Y-%m-%d %H:%M:%S.%f")}


class LogTail:
    """Counts, by kind, the matching lines appended to a log file from now on."""

    def __init__(self, path, pattern, kind):
        self._file = open(path, errors="replace")
        self._file.seek(0, 2)
        self._pattern = pattern
        self._kind = kind
        self.kinds = Counter()

    def read(self):
        """The count so far."""
        for line in self._file.readlines():
            if match := self._pattern.search(line):
                self.kinds[self._kind(match)] += 1
        return self.count

    @property
    def count(self):
        return sum(self.kinds.values())

    def close(self):
        self._file.close()


def run(bench):
    browser = Browser(start_chromium(), bench.cfg.url(bench.cfg.horizon_port))
    try:
        browser.login("demo")
        cases = []
        for wanted in IN_PROGRESS:
            # The project holds demo-cluster and the copies.
            busy = magnum_rows.fill_project(bench.cfg, CLUSTER_NAME, 1 + wanted, **_in_progress())
            cases.append(_watch(browser, bench.cfg, bench.poll_seconds) | {"in_progress": wanted})
        row_update = _one_row_update(bench, busy[0])
    finally:
        browser.driver.quit()
        magnum_rows.remove_copies(bench.cfg)
    return Result("polling", [_table(cases, row_update)], {"cases": cases,
                                                           "one_row_update": row_update})


def _one_row_update(bench, cluster_uuid):
    """What one row update costs, in this process: its time and its calls,
    including those to Keystone, whose log does not list requests."""
    url = f"/project/clusters/?action=row_update&table=clusters&obj_id={cluster_uuid}"
    return measure(bench.runs, lambda: checked(bench.horizon.get(
        url, HTTP_X_REQUESTED_WITH="XMLHttpRequest")), bench.recorder)


def _watch(browser, cfg, seconds):
    """Open the Clusters page and count, second by second, what it asks for
    from the moment it is requested (its first round starts as it loads)."""
    horizon = LogTail(cfg.path("log", "horizon.log"), ROW_UPDATE, lambda match: "row update")
    magnum = LogTail(cfg.path("log", "magnum-server.log"), MAGNUM_REQUEST,
                     lambda match: f"{match[1]} {http_calls.magnum_path_kind(match[2])}")
    row_updates, magnum_requests = [], []  # cumulative, one sample a second
    began = time.monotonic()
    try:
        browser.open("/project/clusters/")
        browser.wait_for("#clusters")
        polled_rows = len(browser.driver.find_elements(By.CSS_SELECTOR, POLLED_ROWS))
        while (elapsed := time.monotonic() - began) < seconds:
            time.sleep(min(1.0, seconds - elapsed))
            row_updates.append(horizon.read())
            magnum_requests.append(magnum.read())
    finally:
        horizon.close()
        magnum.close()
    return {"rows_polled": polled_rows, "seconds": time.monotonic() - began,
            "row_updates": horizon.count, "magnum_requests": magnum.count,
            "magnum_requests_by_kind": dict(magnum.kinds),
            "row_updates_per_slice": _per_slice(row_updates),
            "magnum_requests_per_slice": _per_slice(magnum_requests)}


def _per_slice(cumulative):
    """Counts per SLICE_SECONDS from cumulative per-second counts."""
    ends = cumulative[SLICE_SECONDS - 1::SLICE_SECONDS]
    if len(cumulative) % SLICE_SECONDS:
        ends.append(cumulative[-1])
    return [end - start for start, end in zip([0] + ends, ends)]


def _table(cases, row_update):
    keystone = row_update.count(lambda c: c.service == "keystone")
    table = Table(f"4) Polling by one open Clusters page, its first {cases[0]['seconds']:.0f} s "
                  "from opening (one watch per case)",
                  ("in progress", "rows polled", "to Horizon /min", "to Magnum /min",
                   "to Keystone /min (est.)", f"row updates per {SLICE_SECONDS} s",
                   "Magnum per row update", "Magnum requests by kind"))
    for case in cases:
        updates, per_minute = case["row_updates"], 60.0 / case["seconds"]
        table.add(case["in_progress"], case["rows_polled"],
                  f"{updates * per_minute:.0f}", f"{case['magnum_requests'] * per_minute:.0f}",
                  f"{updates * keystone.median * per_minute:.0f}",
                  " / ".join(map(str, case["row_updates_per_slice"])),
                  f"{case['magnum_requests'] / updates:.2f}" if updates else "-",
                  ", ".join(f"{k} x{n}" for k, n in sorted(case["magnum_requests_by_kind"].items()))
                  or "-")
    table.notes += [
        "/min: requests counted over the watch, times 60 / its length. Horizon lengthens the "
        "pause after each round until a row changes, so a longer watch may give a lower rate.",
        "rows polled: the unsettled rows of the page shown, which holds 20 rows by default.",
        f"one row update, in-process: {ms(row_update.seconds)} ms; calls: Magnum "
        f"{count(row_update.count(lambda c: c.service == 'magnum'))}, Keystone {count(keystone)}"
        f" (by Horizon itself: {count(row_update.count(lambda c: not c.ours))}); "
        "Keystone's log lists no requests, so Keystone /min is estimated from this."]
    return table
