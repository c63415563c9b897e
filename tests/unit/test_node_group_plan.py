"""Ordering resize and PATCH so every step is one Magnum accepts."""

from hypothesis import given
from hypothesis import strategies as st

from coe_backend.rules.node_group_plan import (
    Bounds, PatchStep, ResizeStep, plan_node_group_update)


def kinds(plan):
    return [type(step).__name__ for step in plan.steps]


def test_growing_past_the_maximum_patches_first():
    plan = plan_node_group_update(Bounds(0, 1, 2), Bounds(0, 5, 10), {})
    assert plan.steps == [PatchStep({"max_node_count": 10}), ResizeStep(5)]


def test_shrinking_below_the_new_maximum_resizes_first():
    plan = plan_node_group_update(Bounds(0, 5, 10), Bounds(0, 2, 3), {})
    assert plan.steps == [ResizeStep(2), PatchStep({"max_node_count": 3})]


def test_shrinking_below_the_minimum_lowers_it_first():
    plan = plan_node_group_update(Bounds(3, 5, None), Bounds(1, 2, None), {})
    assert plan.steps == [PatchStep({"min_node_count": 1}), ResizeStep(2)]


def test_bounds_and_count_crossing_need_three_steps():
    plan = plan_node_group_update(Bounds(0, 1, 2), Bounds(5, 6, 10), {})
    assert plan.steps == [PatchStep({"max_node_count": 10}), ResizeStep(6),
                          PatchStep({"min_node_count": 5})]


def test_only_labels_is_one_patch():
    plan = plan_node_group_update(Bounds(0, 1, None), Bounds(0, 1, None),
                                  {"node_labels": {"a": "b"}})
    assert plan.steps == [PatchStep({"node_labels": {"a": "b"}})]


def test_removing_the_maximum_is_a_patch_to_none():
    plan = plan_node_group_update(Bounds(0, 1, 3), Bounds(0, 1, None), {})
    assert plan.steps == [PatchStep({"max_node_count": None})]


def test_nothing_to_do():
    assert plan_node_group_update(Bounds(0, 1, 3), Bounds(0, 1, 3),
                                  {}).steps == []


def test_labels_ride_on_the_last_patch():
    plan = plan_node_group_update(Bounds(0, 5, 10), Bounds(0, 2, 2),
                                  {"node_taints": []})
    assert kinds(plan) == ["ResizeStep", "PatchStep"]
    assert plan.steps[-1].changes == {"max_node_count": 2, "node_taints": []}


@st.composite
def valid_bounds(draw):
    minimum = draw(st.integers(0, 20))
    count = draw(st.integers(minimum, 25))
    maximum = draw(st.none() | st.integers(count, 30))
    return Bounds(minimum, count, maximum)


def within(bounds):
    return bounds.minimum <= bounds.count and (
        bounds.maximum is None or bounds.count <= bounds.maximum)


@given(valid_bounds(), valid_bounds())
def test_every_step_keeps_min_count_max_and_reaches_the_target(current,
                                                               target):
    state = current
    for step in plan_node_group_update(current, target, {}).steps:
        if isinstance(step, ResizeStep):
            state = Bounds(state.minimum, step.node_count, state.maximum)
        else:
            state = Bounds(step.changes.get("min_node_count", state.minimum),
                           state.count,
                           step.changes.get("max_node_count", state.maximum))
        assert within(state), (current, target, state)
    assert state == target
