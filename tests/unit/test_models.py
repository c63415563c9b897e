"""Typed models and what a cluster's or node group's state allows."""

import pytest
from magnumclient.v1.clusters import Cluster as MagnumclientCluster

from coe_backend import (
    Action, Cluster, ClusterStatus, ClusterTemplate, HealthStatus, NodeGroup,
    NodeGroupAction, Quota)

S = ClusterStatus
ADDRESS = "https://10.0.0.5:6443"
EVERYTHING = frozenset(Action)


def cluster(status, api_address=ADDRESS, **fields):
    return Cluster(uuid="c", status=status, api_address=api_address,
                   **fields)


@pytest.mark.parametrize("status, allowed", [
    (S.CREATE_IN_PROGRESS, {Action.DELETE, Action.GET_CREDENTIALS}),
    (S.CREATE_COMPLETE, EVERYTHING),
    (S.UPDATE_COMPLETE, EVERYTHING),
    (S.ROLLBACK_COMPLETE, EVERYTHING),
    (S.ADOPT_COMPLETE, EVERYTHING),
    # The conductor lets credentials rotate (and the autoscaler resize)
    # while an update runs; a person's resize waits for it to end, as two
    # resizes at once leave the cluster at whichever came last.
    (S.UPDATE_IN_PROGRESS, {Action.ROTATE_CREDENTIALS,
                            Action.DELETE, Action.GET_CREDENTIALS}),
    (S.UPDATE_FAILED, {Action.RESIZE, Action.ROTATE_CREDENTIALS,
                       Action.DELETE, Action.GET_CREDENTIALS}),
    (S.CREATE_FAILED, {Action.DELETE, Action.GET_CREDENTIALS}),
    (S.ROLLBACK_FAILED, {Action.DELETE, Action.GET_CREDENTIALS}),
    (S.DELETE_FAILED, {Action.DELETE, Action.GET_CREDENTIALS}),
    (S.DELETE_IN_PROGRESS, set()),
    (S.DELETE_COMPLETE, set()),
])
def test_allowed_actions_follow_the_conductor(status, allowed):
    assert cluster(status).allowed_actions == frozenset(allowed)


def test_credentials_and_node_groups_need_an_api_address():
    pending = cluster(S.CREATE_COMPLETE, api_address=None)
    assert Action.GET_CREDENTIALS not in pending.allowed_actions
    assert Action.ADD_NODE_GROUP not in pending.allowed_actions
    assert "API address" in pending.reason_for(Action.GET_CREDENTIALS)
    assert Action.RESIZE in pending.allowed_actions


def test_a_failed_create_is_not_told_to_wait_for_an_address():
    failed = cluster(S.CREATE_FAILED, api_address=None)
    reason = failed.reason_for(Action.GET_CREDENTIALS)
    assert "failed to be created" in reason and "Wait" not in reason
    assert "Wait until it has been created" in cluster(
        S.CREATE_IN_PROGRESS, api_address=None).reason_for(Action.GET_CREDENTIALS)


def test_reason_names_the_state_and_what_to_do():
    reason = cluster(S.UPDATE_IN_PROGRESS).reason_for(Action.UPGRADE)
    assert "UPDATE_IN_PROGRESS" in reason and "Wait" in reason
    assert "deleted" in cluster(S.DELETE_IN_PROGRESS).reason_for(
        Action.RESIZE)
    assert cluster(S.CREATE_COMPLETE).reason_for(Action.UPGRADE) is None


@pytest.mark.parametrize("status, busy, failed, settled, deleting", [
    (S.CREATE_IN_PROGRESS, True, False, False, False),
    (S.ROLLBACK_IN_PROGRESS, True, False, False, False),
    (S.CREATE_COMPLETE, False, False, True, False),
    (S.CHECK_COMPLETE, False, False, True, False),
    (S.RESUME_FAILED, False, True, False, False),
    (S.DELETE_IN_PROGRESS, True, False, False, True),
    (S.DELETE_COMPLETE, False, False, False, True),
])
def test_state_predicates(status, busy, failed, settled, deleting):
    subject = cluster(status)
    assert (subject.is_busy, subject.is_failed, subject.is_settled,
            subject.is_deleting) == (busy, failed, settled, deleting)


def test_cluster_ref_prefers_cluster_id_and_falls_back_to_stack_id():
    assert Cluster.from_api({"uuid": "c", "cluster_id": "new"}).cluster_ref \
        == "new"
    assert Cluster.from_api({"uuid": "c", "stack_id": "old"}).cluster_ref \
        == "old"


def test_from_api_reads_a_python_magnumclient_resource():
    resource = MagnumclientCluster(None, {
        "uuid": "c", "name": "k8s", "status": "CREATE_FAILED",
        "health_status": "UNHEALTHY", "labels": {"auto_scaling_enabled": True},
        "faults": {"default-worker": "No valid host"},
        "created_at": "2024-05-01T10:00:00+00:00"}, loaded=True)
    model = Cluster.from_api(resource)
    assert model.status is S.CREATE_FAILED
    assert model.health_status is HealthStatus.UNHEALTHY
    assert model.labels == {"auto_scaling_enabled": "True"}
    assert model.faults == {"default-worker": "No valid host"}
    assert model.created_at.year == 2024


def test_summary_rows_leave_missing_fields_empty():
    model = Cluster.from_api({"uuid": "c", "status": "CREATE_COMPLETE"})
    assert model.api_address is None and model.labels == {}
    assert model.health_status is None


def test_template_tags_as_list():
    template = ClusterTemplate.from_api({"uuid": "t", "tags": "a, b,,c"})
    assert template.tag_list == ["a", "b", "c"]


def test_node_group_model():
    group = NodeGroup.from_api({
        "uuid": "g", "name": "gpu", "role": "gpu", "is_default": False,
        "node_count": 2, "min_node_count": 1, "max_node_count": 0,
        "node_labels": {"tier": "gpu"},
        "node_taints": [{"key": "gpu", "value": "true",
                         "effect": "NoSchedule"}],
        "status": "UPDATE_COMPLETE"})
    assert group.upper_bound is None  # Magnum reads 0 as no maximum
    assert group.node_taints[0].effect == "NoSchedule"
    assert str(group.node_taints[0]) == "gpu=true:NoSchedule"
    assert group.allowed_actions == frozenset(NodeGroupAction)


def test_default_node_groups_cannot_be_deleted():
    group = NodeGroup(uuid="g", name="default-worker", is_default=True,
                      status=S.CREATE_COMPLETE)
    assert NodeGroupAction.DELETE not in group.allowed_actions
    assert "default worker" in group.reason_for(NodeGroupAction.DELETE)


@pytest.mark.parametrize("status, allowed", [
    (S.CREATE_IN_PROGRESS, {NodeGroupAction.DELETE}),  # abandoned: what Cluster API cannot build
    (S.UPDATE_IN_PROGRESS, set()),
    (S.UPDATE_FAILED, set(NodeGroupAction)),
    (S.CREATE_FAILED, {NodeGroupAction.DELETE}),
    (S.DELETE_IN_PROGRESS, set()),
])
def test_node_group_state(status, allowed):
    group = NodeGroup(uuid="g", name="extra", status=status)
    assert group.allowed_actions == frozenset(allowed)


def test_quota_from_api():
    quota = Quota.from_api({"id": 3, "project_id": "p", "hard_limit": 5,
                            "resource": "Cluster"})
    assert (quota.project_id, quota.hard_limit) == ("p", 5)
