"""Node group operations of the client (Magnum API 1.9 and later)."""

from __future__ import annotations

import enum
import time
from collections.abc import Iterable, Iterator
from typing import Any

from coe_backend.client.base import (
    ClientBase, node_groups_path, wait_until, wait_until_started)
from coe_backend.errors import CoeError, Conflict, PartlyApplied
from coe_backend.i18n import _
from coe_backend.magnum.json_patch import patch_operations
from coe_backend.models import Cluster, NodeGroup
from coe_backend.rules.node_group_plan import (
    Bounds, ResizeStep, Step, plan_node_group_update)
from coe_backend.rules.status import Action, NodeGroupAction
from coe_backend.rules.validation import (
    validate_node_group, validate_node_group_change)

# Between the steps of one update: Magnum saves each step in its conductor
# after answering, and checks the next step against what is saved.
_STEP_VISIBLE_DELAYS = (0.2, 0.5, 1.0, 1.0, 2.0, 2.0, 3.0)
# Until a step's operation has finished, before the next is sent: a few
# seconds in a small cloud.
_SETTLE_DELAYS = (0.5, 0.5, 1.0, 1.0, *(2.0,) * 10)
# All the waiting of one update together, well inside web servers' request
# timeouts (gunicorn's default is 30 s): what is not sent by then is
# reported as left to do, for the user to make once the cluster has settled.
_UPDATE_WAIT_SECONDS = 20.0


class _Unset(enum.Enum):
    UNSET = "UNSET"


# "Not given", as opposed to None (which removes a maximum, labels, taints).
UNSET = _Unset.UNSET


class NodeGroupOperations(ClientBase):
    def create_node_group(self, cluster: str, **fields: Any) -> NodeGroup:
        self._require_node_groups()
        owner = self.get_cluster(cluster)
        reason = owner.reason_for(Action.ADD_NODE_GROUP)
        if reason:
            raise Conflict(reason)
        body = validate_node_group(fields, owner, self._magnum.features,
                                   driver=self.driver_family(owner))
        group = NodeGroup.from_api(
            self._magnum.call("POST", node_groups_path(owner.uuid), body))
        self._remember_created(group.uuid, group.name)
        return group

    def update_node_group(
            self, cluster: str, ng: str, *,
            min_node_count: int | _Unset = UNSET,
            max_node_count: int | None | _Unset = UNSET,
            node_count: int | _Unset = UNSET,
            node_labels: dict[str, str] | str | None | _Unset = UNSET,
            node_taints: list[Any] | str | None | _Unset = UNSET
    ) -> NodeGroup:
        """Change size, bounds, node labels or taints in one go. The
        resize and the PATCH are ordered so min <= count <= max holds at
        every step. Refused while the group or the cluster is busy, since
        Magnum would silently drop the change. Returns the group as Magnum
        last reported it."""
        self._require_node_groups()
        changes = {name: value for name, value in (
            ("min_node_count", min_node_count),
            ("max_node_count", max_node_count), ("node_count", node_count),
            ("node_labels", node_labels), ("node_taints", node_taints))
            if value is not UNSET}
        owner = self.get_cluster(cluster)
        group = self.get_node_group(owner.uuid, ng)
        if not changes:
            return group
        self._refuse_if_busy(owner, group)
        cleaned = validate_node_group_change(group, changes,
                                             self._magnum.features,
                                             self.driver_family(owner))
        current = Bounds(group.min_node_count or 0, group.node_count or 0,
                         group.upper_bound)
        target = Bounds(
            cleaned.get("min_node_count", current.minimum),
            cleaned.get("node_count", current.count),
            cleaned.get("max_node_count", current.maximum))
        others = {name: value for name, value in cleaned.items()
                  if name in ("node_labels", "node_taints")}
        steps = plan_node_group_update(current, target, others).steps
        original = {name: _saved_value(group, name) for name in cleaned}
        applied: dict[str, Any] = {}  # what Magnum accepted
        deadline = time.monotonic() + _UPDATE_WAIT_SECONDS
        try:
            for number, step in enumerate(steps, start=1):
                if number > 1:
                    self._wait_until_settled(owner.uuid, group.uuid, deadline)
                self._apply(owner.uuid, group.uuid, step)
                applied.update(_step_changes(step))
                saved = self._wait_for_step(owner.uuid, group.uuid, step,
                                            deadline)
                if saved is None and number < len(steps):
                    raise _StillRunning(_(
                        "Magnum has accepted part of this change but not "
                        "applied it yet, so the rest was not sent. Make the "
                        "rest once the cluster shows UPDATE_COMPLETE."))
                group = saved or group
        except CoeError as error:
            if not applied:
                raise
            raise PartlyApplied(
                error,
                {name: value for name, value in applied.items()
                 if value != original[name]},
                {name: value for name, value in cleaned.items()
                 if applied.get(name, original[name]) != value},
                pending=isinstance(error, _StillRunning)) from error
        return group

    def delete_node_group(self, cluster: str, ng: str) -> bool:
        """Start deleting an added group; True once Magnum shows the delete
        under way (it answers before its conductor starts), False if not
        within a few seconds."""
        self._require_node_groups()
        owner = self.get_cluster(cluster)
        if owner.is_deleting:
            raise Conflict(_("The cluster is being deleted, and its node groups "
                             "with it."))
        group = self.get_node_group(owner.uuid, ng)
        reason = group.reason_for(NodeGroupAction.DELETE)
        if reason:
            raise Conflict(reason)
        self._magnum.call("DELETE",
                          f"{node_groups_path(owner.uuid)}{group.uuid}")
        return wait_until_started(
            lambda: self.get_node_group(owner.uuid, group.uuid),
            lambda now: now.status != group.status)

    @staticmethod
    def _refuse_if_busy(owner: Cluster, group: NodeGroup) -> None:
        reason = group.reason_for_change(owner)
        if reason:
            raise Conflict(reason)

    def _apply(self, cluster_uuid: str, group_uuid: str, step: Step) -> None:
        if isinstance(step, ResizeStep):
            self._magnum.call(
                "POST", f"/v1/clusters/{cluster_uuid}/actions/resize",
                {"node_count": step.node_count, "nodegroup": group_uuid})
        else:
            self._magnum.call(
                "PATCH", f"{node_groups_path(cluster_uuid)}{group_uuid}",
                patch_operations(step.changes))

    def _wait_for_step(self, cluster_uuid: str, group_uuid: str,
                       step: Step, deadline: float) -> NodeGroup | None:
        """The group once Magnum has saved `step`, or None if it has not
        within a few seconds."""
        def saved() -> NodeGroup | None:
            group = self.get_node_group(cluster_uuid, group_uuid)
            if isinstance(step, ResizeStep):
                done = group.node_count == step.node_count
            else:
                done = all(_saved_value(group, name) == value
                           for name, value in step.changes.items())
            return group if done else None

        return wait_until(saved, _before(deadline, _STEP_VISIBLE_DELAYS))

    def _wait_until_settled(self, cluster_uuid: str, group_uuid: str,
                            deadline: float) -> None:
        """Until the previous step's operation has finished: a driver given
        a change while it is still applying one loses it."""
        def settled() -> tuple[NodeGroup, Cluster] | None:
            group = self.get_node_group(cluster_uuid, group_uuid)
            cluster = self.get_cluster(cluster_uuid)
            return None if group.is_busy or cluster.is_busy else (group, cluster)

        found = wait_until(settled, _before(deadline, _SETTLE_DELAYS))
        if found is None:
            raise _StillRunning(_(
                "Magnum is still applying part of this change, so the rest "
                "was not sent. Make the rest once the cluster shows "
                "UPDATE_COMPLETE."))
        failed = next((item for item in found if item.is_failed), None)
        if failed is not None:
            raise Conflict(_("Part of this change failed, so the rest was not "
                             "sent: {reason}.",
                             reason=failed.status_reason or failed.status))


class _StillRunning(Conflict):
    """The rest of an update was not sent only because Magnum is still at an
    earlier part (not a failure)."""


def _before(deadline: float, delays: Iterable[float]) -> Iterator[float]:
    """`delays` while sleeping them ends before `deadline`."""
    for delay in delays:
        if time.monotonic() + delay > deadline:
            return
        yield delay


def _step_changes(step: Step) -> dict[str, Any]:
    if isinstance(step, ResizeStep):
        return {"node_count": step.node_count}
    return dict(step.changes)


def _saved_value(group: NodeGroup, name: str) -> Any:
    if name == "max_node_count":
        return group.upper_bound
    if name == "node_taints":
        return None if group.node_taints is None else [
            taint.as_api() for taint in group.node_taints]
    return getattr(group, name)
