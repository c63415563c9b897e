"""Explaining why a cluster failed."""

from datetime import datetime, timedelta, timezone

import pytest

from coe_backend import Category, Cluster, ClusterStatus, NodeGroup, is_stalled
from coe_backend.rules.diagnosis import diagnose


def failed(reason=None, faults=None, **fields):
    return Cluster(uuid="c", status=ClusterStatus.CREATE_FAILED,
                   status_reason=reason, faults=faults or {}, **fields)


@pytest.mark.parametrize("reason, category", [
    ("Quota exceeded for cores: Requested 8, but already used 20 of 20",
     Category.QUOTA),
    ("OverQuota: Quota exceeded for resources: ['floatingip']",
     Category.QUOTA),
    ("No valid host was found. There are not enough hosts available.",
     Category.CAPACITY),
    ("Image 6a2f could not be found.", Category.IMAGE),
    ("The image has no os_distro property", Category.IMAGE),
    ("Subnet 10.0.0.0/24 overlaps with another subnet", Category.NETWORK),
    ("Router gateway could not be set: Network public not found",
     Category.NETWORK),
    ("Unauthorized (HTTP 401): the application credential expired",
     Category.AUTH),
    ("Forbidden: 403 while fetching the image", Category.AUTH),
    ("Resource CREATE failed: timed out waiting for the control plane",
     Category.TIMEOUT),
    ("Something strange", Category.UNKNOWN),
])
def test_status_reason_is_classified(reason, category):
    result = diagnose(failed(reason))
    assert result.category is category
    assert result.summary and result.next_step


def test_faults_of_node_groups_are_read():
    result = diagnose(failed("CREATE failed", faults={
        "default-worker": "No valid host was found."}))
    assert result.category is Category.CAPACITY
    assert "default-worker: No valid host was found." in result.details


def test_failed_node_group_reason_is_read():
    group = NodeGroup(uuid="g", name="gpu", status=ClusterStatus.UPDATE_FAILED,
                      status_reason="Quota exceeded for instances")
    cluster = Cluster(uuid="c", status=ClusterStatus.UPDATE_FAILED)
    assert diagnose(cluster, [group]).category is Category.QUOTA


def test_unhealthy_nodes_are_named():
    cluster = Cluster(uuid="c", status=ClusterStatus.CREATE_COMPLETE,
                      health_status_reason={"api": "ok",
                                            "node-0.Ready": "True",
                                            "node-1.Ready": "False"})
    result = diagnose(cluster)
    assert result.category is Category.UNKNOWN
    assert "node-1" in result.summary and "node-0" not in result.summary


def test_nothing_said():
    result = diagnose(failed())
    assert result.category is Category.UNKNOWN and result.details == []


NOW = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)


def test_busy_for_too_long_is_stalled():
    cluster = Cluster(uuid="c", status=ClusterStatus.CREATE_IN_PROGRESS,
                      created_at=NOW - timedelta(hours=2))
    assert is_stalled(cluster, NOW, expected_seconds=3600)
    assert not is_stalled(cluster, NOW, expected_seconds=3 * 3600)


def test_last_update_counts_and_settled_is_never_stalled():
    cluster = Cluster(uuid="c", status=ClusterStatus.UPDATE_IN_PROGRESS,
                      created_at=NOW - timedelta(days=9),
                      updated_at=NOW - timedelta(minutes=5))
    assert not is_stalled(cluster, NOW, expected_seconds=600)
    done = Cluster(uuid="c", status=ClusterStatus.CREATE_COMPLETE,
                   created_at=NOW - timedelta(days=9))
    assert not is_stalled(done, NOW, expected_seconds=1)


def test_naive_timestamps_are_utc():
    cluster = Cluster(uuid="c", status=ClusterStatus.CREATE_IN_PROGRESS,
                      created_at=datetime(2024, 5, 1, 10, 0))
    assert is_stalled(cluster, NOW, expected_seconds=3600)
