"""Changing a node group's flavor, as a guided replacement.

Magnum changes no group's flavor in place (its PATCH refuses flavor_id and
image_id), so the change is: add a group like the old one with the new
flavor, wait until it is ready, then delete the old group. No web request
waits through that, and Horizon runs several workers, so the plan is kept
on the new group itself: a Magnum label naming the group it replaces
(drivers ignore labels they do not know, Magnum keeps them). Whoever looks
at the cluster's groups next takes the next step. This module says, from
both groups' states, where a replacement stands, what is to be done next
and how to say it; it does no I/O.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from coe_backend.i18n import LazyText, _
from coe_backend.models import Cluster, Flavor, NodeGroup
from coe_backend.rules.checkup import MINIMUM_RAM_MIB, MINIMUM_VCPUS
from coe_backend.rules.labels import label_int
from coe_backend.rules.status import Action, ClusterStatus, NodeGroupAction

# On the new group: the uuid of the group it replaces.
REPLACES_LABEL = "coe_ui_replaces"
# 1: the pre-flight and the create (on submit); 2: the new group comes up;
# 3: the old group is deleted.
STEPS = 3
_NAME_LENGTH = 255  # Magnum's limit


class Stage(enum.Enum):
    CREATING = "creating"  # the new group is being created
    WAITING = "waiting"  # new group ready; the cluster or a group is busy or failed
    DELETE_OLD = "delete_old"  # new group ready, all idle: delete the old one now
    DELETING_OLD = "deleting_old"
    DONE = "done"  # the old group is gone
    NEW_FAILED = "new_failed"  # the old group is untouched
    OLD_DELETE_FAILED = "old_delete_failed"  # both groups exist


_FAILED = frozenset({Stage.NEW_FAILED, Stage.OLD_DELETE_FAILED})
_ROLLED_BACK = frozenset({ClusterStatus.ROLLBACK_IN_PROGRESS, ClusterStatus.ROLLBACK_COMPLETE})


@dataclass(frozen=True)
class Replacement:
    new: NodeGroup
    old_uuid: str
    old: NodeGroup | None  # None once it is gone
    stage: Stage

    @property
    def step(self) -> int:
        return 2 if self.stage in (Stage.CREATING, Stage.NEW_FAILED) else 3

    @property
    def is_under_way(self) -> bool:
        """Steps are still to come without anyone's help (DELETE_OLD waits
        for someone allowed to delete node groups to look)."""
        return self.stage not in (*_FAILED, Stage.DONE, Stage.DELETE_OLD)

    def involves(self, group_uuid: str) -> bool:
        return group_uuid in (self.new.uuid, self.old_uuid)

    @property
    def message(self) -> LazyText | None:
        """What a person sees beside either group: progress, or after a
        failure what exists and what to do. None once done."""
        names = {"new": self.new.name or self.new.uuid,
                 "old": (self.old.name or self.old.uuid) if self.old else self.old_uuid,
                 "flavor": self.new.flavor_id or "-", "step": self.step, "steps": STEPS}
        if self.stage is Stage.CREATING:
            return _("Flavor change of {old} to {flavor}: new group {new} being created "
                     "(step {step} of {steps}); {old} is deleted once it is ready.", **names)
        if self.stage is Stage.WAITING:
            return _("Flavor change of {old} to {flavor}: new group {new} is ready; {old} is "
                     "deleted once the cluster and both groups are idle (step {step} of "
                     "{steps}).", **names)
        if self.stage is Stage.DELETE_OLD:  # not taken by whoever looked
            return _("Flavor change of {old} to {flavor}: new group {new} is ready; the old "
                     "group {old} is deleted when someone allowed to delete node groups "
                     "opens this page (step {step} of {steps}).", **names)
        if self.stage is Stage.DELETING_OLD:
            return _("Flavor change of {old} to {flavor}: new group {new} is ready; deleting "
                     "{old} (step {step} of {steps}).", **names)
        if self.stage is Stage.NEW_FAILED:
            return _("Flavor change of {old} to {flavor} failed: the new group {new} failed: "
                     "{reason}. The old group {old} is untouched and still serves. Delete "
                     "{new}, then change the flavor again.",
                     reason=_reason(self.new), **names)
        if self.stage is Stage.OLD_DELETE_FAILED:
            return _("Flavor change of {old} to {flavor}: the new group {new} is ready and "
                     "serves, but deleting the old group {old} failed: {reason}. Both groups "
                     "exist; delete {old} again.", reason=_reason(self.old), **names)
        return None


def _reason(group: NodeGroup | None) -> str:
    if group is None:
        return ""
    return (group.status_reason or str(group.status or "")).rstrip(".")


def stage_of(new: NodeGroup, old: NodeGroup | None, cluster: Cluster) -> Stage | None:
    """Where the replacement of `old` by `new` stands; None when it was
    abandoned (the new group is being deleted). The old group is deleted
    only once the new one has settled without failing."""
    if new.is_deleting:
        return None
    if new.status in (None, ClusterStatus.CREATE_IN_PROGRESS):
        return Stage.CREATING
    # A rollback undid a change of the new group: as failed as a failure.
    if new.is_failed or new.status in _ROLLED_BACK:
        return Stage.NEW_FAILED
    if old is None:
        return Stage.DONE
    if old.is_deleting:
        return Stage.DELETING_OLD
    if old.status is ClusterStatus.DELETE_FAILED:
        return Stage.OLD_DELETE_FAILED
    # A driver given a delete while it applies another change may lose
    # one of them: wait until everything has settled.
    # A failed cluster is for a person to look at first.
    if (new.is_busy or old.is_busy or cluster.is_busy or cluster.is_deleting
            or cluster.is_failed or not new.is_settled):
        return Stage.WAITING
    return Stage.DELETE_OLD


def find_replacements(groups: Iterable[NodeGroup], cluster: Cluster) -> list[Replacement]:
    """The replacements among a cluster's groups, read in full (Magnum's
    list has no labels). A label is followed only to a group it could
    replace: not a default group (those are never deleted), one of the
    same role, made before it."""
    groups = list(groups)
    by_uuid = {group.uuid: group for group in groups}
    found = []
    for new in groups:
        old_uuid = (new.labels or {}).get(REPLACES_LABEL)
        if not old_uuid or new.is_default or old_uuid == new.uuid:
            continue
        old = by_uuid.get(old_uuid)
        if old is not None and not _may_replace(new, old):
            continue
        stage = stage_of(new, old, cluster)
        if stage is not None:
            found.append(Replacement(new, old_uuid, old, stage))
    return found


def _may_replace(new: NodeGroup, old: NodeGroup) -> bool:
    return (not old.is_default and new.role == old.role
            and (new.created_at is None or old.created_at is None
                 or new.created_at > old.created_at))


def replacement_blocker(group: NodeGroup, cluster: Cluster,
                        replacements: Sequence[Replacement] = ()) -> LazyText | None:
    """Why `group`'s flavor cannot be changed now, with what to do
    instead, or None."""
    if group.is_master:
        return _("The master node group's flavor cannot be changed: Magnum changes no "
                 "group's flavor in place and cannot add or delete master groups. Create a "
                 "cluster from a template with the master flavor you want instead.")
    if group.is_default:
        return _("The default worker group's flavor cannot be changed: Magnum changes no "
                 "group's flavor in place and cannot delete default groups. Instead, add a "
                 "node group with the new flavor, then resize this group to its minimum.")
    current = next((replacement for replacement in replacements
                    if replacement.involves(group.uuid)
                    and replacement.stage is not Stage.DONE), None)
    if current is not None:
        return _("This group is already in a flavor change. {message}",
                 message=current.message)
    return (cluster.reason_for(Action.ADD_NODE_GROUP)
            or group.reason_for(NodeGroupAction.UPDATE))


def replacement_flavors(group: NodeGroup, flavors: Iterable[Flavor],
                        cluster: Cluster) -> list[Flavor]:
    """The flavors a group may change to: not its own, big enough for a
    Kubernetes node, and with a root disk unless the nodes boot from a
    volume (the group's boot_volume_size label, else the cluster's);
    smallest first."""
    labels = {**(cluster.labels or {}), **(group.labels or {})}
    try:
        boots_from_volume = (label_int(labels, "boot_volume_size") or 0) > 0
    except ValueError:
        boots_from_volume = False
    return sorted((flavor for flavor in flavors
                   if group.flavor_id not in (flavor.id, flavor.name)
                   and flavor.vcpus >= MINIMUM_VCPUS and flavor.ram >= MINIMUM_RAM_MIB
                   and (flavor.disk or boots_from_volume)),
                  key=lambda flavor: (flavor.ram, flavor.vcpus, flavor.name))


def replacement_name(group: NodeGroup, flavor: str, taken: Iterable[str]) -> str:
    """`<old name>-<flavor>` (an earlier change's flavor suffix dropped),
    made unique among `taken`."""
    base = group.name or "group"
    suffix = f"-{group.flavor_id}"
    if group.flavor_id and base.endswith(suffix) and len(base) > len(suffix):
        base = base[:-len(suffix)]
    taken = set(taken)
    name, number = f"{base}-{flavor}", 2
    while name[:_NAME_LENGTH] in taken:
        name, number = f"{base}-{flavor}-{number}", number + 1
    return name[:_NAME_LENGTH]


def replacement_fields(old: NodeGroup, flavor: str, name: str,
                       node_attributes: bool) -> dict[str, Any]:
    """The new group's fields: the old group's, with `flavor` and the label
    that records the plan. `node_attributes`: Magnum takes node labels and
    taints (API 1.14)."""
    fields: dict[str, Any] = {
        "name": name, "role": old.role, "flavor_id": flavor,
        "node_count": old.node_count or 0, "min_node_count": old.min_node_count or 0,
        "labels": {**(old.labels or {}), REPLACES_LABEL: old.uuid}, "merge_labels": False}
    optional = {"max_node_count": old.upper_bound, "image_id": old.image_id,
                "docker_volume_size": old.docker_volume_size}
    if node_attributes:
        optional.update(node_labels=old.node_labels or None,
                        node_taints=[taint.as_api() for taint in old.node_taints or ()] or None)
    fields.update({key: value for key, value in optional.items() if value is not None})
    return fields
