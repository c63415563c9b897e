"""Ordering a node-group change so Magnum accepts every step.

Magnum changes a group's size only through cluster resize, and its min/max
(plus node labels and taints) only through a PATCH; each step is checked
against the group as it is then (min <= count <= max, max None meaning no
maximum). The plan widens the bounds first if needed, then resizes, then
narrows them to the target, leaving out steps that change nothing: usually
"resize then patch" or "patch then resize".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Bounds:
    minimum: int
    count: int
    maximum: int | None


@dataclass(frozen=True)
class PatchStep:
    changes: dict[str, Any]


@dataclass(frozen=True)
class ResizeStep:
    node_count: int


Step = PatchStep | ResizeStep


@dataclass(frozen=True)
class NodeGroupPlan:
    steps: list[Step] = field(default_factory=list)


def plan_node_group_update(current: Bounds, target: Bounds,
                           other_changes: Mapping[str, Any]) -> NodeGroupPlan:
    """Steps from `current` to `target`, both valid; `other_changes` (node
    labels, taints) ride on the last PATCH."""
    steps: list[Step] = []
    wide_min = min(current.minimum, target.minimum)
    wide_max = (None if current.maximum is None or target.maximum is None
                else max(current.maximum, target.maximum))
    resizing = target.count != current.count
    if resizing and not _within(target.count, current.minimum,
                                current.maximum):
        steps.append(PatchStep(_bound_changes(current, wide_min, wide_max)))
        current = Bounds(wide_min, current.count, wide_max)
    if resizing:
        steps.append(ResizeStep(target.count))
    final = _bound_changes(current, target.minimum, target.maximum)
    if final or other_changes:
        steps.append(PatchStep({**final, **other_changes}))
    return NodeGroupPlan(steps)


def _within(count: int, minimum: int, maximum: int | None) -> bool:
    return minimum <= count and (maximum is None or count <= maximum)


def _bound_changes(current: Bounds, minimum: int,
                   maximum: int | None) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if minimum != current.minimum:
        changes["min_node_count"] = minimum
    if maximum != current.maximum:
        changes["max_node_count"] = maximum
    return changes
