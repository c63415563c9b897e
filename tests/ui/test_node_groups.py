"""Node groups of a cluster, through the real Horizon, Keystone and Magnum.

Each action is tried valid and invalid (errors beside the fields, nothing
sent) and with Magnum failing (a message, never a 500). States Magnum only
passes through for half a second (busy, no API address yet) are shown to
Horizon by answering its reads with an altered copy of the real object.
"""
import re
import threading
import time

import pytest
import requests_mock

import coe_backend
from devcloud import clients
from tests.magnum_helpers import create_cluster, create_template, unique_name
from tests.horizon_fixtures import messages_of

pytestmark = pytest.mark.devcloud


@pytest.fixture(scope="module")
def template(horizon):
    return create_template(horizon.magnum("demo"), labels={"kube_tag": "v1.30.6", "team": "core"})


@pytest.fixture(scope="module")
def cluster(horizon, template):
    cluster, _ = create_cluster(horizon.magnum("demo"), template, node_count=2)
    assert cluster.status == "CREATE_COMPLETE", cluster.status_reason
    return cluster


@pytest.fixture
def own_cluster(horizon, template):
    """A cluster for one test whose changes leave it busy or failed a while:
    a failed group leaves it UPDATE_FAILED, and after a change of count and
    range together devcloud keeps it UPDATE_IN_PROGRESS for about 30 s."""
    cluster, _ = create_cluster(horizon.magnum("demo"), template, node_count=1)
    assert cluster.status == "CREATE_COMPLETE", cluster.status_reason
    return cluster


@pytest.fixture(scope="module")
def library(horizon):
    """coe_backend as the demo user, to set up and check groups."""
    return coe_backend.connect(clients.session(horizon.cfg, "demo"))


@pytest.fixture(autouse=True)
def fresh_messages(login):
    """No message left over from an earlier test's redirect."""
    for user in ("demo", "viewer"):
        login(user).client.cookies.pop("messages", None)


def settle(library, cluster_uuid, group=None, gone=False, cluster_too=True, timeout=60):
    """Wait until the group (if named) exists, or is ``gone``, and it (and
    the cluster) have finished; the group as it ended (None once gone)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = library.get_node_group(cluster_uuid, group) if group else None
        except coe_backend.NotFound:
            found = None  # Magnum writes a new group after answering the POST
        waiting = group and ((found is None) != gone or (found and found.is_busy))
        if not waiting and not (cluster_too and library.get_cluster(cluster_uuid).is_busy):
            return found
        time.sleep(0.1)
    raise AssertionError(f"cluster {cluster_uuid} still busy after {timeout} s")


def add_group(library, cluster, **fields):
    fields.setdefault("name", unique_name("ng"))
    settle(library, cluster.uuid)
    library.create_node_group(cluster.uuid, **fields)
    return settle(library, cluster.uuid, fields["name"])


def groups_url(cluster):
    return f"/project/clusters/{cluster.uuid}/node-groups/"


def tab_url(cluster):
    return f"/project/clusters/{cluster.uuid}/?tab=cluster_details__node_groups"


def group_names(library, cluster):
    return {group.name for group in library.list_node_groups(cluster.uuid)}


@pytest.fixture
def magnum_answers(horizon):
    """``magnum_answers(path, body)``: Magnum's GETs of ``/v1/clusters/<path>``
    answer ``body`` (a state Magnum passes through too fast to test)."""
    with requests_mock.Mocker(real_http=True) as mocker:
        def answer(path, body):
            url = re.compile(re.escape(f"{horizon.cfg.magnum_url}/clusters/{path}") + "/?$")
            mocker.register_uri("GET", url, json=body,
                                headers={"Content-Type": "application/json"})
        yield answer


def real_body(horizon, cluster, group=None):
    magnum = horizon.magnum("demo")
    if group is None:
        return dict(magnum.clusters.get(cluster.uuid)._info)
    return dict(magnum.nodegroups.get(cluster.uuid, group)._info)


# -- the tab -----------------------------------------------------------------

def test_tab_lists_groups_with_range_addresses_and_actions(login, cluster, library):
    worker = library.get_node_group(cluster.uuid, "default-worker")
    response = login("demo").ajax(tab_url(cluster))
    assert response.status_code == 200
    page = response.content.decode()
    row = page[page.index(f'id="node_groups__row__{worker.uuid}"'):]
    row = row[:row.index("</tr>")]
    assert "0 / no maximum" in row
    row_tag = re.search(rf'<tr [^>]*id="node_groups__row__{worker.uuid}"', page).group(0)
    assert 'class="ajax-update status_up"' in row_tag  # settled: not polling
    assert worker.node_addresses and all(address in row for address in worker.node_addresses)
    assert f"{groups_url(cluster)}{worker.uuid}/" in row  # the name links to its page
    assert "Edit Range and Size" in row
    assert "/resize/?nodegroup=default-worker" in row
    assert "/upgrade/?nodegroup=default-worker" in row
    # Default groups cannot be deleted: the action is disabled and says why.
    assert "disabled" in row and "default worker node group" in row
    assert "Add Node Group" in page


def test_tab_reads_the_groups_details_concurrently(login, cluster, library, monkeypatch):
    calls, running, overlap = [], [0], [0]
    lock = threading.Lock()
    read_one = coe_backend.CoeClient.get_node_group

    def slow_read(self, *args):
        with lock:
            running[0] += 1
            overlap[0] = max(overlap[0], running[0])
        time.sleep(0.3)
        try:
            return read_one(self, *args)
        finally:
            with lock:
                running[0] -= 1
                calls.append(args)

    monkeypatch.setattr(coe_backend.CoeClient, "get_node_group", slow_read)
    login("demo").ajax(tab_url(cluster))
    assert len(calls) == len(library.list_node_groups(cluster.uuid)) >= 2
    assert overlap[0] >= 2  # at once, not one after another


def test_row_update_renders_the_row_and_404s_once_the_group_is_gone(login, cluster, library):
    worker = library.get_node_group(cluster.uuid, "default-worker")
    update = f"{groups_url(cluster)}?action=row_update&table=node_groups&obj_id="
    response = login("demo").ajax(update + worker.uuid)
    assert response.status_code == 200
    assert "default-worker" in response.content.decode()
    assert login("demo").ajax(update + "00000000-0000-0000-0000-000000000000").status_code == 404


@pytest.fixture
def busy_worker(horizon, cluster, library, magnum_answers):
    """The default worker group, as if Magnum were updating it."""
    worker = library.get_node_group(cluster.uuid, "default-worker")
    magnum_answers(f"{cluster.uuid}/nodegroups/{worker.uuid}",
                   {**real_body(horizon, cluster, worker.uuid), "status": "UPDATE_IN_PROGRESS"})
    return worker


def test_a_busy_group_keeps_refreshing_and_its_changes_are_disabled(login, cluster, busy_worker):
    response = login("demo").ajax(
        f"{groups_url(cluster)}?action=row_update&table=node_groups&obj_id={busy_worker.uuid}")
    row = response.content.decode()
    assert 'class="ajax-update warning"' in row  # Horizon keeps polling such rows
    assert "Updating" in row
    assert "disabled" in row and "UPDATE_IN_PROGRESS" in row


def test_a_plain_get_of_the_table_url_goes_to_the_clusters_tab(login, cluster):
    response = login("demo").get(groups_url(cluster))
    assert response.status_code == 302
    assert response["Location"].endswith(tab_url(cluster))


def test_magnum_failing_to_list_shows_a_message_on_the_tab(login, cluster, magnum_fault):
    magnum_fault("GET", rf"/clusters/{cluster.uuid}/nodegroups/?$", status=503)
    response = login("demo").get(tab_url(cluster))
    assert response.status_code == 200
    assert any("Unable to list the node groups" in m and "503" in m for m in messages_of(response))


# -- a group's page ----------------------------------------------------------

def test_detail_shows_labels_against_the_cluster_node_labels_and_taints(login, cluster, library):
    group = add_group(library, cluster, role="gpu", node_count=1, min_node_count=1,
                      max_node_count=3, labels={"team": "ml", "availability_zone": "az2"},
                      merge_labels=True, node_labels={"accelerator": "a100"},
                      node_taints="dedicated=gpu:NoSchedule")
    response = login("demo").get(f"{groups_url(cluster)}{group.uuid}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "gpu" in page and ">3<" in page  # role, maximum
    assert "accelerator=a100" in page
    assert "dedicated=gpu:NoSchedule" in page
    labels = login("demo").ajax(f"{groups_url(cluster)}{group.uuid}/"
                                "?tab=node_group_details__labels").content.decode()
    assert "overrides the cluster&#x27;s core" in labels  # team
    assert "not in the cluster&#x27;s labels" in labels  # availability_zone
    assert "as in the cluster" in labels  # kube_tag


def test_detail_shows_why_a_group_failed(login, own_cluster, library):
    group = add_group(library, own_cluster, node_count=1, merge_labels=True,
                      labels={"devcloud_fail": "nodegroup"})
    assert group.is_failed
    page = login("demo").get(f"{groups_url(own_cluster)}{group.uuid}/").content.decode()
    assert group.status_reason and group.status_reason[:40] in page


def test_detail_of_a_group_magnum_cannot_read_goes_back_with_a_message(login, cluster):
    missing = "00000000-0000-0000-0000-000000000000"
    response = login("demo").get(f"{groups_url(cluster)}{missing}/")
    assert response.status_code == 302
    assert any("Unable to read the node group" in m for m in messages_of(response))


# -- adding a group ----------------------------------------------------------

def wizard(name, **overrides):
    data = {"name": name, "role": "worker", "flavor_id": "", "image_id": "",
            "docker_volume_size": "", "node_count": 1, "min_node_count": 0,
            "max_node_count": "", "labels_mode": "inherit", "labels": "", "node_labels": "",
            "node_taints": ""}
    data.update(overrides)
    return data


def test_add_creates_the_group_as_entered(login, cluster, library):
    name = unique_name("gpu")
    settle(library, cluster.uuid)
    response = login("demo").post(f"{groups_url(cluster)}create/", wizard(
        name, role="gpu", flavor_id="m1.large", image_id="ubuntu-2204-kube-v1.31.2",
        docker_volume_size=20, node_count=2, min_node_count=1, max_node_count=4,
        labels_mode="merge", labels="team=ml", node_labels="accelerator=a100",
        node_taints="dedicated=gpu:NoSchedule"))
    assert response.status_code == 302, messages_of(response)
    assert response["Location"].endswith(tab_url(cluster))
    group = settle(library, cluster.uuid, name)
    assert (group.role, group.flavor_id, group.image_id) == ("gpu", "m1.large",
                                                              "ubuntu-2204-kube-v1.31.2")
    assert (group.node_count, group.min_node_count, group.max_node_count) == (2, 1, 4)
    assert group.docker_volume_size == 20
    assert group.labels == {"kube_tag": "v1.30.6", "team": "ml"}  # merged with the cluster's
    assert group.node_labels == {"accelerator": "a100"}
    assert [str(t) for t in group.node_taints] == ["dedicated=gpu:NoSchedule"]


def test_add_defaults_to_the_clusters_flavor_image_and_labels(login, cluster, library):
    name = unique_name("plain")
    settle(library, cluster.uuid)
    response = login("demo").post(f"{groups_url(cluster)}create/", wizard(name))
    assert response.status_code == 302, messages_of(response)
    group = settle(library, cluster.uuid, name)
    assert group.flavor_id == "m1.medium"
    assert group.image_id == "ubuntu-2204-kube-v1.30.6"
    assert group.labels == {"kube_tag": "v1.30.6", "team": "core"}


def test_add_shows_every_problem_beside_its_field_and_sends_nothing(login, cluster, library):
    before = group_names(library, cluster)
    response = login("demo").post(f"{groups_url(cluster)}create/", wizard(
        "default-worker", role="master", flavor_id="m1.diskless", node_count=1,
        min_node_count=3, labels_mode="replace", node_labels="kubernetes.io/role=gpu",
        node_taints="gpu=true:Sometimes"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "already has a node group of this name" in page
    assert "cannot add master node groups" in page
    assert "has no root disk" in page  # m1.diskless
    assert "must not be below the minimum" in page
    assert "Enter the labels to use" in page
    assert "namespace the kubelet may not set" in page
    assert "NoSchedule, PreferNoSchedule" in page  # the effects allowed
    assert group_names(library, cluster) == before


def test_next_checks_one_step_of_the_wizard(login, cluster):
    response = login("demo").post(
        f"{groups_url(cluster)}create/", wizard("default-worker"),
        HTTP_X_HORIZON_VALIDATE_STEP_START="0", HTTP_X_HORIZON_VALIDATE_STEP_END="0")
    errors = response.json()["errors"]
    assert "already has a node group" in errors["details"]["name"][0]


def test_next_escapes_what_the_user_typed_in_its_messages(login, cluster):
    response = login("demo").post(
        f"{groups_url(cluster)}create/", wizard(unique_name("ng"), node_taints="<img src=x>"),
        HTTP_X_HORIZON_VALIDATE_STEP_START="2", HTTP_X_HORIZON_VALIDATE_STEP_END="2")
    message = response.json()["errors"]["labels"]["node_taints"][0]
    assert "&lt;img src=x&gt;" in message and "<img" not in message


def test_add_with_labels_but_inheriting_asks_which(login, cluster):
    page = login("demo").post(f"{groups_url(cluster)}create/", wizard(
        unique_name("ng"), labels="team=x")).content.decode()
    assert "Choose to add these labels" in page


def test_add_is_refused_before_the_cluster_has_an_api_address(
        login, horizon, cluster, magnum_answers):
    magnum_answers(cluster.uuid, {**real_body(horizon, cluster), "status": "CREATE_IN_PROGRESS",
                                  "api_address": None})
    response = login("demo").get(f"{groups_url(cluster)}create/")
    assert response.status_code == 302
    assert any("no API address" in m for m in messages_of(response))
    tab = login("demo").ajax(tab_url(cluster)).content.decode()
    note = re.search(r'data-coe-note-for="node_groups">(.*?)</div>', tab, re.S).group(1)
    assert "no API address" in note and note.count("Adding a node group") == 1  # said once
    add = re.search(r'<a [^>]*id="node_groups__action_create"[^>]*>', tab).group(0)
    assert "disabled" in add and "no API address" in add
    assert 'data-coe-waits="cluster"' in add  # the page looks again until the cluster settles


def test_add_is_refused_while_the_cluster_is_busy_even_when_posted(
        login, horizon, cluster, library, magnum_answers):
    magnum_answers(cluster.uuid, {**real_body(horizon, cluster), "status": "UPDATE_IN_PROGRESS"})
    name = unique_name("busy")
    response = login("demo").post(f"{groups_url(cluster)}create/", wizard(name))
    assert response.status_code == 302
    assert any("UPDATE_IN_PROGRESS" in m for m in messages_of(response))
    assert name not in group_names(library, cluster)


def test_add_failing_in_magnum_shows_a_message_and_keeps_the_wizard(
        login, cluster, library, magnum_fault):
    settle(library, cluster.uuid)
    magnum_fault("POST", rf"/clusters/{cluster.uuid}/nodegroups/?$", status=500)
    response = login("demo").post(f"{groups_url(cluster)}create/", wizard(unique_name("ng")))
    assert response.status_code == 200
    assert any("Unable to add the node group" in m for m in messages_of(response))


# -- editing range, size and node attributes --------------------------------

def edit(login, cluster, group, user="demo", **values):
    data = {"node_count": group.node_count, "min_node_count": group.min_node_count or 0,
            "max_node_count": group.max_node_count or "",
            "node_labels": coe_backend.format_labels(group.node_labels or {}),
            "node_taints": coe_backend.format_taints(group.node_taints or [])}
    data.update(values)
    return login(user).post(f"{groups_url(cluster)}{group.uuid}/update/", data)


@pytest.mark.parametrize("before, after", [
    ((1, 1, 2), (3, 4, 5)),  # up, out of the old range: the maximum is raised first
    ((3, 4, 5), (1, 1, 2)),  # down, below the old minimum: the minimum is lowered first
])
def test_edit_changes_range_and_count_together(login, own_cluster, library, before, after):
    minimum, count, maximum = before
    group = add_group(library, own_cluster, node_count=count, min_node_count=minimum,
                      max_node_count=maximum)
    minimum, count, maximum = after
    response = edit(login, own_cluster, group, node_count=count, min_node_count=minimum,
                    max_node_count=maximum)
    assert response.status_code == 302, messages_of(response)
    assert any(f"nodes {before[1]} \u2192 {count}" in m for m in messages_of(response))
    group = settle(library, own_cluster.uuid, group.uuid, cluster_too=False)
    assert (group.min_node_count, group.node_count, group.max_node_count) == after


def test_an_edit_whose_first_step_is_still_running_says_what_is_left_to_do(
        login, own_cluster, library, monkeypatch):
    """Usual where an update takes minutes: not a failure, and the form closes."""
    monkeypatch.setattr("coe_backend.client.node_groups._UPDATE_WAIT_SECONDS", 0.5)
    group = add_group(library, own_cluster, node_count=1, min_node_count=0)
    response = edit(login, own_cluster, group, node_count=3, max_node_count=5)
    assert response.status_code == 302, messages_of(response)
    assert any("nodes 1 \u2192 3" in m and "Left to do" in m and "maximum none \u2192 5" in m
               for m in messages_of(response)), messages_of(response)
    group = settle(library, own_cluster.uuid, group.uuid, cluster_too=False)
    assert (group.node_count, group.upper_bound) == (3, None)  # the rest was not sent


def test_edit_sets_and_removes_node_labels_and_taints(login, cluster, library):
    group = add_group(library, cluster, node_count=1)
    response = edit(login, cluster, group, max_node_count=3, node_labels="pool=batch",
                    node_taints="batch:NoExecute")
    assert response.status_code == 302, messages_of(response)
    group = settle(library, cluster.uuid, group.uuid)
    assert group.max_node_count == 3 and group.node_labels == {"pool": "batch"}
    assert [str(t) for t in group.node_taints] == ["batch:NoExecute"]
    response = edit(login, cluster, group, max_node_count="", node_labels="", node_taints="")
    assert response.status_code == 302, messages_of(response)
    group = settle(library, cluster.uuid, group.uuid)
    assert group.upper_bound is None and not group.node_labels and not group.node_taints


def test_edit_shows_problems_beside_the_fields_and_sends_nothing(login, cluster, library):
    worker = library.get_node_group(cluster.uuid, "default-worker")
    for values, problem in (({"node_taints": "oops"}, "key=value:Effect"),
                            ({"node_labels": "k8s.io/x=y"}, "namespace the kubelet may not"),
                            ({"node_count": 1, "min_node_count": 3}, "must not be below")):
        response = edit(login, cluster, worker, **values)
        assert response.status_code == 200
        assert problem in response.content.decode()
    assert library.get_node_group(cluster.uuid, worker.uuid) == worker


def test_edit_without_a_change_says_so(login, cluster, library):
    worker = library.get_node_group(cluster.uuid, "default-worker")
    assert "Nothing was changed" in edit(login, cluster, worker).content.decode()


def test_edit_shows_the_current_values_and_the_order_of_the_steps(login, cluster, library):
    worker = library.get_node_group(cluster.uuid, "default-worker")
    page = login("demo").get(f"{groups_url(cluster)}{worker.uuid}/update/").content.decode()
    assert f"has {worker.node_count} nodes now" in page
    modal = login("demo").ajax(f"{groups_url(cluster)}{worker.uuid}/update/").content.decode()
    assert 'class="modal-body' in modal and f"has {worker.node_count} nodes now" in modal
    assert 'class="btn btn-default cancel"' in modal  # a way out, as every dialog has
    assert "widen the range, resize, then set the final range" in page


def test_the_master_group_has_no_node_labels_or_taints_to_edit(login, cluster, library):
    master = library.get_node_group(cluster.uuid, "default-master")
    page = login("demo").get(f"{groups_url(cluster)}{master.uuid}/update/").content.decode()
    assert 'name="min_node_count"' in page
    assert 'name="node_taints"' not in page


def test_edit_of_a_busy_group_is_refused_with_the_reason(login, cluster, busy_worker):
    for response in (login("demo").get(f"{groups_url(cluster)}{busy_worker.uuid}/update/"),
                     edit(login, cluster, busy_worker, max_node_count=9)):
        assert response.status_code == 302
        assert any("UPDATE_IN_PROGRESS" in m for m in messages_of(response))


def test_edit_failing_in_magnum_shows_a_message(login, cluster, library, magnum_fault):
    group = add_group(library, cluster, node_count=1)
    magnum_fault("PATCH", rf"/clusters/{cluster.uuid}/nodegroups/{group.uuid}$", status=500)
    response = edit(login, cluster, group, max_node_count=4)
    assert response.status_code == 200
    assert any("Unable to change the node group" in m for m in messages_of(response))


# -- deleting ----------------------------------------------------------------

def delete(login, cluster, group, user="demo"):
    return login(user).post(groups_url(cluster),
                            {"action": f"node_groups__delete__{group.uuid}"})


def test_delete_removes_an_added_group(login, cluster, library):
    group = add_group(library, cluster, node_count=1)
    response = delete(login, cluster, group)
    assert response.status_code == 302
    assert response["Location"].endswith(tab_url(cluster))
    assert settle(library, cluster.uuid, group.uuid, gone=True) is None


def test_delete_of_a_default_group_is_refused_with_the_reason(login, cluster, library):
    worker = library.get_node_group(cluster.uuid, "default-worker")
    response = delete(login, cluster, worker)
    assert response.status_code == 302
    assert any("default worker node group" in m for m in messages_of(response))
    assert "default-worker" in group_names(library, cluster)


def test_delete_failing_in_magnum_shows_a_message(login, cluster, library, magnum_fault):
    group = add_group(library, cluster, node_count=1)
    magnum_fault("DELETE", rf"/clusters/{cluster.uuid}/nodegroups/{group.uuid}$", status=503)
    response = delete(login, cluster, group)
    assert any(f'Unable to delete "{group.name}"' in m and "503" in m
               for m in messages_of(response)), messages_of(response)
    assert group.name in group_names(library, cluster)


# -- who may do what ---------------------------------------------------------

def test_a_viewer_sees_the_groups_but_no_action(login, cluster):
    page = login("viewer").ajax(tab_url(cluster)).content.decode()
    assert "default-worker" in page
    for action in ("Add Node Group", "Edit Range and Size", "Resize", "Upgrade",
                   "Delete Node Group"):
        assert action not in page


def test_a_viewers_posts_are_refused_with_a_message(login, cluster, library):
    worker = library.get_node_group(cluster.uuid, "default-worker")
    group = add_group(library, cluster, node_count=1)
    name = unique_name("viewer")
    for response in (login("viewer").post(f"{groups_url(cluster)}create/", wizard(name)),
                     edit(login, cluster, worker, user="viewer", max_node_count=9)):
        assert response.status_code == 302
        assert any("policy does not allow" in m for m in messages_of(response))
    response = delete(login, cluster, group, user="viewer")
    assert response.status_code == 302
    assert any("not allowed" in m for m in messages_of(response))
    assert {name} & group_names(library, cluster) == set()
    assert group.name in group_names(library, cluster)
    assert library.get_node_group(cluster.uuid, worker.uuid).max_node_count is None

