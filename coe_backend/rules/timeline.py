"""A cluster's timeline: the status changes a dashboard saw, kept by it.

Magnum keeps no history of a cluster (it has no events API): a status or
``status_reason`` that passed is gone. A dashboard that reads clusters now
and then can keep what it saw. This module decides what is worth keeping and
merges one reading into a bounded history; where the history lives (coe-ui:
Horizon's cache) is the caller's business, and it is stored as plain data
(``to_data`` / ``Timeline.from_data``), not as these classes.

What it can know, and what it cannot:

* only what was read: a change that came and went between two readings is
  never seen;
* ``seen_at`` is when the reading was made, not when Magnum made the change
  (the change happened at some time since the reading before);
* readings can arrive out of order (two workers, a slow answer): one older
  than the newest kept, by Magnum's ``updated_at`` (None until Magnum first
  updates the cluster), is ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from coe_backend.models import Cluster
from coe_backend.rules.status import HealthStatus

MAX_ENTRIES = 50          # the oldest go first
MAX_REASON_CHARS = 1000   # a driver's reason can be a whole traceback
DATA_FORMAT = 1           # the shape of to_data(); another shape reads as empty


def _shortened(text: str | None) -> str | None:
    if not text:
        return None
    return text if len(text) <= MAX_REASON_CHARS else text[:MAX_REASON_CHARS - 1] + "…"


def _health_reason(cluster: Cluster) -> str | None:
    """The health reason while the cluster is not healthy: what explains it.
    A healthy cluster's reason only lists its nodes as ready (it changes with
    every resize), so it is not kept."""
    if cluster.health_status == HealthStatus.HEALTHY or not cluster.health_status_reason:
        return None
    return _shortened("; ".join(f"{key}: {value}" for key, value
                                in sorted(cluster.health_status_reason.items())))


def _timestamp(moment: datetime | None) -> float | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)  # Magnum's times are UTC
    return moment.timestamp()


def _moment(timestamp: float | None) -> datetime | None:
    return None if timestamp is None else datetime.fromtimestamp(timestamp, timezone.utc)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class TimelineEntry:
    """The cluster as one reading saw it, when it differed from the reading before."""

    seen_at: datetime                  # when it was read, not when Magnum changed it
    status: str | None
    status_reason: str | None
    health_status: str | None
    health_status_reason: str | None   # only while not healthy
    updated_at: datetime | None = None  # Magnum's, as read: orders the readings

    @classmethod
    def of(cls, cluster: Cluster, seen_at: datetime) -> TimelineEntry:
        return cls(seen_at=seen_at, status=cluster.status and str(cluster.status),
                   status_reason=_shortened(cluster.status_reason),
                   health_status=cluster.health_status and str(cluster.health_status),
                   health_status_reason=_health_reason(cluster),
                   updated_at=cluster.updated_at)

    @property
    def what_was_seen(self) -> tuple[str | None, ...]:
        return (self.status, self.status_reason, self.health_status, self.health_status_reason)

    @property
    def is_failed(self) -> bool:
        return bool(self.status and self.status.endswith("_FAILED"))

    @property
    def is_unhealthy(self) -> bool:
        return self.health_status == HealthStatus.UNHEALTHY

    @property
    def is_trouble(self) -> bool:
        """A failed status or an unhealthy cluster."""
        return self.is_failed or self.is_unhealthy


@dataclass(frozen=True)
class Timeline:
    """What was seen of one cluster, oldest first. The first entry is the
    cluster as first seen (or first seen again after the history was lost),
    each later one a change."""

    entries: tuple[TimelineEntry, ...] = ()

    @property
    def latest(self) -> TimelineEntry | None:
        return self.entries[-1] if self.entries else None

    @property
    def last_change(self) -> TimelineEntry | None:
        """The latest entry that is a change seen (not the first sighting)."""
        return self.entries[-1] if len(self.entries) > 1 else None

    @property
    def past_troubles(self) -> tuple[TimelineEntry, ...]:
        """Failures and ill health seen before the cluster's current state:
        what Magnum no longer shows."""
        return tuple(entry for entry in self.entries[:-1] if entry.is_trouble)

    def observe(self, cluster: Cluster, now: datetime,
                keep_for: timedelta) -> Timeline | None:
        """The timeline with this reading of the cluster merged in, or None
        when it holds nothing new (nothing to store). Entries seen longer
        than ``keep_for`` ago are dropped (not the latest: the state the
        change came from), then all but the last MAX_ENTRIES."""
        now = _aware(now)
        seen = TimelineEntry.of(cluster, now)
        latest = self.latest
        if latest is not None:
            if latest.what_was_seen == seen.what_was_seen:
                return None
            if latest.updated_at and (seen.updated_at is None or _timestamp(seen.updated_at)
                                      < _timestamp(latest.updated_at)):
                return None  # read before the reading already kept: out of date
        oldest = now - keep_for
        kept = [entry for entry in self.entries[:-1] if entry.seen_at >= oldest]
        kept += self.entries[-1:]
        return Timeline(tuple([*kept, seen][-MAX_ENTRIES:]))

    def to_data(self) -> dict[str, Any]:
        """Plain data (numbers, strings, lists) for a cache or a file."""
        return {"format": DATA_FORMAT, "entries": [
            [_timestamp(e.seen_at), e.status, e.status_reason, e.health_status,
             e.health_status_reason, _timestamp(e.updated_at)] for e in self.entries]}

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | None) -> Timeline:
        """The timeline ``to_data`` gave; empty for None or any other shape
        (an older format after an upgrade starts afresh)."""
        if not isinstance(data, Mapping) or data.get("format") != DATA_FORMAT:
            return cls()
        try:
            return cls(tuple(
                TimelineEntry(seen_at=datetime.fromtimestamp(seen_at, timezone.utc), status=status, status_reason=reason,
                              health_status=health, health_status_reason=health_reason,
                              updated_at=_moment(updated_at))
                for seen_at, status, reason, health, health_reason, updated_at
                in data["entries"]))
        except (KeyError, TypeError, ValueError):
            return cls()
