"""Node group operations against a mocked Magnum: the order of the calls
and what is refused before any call."""

import time

import pytest

from coe_backend import UNSET, Conflict, PartlyApplied, ServiceUnavailable
from tests.unit import fake

GROUP = "extra"


@pytest.fixture
def paths():
    base = f"{fake.MAGNUM}/clusters/{fake.CLUSTER_UUID}"
    return {"cluster": f"{fake.MAGNUM}/clusters/k8s", "cluster_by_uuid": base,
            "groups": f"{base}/nodegroups/",
            "group": f"{base}/nodegroups/{GROUP}",
            "group_by_uuid": f"{base}/nodegroups/{fake.WORKER_UUID}",
            "resize": f"{base}/actions/resize"}


@pytest.fixture
def cluster_is(requests_mock, paths):
    """The cluster as every GET sees it (by name or by UUID)."""
    def answer(**fields):
        for path in (paths["cluster"], paths["cluster_by_uuid"]):
            requests_mock.get(path, **fake.json(fake.cluster(**fields)))
    return answer


@pytest.fixture
def group_is(requests_mock, paths):
    """The group as successive GETs see it (by name, then by UUID)."""
    def answer(*states, **fields):
        states = states or (fields,)
        bodies = [fake.json(fake.node_group(name=GROUP, is_default=False,
                                            **state)) for state in states]
        requests_mock.get(paths["group"], [bodies[0]])
        requests_mock.get(paths["group_by_uuid"], bodies)
    return answer


def magnum_writes(requests_mock):
    return [(r.method, r.path.split("/")[-1] or r.path.split("/")[-2])
            for r in requests_mock.request_history
            if "magnum" in r.hostname and r.method in ("POST", "PATCH",
                                                       "DELETE")]


def test_growing_past_max_patches_then_resizes(client, requests_mock,
                                               paths, cluster_is, group_is):
    cluster_is()
    group_is({"node_count": 1, "max_node_count": 2},
             {"node_count": 1, "max_node_count": 10},
             {"node_count": 5, "max_node_count": 10})
    patch = requests_mock.patch(paths["group_by_uuid"],
                                **fake.json(fake.node_group(), 202))
    resize = requests_mock.post(paths["resize"],
                                **fake.json({"uuid": fake.CLUSTER_UUID}, 202))
    group = client.update_node_group("k8s", GROUP, node_count=5,
                                     max_node_count=10)
    assert magnum_writes(requests_mock) == [
        ("PATCH", fake.WORKER_UUID), ("POST", "resize")]
    assert patch.last_request.json() == [
        {"op": "replace", "path": "/max_node_count", "value": 10}]
    assert resize.last_request.json() == {"node_count": 5,
                                          "nodegroup": fake.WORKER_UUID}
    assert group.node_count == 5


def test_shrinking_resizes_then_patches(client, requests_mock, paths,
                                        cluster_is, group_is):
    cluster_is()
    group_is({"node_count": 5, "max_node_count": 10},
             {"node_count": 2, "max_node_count": 10},
             {"node_count": 2, "max_node_count": 3,
              "node_labels": {"tier": "web"}})
    requests_mock.patch(paths["group_by_uuid"],
                        **fake.json(fake.node_group(), 202))
    requests_mock.post(paths["resize"],
                       **fake.json({"uuid": fake.CLUSTER_UUID}, 202))
    client.update_node_group("k8s", GROUP, node_count=2, max_node_count=3,
                             node_labels="tier=web")
    assert magnum_writes(requests_mock) == [
        ("POST", "resize"), ("PATCH", fake.WORKER_UUID)]
    patch = requests_mock.request_history[-2].json()
    assert sorted(patch, key=lambda op: op["path"]) == [
        {"op": "replace", "path": "/max_node_count", "value": 3},
        {"op": "replace", "path": "/node_labels", "value": "{'tier': 'web'}"}]


GROWING = {"node_count": 1, "max_node_count": 2}  # to 5 nodes, maximum 10
WIDENED = {"node_count": 1, "max_node_count": 10}  # after the first step


@pytest.fixture
def grow_stopping_after_the_patch(client, requests_mock, paths):
    """Grow GROWING to 5 nodes, maximum 10, where only the first step (the
    PATCH widening the maximum) gets sent: the PartlyApplied raised."""
    def grow(match=None):
        requests_mock.patch(paths["group_by_uuid"],
                            **fake.json(fake.node_group(), 202))
        with pytest.raises(PartlyApplied, match=match) as raised:
            client.update_node_group("k8s", GROUP, node_count=5,
                                     max_node_count=10)
        assert magnum_writes(requests_mock) == [("PATCH", fake.WORKER_UUID)]
        return raised.value
    return grow


def test_second_step_is_not_sent_if_the_first_never_shows(
        cluster_is, group_is, grow_stopping_after_the_patch, monkeypatch):
    monkeypatch.setattr(
        "coe_backend.client.node_groups._STEP_VISIBLE_DELAYS", (0.01,))
    cluster_is()
    group_is(GROWING)
    stopped = grow_stopping_after_the_patch(match="rest was not sent")
    # Accepted, so counted as made; not a failure.
    assert stopped.applied == {"max_node_count": 10}
    assert stopped.pending


@pytest.fixture
def quick_settling(monkeypatch):
    monkeypatch.setattr(
        "coe_backend.client.node_groups._SETTLE_DELAYS", (0.01,) * 3)
    monkeypatch.setattr(
        "coe_backend.client.node_groups._UPDATE_WAIT_SECONDS", 1.0)


def test_the_next_step_waits_until_the_previous_one_has_finished(
        client, requests_mock, paths, cluster_is, group_is,
        quick_settling):
    cluster_is()
    group_is(GROWING, *[{**WIDENED, "status": "UPDATE_IN_PROGRESS"}] * 3,
             {**WIDENED, "status": "UPDATE_COMPLETE"},
             {"node_count": 5, "max_node_count": 10})
    requests_mock.patch(paths["group_by_uuid"],
                        **fake.json(fake.node_group(), 202))
    requests_mock.post(paths["resize"],
                       **fake.json({"uuid": fake.CLUSTER_UUID}, 202))
    client.update_node_group("k8s", GROUP, node_count=5, max_node_count=10)
    calls = [(r.method, r.path.rsplit("/", 1)[-1]) for r in
             requests_mock.request_history if r.path.startswith("/v1/")]
    resize = calls.index(("POST", "resize"))
    group_reads = [call for call in calls[:resize]
                   if call == ("GET", fake.WORKER_UUID)]
    # Read as before the PATCH, then saved but running (3 times), then done:
    # only then the resize.
    assert len(group_reads) == 5


def test_a_step_still_running_stops_the_rest_and_says_what_was_made(
        cluster_is, group_is, grow_stopping_after_the_patch, quick_settling):
    cluster_is()
    group_is(GROWING, {**WIDENED, "status": "UPDATE_IN_PROGRESS"})
    stopped = grow_stopping_after_the_patch(match="still applying")
    assert stopped.applied == {"max_node_count": 10}
    assert stopped.not_applied == {"node_count": 5}
    assert stopped.pending  # nothing failed: the rest is left to do


def test_all_the_waiting_of_an_update_keeps_to_its_limit(
        cluster_is, group_is, grow_stopping_after_the_patch, monkeypatch):
    monkeypatch.setattr(
        "coe_backend.client.node_groups._UPDATE_WAIT_SECONDS", 1.5)
    cluster_is()
    group_is(GROWING, GROWING, {**WIDENED, "status": "UPDATE_IN_PROGRESS"})
    started = time.monotonic()
    grow_stopping_after_the_patch()
    assert time.monotonic() - started < 2.5


@pytest.mark.parametrize("failed", ["group", "cluster"])
def test_a_failed_step_stops_the_rest_with_its_reason(
        cluster_is, group_is, grow_stopping_after_the_patch, quick_settling,
        failed):
    failure = {"status": "UPDATE_FAILED",
               "status_reason": "Heat stack update timed out"}
    cluster_is(**(failure if failed == "cluster" else {}))
    group_is(GROWING, {**WIDENED, **(failure if failed == "group" else {})})
    stopped = grow_stopping_after_the_patch(match="Heat stack update timed out")
    assert not stopped.pending


def test_a_refused_later_step_names_what_was_and_was_not_changed(
        client, requests_mock, paths, cluster_is, group_is):
    cluster_is()
    group_is(GROWING, WIDENED)
    requests_mock.patch(paths["group_by_uuid"],
                        **fake.json(fake.node_group(), 202))
    requests_mock.post(paths["resize"], **fake.error(500, "Injected."))
    with pytest.raises(PartlyApplied) as raised:
        client.update_node_group("k8s", GROUP, node_count=5,
                                 max_node_count=10)
    error = raised.value
    assert isinstance(error.cause, ServiceUnavailable)
    assert (error.applied, error.not_applied) == ({"max_node_count": 10},
                                                   {"node_count": 5})
    assert str(error).startswith(str(error.cause))
    assert "max_node_count 10 changed, node_count 5 not" in str(error)


def test_removing_the_maximum(client, requests_mock, paths, cluster_is,
                              group_is):
    cluster_is()
    group_is({"max_node_count": 4}, {"max_node_count": None})
    patch = requests_mock.patch(paths["group_by_uuid"],
                                **fake.json(fake.node_group(), 202))
    client.update_node_group("k8s", GROUP, max_node_count=None,
                             min_node_count=UNSET)
    assert patch.last_request.json() == [{"op": "remove",
                                          "path": "/max_node_count"}]


@pytest.mark.parametrize("cluster_status, group_status, words", [
    ("UPDATE_IN_PROGRESS", "UPDATE_COMPLETE", "cluster is UPDATE_IN_PROGRESS"),
    ("UPDATE_COMPLETE", "UPDATE_IN_PROGRESS", "node group is"),
    ("CREATE_FAILED", "CREATE_FAILED", "CREATE_FAILED"),
])
def test_busy_group_or_cluster_is_refused_before_any_call(
        client, requests_mock, cluster_is, group_is, cluster_status,
        group_status, words):
    cluster_is(status=cluster_status)
    group_is(status=group_status)
    with pytest.raises(Conflict, match=words):
        client.update_node_group("k8s", GROUP, node_count=3)
    assert magnum_writes(requests_mock) == []


def test_default_group_cannot_be_deleted(client, requests_mock, paths,
                                         cluster_is):
    cluster_is()
    requests_mock.get(f"{paths['groups']}default-worker",
                      **fake.json(fake.node_group()))
    with pytest.raises(Conflict, match="default worker"):
        client.delete_node_group("k8s", "default-worker")
    assert magnum_writes(requests_mock) == []


def test_delete_added_group(client, requests_mock, paths, cluster_is,
                            group_is):
    cluster_is()
    group_is({}, {"status": "DELETE_IN_PROGRESS"})
    route = requests_mock.delete(paths["group_by_uuid"], status_code=204)
    assert client.delete_node_group("k8s", GROUP), "the delete shows as started"
    assert route.called


def test_create_needs_an_api_address(client, requests_mock, cluster_is):
    cluster_is(api_address=None)
    with pytest.raises(Conflict, match="API address"):
        client.create_node_group("k8s", name="gpu")
    assert magnum_writes(requests_mock) == []


def test_create_sends_node_labels_and_taints(client, requests_mock,
                                             paths, cluster_is):
    cluster_is()
    route = requests_mock.post(paths["groups"], **fake.json(
        fake.node_group(name="gpu", is_default=False, status=None), 202))
    group = client.create_node_group(
        "k8s", name="gpu", node_count=2, flavor_id="g1.large",
        node_labels={"tier": "gpu"}, node_taints="gpu=true:NoSchedule")
    assert group.name == "gpu"
    assert route.last_request.json() == {
        "name": "gpu", "node_count": 2, "flavor_id": "g1.large",
        "node_labels": {"tier": "gpu"},
        "node_taints": [{"key": "gpu", "value": "true",
                         "effect": "NoSchedule"}]}


def test_new_group_read_right_after_create_is_retried(
        client, requests_mock, paths, cluster_is):
    cluster_is()
    requests_mock.post(paths["groups"], **fake.json(
        fake.node_group(name="gpu", is_default=False), 202))
    requests_mock.get(f"{fake.MAGNUM}/clusters/k8s/nodegroups/gpu", [
        fake.error(404, "Nodegroup gpu could not be found."),
        fake.json(fake.node_group(name="gpu", status="CREATE_IN_PROGRESS"))])
    client.create_node_group("k8s", name="gpu")
    assert client.get_node_group("k8s", "gpu").name == "gpu"
