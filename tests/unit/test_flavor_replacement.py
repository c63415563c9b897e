"""A node group's flavor change as a replacement: where it stands given both
groups' states, what may be replaced, and the new group's fields."""
from dataclasses import replace

import pytest

from coe_backend import (
    Cluster, ClusterStatus as S, Flavor, Limit, NodeGroup, ProjectLimits, REPLACES_LABEL,
    ReplacementStage as Stage, Taint, find_replacements, replacement_blocker,
    replacement_flavors, replacement_name)
from coe_backend.rules.flavor_replacement import replacement_fields
from coe_backend.rules.preflight import added_group_preflight

CLUSTER = Cluster(uuid="c", name="c", status=S.UPDATE_COMPLETE, api_address="https://api")
OLD = NodeGroup(uuid="old", name="web", flavor_id="m1.medium", status=S.CREATE_COMPLETE,
                node_count=2, min_node_count=1, max_node_count=4, image_id="img",
                docker_volume_size=10, labels={"zone": "a"}, node_labels={"tier": "web"},
                node_taints=[Taint("dedicated", "NoSchedule", "web")])


def new(status, reason=None):
    return NodeGroup(uuid="new", name="web-m1.large", flavor_id="m1.large", status=status,
                     status_reason=reason, labels={"zone": "a", REPLACES_LABEL: "old"})


def stage(new_group, old=OLD, cluster=CLUSTER):
    found = find_replacements([group for group in (old, new_group) if group], cluster)
    return found[0] if found else None


@pytest.mark.parametrize("new_status, old_status, cluster_status, expected", [
    (S.CREATE_IN_PROGRESS, S.CREATE_COMPLETE, S.UPDATE_IN_PROGRESS, Stage.CREATING),
    (None, S.CREATE_COMPLETE, S.UPDATE_IN_PROGRESS, Stage.CREATING),
    (S.CREATE_FAILED, S.CREATE_COMPLETE, S.UPDATE_FAILED, Stage.NEW_FAILED),
    (S.CREATE_COMPLETE, S.CREATE_COMPLETE, S.UPDATE_IN_PROGRESS, Stage.WAITING),
    (S.CREATE_COMPLETE, S.UPDATE_IN_PROGRESS, S.UPDATE_COMPLETE, Stage.WAITING),
    (S.CREATE_COMPLETE, S.CREATE_COMPLETE, S.UPDATE_COMPLETE, Stage.DELETE_OLD),
    (S.CREATE_COMPLETE, S.UPDATE_FAILED, S.UPDATE_FAILED, Stage.DELETE_OLD),
    (S.CREATE_COMPLETE, S.DELETE_IN_PROGRESS, S.UPDATE_IN_PROGRESS, Stage.DELETING_OLD),
    (S.CREATE_COMPLETE, S.DELETE_FAILED, S.UPDATE_FAILED, Stage.OLD_DELETE_FAILED),
])
def test_the_next_step_follows_both_groups_and_the_cluster(new_status, old_status,
                                                           cluster_status, expected):
    old = replace(OLD, status=old_status)
    cluster = replace(CLUSTER, status=cluster_status)
    assert stage(new(new_status), old, cluster).stage is expected


def test_done_once_the_old_group_is_gone_and_abandoned_when_the_new_one_is_deleted():
    assert stage(new(S.CREATE_COMPLETE), old=None).stage is Stage.DONE
    assert stage(new(S.CREATE_COMPLETE), old=None).message is None
    assert stage(new(S.DELETE_IN_PROGRESS)) is None


def test_a_label_naming_a_default_group_is_not_followed():
    default = replace(OLD, is_default=True)
    assert stage(new(S.CREATE_COMPLETE), old=default) is None


def test_progress_says_the_step_and_both_groups():
    message = str(stage(new(S.CREATE_IN_PROGRESS)).message)
    assert "web-m1.large being created (step 2 of 3)" in message
    assert "web is deleted once it is ready" in message
    assert "step 3 of 3" in str(stage(new(S.CREATE_COMPLETE)).message)


def test_a_failure_says_what_exists_and_what_to_do():
    failed = str(stage(new(S.CREATE_FAILED, "Quota exceeded for instances.")).message)
    assert ("the new group web-m1.large failed: Quota exceeded for instances. The old "
            "group web is untouched and still serves. Delete web-m1.large") in failed
    old = replace(OLD, status=S.DELETE_FAILED,
                       status_reason="Server delete timed out")
    stuck = str(stage(new(S.CREATE_COMPLETE), old).message)
    assert "web-m1.large is ready and serves" in stuck
    assert "deleting the old group web failed: Server delete timed out" in stuck
    assert "delete web again" in stuck


def test_default_and_master_groups_say_what_to_do_instead():
    master = NodeGroup(uuid="m", name="default-master", role="master", is_default=True,
                       status=S.CREATE_COMPLETE)
    worker = NodeGroup(uuid="w", name="default-worker", is_default=True,
                       status=S.CREATE_COMPLETE)
    assert "template with the master flavor" in str(replacement_blocker(master, CLUSTER))
    assert "resize this group to its minimum" in str(replacement_blocker(worker, CLUSTER))
    assert replacement_blocker(OLD, CLUSTER) is None


def test_a_group_in_a_flavor_change_or_a_busy_cluster_is_not_replaced():
    under_way = find_replacements([OLD, new(S.CREATE_IN_PROGRESS)], CLUSTER)
    assert "already in a flavor change" in str(replacement_blocker(OLD, CLUSTER, under_way))
    busy = replace(CLUSTER, status=S.UPDATE_IN_PROGRESS)
    assert "UPDATE_IN_PROGRESS" in str(replacement_blocker(OLD, busy))


def test_offers_other_flavors_a_node_can_run_on():
    flavors = [Flavor("4", "m1.xlarge", 8, 16384, 160), Flavor("1", "m1.small", 1, 2048, 20),
               Flavor("2", "m1.medium", 2, 4096, 40), Flavor("3", "m1.large", 4, 8192, 80),
               Flavor("5", "m1.diskless", 2, 4096, 0)]
    offered = replacement_flavors(OLD, flavors, CLUSTER)
    assert [flavor.name for flavor in offered] == ["m1.large", "m1.xlarge"]
    boots_from_volume = replace(CLUSTER, labels={"boot_volume_size": "20"})
    offered = replacement_flavors(OLD, flavors, boots_from_volume)
    assert [flavor.name for flavor in offered] == ["m1.diskless", "m1.large", "m1.xlarge"]


def test_the_new_name_drops_an_earlier_flavor_and_is_unique():
    assert replacement_name(OLD, "m1.large", {"web"}) == "web-m1.large"
    again = NodeGroup(uuid="x", name="web-m1.medium", flavor_id="m1.medium")
    assert replacement_name(again, "m1.large", {"web-m1.large"}) == "web-m1.large-2"


def test_the_new_group_copies_the_old_one_and_records_the_plan():
    fields = replacement_fields(OLD, "m1.large", "web-m1.large", node_attributes=True)
    assert fields == {
        "name": "web-m1.large", "role": "worker", "flavor_id": "m1.large", "node_count": 2,
        "min_node_count": 1, "max_node_count": 4, "image_id": "img", "docker_volume_size": 10,
        "labels": {"zone": "a", REPLACES_LABEL: "old"}, "merge_labels": False,
        "node_labels": {"tier": "web"},
        "node_taints": [{"key": "dedicated", "value": "web", "effect": "NoSchedule"}]}
    assert "node_labels" not in replacement_fields(OLD, "m1.large", "n", node_attributes=False)


def test_the_new_group_must_fit_beside_the_old_one():
    limits = ProjectLimits(instances=Limit(4, 10), cores=Limit(8, 20), ram=Limit(0, 10 ** 6))
    large = Flavor("3", "m1.large", 4, 8192, 80)
    verdict = added_group_preflight(large, 4, None, False, limits, overlapping=2)
    assert [check.resource for check in verdict.shortfalls] == ["cores"]  # 16 > 12 left
    assert "beside the 2 nodes still running" in str(verdict.check("cores").note)
    assert added_group_preflight(large, 3, None, False, limits).fits
