"""Node group operations of the client (Magnum API 1.9 and later)."""

from __future__ import annotations

import dataclasses
import enum
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from coe_backend.client.base import node_groups_path, wait_until, wait_until_started
from coe_backend.client.catalog import CatalogLookups
from coe_backend.errors import (
    CoeError, Conflict, InvalidInput, NotFound, PartlyApplied, QuotaExceeded)
from coe_backend.i18n import _, join
from coe_backend.magnum.json_patch import patch_operations
from coe_backend.models import Cluster, NodeGroup
from coe_backend.rules import flavor_replacement as replacing
from coe_backend.rules.flavor_replacement import Replacement, Stage
from coe_backend.rules.node_group_plan import (
    Bounds, ResizeStep, Step, plan_node_group_update)
from coe_backend.rules.preflight import added_group_preflight
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
_PARALLEL_READS = 8


class _Unset(enum.Enum):
    UNSET = "UNSET"


# "Not given", as opposed to None (which removes a maximum, labels, taints).
UNSET = _Unset.UNSET


class NodeGroupOperations(CatalogLookups):  # flavors and quotas for a flavor change
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

    def delete_node_group(self, cluster: str, ng: str, *, wait: bool = True) -> bool:
        """Start deleting an added group; True once Magnum shows the delete
        under way (it answers before its conductor starts), False if not
        within a few seconds. `wait=False`: True once sent, without waiting
        (the caller's next read shows the state)."""
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
        return not wait or wait_until_started(
            lambda: self.get_node_group(owner.uuid, group.uuid),
            lambda now: now.status != group.status)

    def replace_node_group_flavor(self, cluster: str, ng: str, flavor: str, *,
                                  name: str | None = None) -> NodeGroup:
        """Step 1 of a flavor change (rules/flavor_replacement.py): add a
        group like `ng` with `flavor` and the label naming `ng`, once it fits
        beside `ng` in the project's quota. `name` defaults to
        `<old name>-<flavor>`. Returns the new group; nothing is made if
        refused. flavor_replacements takes the next steps."""
        self._require_node_groups()
        owner = self.get_cluster(cluster)
        groups = self.detailed_node_groups(owner.uuid)
        group = next((item for item in groups if ng in (item.uuid, item.name)), None)
        if group is None:
            raise NotFound(_("The node group {name} no longer exists.", name=ng))
        reason = replacing.replacement_blocker(
            group, owner, replacing.find_replacements(groups, owner))
        if reason:
            raise Conflict(reason)
        try:
            flavors = self.list_flavors()
        except CoeError:
            flavors = []  # unknown: Magnum checks the flavor, the quota check says so
        chosen = next((item for item in flavors if flavor in (item.id, item.name)), None)
        if group.flavor_id in {flavor, *((chosen.id, chosen.name) if chosen else ())}:
            raise InvalidInput({"flavor_id": _("The group has this flavor already; choose "
                                               "another.")})
        names = {item.name for item in groups}
        new_name = name or replacing.replacement_name(
            group, chosen.name if chosen else flavor, names)
        if new_name in names:
            raise InvalidInput({"name": _("The cluster already has a node group of this "
                                          "name.")})
        body = validate_node_group(
            replacing.replacement_fields(group, flavor, new_name,
                                         self._magnum.features.node_labels_and_taints),
            owner, self._magnum.features, flavors=flavors or None, driver=self.driver_family(owner),
            replacing=True)
        verdict = added_group_preflight(
            chosen, body.get("node_count", 1), body.get("docker_volume_size"),
            owner.floating_ip_enabled is not False, self.get_project_limits(),
            overlapping=group.node_count or 0)
        if not verdict.fits:
            short = join(", ", (_("{resource}: {needed} needed, {available} left",
                                  resource=check.resource, needed=check.needed,
                                  available=check.available) for check in verdict.shortfalls))
            raise QuotaExceeded(join(" ", (_(
                "The new group does not fit beside the old one in what the project has "
                "left ({short}); both run until the new one is ready.", short=short),
                *verdict.advice)))
        created = NodeGroup.from_api(
            self._magnum.call("POST", node_groups_path(owner.uuid), body))
        self._remember_created(created.uuid, created.name)
        try:  # once the conductor has saved it, so the next page shows it
            return self.get_node_group(owner.uuid, created.uuid)
        except CoeError:
            return created  # made all the same: the next read shows it

    def flavor_replacements(
            self, cluster: str | Cluster, *, groups: Iterable[NodeGroup] | None = None,
            advance: bool | Callable[[Replacement], bool] = True) -> list[Replacement]:
        """The flavor changes of `cluster` (groups: its groups read in
        full, when the caller has them; the replacements among them), each
        after its next step when one is due and `advance` (or advance(it)
        says yes: a caller's lock): the old group's delete once the new
        group is ready. Any worker may call this at any time, several at
        once: a delete another has started already is not an error."""
        owner = cluster if isinstance(cluster, Cluster) else self.get_cluster(cluster)
        if groups is None:
            groups = self.detailed_node_groups(owner.uuid)
        found = replacing.find_replacements(groups, owner)
        return [self._delete_replaced(owner, item)
                if item.stage is Stage.DELETE_OLD and (advance(item) if callable(advance)
                                                       else advance)
                else item for item in found]

    def _delete_replaced(self, owner: Cluster, replacement: Replacement) -> Replacement:
        """The old group's delete, if the groups and the cluster as they are
        now (not as the caller read them) still call for it; sent without
        waiting, since web requests take this step."""
        old = None
        try:
            old = self.get_node_group(owner.uuid, replacement.old_uuid)
            new = self.get_node_group(owner.uuid, replacement.new.uuid)
            stage = replacing.stage_of(new, old, self.get_cluster(owner.uuid))
            if stage is Stage.DELETE_OLD:
                self.delete_node_group(owner.uuid, old.uuid, wait=False)
                stage = Stage.DELETING_OLD
        except NotFound:  # the old group gone: done; the new one: the next read says
            return (dataclasses.replace(replacement, old=None, stage=Stage.DONE)
                    if old is None else replacement)
        except CoeError:  # another request's delete came first, a group got busy,
            # or Magnum failed: shown as waiting, the next look tries again
            return dataclasses.replace(replacement, stage=Stage.WAITING)
        return replacement if stage is None else dataclasses.replace(
            replacement, new=new, old=old, stage=stage)

    def detailed_node_groups(self, cluster_uuid: str) -> list[NodeGroup]:
        """The cluster's groups with everything Magnum knows of them.

        Magnum's list is only a summary (no labels, min/max, addresses or
        status reason), so each group is read as well, all at once: 1 + N
        Magnum calls that take about as long as two. A group deleted
        meanwhile is left out; one that cannot be read keeps its summary."""
        summaries = self.list_node_groups(cluster_uuid)
        if not summaries:
            return []

        def details(summary: NodeGroup) -> NodeGroup | None:
            try:
                return self.get_node_group(cluster_uuid, summary.uuid)
            except NotFound:
                return None
            except CoeError:
                return summary

        with ThreadPoolExecutor(max_workers=min(len(summaries), _PARALLEL_READS)) as pool:
            return [group for group in pool.map(details, summaries) if group is not None]

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
