"""Actions of several Magnum calls that fail midway leave nothing behind, or
say exactly what was done and what was not."""
import re

import pytest
import requests_mock

from tests.magnum_helpers import create_cluster, create_template, exists, remove, unique_name
from tests.reliability import tally
from tests.reliability.magnum_state import settle
from tests.reliability.outcomes import errors_of, messages, one_page_for_all, request

pytestmark = pytest.mark.devcloud

CLUSTERS = "/project/clusters/"
TEMPLATES = "/project/cluster_templates/"

# An edit of a node group's size and range is a resize and a PATCH, in the
# order that keeps min <= count <= max (coe_backend's node_group_plan).
# order: (the range to start from, the edit, the call made to fail,
#         the group afterwards, (what was done, what was not) as the message names them)
HALF_DONE = {
    "resize, then PATCH of the maximum": (
        None, {"node_count": 3, "min_node_count": 0, "max_node_count": 5},
        ("PATCH", r"/clusters/.*/nodegroups/.*"), {"node_count": 3, "max_node_count": None},
        ("nodes 1 \u2192 3", "maximum none \u2192 5")),
    "PATCH widening the maximum, then resize": (
        2, {"node_count": 4, "min_node_count": 0, "max_node_count": 6},
        ("POST", r"/clusters/.*/actions/resize$"), {"node_count": 1, "max_node_count": 6},
        ("maximum 2 \u2192 6", "nodes 1 \u2192 4")),
}


@pytest.fixture(scope="module")
def half_done(horizon, login, template):
    """{order: (the messages shown, the group afterwards)}: each edit run once
    on a cluster of its own, with its second call failing."""
    magnum = horizon.magnum("demo")
    results = {}
    for order, (maximum, edit, (method, path), _after, _named) in HALF_DONE.items():
        cluster, _ = create_cluster(magnum, template, node_count=1)
        group = magnum.nodegroups.get(cluster.uuid, "default-worker")
        if maximum is not None:
            magnum.nodegroups.update(cluster.uuid, group.uuid, [
                {"op": "replace", "path": "/max_node_count", "value": maximum}])
            settle(magnum, cluster.uuid)
        url = f"{CLUSTERS}{cluster.uuid}/node-groups/{group.uuid}/update/"
        with requests_mock.Mocker(real_http=True) as mocker:
            mocker.register_uri(method, _magnum_url(horizon, path), status_code=500, json={
                "errors": [{"status": 500, "title": "Injected fault", "detail": "injected"}]})
            response = request(login("demo"), "POST", url, edit)
        settle(magnum, cluster.uuid)
        results[order] = (errors_of(response), magnum.nodegroups.get(cluster.uuid, group.uuid))
        magnum.clusters.delete(cluster.uuid)
        tally.count(tally.CHECKED, MIDWAY)
    return results


MIDWAY = "partial failures: multi-step actions failed midway"


def _magnum_url(horizon, path_regex):
    return re.compile(re.escape(horizon.cfg.magnum_url) + path_regex)


@pytest.mark.parametrize("order", HALF_DONE)
def test_a_half_done_edit_leaves_a_consistent_group_and_says_it_failed(half_done, order):
    shown, group = half_done[order]
    expected = HALF_DONE[order][3]
    assert {name: getattr(group, name) for name in expected} == expected
    upper = group.max_node_count or float("inf")
    assert (group.min_node_count or 0) <= group.node_count <= upper
    assert any("Unable to change the node group" in m and "HTTP 500" in m for m in shown), shown


@pytest.mark.parametrize("order", HALF_DONE)
def test_a_half_done_edit_says_what_was_done_and_what_was_not(half_done, order):
    """The user must learn that the group is neither as it was nor as asked:
    which change was applied and which was not (in the words of the form's
    success message, e.g. "nodes 1 → 3")."""
    shown, _group = half_done[order]
    done, not_done = HALF_DONE[order][4]
    assert any(done in m and not_done in m.replace(done, "") for m in shown), shown


def test_a_clone_whose_create_fails_leaves_no_template(horizon, login, magnum_fault, template):
    name = unique_name("clone")
    magnum_fault("POST", r"/clustertemplates/?$", status=500)
    response = request(login("demo"), "POST", f"{TEMPLATES}{template.uuid}/clone/",
                       {"name": name})
    assert response.status_code == 200 and name in response.content.decode()
    assert any("Unable to clone" in m and "HTTP 500" in m for m in errors_of(response))
    assert not exists(horizon.magnum("demo").cluster_templates.get, name)
    tally.count(tally.CHECKED, MIDWAY)


def test_a_batch_delete_names_what_was_deleted_and_what_was_not(horizon, login, magnum_fault):
    magnum = horizon.magnum("demo")
    first, kept, last = (create_template(magnum, name=unique_name(f"batch-{n}")) for n in "abc")
    try:
        fault = magnum_fault("DELETE", rf"/clustertemplates/{kept.uuid}$", status=500)
        with one_page_for_all(login("demo")):  # the rows a person can tick
            response = request(login("demo"), "POST", TEMPLATES, {
                "action": "cluster_templates__delete",
                "object_ids": [first.uuid, kept.uuid, last.uuid]})
        fault.stop()
        assert response.status_code == 302
        remaining = [t.name for t in (first, kept, last)
                     if exists(magnum.cluster_templates.get, t.uuid)]
        assert remaining == [kept.name]
        shown = messages(response)
        deleted = [text for level, text in shown if level in ("success", "info")]
        failed = errors_of(response)
        assert any(first.name in m and last.name in m and kept.name not in m
                   for m in deleted), shown
        assert any(kept.name in m and "HTTP 500" in m and first.name not in m
                   for m in failed), shown
    finally:
        remove(magnum, templates=[first.uuid, kept.uuid, last.uuid])
    tally.count(tally.CHECKED, MIDWAY)
