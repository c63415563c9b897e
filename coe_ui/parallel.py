"""The reads one page needs, made side by side (each a Magnum, Keystone or
catalog call of its own, so a page takes about as long as its slowest read)."""
from concurrent.futures import ThreadPoolExecutor

import coe_backend

MAX_PARALLEL_READS = 8


class Reads:
    """What each named read came to: ``result`` raises its CoeError,
    ``or_none`` gives None for it (a read the page can do without),
    ``error`` is that error (None if the read succeeded)."""

    def __init__(self, futures):
        self._futures = futures

    def result(self, name):
        return self._futures[name].result()

    def error(self, name):
        try:
            self.result(name)
        except coe_backend.CoeError as error:
            return error
        return None

    def or_none(self, name):
        return None if self.error(name) else self.result(name)


def side_by_side(**reads):
    """Start every read (a callable taking no argument) at once; returns
    when all have ended."""
    with ThreadPoolExecutor(max_workers=min(len(reads), MAX_PARALLEL_READS)) as pool:
        futures = {name: pool.submit(read) for name, read in reads.items()}
    return Reads(futures)


def each(read, items):
    """[read(item) for item in items], side by side."""
    items = list(items)
    if not items:
        return []
    with ThreadPoolExecutor(max_workers=min(len(items), MAX_PARALLEL_READS)) as pool:
        return list(pool.map(read, items))
