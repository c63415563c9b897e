"""A node group's flavor change against the real Magnum in the devcloud:
the new group carries the plan (a label Magnum keeps), any caller takes the
next step, and a failure half-way leaves the old group serving."""
import pytest

import coe_backend
from coe_backend import (
    ClusterStatus, Conflict, InvalidInput, QuotaExceeded, ReplacementStage as Stage, Taint)
from tests.integration.test_backend_operations import (
    eventually, gone, group_settled, new_cluster, new_template, settled)
from tests.magnum_helpers import remove, unique_name

pytestmark = pytest.mark.devcloud


@pytest.fixture(scope="module")
def demo(devcloud):
    return coe_backend.connect(devcloud.session("demo"))


@pytest.fixture(scope="module")
def cluster(devcloud, demo):
    template = new_template(demo)
    uuid = new_cluster(demo, template)
    settled(demo, uuid, status=coe_backend.ClusterStatus.CREATE_COMPLETE)
    yield uuid
    remove(devcloud.magnum("demo"), [uuid], [template.uuid])


def added_group(client, cluster, **fields):
    name = unique_name("ng")
    client.create_node_group(cluster, name=name, flavor_id="m1.medium", **fields)
    group = group_settled(client, cluster, name)
    settled(client, cluster)
    return group


def test_flavor_change_replaces_the_group_and_keeps_its_settings(demo, cluster):
    old = added_group(demo, cluster, node_count=2, min_node_count=1, max_node_count=4,
                      labels={"zone": "a"}, merge_labels=True,
                      node_labels={"tier": "web"}, node_taints="dedicated=web:NoSchedule")

    new = demo.replace_node_group_flavor(cluster, old.name, "m1.large")

    assert new.name == f"{old.name}-m1.large"
    assert new.labels[coe_backend.REPLACES_LABEL] == old.uuid  # Magnum keeps the plan
    stages = []

    def finished():
        found = demo.flavor_replacements(cluster)
        stages.extend(item.stage for item in found)
        return all(item.stage is Stage.DONE for item in found) and found
    eventually(finished, timeout=90)
    assert Stage.CREATING in stages or Stage.DELETING_OLD in stages
    gone(lambda: demo.get_node_group(cluster, old.uuid))
    now = group_settled(demo, cluster, new.uuid)
    assert (now.flavor_id, now.node_count, now.min_node_count, now.max_node_count) == (
        "m1.large", 2, 1, 4)
    assert now.node_labels == {"tier": "web"}
    assert now.node_taints == [Taint("dedicated", "NoSchedule", "web")]
    assert now.labels["zone"] == "a"
    names = {group.name for group in demo.list_node_groups(cluster)}
    assert old.name not in names and new.name in names


def test_default_groups_are_not_replaced(demo, cluster):
    for name in ("default-worker", "default-master"):
        with pytest.raises(Conflict) as raised:
            demo.replace_node_group_flavor(cluster, name, "m1.large")
        assert "default" in str(raised.value.message) or "master" in str(raised.value.message)


def test_a_group_that_does_not_fit_beside_the_old_one_is_not_made(demo, cluster):
    settled(demo, cluster)
    old = added_group(demo, cluster, node_count=5, min_node_count=1)
    before = {group.uuid for group in demo.list_node_groups(cluster)}
    with pytest.raises(QuotaExceeded) as raised:  # 5 x 8 vCPUs, 36 of 40 left
        demo.replace_node_group_flavor(cluster, old.uuid, "m1.xlarge")
    assert "cores" in str(raised.value.message)
    assert {group.uuid for group in demo.list_node_groups(cluster)} == before
    demo.delete_node_group(cluster, old.uuid)
    gone(lambda: demo.get_node_group(cluster, old.uuid))


def test_the_old_group_is_deleted_only_if_things_still_call_for_it_when_sent(demo, cluster):
    settled(demo, cluster)
    old = added_group(demo, cluster, node_count=1)
    new = demo.replace_node_group_flavor(cluster, old.uuid, "m1.large")
    group_settled(demo, cluster, new.uuid)
    # What a page read while all was idle ...
    stale_cluster = settled(demo, cluster)
    stale_groups = demo.detailed_node_groups(cluster)
    [due] = [item for item in demo.flavor_replacements(stale_cluster, groups=stale_groups,
                                                       advance=False)
             if item.old_uuid == old.uuid]
    assert due.stage is Stage.DELETE_OLD
    # ... and the cluster busy again (another group added) when it acts.
    demo.create_node_group(cluster, name=unique_name("ng"), flavor_id="m1.medium",
                           node_count=1)
    eventually(lambda: demo.get_cluster(cluster).is_busy, timeout=10, interval=0.05)
    [now] = [item for item in demo.flavor_replacements(stale_cluster, groups=stale_groups)
             if item.old_uuid == old.uuid]
    assert now.stage is Stage.WAITING
    assert demo.get_node_group(cluster, old.uuid).status is ClusterStatus.CREATE_COMPLETE



def test_a_new_group_that_fails_leaves_the_old_one_serving(devcloud, demo, cluster):
    settled(demo, cluster)
    old = added_group(demo, cluster, node_count=1)
    # What a replacement whose create the driver failed leaves: the new
    # group (asked to fail through the devcloud's label) naming the old.
    # Only Change Flavor sets the label through coe_backend; Magnum's own
    # client can.
    failed = unique_name("failing")
    labels = {coe_backend.REPLACES_LABEL: old.uuid, "devcloud_fail": "nodegroup"}
    with pytest.raises(InvalidInput) as raised:
        demo.create_node_group(cluster, name=failed, flavor_id="m1.large", labels=labels)
    assert "set by the dashboard's Change Flavor" in str(raised.value.errors["labels"])
    devcloud.magnum("demo").nodegroups.create(cluster, name=failed, flavor_id="m1.large",
                                              node_count=1, labels=labels)
    group_settled(demo, cluster, failed)

    found = {item.old_uuid: item for item in demo.flavor_replacements(cluster)}[old.uuid]

    assert found.stage is Stage.NEW_FAILED
    message = str(found.message)
    assert failed in message and old.name in message and "untouched" in message
    assert "Quota exceeded" in message  # the driver's reason
    assert demo.get_node_group(cluster, old.uuid).status.endswith("COMPLETE")
    with pytest.raises(Conflict) as raised:  # delete the failed one first
        demo.replace_node_group_flavor(cluster, old.uuid, "m1.large")
    assert "already in a flavor change" in str(raised.value.message)
