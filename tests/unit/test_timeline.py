"""A cluster's timeline: which readings are changes, and a bounded history."""

from datetime import datetime, timedelta, timezone

from coe_backend import Cluster, ClusterStatus, HealthStatus, Timeline
from coe_backend.rules import timeline as rule

START = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)
WEEK = timedelta(days=7)


def cluster(status, reason=None, health=None, health_reason=None, updated=None):
    return Cluster(uuid="c", status=ClusterStatus(status), status_reason=reason,
                   health_status=health and HealthStatus(health),
                   health_status_reason=health_reason or {}, updated_at=updated)


def seen(*readings, keep=WEEK):
    """The timeline after these readings, one a minute from START."""
    timeline = Timeline()
    for minute, reading in enumerate(readings):
        timeline = timeline.observe(reading, START + timedelta(minutes=minute), keep) or timeline
    return timeline


def test_a_status_change_is_kept_with_when_it_was_seen_and_its_reason():
    timeline = seen(cluster("CREATE_IN_PROGRESS"), cluster("CREATE_IN_PROGRESS"),
                    cluster("CREATE_FAILED", "Quota exceeded for cores"))
    assert [(e.status, e.status_reason) for e in timeline.entries] == [
        ("CREATE_IN_PROGRESS", None), ("CREATE_FAILED", "Quota exceeded for cores")]
    assert timeline.last_change.seen_at == START + timedelta(minutes=2)


def test_a_reading_with_nothing_new_asks_for_no_write():
    timeline = seen(cluster("CREATE_COMPLETE", "done"))
    assert timeline.observe(cluster("CREATE_COMPLETE", "done"), START + WEEK, WEEK) is None
    assert seen(cluster("CREATE_COMPLETE")).last_change is None  # a first sighting only


def test_a_transient_error_stays_after_it_passed():
    timeline = seen(cluster("UPDATE_IN_PROGRESS"),
                    cluster("UPDATE_FAILED", "No valid host was found"),
                    cluster("UPDATE_IN_PROGRESS"), cluster("UPDATE_COMPLETE"))
    assert [e.status_reason for e in timeline.past_troubles] == ["No valid host was found"]
    assert not timeline.latest.is_trouble


def test_ill_health_is_kept_with_its_reason_but_a_healthy_clusters_node_list_is_not():
    timeline = seen(cluster("CREATE_COMPLETE", health="HEALTHY",
                            health_reason={"api": "ok", "n-0.Ready": "True"}),
                    cluster("CREATE_COMPLETE", health="HEALTHY",
                            health_reason={"api": "ok", "n-0.Ready": "True", "n-1.Ready": "True"}),
                    cluster("CREATE_COMPLETE", health="UNHEALTHY",
                            health_reason={"api": "ok", "n-1.Ready": "False"}))
    assert [(e.health_status, e.health_status_reason) for e in timeline.entries] == [
        ("HEALTHY", None), ("UNHEALTHY", "api: ok; n-1.Ready: False")]
    assert timeline.past_troubles == () and timeline.latest.is_trouble


def test_a_reading_older_than_the_one_kept_is_ignored():
    """Two workers: the slower answer, read before the kept one, arrives after it."""
    newer = START + timedelta(seconds=30)
    timeline = seen(cluster("CREATE_COMPLETE", updated=newer))
    for late in (cluster("CREATE_IN_PROGRESS", updated=START), cluster("CREATE_IN_PROGRESS")):
        assert timeline.observe(late, START + timedelta(minutes=5), WEEK) is None


def test_the_history_is_bounded_by_count_and_age_but_keeps_the_state_changed_from():
    flapping = [cluster("UPDATE_IN_PROGRESS", f"step {i}") for i in range(rule.MAX_ENTRIES + 10)]
    timeline = seen(*flapping)
    assert len(timeline.entries) == rule.MAX_ENTRIES
    assert timeline.latest.status_reason == f"step {rule.MAX_ENTRIES + 9}"

    old = seen(cluster("CREATE_IN_PROGRESS"), cluster("CREATE_COMPLETE"), keep=timedelta(hours=1))
    later = old.observe(cluster("UPDATE_IN_PROGRESS"), START + timedelta(days=2),
                        timedelta(hours=1))
    assert [e.status for e in later.entries] == ["CREATE_COMPLETE", "UPDATE_IN_PROGRESS"]


def test_a_long_reason_is_shortened():
    timeline = seen(cluster("CREATE_FAILED", "x" * 50_000))
    assert len(timeline.latest.status_reason) == rule.MAX_REASON_CHARS


def test_it_survives_plain_data_and_reads_anything_else_as_empty():
    timeline = seen(cluster("CREATE_IN_PROGRESS", updated=START),
                    cluster("CREATE_FAILED", "<b>quota</b>", "UNHEALTHY", {"api": "down"},
                            updated=START + timedelta(minutes=1)))
    assert len(timeline.entries) == 2
    assert Timeline.from_data(timeline.to_data()) == timeline
    for other in (None, {}, {"format": 0, "entries": []}, {"format": 1, "entries": [[1]]},
                  {"format": 1, "entries": [[None, "x", None, None, None, None]]}):
        assert Timeline.from_data(other) == Timeline()
