"""A node group's flavor change as a replacement: where it stands given both
groups' states, what may be replaced, and the new group's fields."""
import time
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from coe_backend import (
    Cluster, ClusterStatus as S, Features, Flavor, InvalidInput, Limit, NodeGroup,
    ProjectLimits, REPLACES_LABEL, ReplacementStage as Stage, Taint, find_replacements,
    replacement_blocker, replacement_flavors, replacement_name)
from coe_backend.rules.api_versions import APIVersion
from coe_backend.rules.flavor_replacement import replacement_fields
from coe_backend.rules.preflight import added_group_preflight
from coe_backend.rules.validation import validate_node_group
from tests.unit import fake

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
    (S.UPDATE_COMPLETE, S.CREATE_COMPLETE, S.UPDATE_COMPLETE, Stage.DELETE_OLD),
    (S.CREATE_COMPLETE, S.UPDATE_FAILED, S.UPDATE_COMPLETE, Stage.DELETE_OLD),
    # A failed cluster is for a person to look at before anything is deleted.
    (S.CREATE_COMPLETE, S.CREATE_COMPLETE, S.UPDATE_FAILED, Stage.WAITING),
    (S.UPDATE_IN_PROGRESS, S.CREATE_COMPLETE, S.UPDATE_COMPLETE, Stage.WAITING),
    # Any failure or rollback of the new group: the old one is kept.
    (S.UPDATE_FAILED, S.CREATE_COMPLETE, S.UPDATE_COMPLETE, Stage.NEW_FAILED),
    (S.ROLLBACK_COMPLETE, S.CREATE_COMPLETE, S.UPDATE_COMPLETE, Stage.NEW_FAILED),
    (S.ROLLBACK_IN_PROGRESS, S.CREATE_COMPLETE, S.UPDATE_COMPLETE, Stage.NEW_FAILED),
    (S.ROLLBACK_FAILED, S.CREATE_COMPLETE, S.UPDATE_COMPLETE, Stage.NEW_FAILED),
    (S.DELETE_FAILED, S.CREATE_COMPLETE, S.UPDATE_COMPLETE, Stage.NEW_FAILED),
    (S.RESUME_FAILED, S.CREATE_COMPLETE, S.UPDATE_COMPLETE, Stage.NEW_FAILED),
    (S.CREATE_COMPLETE, S.DELETE_IN_PROGRESS, S.UPDATE_IN_PROGRESS, Stage.DELETING_OLD),
    (S.CREATE_COMPLETE, S.DELETE_FAILED, S.UPDATE_FAILED, Stage.OLD_DELETE_FAILED),
])
def test_the_next_step_follows_both_groups_and_the_cluster(new_status, old_status,
                                                           cluster_status, expected):
    old = replace(OLD, status=old_status)
    cluster = replace(CLUSTER, status=cluster_status)
    assert stage(new(new_status), old, cluster).stage is expected


@pytest.mark.parametrize("status", [S.DELETE_IN_PROGRESS, S.DELETE_COMPLETE])
def test_a_new_group_being_deleted_abandons_the_change_and_leaves_the_old_one(status):
    assert stage(new(status)) is None
    assert stage(new(status), old=replace(OLD, status=S.UPDATE_COMPLETE)) is None


def test_done_once_the_old_group_is_gone():
    assert stage(new(S.CREATE_COMPLETE), old=None).stage is Stage.DONE
    assert stage(new(S.CREATE_COMPLETE), old=None).message is None


def test_a_label_is_followed_only_to_a_group_the_new_one_could_replace():
    ready = new(S.CREATE_COMPLETE)
    assert stage(ready, old=replace(OLD, is_default=True)) is None
    assert stage(replace(ready, role="gpu")) is None  # not a group like the old one
    made = datetime(2026, 1, 1)
    older = replace(OLD, created_at=made)
    assert stage(replace(ready, created_at=made - timedelta(minutes=1)), old=older) is None
    assert stage(replace(ready, created_at=made + timedelta(minutes=1)),
                 old=older).stage is Stage.DELETE_OLD


def test_a_due_delete_nobody_took_says_who_takes_it_and_is_not_under_way():
    due = stage(new(S.CREATE_COMPLETE))
    assert due.stage is Stage.DELETE_OLD and not due.is_under_way
    message = str(due.message)
    assert ("web is deleted when someone allowed to delete node groups opens this page"
            in message)
    assert "deleting" not in message
    deleting = stage(new(S.CREATE_COMPLETE), old=replace(OLD, status=S.DELETE_IN_PROGRESS))
    assert deleting.is_under_way and "deleting web (step 3 of 3)" in str(deleting.message)


def test_only_the_dashboard_sets_the_plan_label():
    features = Features.for_version(APIVersion(1, 14))
    fields = {"name": "ng", "labels": {REPLACES_LABEL: "old"}}
    with pytest.raises(InvalidInput) as raised:
        validate_node_group(fields, CLUSTER, features)
    assert str(raised.value.errors["labels"]) == (
        "coe_ui_replaces is set by the dashboard's Change Flavor; remove it.")
    body = validate_node_group(replacement_fields(OLD, "m1.large", "n", True), CLUSTER,
                               features, replacing=True)
    assert body["labels"][REPLACES_LABEL] == "old"


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
    # The group's own label comes first.
    group_boots = replace(OLD, labels={"boot_volume_size": "20"})
    assert "m1.diskless" in [f.name for f in replacement_flavors(group_boots, flavors, CLUSTER)]
    group_does_not = replace(OLD, labels={"boot_volume_size": "0"})
    assert "m1.diskless" not in [
        f.name for f in replacement_flavors(group_does_not, flavors, boots_from_volume)]


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


def test_the_old_group_is_deleted_on_what_magnum_says_now_without_waiting(client,
                                                                         requests_mock):
    """Against a mocked Magnum: the step re-reads both groups and the
    cluster, and sends the DELETE without waiting to see it start."""
    groups = f"{fake.MAGNUM}/clusters/{fake.CLUSTER_UUID}/nodegroups/"
    old = fake.node_group(uuid="o-1", name="web", is_default=False)
    new = fake.node_group(uuid="n-1", name="web-m1.large", is_default=False,
                          labels={REPLACES_LABEL: "o-1"})
    requests_mock.get(f"{groups}o-1", **fake.json(old))  # never shows the delete
    requests_mock.get(f"{groups}n-1", **fake.json(new))
    requests_mock.get(f"{fake.MAGNUM}/clusters/{fake.CLUSTER_UUID}", **fake.json(fake.cluster()))
    delete = requests_mock.delete(f"{groups}o-1", status_code=204)
    read = [NodeGroup.from_api(old), NodeGroup.from_api(new)]

    started = time.monotonic()
    [found] = client.flavor_replacements(fake.CLUSTER_UUID, groups=read)
    assert time.monotonic() - started < 1  # waiting to see it start takes seconds
    assert found.stage is Stage.DELETING_OLD and delete.call_count == 1

    # What the caller read is stale: the cluster is busy again by now.
    idle = Cluster.from_api(fake.cluster())
    requests_mock.get(f"{fake.MAGNUM}/clusters/{fake.CLUSTER_UUID}",
                      **fake.json(fake.cluster(status="UPDATE_IN_PROGRESS")))
    [found] = client.flavor_replacements(idle, groups=read)
    assert found.stage is Stage.WAITING and delete.call_count == 1
