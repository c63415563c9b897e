"""What every group of client operations shares: the Magnum connection and
the memory of resources this client just created.

Magnum writes a new cluster's or node group's row in the conductor, after
answering the POST, so a GET right after a create can briefly answer 404.
Reads of something this client created moments ago are therefore retried
for a few seconds before NotFound is believed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from coe_backend.errors import CoeError, NotFound
from coe_backend.magnum_connection import MagnumConnection

T = TypeVar("T")

# Seconds to wait between retries; about four seconds in all.
_NOT_YET_VISIBLE_DELAYS = (0.2, 0.5, 1.0, 2.0)
_JUST_CREATED_SECONDS = 60.0

# Between reads while waiting for the conductor to start a cast operation:
# usually a fraction of a second, about five seconds at most.
_START_VISIBLE_DELAYS = (0.1, 0.2, 0.3, 0.4, 0.5, 1.0, 1.0, 1.5)


class MagnumOperations:
    _magnum: MagnumConnection
    _created_at: dict[str, float]

    def _remember_created(self, *idents: str | None) -> None:
        now = time.monotonic()
        self._created_at.update({ident: now for ident in idents if ident})

    def _read(self, path: str, ident: str) -> dict[str, Any]:
        """GET `path`, allowing for a just-created `ident` to show up late."""
        delays = iter(_NOT_YET_VISIBLE_DELAYS)
        while True:
            try:
                return self._magnum.call("GET", path) or {}
            except NotFound:
                created = self._created_at.get(ident)
                delay = next(delays, None)
                if created is None or delay is None or (
                        time.monotonic() - created > _JUST_CREATED_SECONDS):
                    raise
                time.sleep(delay)


def wait_until(check: Callable[[], T | None],
               delays: Iterable[float]) -> T | None:
    """Call `check` until it returns something, sleeping `delays` between."""
    for delay in (0.0, *delays):
        time.sleep(delay)
        result = check()
        if result is not None:
            return result
    return None


def wait_until_started(read: Callable[[], T], changed: Callable[[T], bool]) -> bool:
    """After a cast (which Magnum answers before its conductor starts it),
    wait until `read()` shows the resource `changed` or gone, so whoever
    reads it next sees the operation under way rather than the old state.
    False if that has not happened within a few seconds: the conductor is
    busy or dropped the work, and the caller should say it is pending."""
    def started() -> bool | None:
        try:
            return True if changed(read()) else None
        except NotFound:
            return True
        except CoeError:
            return None  # the request was accepted all the same; keep looking

    return bool(wait_until(started, _START_VISIBLE_DELAYS))
