"""Magnum's half-built clusters.

Magnum computes a cluster's counts from its node groups, which the conductor
creates just after the cluster row and destroys just before it: in between,
any read that includes the cluster fails with 400 "Invalid input for
field/attribute master_count". That lasts a moment; reads wait it out.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from coe_backend.errors import CoeError, ServiceUnavailable
from coe_backend.i18n import _

T = TypeVar("T")

_DELAYS = (0.1, 0.2, 0.4, 0.8, 1.5)


def is_half_built(error: CoeError) -> bool:
    return error.status_code == 400 and (
        "master_count" in error.message or "node_count" in error.message)


def waiting_out(read: Callable[[], T]) -> T:
    """`read()`, again after a pause while it meets a half-built cluster."""
    delays = iter(_DELAYS)
    while True:
        try:
            return read()
        except CoeError as error:
            delay = next(delays, None)
            if not is_half_built(error) or delay is None:
                raise
            time.sleep(delay)


def listing(read: Callable[[], T]) -> T:
    """A listing of clusters through waiting_out(); still refused after the
    wait, it is reported as a moment's unavailability, not bad input."""
    try:
        return waiting_out(read)
    except CoeError as error:
        if is_half_built(error):
            raise ServiceUnavailable(_(
                "Magnum is in the middle of creating or deleting a cluster and "
                "cannot list them right now; refresh in a few seconds."),
                status_code=400, request_id=error.request_id) from error
        raise
