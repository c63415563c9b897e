"""Changing a node group's flavor through the real Horizon, Keystone and
Magnum: the dialog, the progress on the node-group table (whose refreshes
take the next step), a failure half-way, and who may do it."""
import re
import time

import pytest
import requests_mock

import coe_backend
from coe_ui import shared_cache
from tests.horizon_fixtures import messages_of
from tests.magnum_helpers import unique_name
from tests.ui import test_node_groups as node_groups
from tests.ui.test_node_groups import add_group, groups_url, settle, tab_url

pytestmark = pytest.mark.devcloud


# The node-group tests' fixtures: a cluster per test (a failed group leaves
# it UPDATE_FAILED), the library as demo, no message left over.
template = node_groups.template
cluster = node_groups.own_cluster
library = node_groups.library
fresh_messages = node_groups.fresh_messages
magnum_answers = node_groups.magnum_answers


def flavor_url(cluster, group):
    return f"{groups_url(cluster)}{group.uuid}/flavor/"


def row_of(page, group):
    row = page[page.index(f'id="node_groups__row__{group.uuid}"'):]
    return row[:row.index("</tr>")]


def change_flavor_action(row):
    return re.search(r'<a [^>]*action_change_flavor[^>]*>', row).group(0)


def row_tag(page, group):
    """The row's own tag: its status class says whether Horizon polls it."""
    return re.search(rf'<tr [^>]*id="node_groups__row__{group.uuid}"', page).group(0)


def row_update(login, cluster, group):
    return login("demo").ajax(
        f"{groups_url(cluster)}?action=row_update&table=node_groups&obj_id={group.uuid}")


def test_the_default_groups_say_why_and_what_to_do_instead(login, cluster, library):
    page = login("demo").ajax(tab_url(cluster)).content.decode()
    worker = library.get_node_group(cluster.uuid, "default-worker")
    master = library.get_node_group(cluster.uuid, "default-master")
    action = change_flavor_action(row_of(page, worker))
    assert "disabled" in action and "The default worker group&#x27;s flavor cannot be" in action
    assert "then resize this group to its minimum" in action
    assert "template with the master flavor" in change_flavor_action(row_of(page, master))
    response = login("demo").get(flavor_url(cluster, worker))
    assert response.status_code == 302
    assert any("cannot delete default groups" in m for m in messages_of(response))


def test_a_flavor_change_replaces_the_group_and_shows_each_step(login, cluster, library):
    old = add_group(library, cluster, node_count=1, min_node_count=1, max_node_count=3,
                    flavor_id="m1.medium", node_labels={"tier": "web"},
                    node_taints="dedicated=web:NoSchedule")
    dialog = login("demo").ajax(flavor_url(cluster, old)).content.decode()
    offered = re.findall(r'<option value="([^"]+)"', dialog)
    assert offered[:2] == ["m1.large", "m1.xlarge"]
    assert "m1.medium" not in offered and "m1.small" not in offered  # its own; too small
    assert "workloads are rescheduled" in dialog
    assert f"{old.name}-m1.large" in dialog  # the name it gets when left empty

    unconfirmed = login("demo").post(flavor_url(cluster, old), {"flavor_id": "m1.large"})
    assert unconfirmed.status_code == 200  # shown again: the confirmation is required
    assert old.name + "-m1.large" not in {g.name for g in library.list_node_groups(cluster.uuid)}

    response = login("demo").post(flavor_url(cluster, old),
                                  {"flavor_id": "m1.large", "name": "", "confirm": "on"})
    assert response.status_code == 302 and response["Location"].endswith(tab_url(cluster))
    assert any(f'Changing the flavor of node group "{old.name}" to m1.large' in m
               for m in messages_of(response))
    new = library.get_node_group(cluster.uuid, f"{old.name}-m1.large")

    page = login("demo").ajax(tab_url(cluster)).content.decode()
    progress = rf"Flavor change of {old.name} to m1.large: new group {new.name} .*step [23] of 3"
    assert re.search(progress, row_of(page, new)), row_of(page, new)
    row_tag = re.search(rf'<tr [^>]*id="node_groups__row__{new.uuid}"', page).group(0)
    assert "status_up" not in row_tag  # keeps refreshing

    # Horizon refreshing the new group's row takes the last step.
    deadline = time.monotonic() + 60
    while old.name in {g.name for g in library.list_node_groups(cluster.uuid)}:
        assert time.monotonic() < deadline, "the old group was never deleted"
        row_update(login, cluster, new)
        time.sleep(0.3)
    done = settle(library, cluster.uuid, new.uuid)
    assert (done.flavor_id, done.node_count, done.min_node_count, done.max_node_count) == (
        "m1.large", 1, 1, 3)
    assert done.node_labels == {"tier": "web"}
    settled_row = row_update(login, cluster, new).content.decode()
    assert "Flavor change" not in settled_row and "status_up" in settled_row


def test_a_new_group_that_failed_says_what_exists_and_what_to_do(login, horizon, cluster,
                                                                 library):
    old = add_group(library, cluster, node_count=1, flavor_id="m1.medium")
    failed = unique_name("failing")
    # What a replacement whose create the driver failed leaves behind (made
    # through Magnum's client: coe_backend lets only Change Flavor set the label).
    horizon.magnum("demo").nodegroups.create(
        cluster.uuid, name=failed, flavor_id="m1.large", node_count=1,
        labels={coe_backend.REPLACES_LABEL: old.uuid, "devcloud_fail": "nodegroup"})
    settle(library, cluster.uuid, failed)
    page = login("demo").ajax(tab_url(cluster)).content.decode()
    row = row_of(page, old)
    assert f"the new group {failed} failed: Resource CREATE failed" in row
    assert f"The old group {old.name} is untouched and still serves. Delete {failed}" in row
    assert "already in a flavor change" in change_flavor_action(row)
    assert old.name in {g.name for g in library.list_node_groups(cluster.uuid)}


def test_an_old_group_whose_delete_failed_is_named_with_what_to_do(
        login, horizon, cluster, library, magnum_answers):
    old = add_group(library, cluster, node_count=1, flavor_id="m1.medium")
    new = library.replace_node_group_flavor(cluster.uuid, old.uuid, "m1.large")
    settle(library, cluster.uuid, new.uuid)  # ready; nobody has looked at the table yet
    # The driver failing the old group's delete (Magnum's answer; devcloud
    # cannot fail a delete of a group it created).
    magnum_answers(f"{cluster.uuid}/nodegroups/{old.uuid}", {
        **node_groups.real_body(horizon, cluster, old.uuid), "status": "DELETE_FAILED",
        "status_reason": "Resource DELETE failed: server delete timed out"})
    page = login("demo").ajax(tab_url(cluster)).content.decode()
    row = row_of(page, old)
    assert (f"the new group {new.name} is ready and serves, but deleting the old group "
            f"{old.name} failed: Resource DELETE failed: server delete timed out. Both groups "
            f"exist; delete {old.name} again.") in row
    delete = re.search(r'<button [^>]*action_delete[^>]*>', row).group(0)
    assert "disabled" not in delete
    assert old.name in {g.name for g in library.list_node_groups(cluster.uuid)}


def test_a_viewer_is_not_offered_the_change_nor_may_post_it(login, cluster, library):
    old = add_group(library, cluster, node_count=1, flavor_id="m1.medium")
    assert "Change Flavor" not in login("viewer").ajax(tab_url(cluster)).content.decode()
    response = login("viewer").post(flavor_url(cluster, old),
                                    {"flavor_id": "m1.large", "confirm": "on"})
    assert response.status_code == 302
    assert any("policy does not allow" in m for m in messages_of(response))
    assert len(library.list_node_groups(cluster.uuid)) == 3


def ready_replacement(library, cluster):
    """A flavor change whose new group is ready and whose old group nobody
    has deleted yet."""
    old = add_group(library, cluster, node_count=1, flavor_id="m1.medium")
    new = library.replace_node_group_flavor(cluster.uuid, old.uuid, "m1.large")
    settle(library, cluster.uuid, new.uuid)
    return old, new


def group_names(library, cluster):
    return {g.name for g in library.list_node_groups(cluster.uuid)}


def test_a_viewer_is_told_who_takes_the_last_step_and_their_rows_stop_polling(
        login, cluster, library):
    old, new = ready_replacement(library, cluster)
    page = login("viewer").ajax(tab_url(cluster)).content.decode()
    row = row_of(page, new)
    assert (f"the old group {old.name} is deleted when someone allowed to delete node "
            "groups opens this page") in row
    assert f"deleting {old.name}" not in row
    assert "status_up" in row_tag(page, new)  # no polling for a step nobody takes
    refreshed = login("viewer").ajax(
        f"{groups_url(cluster)}?action=row_update&table=node_groups&obj_id={new.uuid}")
    assert "status_up" in row_tag(refreshed.content.decode(), new)
    assert old.name in group_names(library, cluster)


def test_one_worker_at_a_time_takes_the_step(login, cluster, library):
    old, new = ready_replacement(library, cluster)
    # Another Horizon worker holds the step (its lock in the shared cache).
    shared_cache.set(True, 30, "flavor-change-step", old.uuid)
    try:
        row = row_update(login, cluster, new).content.decode()
        assert "status_up" not in row_tag(row, new)  # polls: this user takes it later
        time.sleep(1)
        assert old.name in group_names(library, cluster)
    finally:
        shared_cache.delete("flavor-change-step", old.uuid)
    deadline = time.monotonic() + 30
    while old.name in group_names(library, cluster):
        assert time.monotonic() < deadline, "the old group was never deleted"
        row_update(login, cluster, new)
        time.sleep(0.3)


def node_group_reads(horizon, cluster, read):
    """The Magnum calls about node groups that `read()` makes."""
    groups = f"{horizon.cfg.magnum_url}/clusters/{cluster.uuid}/nodegroups"
    with requests_mock.Mocker(real_http=True) as mocker:  # records, answers nothing
        read()
    return [(call.method, call.path) for call in mocker.request_history
            if call.url.startswith(groups)]


def test_a_row_refresh_reads_only_its_own_flavor_change(login, horizon, cluster, library):
    other = add_group(library, cluster, node_count=1, flavor_id="m1.medium")
    old, new = ready_replacement(library, cluster)
    viewer = login("viewer")  # takes no step: only reads are counted
    viewer.ajax(tab_url(cluster))  # the tab saw the change

    def refresh(group):
        return node_group_reads(horizon, cluster, lambda: viewer.ajax(
            f"{groups_url(cluster)}?action=row_update&table=node_groups&obj_id={group.uuid}"))

    # Not in a change: its own read only (was the list and every group).
    assert len(refresh(other)) == 1
    # The new group names the old one; the old one is found in the tab's changes.
    assert len(refresh(new)) == 2
    assert len(refresh(old)) == 2
    assert all(path.rstrip("/").split("/")[-1] in (old.uuid, new.uuid)
               for _, path in refresh(old))
