"""Cluster and template operations as a user notices them: what is sent,
and what is refused before anything is sent."""

import re

import pytest
import requests

import coe_backend
from coe_backend import Conflict, InvalidInput, ServiceUnavailable, Unsupported
from tests.unit import fake


def sent(requests_mock, method):
    """Requests of `method` that reached Magnum (Keystone's are left out)."""
    return [r for r in requests_mock.request_history
            if r.method == method and "magnum" in r.hostname]


def served(requests_mock, collection, build):
    """Make Magnum answer GETs of one resource by name and by UUID."""
    def answer(**fields):
        body = build(**fields)
        for ident in (body["name"], body["uuid"]):
            requests_mock.get(f"{fake.MAGNUM}/{collection}/{ident}",
                              **fake.json(body))
        return body
    return answer


@pytest.fixture
def cluster_at(requests_mock):
    return served(requests_mock, "clusters", fake.cluster)


@pytest.fixture
def template_at(requests_mock):
    return served(requests_mock, "clustertemplates", fake.template)


@pytest.fixture
def conductor_starts(requests_mock):
    """From now on, reads of the cluster by UUID show what the conductor
    does once it takes the operation up (the call itself reads by name)."""
    def then(**answer):
        requests_mock.get(f"{fake.MAGNUM}/clusters/{fake.CLUSTER_UUID}",
                          **answer)
    return then


def test_list_pages_with_marker_and_no_empty_last_page(client, requests_mock):
    rows = [fake.cluster(uuid=f"c-{n}", name=n) for n in "abc"]
    # One row more than shown is asked for: Magnum offers "next" whenever a
    # page comes back full, even when nothing follows.
    requests_mock.get(f"{fake.MAGNUM}/clusters?limit=3", **fake.json({
        "clusters": rows, "next": f"{fake.MAGNUM}/clusters?limit=3&marker=c-c"}))
    page = client.list_clusters(limit=2)
    assert [c.name for c in page.items] == ["a", "b"]
    assert page.next_marker == "c-b"
    requests_mock.get(f"{fake.MAGNUM}/clusters?limit=3&marker=c-b",
                      **fake.json({"clusters": rows[2:]}))
    last = client.list_clusters(limit=2, marker="c-b")
    assert [c.name for c in last.items] == ["c"] and last.next_marker is None
    assert page.prev_marker is None and last.prev_marker == "c-c"
    requests_mock.get(f"{fake.MAGNUM}/clusters?limit=3&marker=c-0", **fake.json({
        "clusters": rows[:2]}))
    assert client.list_clusters(limit=2, marker="c-0").next_marker is None  # exactly full


def test_previous_page_reads_backwards_from_the_marker_in_one_call(client, requests_mock):
    rows = [fake.cluster(uuid=f"c-{n}", name=n) for n in "abcde"]  # newest first
    # Previous from the page that starts at "d": Magnum reads oldest first
    # from "d", one row more than shown to tell whether a page lies before.
    route = requests_mock.get(
        f"{fake.MAGNUM}/clusters?limit=3&marker=c-d&sort_key=id&sort_dir=asc",
        complete_qs=True, **fake.json({"clusters": rows[2::-1]}))
    page = client.list_clusters(limit=2, marker="c-d", newest_first=True, backwards=True)
    assert route.call_count == 1
    assert [c.name for c in page.items] == ["b", "c"]  # back in the list's order
    assert (page.prev_marker, page.next_marker) == ("c-b", "c-c")
    requests_mock.get(f"{fake.MAGNUM}/clusters?limit=3&marker=c-c&sort_key=id&sort_dir=asc",
                      complete_qs=True, **fake.json({"clusters": rows[1::-1]}))
    first = client.list_clusters(limit=2, marker="c-c", newest_first=True, backwards=True)
    assert [c.name for c in first.items] == ["a", "b"] and first.prev_marker is None


def test_detail_list(client, requests_mock):
    route = requests_mock.get(f"{fake.MAGNUM}/clusters/detail",
                              **fake.json({"clusters": [fake.cluster()]}))
    assert client.list_clusters(detail=True).items[0].api_address
    assert route.called


def test_create_sends_only_set_fields_and_explicit_merge(
        client, requests_mock, template_at):
    template_at()
    route = requests_mock.post(f"{fake.MAGNUM}/clusters",
                               **fake.json({"uuid": "new-uuid"}, 202))
    uuid = client.create_cluster(
        name="k8s", cluster_template_id="k8s-template", keypair=None,
        node_count=2, labels="kube_tag=v1.29.0", merge_labels=True)
    assert uuid == "new-uuid"
    assert route.last_request.json() == {
        "name": "k8s", "cluster_template_id": fake.TEMPLATE_UUID,
        "node_count": 2, "labels": {"kube_tag": "v1.29.0"},
        "merge_labels": True}


def test_create_without_labels_inherits_the_templates(
        client, requests_mock, template_at):
    template_at()
    route = requests_mock.post(f"{fake.MAGNUM}/clusters",
                               **fake.json({"uuid": "u"}, 202))
    client.create_cluster(cluster_template_id=fake.TEMPLATE_UUID, labels={},
                          merge_labels=False)
    assert route.last_request.json() == {
        "cluster_template_id": fake.TEMPLATE_UUID}


def test_invalid_cluster_is_refused_before_posting(client, requests_mock,
                                                   template_at):
    template_at()
    with pytest.raises(InvalidInput) as caught:
        client.create_cluster(cluster_template_id=fake.TEMPLATE_UUID,
                              name="9lives", master_count=2)
    assert set(caught.value.errors) == {"name", "master_count"}
    assert sent(requests_mock, "POST") == []


def test_unknown_template_is_an_input_error(client, requests_mock):
    requests_mock.get(f"{fake.MAGNUM}/clustertemplates/nope", **fake.error(
        404, "ClusterTemplate nope could not be found."))
    with pytest.raises(InvalidInput) as caught:
        client.create_cluster(cluster_template_id="nope")
    assert caught.value.field == "cluster_template_id"


@pytest.mark.parametrize("status", ["CREATE_IN_PROGRESS", "DELETE_IN_PROGRESS",
                                    "CREATE_FAILED"])
def test_resize_refused_in_states_the_conductor_drops(
        client, requests_mock, cluster_at, status):
    cluster_at(status=status)
    with pytest.raises(Conflict, match=status if "DELETE" not in status
                       else "deleted"):
        client.resize_cluster("k8s", 3)
    assert sent(requests_mock, "POST") == []


def magnum_accepts_resizes(requests_mock):
    """A cluster with a master and a default worker group; resizes get 202."""
    groups = f"{fake.MAGNUM}/clusters/{fake.CLUSTER_UUID}/nodegroups/"
    master = fake.node_group(uuid=fake.MASTER_UUID, name="default-master",
                             role="master")
    requests_mock.get(groups, **fake.json(
        {"nodegroups": [master, fake.node_group()]}))
    requests_mock.get(f"{groups}{fake.WORKER_UUID}",
                      **fake.json(fake.node_group()))
    return requests_mock.post(
        f"{fake.MAGNUM}/clusters/{fake.CLUSTER_UUID}/actions/resize",
        **fake.json({"uuid": fake.CLUSTER_UUID}, 202))


def test_resize_after_a_failed_update_is_allowed(client, requests_mock,
                                                 cluster_at, conductor_starts):
    cluster_at(status="UPDATE_FAILED")
    route = magnum_accepts_resizes(requests_mock)
    conductor_starts(**fake.json(fake.cluster(status="UPDATE_IN_PROGRESS")))
    assert client.resize_cluster("k8s", 3, nodes_to_remove=["server-1"])
    assert route.last_request.json() == {"node_count": 3,
                                         "nodes_to_remove": ["server-1"]}


def test_a_resize_to_zero_workers_needs_magnum_1_10(session, magnum_at, requests_mock,
                                                   cluster_at, conductor_starts):
    cluster_at(status="CREATE_COMPLETE")
    requests_mock.get(f"{fake.MAGNUM}/clustertemplates/{fake.TEMPLATE_UUID}",
                      **fake.json(fake.template()))
    route = magnum_accepts_resizes(requests_mock)
    conductor_starts(**fake.json(fake.cluster(status="UPDATE_IN_PROGRESS")))
    magnum_at("1.9")
    with pytest.raises(Unsupported, match="zero nodes"):
        coe_backend.connect(session).resize_cluster("k8s", 0)
    assert not route.called  # refused before anything was sent
    magnum_at("1.10")
    assert coe_backend.connect(session).resize_cluster("k8s", 0)
    assert route.last_request.json() == {"node_count": 0}


def test_a_resize_the_conductor_never_starts_is_reported(
        client, requests_mock, cluster_at):
    """Magnum answers 202 and then drops it (or is slow): after a few
    seconds of seeing the cluster unchanged, the call says so."""
    cluster_at(updated_at="2026-11-21T10:00:00+00:00")
    magnum_accepts_resizes(requests_mock)
    assert client.resize_cluster("k8s", 3) is False
    reads = [r for r in requests_mock.request_history
             if r.path.endswith(f"/clusters/{fake.CLUSTER_UUID}")]
    assert 5 <= len(reads) <= 10, "a few reads over the seconds waited, no more"


def test_a_newer_save_shows_the_resize_started(
        client, requests_mock, cluster_at, conductor_starts):
    """A resize so quick that it ended between two reads leaves the status
    as it was: the conductor's newer save shows it happened."""
    cluster_at(status="UPDATE_COMPLETE",
               updated_at="2026-11-21T10:00:00+00:00")
    magnum_accepts_resizes(requests_mock)
    conductor_starts(**fake.json(fake.cluster(
        status="UPDATE_COMPLETE", updated_at="2026-11-21T10:00:01+00:00")))
    assert client.resize_cluster("k8s", 3) is True


def test_a_resize_waits_for_the_running_update(client, requests_mock,
                                               cluster_at):
    """Magnum would take it (for the autoscaler) and the cluster would end
    at whichever resize came last; a person is told to wait instead."""
    cluster_at(status="UPDATE_IN_PROGRESS")
    with pytest.raises(Conflict, match="UPDATE_IN_PROGRESS"):
        client.resize_cluster("k8s", 3)
    assert sent(requests_mock, "POST") == []


def test_resize_outside_the_groups_bounds_is_refused(client, requests_mock,
                                                     cluster_at):
    cluster_at()
    requests_mock.get(
        f"{fake.MAGNUM}/clusters/{fake.CLUSTER_UUID}/nodegroups/gpu",
        **fake.json(fake.node_group(name="gpu", is_default=False,
                                    min_node_count=1, max_node_count=4)))
    with pytest.raises(InvalidInput, match="maximum"):
        client.resize_cluster("k8s", 5, nodegroup="gpu")
    assert sent(requests_mock, "POST") == []


def test_what_the_clusters_driver_cannot_do_is_refused_before_it_is_sent(
        client, requests_mock, cluster_at):
    cluster_at()
    requests_mock.get(f"{fake.MAGNUM}/clustertemplates/{fake.TEMPLATE_UUID}",
                      **fake.json(fake.template(driver="k8s_capi_helm_v1")))
    requests_mock.get(
        f"{fake.MAGNUM}/clusters/{fake.CLUSTER_UUID}/nodegroups/gpu",
        **fake.json(fake.node_group(name="gpu", is_default=False, min_node_count=0)))
    with pytest.raises(InvalidInput, match="magnum-capi-helm keeps at least one node"):
        client.resize_cluster("k8s", 0, nodegroup="gpu")
    assert sent(requests_mock, "POST") == []


def test_upgrade(client, requests_mock, cluster_at, template_at,
                 conductor_starts):
    cluster_at()
    template_at(uuid="t-new", name="k8s-1.29")
    route = requests_mock.post(
        f"{fake.MAGNUM}/clusters/{fake.CLUSTER_UUID}/actions/upgrade",
        **fake.json({"uuid": fake.CLUSTER_UUID}, 202))
    conductor_starts(**fake.json(fake.cluster(status="UPDATE_IN_PROGRESS")))
    assert client.upgrade_cluster("k8s", "k8s-1.29", max_batch_size=2)
    assert route.last_request.json() == {"cluster_template": "t-new",
                                         "max_batch_size": 2}


def test_upgrade_refused_while_updating(client, requests_mock,
                                        cluster_at):
    cluster_at(status="UPDATE_IN_PROGRESS")
    with pytest.raises(Conflict, match="UPDATE_IN_PROGRESS"):
        client.upgrade_cluster("k8s", "k8s-1.29")
    assert sent(requests_mock, "POST") == []


def test_added_group_only_upgrades_to_the_clusters_template(
        client, requests_mock, cluster_at, template_at):
    cluster_at()
    template_at(uuid="t-new", name="k8s-1.29")
    requests_mock.get(
        f"{fake.MAGNUM}/clusters/{fake.CLUSTER_UUID}/nodegroups/gpu",
        **fake.json(fake.node_group(name="gpu", is_default=False)))
    with pytest.raises(InvalidInput) as caught:
        client.upgrade_cluster("k8s", "k8s-1.29", nodegroup="gpu")
    assert caught.value.field == "cluster_template"
    assert sent(requests_mock, "POST") == []


def test_rotate_ca_and_credentials(client, requests_mock, cluster_at):
    cluster_at()
    ca = requests_mock.patch(f"{fake.MAGNUM}/certificates/{fake.CLUSTER_UUID}",
                             **fake.json({"uuid": fake.CLUSTER_UUID}, 202))
    creds = requests_mock.patch(
        f"{fake.MAGNUM}/credentials/{fake.CLUSTER_UUID}",
        **fake.json({"uuid": fake.CLUSTER_UUID}, 202))
    client.rotate_ca("k8s")
    client.rotate_credentials("k8s")
    assert ca.called and creds.called


def test_delete_refused_while_deleting(client, requests_mock,
                                       cluster_at):
    cluster_at(status="DELETE_IN_PROGRESS")
    with pytest.raises(Conflict, match="being deleted"):
        client.delete_cluster("k8s")
    assert sent(requests_mock, "DELETE") == []


def test_delete_failed_cluster(client, requests_mock, cluster_at,
                               conductor_starts):
    cluster_at(status="CREATE_FAILED")
    route = requests_mock.delete(f"{fake.MAGNUM}/clusters/{fake.CLUSTER_UUID}",
                                 status_code=204)
    # Gone already: the delete has certainly started.
    conductor_starts(**fake.error(404, "Cluster could not be found."))
    assert client.delete_cluster("k8s")
    assert route.called


# --- templates --------------------------------------------------------------

def clusters_using(requests_mock, *names):
    requests_mock.get(f"{fake.MAGNUM}/clusters", **fake.json({"clusters": [
        fake.cluster(uuid=f"c-{name}", name=name) for name in names]}))


def test_templates_in_use_from_one_listing(client, requests_mock):
    requests_mock.get(f"{fake.MAGNUM}/clusters", **fake.json({"clusters": [
        fake.cluster(uuid="c-1", name="a"),
        fake.cluster(uuid="c-2", name="b", cluster_template_id="other")],
        "next": f"{fake.MAGNUM}/clusters?marker=c-2"}))
    requests_mock.get(f"{fake.MAGNUM}/clusters?marker=c-2", **fake.json({
        "clusters": [fake.cluster(uuid="c-3", name="c")]}))
    assert client.templates_in_use() == {fake.TEMPLATE_UUID: ["a", "c"],
                                         "other": ["b"]}


def test_delete_template_in_use_names_the_clusters(client, requests_mock,
                                                   template_at):
    template_at()
    clusters_using(requests_mock, "prod", "dev")
    with pytest.raises(Conflict) as caught:
        client.delete_cluster_template("k8s-template")
    assert "dev, prod" in caught.value.message
    assert sent(requests_mock, "DELETE") == []


def test_update_of_template_in_use_refused_up_front(client, requests_mock,
                                                    template_at):
    template_at()
    clusters_using(requests_mock, "prod")
    with pytest.raises(InvalidInput) as caught:
        client.update_cluster_template("k8s-template", flavor_id="m1.large")
    assert caught.value.field == "flavor_id"
    assert sent(requests_mock, "PATCH") == []


def test_update_builds_magnums_json_patch(client, requests_mock,
                                          template_at):
    template_at(dns_nameserver="8.8.8.8")
    clusters_using(requests_mock)
    route = requests_mock.patch(
        f"{fake.MAGNUM}/clustertemplates/{fake.TEMPLATE_UUID}",
        **fake.json(fake.template(name="renamed")))
    updated = client.update_cluster_template(
        "k8s-template", name="renamed", labels="kube_tag=v1.29.0",
        dns_nameserver=None)
    assert updated.name == "renamed"
    operations = sorted(route.last_request.json(), key=lambda op: op["path"])
    assert operations == [
        {"op": "remove", "path": "/dns_nameserver"},
        {"op": "replace", "path": "/labels",
         "value": "{'kube_tag': 'v1.29.0'}"},
        {"op": "replace", "path": "/name", "value": "renamed"}]


def test_clone_copies_but_does_not_publish(client, requests_mock,
                                           template_at):
    template_at(public=True, tags="gold", dns_nameserver="8.8.8.8")
    route = requests_mock.post(
        f"{fake.MAGNUM}/clustertemplates",
        **fake.json(fake.template(uuid="t-2", name="copy"), 201))
    clone = client.clone_cluster_template("k8s-template", "copy")
    body = route.last_request.json()
    assert clone.uuid == "t-2"
    assert body["name"] == "copy" and body["labels"] == {
        "kube_tag": "v1.28.3"}
    assert body["tags"] == "gold" and body["dns_nameserver"] == "8.8.8.8"
    assert "public" not in body and "hidden" not in body
    assert None not in body.values()


def test_a_resize_that_times_out_may_still_happen(client, requests_mock, cluster_at):
    """A write Magnum does not answer in time may still be carried out (a
    magnum-api waiting for its message queue sends it once the queue is back)."""
    cluster_at(status="CREATE_COMPLETE")
    magnum_accepts_resizes(requests_mock)
    requests_mock.post(re.compile(r".*/actions/resize$"), exc=requests.exceptions.ReadTimeout)
    with pytest.raises(ServiceUnavailable) as timed_out:
        client.resize_cluster("k8s", 3)
    assert "not known whether it will carry out this request" in str(timed_out.value)
    assert "Look at the cluster before you try again" in str(timed_out.value)
