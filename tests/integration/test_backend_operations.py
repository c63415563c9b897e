"""Every coe_backend operation against the real Magnum in the devcloud.

As `demo` (member of project demo), `viewer` (reader of demo), `other`
(member of another project) and `admin`. Clusters are shared per module and
every wait polls with a deadline, so the file stays fast on a busy machine.
"""
import time

import pytest
import yaml

import coe_backend
from coe_backend import (
    Conflict, Forbidden, InvalidInput, NotFound, Taint, Unsupported)
from tests.magnum_helpers import IMAGE_V130, IMAGE_V131, past_half_built, remove, unique_name

pytestmark = pytest.mark.devcloud

TEMPLATE_FIELDS = dict(coe="kubernetes", flavor_id="m1.small",
                       master_flavor_id="m1.small",
                       external_network_id="public", keypair_id="demo-key")


# --------------------------------------------------------------- helpers

def eventually(check, timeout=60.0, interval=0.2):
    """Call `check` until it returns something truthy without failing an
    assertion; the last failure is raised at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = check()
            if result:
                return result
            problem = AssertionError(f"{check} returned {result!r}")
        except (AssertionError, NotFound) as error:
            problem = error
        if time.monotonic() > deadline:
            raise problem
        time.sleep(interval)


def settled(client, ident, timeout=90.0, **expected):
    """The cluster once it is no longer *_IN_PROGRESS (and has `expected`
    attribute values: a status change after a cast shows up late)."""
    def check():
        cluster = client.get_cluster(ident)
        assert cluster.status is not None and not cluster.is_busy, \
            cluster.status
        for name, value in expected.items():
            assert getattr(cluster, name) == value, (name, getattr(cluster, name))
        return cluster
    return eventually(check, timeout)


def group_settled(client, cluster, ng, timeout=90.0, **expected):
    def check():
        group = client.get_node_group(cluster, ng)
        assert group.status is not None and not group.is_busy, group.status
        for name, value in expected.items():
            assert getattr(group, name) == value, (name, getattr(group, name))
        return group
    return eventually(check, timeout)


def gone(read, timeout=60.0):
    """Wait until `read()` raises NotFound."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            read()
        except NotFound:
            return True
        if time.monotonic() > deadline:
            raise AssertionError(f"{read} still answers after {timeout} s")
        time.sleep(0.2)


def new_template(client, image=IMAGE_V130, **overrides):
    fields = dict(TEMPLATE_FIELDS, name=unique_name("be-tpl"), image_id=image)
    fields.update(overrides)
    return client.create_cluster_template(**fields)


def new_cluster(client, template, **overrides):
    fields = dict(name=unique_name("be-c"), cluster_template_id=template.uuid,
                  keypair="demo-key", master_count=1, node_count=1)
    fields.update(overrides)
    return client.create_cluster(**fields)


def recording_client(devcloud, user, **options):
    """A client whose HTTP requests are recorded as (method, url); the
    session authenticates first so only the client's own calls show."""
    session = devcloud.session(user)
    session.get_token()
    calls = []
    real_request = session.request

    def request(url, method, *args, **kwargs):
        calls.append((method.upper(), url))
        return real_request(url, method, *args, **kwargs)

    session.request = request
    return coe_backend.connect(session, **options), calls


def magnum_calls(calls, method=None, fragment=""):
    return [(m, url) for m, url in calls if "/v1/" in url
            and (method is None or m == method) and fragment in url]


# -------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def demo(devcloud):
    return coe_backend.connect(devcloud.session("demo"))


@pytest.fixture(scope="module")
def viewer(devcloud):
    return coe_backend.connect(devcloud.session("viewer"))


@pytest.fixture(scope="module")
def other(devcloud):
    return coe_backend.connect(devcloud.session("other"))


@pytest.fixture(scope="module")
def admin(devcloud):
    return coe_backend.connect(devcloud.session("admin"))


@pytest.fixture(scope="module")
def cleanup(devcloud):
    """Clusters and templates to remove at the end of the module."""
    clusters, templates = [], []
    yield clusters, templates
    remove(devcloud.magnum("demo"), clusters, templates)


@pytest.fixture(scope="module")
def tpl130(demo, cleanup):
    template = new_template(demo, labels={"a": "1", "b": "2"})
    cleanup[1].append(template.uuid)
    return template


@pytest.fixture(scope="module")
def tpl131(demo, cleanup):
    template = new_template(demo, image=IMAGE_V131,
                            labels={"a": "1", "b": "2"})
    cleanup[1].append(template.uuid)
    return template


@pytest.fixture(scope="module")
def cluster(demo, tpl130, cleanup):
    """A settled two-worker v1.30 cluster shared by the read, resize and
    node-group tests."""
    uuid = new_cluster(demo, tpl130, node_count=2)
    cleanup[0].append(uuid)
    settled(demo, uuid, status=coe_backend.ClusterStatus.CREATE_COMPLETE)
    return uuid


# ----------------------------------------------------------- negotiation

def test_negotiates_1_14_and_every_feature(demo):
    assert demo.api_version == "1.14"
    assert demo.server_max_version == "1.14"
    features = demo.features
    assert all([features.node_groups, features.resize, features.upgrade,
                features.zero_node_clusters, features.credential_rotation,
                features.cluster_id_field,
                features.node_labels_and_taints])


def test_ceiling_1_8_refuses_node_groups_before_calling(devcloud, cluster):
    client, calls = recording_client(devcloud, "demo", max_api_version="1.8")
    assert client.api_version == "1.8"
    assert not client.features.node_groups
    for call in (lambda: client.list_node_groups(cluster),
                 lambda: client.get_node_group(cluster, "default-worker"),
                 lambda: client.create_node_group(cluster, name="x"),
                 lambda: client.update_node_group(cluster, "default-worker",
                                                  node_count=1),
                 lambda: client.delete_node_group(cluster, "x")):
        with pytest.raises(Unsupported, match="1.9"):
            call()
    assert magnum_calls(calls, fragment="nodegroups") == []
    assert magnum_calls(calls, "POST") == []


def test_ceiling_1_9_refuses_a_zero_node_cluster(devcloud, tpl130):
    client, calls = recording_client(devcloud, "demo", max_api_version="1.9")
    assert not client.features.zero_node_clusters
    with pytest.raises((InvalidInput, Unsupported)) as raised:
        new_cluster(client, tpl130, node_count=0)
    if isinstance(raised.value, InvalidInput):
        assert raised.value.field == "node_count"
    assert "1.10" in raised.value.message
    assert magnum_calls(calls, "POST") == []


def test_ceiling_1_11_refuses_credential_rotation(devcloud, cluster):
    client, calls = recording_client(devcloud, "demo", max_api_version="1.11")
    with pytest.raises(Unsupported, match="1.12"):
        client.rotate_credentials(cluster)
    assert magnum_calls(calls, "PATCH") == []


def test_a_known_server_maximum_saves_the_version_request(devcloud):
    client, calls = recording_client(devcloud, "demo",
                                     server_max_version="1.14")
    assert client.api_version == "1.14"
    assert calls == []


# ------------------------------------------------------------- templates

def test_template_list_pages_with_markers(demo, tpl130, tpl131):
    first = demo.list_cluster_templates(limit=1)
    assert len(first.items) == 1
    assert first.next_marker == first.items[0].uuid
    second = demo.list_cluster_templates(limit=1, marker=first.next_marker)
    assert len(second.items) == 1
    assert second.items[0].uuid != first.items[0].uuid
    everything = demo.list_cluster_templates()
    uuids = {t.uuid for t in everything.items}
    assert {tpl130.uuid, tpl131.uuid} <= uuids
    assert everything.next_marker is None or len(everything.items) >= 2


def test_template_create_and_get_round_trip(demo, tpl130):
    assert tpl130.coe == "kubernetes"
    assert tpl130.image_id == IMAGE_V130
    assert tpl130.labels == {"a": "1", "b": "2"}
    for ident in (tpl130.uuid, tpl130.name):
        again = demo.get_cluster_template(ident)
        assert again.uuid == tpl130.uuid
        assert again.flavor_id == "m1.small"
        assert again.external_network_id == "public"
        assert again.labels == {"a": "1", "b": "2"}


def test_template_update_clone_and_delete(demo, cleanup):
    template = new_template(demo, tags="one")
    cleanup[1].append(template.uuid)
    new_name = unique_name("be-renamed")
    updated = past_half_built(lambda: demo.update_cluster_template(
        template.uuid, name=new_name, flavor_id="m1.medium",
        labels={"x": "y"}))
    assert (updated.name, updated.flavor_id, updated.labels) == (
        new_name, "m1.medium", {"x": "y"})
    reread = demo.get_cluster_template(template.uuid)
    assert (reread.name, reread.flavor_id, reread.labels) == (
        new_name, "m1.medium", {"x": "y"})

    clone_name = unique_name("be-clone")
    clone = demo.clone_cluster_template(template.uuid, clone_name)
    cleanup[1].append(clone.uuid)
    assert clone.uuid != template.uuid and clone.name == clone_name
    for field in ("image_id", "flavor_id", "master_flavor_id", "labels",
                  "external_network_id", "keypair_id", "coe"):
        assert getattr(clone, field) == getattr(reread, field), field
    assert demo.get_cluster_template(clone_name).uuid == clone.uuid

    past_half_built(lambda: demo.delete_cluster_template(clone.uuid))
    with pytest.raises(NotFound):
        demo.get_cluster_template(clone.uuid)
    assert clone.uuid not in {t.uuid for t in
                              demo.list_cluster_templates().items}


def test_template_in_use_takes_a_rename_only(demo, tpl130, cluster):
    cluster_name = demo.get_cluster(cluster).name
    users = past_half_built(demo.templates_in_use)
    assert cluster_name in users[tpl130.uuid]

    with pytest.raises(InvalidInput) as raised:
        past_half_built(lambda: demo.update_cluster_template(
            tpl130.uuid, flavor_id="m1.large"))
    assert raised.value.field == "flavor_id"
    assert "used by clusters" in raised.value.errors["flavor_id"]
    assert demo.get_cluster_template(tpl130.uuid).flavor_id == "m1.small"

    new_name = unique_name("be-inuse")
    assert past_half_built(lambda: demo.update_cluster_template(
        tpl130.uuid, name=new_name)).name == new_name
    assert demo.get_cluster_template(tpl130.uuid).name == new_name

    with pytest.raises(Conflict) as refused:
        past_half_built(
            lambda: demo.delete_cluster_template(tpl130.uuid))
    assert cluster_name in refused.value.message
    assert demo.get_cluster_template(tpl130.uuid).uuid == tpl130.uuid


# -------------------------------------------------------------- clusters

def test_cluster_get_and_list_detail(demo, cluster, tpl130):
    got = demo.get_cluster(cluster)
    assert got.status == "CREATE_COMPLETE"
    assert got.cluster_template_id == tpl130.uuid
    assert got.keypair == "demo-key"
    assert got.coe_version == "v1.30.6"
    assert got.api_address and got.api_address.startswith("https://")
    assert len(got.node_addresses) == 2 and len(got.master_addresses) == 1
    assert got.labels == {"a": "1", "b": "2"}

    def listed():
        marker = None
        for _ in range(100):
            page = past_half_built(lambda: demo.list_clusters(
                limit=50, marker=marker, detail=True, newest_first=True))
            found = [c for c in page.items if c.uuid == cluster]
            if found or page.next_marker is None:
                return found
            marker = page.next_marker
        return []
    [row] = listed()
    assert row.name == got.name and row.api_address == got.api_address
    assert row.created_at is not None  # only in the detail view
    summary = demo.list_clusters(limit=1)
    more = len(demo.list_clusters().items) > 1  # other tests' clusters, if any ran before
    assert len(summary.items) == 1 and bool(summary.next_marker) == more


def test_labels_merge_true_overrides_template_keys(demo, tpl130, cleanup):
    uuid = new_cluster(demo, tpl130, merge_labels=True,
                       labels={"b": "3", "c": "4"})
    cleanup[0].append(uuid)
    got = settled(demo, uuid)
    assert got.labels == {"a": "1", "b": "3", "c": "4"}
    assert got.labels_overridden == {"b": "2"}
    assert got.labels_added == {"c": "4"}
    assert got.labels_skipped == {}


def test_labels_merge_false_replaces_template_labels(demo, tpl130, cleanup):
    uuid = new_cluster(demo, tpl130, labels={"b": "3", "c": "4"})
    cleanup[0].append(uuid)
    got = settled(demo, uuid)
    assert got.labels == {"b": "3", "c": "4"}
    assert got.labels_skipped == {"a": "1"}


def test_resize_default_worker(demo, cluster):
    demo.resize_cluster(cluster, 3)
    got = eventually(lambda: settled(demo, cluster, timeout=0) if
                     demo.get_node_group(cluster, "default-worker")
                     .node_count == 3 else None)
    assert got.status == "UPDATE_COMPLETE"
    assert len(got.node_addresses) == 3
    assert demo.get_node_group(cluster, "default-worker").node_count == 3
    # Beyond the bounds is refused before calling.
    with pytest.raises(InvalidInput) as raised:
        demo.resize_cluster(cluster, -1)
    assert raised.value.field == "node_count"


def test_upgrade_to_the_v1_31_template(demo, tpl130, tpl131, cleanup):
    uuid = new_cluster(demo, tpl130)
    cleanup[0].append(uuid)
    assert settled(demo, uuid).coe_version == "v1.30.6"
    demo.upgrade_cluster(uuid, tpl131.uuid)
    upgraded = settled(demo, uuid, cluster_template_id=tpl131.uuid,
                       coe_version="v1.31.2")
    assert upgraded.status == "UPDATE_COMPLETE"
    with pytest.raises(InvalidInput) as raised:
        demo.upgrade_cluster(uuid, "no-such-template")
    assert raised.value.field == "cluster_template"


def test_rotate_ca_gives_a_new_ca(demo, cluster):
    settled(demo, cluster)
    before = demo.get_ca_certificate(cluster).pem
    demo.rotate_ca(cluster)
    after = eventually(lambda: (lambda pem: pem if pem != before else None)(
        demo.get_ca_certificate(cluster).pem), timeout=60)
    assert "BEGIN CERTIFICATE" in after
    settled(demo, cluster)


def test_rotate_credentials(demo, cluster):
    settled(demo, cluster)
    demo.rotate_credentials(cluster)
    assert settled(demo, cluster).status in ("UPDATE_COMPLETE",
                                             "CREATE_COMPLETE")


def test_delete_cluster_then_not_found(demo, tpl130):
    uuid = new_cluster(demo, tpl130)
    settled(demo, uuid)
    demo.delete_cluster(uuid)
    assert gone(lambda: demo.get_cluster(uuid))
    with pytest.raises(NotFound):
        demo.delete_cluster(uuid)


# ---------------------------------------- wrong state (slow cluster, 20 s)

@pytest.fixture(scope="module")
def slow_cluster(demo, tpl130, cleanup):
    uuid = new_cluster(demo, tpl130, merge_labels=True,
                       labels={"devcloud_op_seconds": "20"})
    cleanup[0].append(uuid)
    return uuid


def _still_creating(client, uuid):
    got = eventually(lambda: client.get_cluster(uuid), timeout=10)
    if got.status != "CREATE_IN_PROGRESS":
        pytest.fail(f"the slow cluster is already {got.status}; the machine "
                    "is too slow for this check")


def test_resize_of_a_cluster_in_progress_is_refused(devcloud, slow_cluster):
    client, calls = recording_client(devcloud, "demo")
    _still_creating(client, slow_cluster)
    with pytest.raises(Conflict) as raised:
        client.resize_cluster(slow_cluster, 2)
    assert "CREATE_IN_PROGRESS" in raised.value.message
    assert "Wait" in raised.value.message
    assert magnum_calls(calls, "POST") == []


def test_upgrade_of_a_cluster_in_progress_is_refused(devcloud, slow_cluster,
                                                     tpl131):
    client, calls = recording_client(devcloud, "demo")
    _still_creating(client, slow_cluster)
    with pytest.raises(Conflict) as raised:
        client.upgrade_cluster(slow_cluster, tpl131.uuid)
    assert "CREATE_IN_PROGRESS" in raised.value.message
    assert magnum_calls(calls, "POST") == []


def test_change_to_a_busy_node_group_is_refused(devcloud, slow_cluster):
    client, calls = recording_client(devcloud, "demo")
    _still_creating(client, slow_cluster)
    with pytest.raises(Conflict) as raised:
        client.update_node_group(slow_cluster, "default-worker",
                                 max_node_count=5)
    assert "CREATE_IN_PROGRESS" in raised.value.message
    with pytest.raises(Conflict):
        client.create_node_group(slow_cluster, name="extra")
    assert magnum_calls(calls, "POST") == []
    assert magnum_calls(calls, "PATCH") == []


def test_a_second_resize_waits_for_the_first(devcloud, demo, tpl130, cleanup):
    """Magnum would take it and apply whichever resize came last, so the
    person told "resizing to 2" would find 3 nodes: refused, saying why."""
    uuid = new_cluster(demo, tpl130, merge_labels=True,
                       labels={"devcloud_op_seconds": "10"})
    cleanup[0].append(uuid)
    settled(demo, uuid)
    assert demo.resize_cluster(uuid, 2), "the first resize shows as started"
    client, calls = recording_client(devcloud, "demo")
    with pytest.raises(Conflict, match="UPDATE_IN_PROGRESS"):
        client.resize_cluster(uuid, 3)
    assert magnum_calls(calls, "POST") == []
    assert settled(demo, uuid).node_count == 2


# ----------------------------------------------------------- node groups

@pytest.fixture(scope="module")
def extra_group(demo, cluster):
    name = unique_name("ng")
    group = demo.create_node_group(cluster, name=name, node_count=1,
                                   min_node_count=1, max_node_count=3,
                                   flavor_id="m1.small")
    assert group.name == name
    group_settled(demo, cluster, name)
    return name


def test_node_group_list_and_get(demo, cluster, extra_group):
    groups = {g.name: g for g in demo.list_node_groups(cluster)}
    assert {"default-master", "default-worker", extra_group} <= set(groups)
    assert groups["default-master"].is_master
    assert groups["default-worker"].is_default
    assert not groups[extra_group].is_default
    got = demo.get_node_group(cluster, extra_group)
    assert (got.min_node_count, got.node_count, got.max_node_count) == (1, 1, 3)
    assert got.flavor_id == "m1.small"


def test_node_group_name_must_be_unique(demo, cluster, extra_group):
    with pytest.raises(Conflict):
        demo.create_node_group(cluster, name=extra_group, node_count=1)


@pytest.fixture(scope="module")
def bounds_update(demo, tpl130, cleanup):
    """update_node_group(min 1->2, count 1->4, max 3->5) on a cluster of its
    own whose operations take 3 s. Records the cluster's status as another
    client sees it just before each step is sent."""
    uuid = new_cluster(demo, tpl130, merge_labels=True,
                       labels={"devcloud_op_seconds": "3"})
    cleanup[0].append(uuid)
    settled(demo, uuid)
    name = unique_name("ng")
    demo.create_node_group(uuid, name=name, node_count=1, min_node_count=1,
                           max_node_count=3)
    group_settled(demo, uuid, name)
    settled(demo, uuid)

    observer = coe_backend.connect(demo._session)
    client = coe_backend.connect(demo._session)
    real_call, steps = client._magnum.call, []

    def call(method, path, body=None):
        if method != "GET":
            steps.append((method, path.rsplit("/", 1)[-1] or "nodegroup",
                          str(observer.get_cluster(uuid).status)))
        return real_call(method, path, body)

    client._magnum.call = call
    returned = client.update_node_group(uuid, name, min_node_count=2,
                                        node_count=4, max_node_count=5)
    return uuid, name, returned, steps


def test_node_group_bounds_and_count_change_together(demo, bounds_update):
    uuid, name, returned, steps = bounds_update
    # 4 is outside the old 1..3: widen max, resize, then raise min.
    assert [(method, what) for method, what, _status in steps] == [
        ("PATCH", returned.uuid), ("POST", "resize"), ("PATCH", returned.uuid)]
    assert (returned.min_node_count, returned.node_count,
            returned.max_node_count) == (2, 4, 5)
    final = demo.get_node_group(uuid, name)
    assert (final.min_node_count, final.node_count, final.max_node_count) == (
        2, 4, 5)
    assert final.min_node_count <= final.node_count <= final.max_node_count


def test_node_group_update_steps_wait_for_the_previous_one(bounds_update):
    _uuid, _name, _returned, steps = bounds_update
    assert [status for _m, _w, status in steps[1:]] == [
        "UPDATE_COMPLETE"] * (len(steps) - 1), steps


def test_resize_a_named_node_group(demo, cluster, extra_group):
    group_settled(demo, cluster, extra_group)
    settled(demo, cluster)
    demo.resize_cluster(cluster, 3, nodegroup=extra_group)
    group = group_settled(demo, cluster, extra_group, node_count=3)
    assert len(group.node_addresses) == 3
    # The group settles a moment before its cluster does; a resize then
    # would be refused for the cluster's state, not for the size asked.
    settled(demo, cluster)
    with pytest.raises(InvalidInput) as raised:  # above its maximum of 3
        demo.resize_cluster(cluster, 4, nodegroup=extra_group)
    assert raised.value.field == "node_count"
    settled(demo, cluster)


def test_node_labels_and_taints(demo, cluster, extra_group):
    group_settled(demo, cluster, extra_group)
    demo.update_node_group(cluster, extra_group,
                           node_labels={"tier": "web"},
                           node_taints="dedicated=gpu:NoSchedule")
    group = group_settled(demo, cluster, extra_group)
    assert group.node_labels == {"tier": "web"}
    assert group.node_taints == [Taint("dedicated", "NoSchedule", "gpu")]
    with pytest.raises(InvalidInput) as raised:
        demo.update_node_group(cluster, extra_group,
                               node_labels={"kubernetes.io/role": "x"})
    assert raised.value.field == "node_labels"


def test_delete_default_node_group_is_refused(demo, cluster):
    for name in ("default-worker", "default-master"):
        with pytest.raises(Conflict) as raised:
            demo.delete_node_group(cluster, name)
        assert "default" in raised.value.message
    assert demo.get_node_group(cluster, "default-worker").is_default


def test_delete_an_added_node_group(demo, cluster, extra_group):
    group_settled(demo, cluster, extra_group)
    settled(demo, cluster)
    demo.delete_node_group(cluster, extra_group)
    assert gone(lambda: demo.get_node_group(cluster, extra_group))
    assert extra_group not in {g.name for g in demo.list_node_groups(cluster)}


# ----------------------------------------------------------------- admin

@pytest.fixture
def other_project(devcloud):
    return devcloud.session("other").get_project_id()


def test_admin_manages_quotas_and_restores_them(admin, other_project):
    existing = [q for q in admin.list_quotas(all_projects=True)
                if q.project_id == other_project]
    original = existing[0].hard_limit if existing else None
    default = admin.get_quota(other_project).hard_limit
    if existing:
        admin.delete_quota(other_project)
    try:
        created = admin.create_quota(other_project, 7)
        assert (created.project_id, created.hard_limit) == (other_project, 7)
        assert admin.get_quota(other_project).hard_limit == 7
        assert other_project in {q.project_id for q in
                                 admin.list_quotas(all_projects=True)}
        with pytest.raises(Conflict):
            admin.create_quota(other_project, 8)
        assert admin.update_quota(other_project, 9).hard_limit == 9
        assert admin.get_quota(other_project).hard_limit == 9
        admin.delete_quota(other_project)
        assert admin.get_quota(other_project).hard_limit != 9
        with pytest.raises(NotFound):
            admin.delete_quota(other_project)
    finally:
        try:
            admin.delete_quota(other_project)
        except NotFound:
            pass
        if original is not None:
            admin.create_quota(other_project, original)
    if original is None:
        assert admin.get_quota(other_project).hard_limit == default


def test_admin_reads_stats_and_services(admin, demo, cluster):
    everything = admin.get_stats()
    own = demo.get_stats()
    assert own.clusters >= 1 and own.nodes >= 3
    assert everything.clusters >= own.clusters
    demo_project = demo._session.get_project_id()
    assert admin.get_stats(demo_project).clusters == own.clusters
    services = admin.list_services()
    conductors = [s for s in services if s.binary == "magnum-conductor"]
    assert conductors and all(s.is_up for s in conductors)


def test_demo_is_forbidden_admin_operations(demo, other_project):
    with pytest.raises(Forbidden) as raised:
        demo.list_services()
    assert raised.value.rule == "magnum-service:get_all"
    for call in (lambda: demo.get_quota(other_project),
                 lambda: demo.update_quota(other_project, 3),
                 lambda: demo.delete_quota(other_project),
                 lambda: demo.list_quotas(all_projects=True),
                 lambda: demo.get_stats(other_project),
                 lambda: demo.create_quota(
                     demo._session.get_project_id(), 3)):
        with pytest.raises(Forbidden):
            call()


def test_demo_creating_a_quota_for_another_project_is_forbidden(
        demo, other_project):
    """Magnum itself answers 500 here (its Keystone look-up of the project,
    as the caller, comes before its policy check)."""
    with pytest.raises(Forbidden, match="takes an administrator"):
        demo.create_quota(other_project, 3)


def test_a_quota_for_a_project_that_does_not_exist_names_the_field(admin):
    with pytest.raises(InvalidInput) as raised:
        admin.create_quota("0123456789abcdef0123456789abcdef", 3)
    assert raised.value.field == "project_id"


# -------------------------------------------------------- catalog look-ups

def test_wizard_choices(demo):
    choices = demo.wizard_choices()
    assert choices.warnings == []
    images = {i.name: i for i in choices.images}
    assert images[IMAGE_V130].os_distro == "ubuntu"
    assert images[IMAGE_V130].kube_version == "v1.30.6"
    assert images[IMAGE_V131].kube_version == "v1.31.2"
    assert images["cirros-0.6.2"].os_distro is None
    assert not images["cirros-0.6.2"].usable_by_magnum
    flavors = {f.name: f for f in choices.flavors}
    assert {"m1.small", "m1.medium", "m1.large", "m1.xlarge",
            "m1.diskless"} <= set(flavors)
    assert flavors["m1.diskless"].disk == 0 and flavors["m1.small"].disk > 0
    assert "demo-key" in {k.name for k in choices.keypairs}
    assert [n.name for n in choices.external_networks] == ["public"]
    private = {n.name: n for n in choices.private_networks}["private"]
    subnets = {s.name: s for s in choices.subnets}
    assert subnets["private-subnet"].network_id == private.id
    assert subnets["private-subnet"].id in private.subnet_ids
    assert [s.name for s in demo.list_subnets(private.id)] == [
        "private-subnet"]


def test_project_limits(demo):
    limits = demo.get_project_limits()
    assert limits.warnings == ()
    for name in ("instances", "cores", "ram", "volumes", "gigabytes",
                 "floating_ips", "load_balancers"):
        limit = getattr(limits, name)
        assert limit is not None, name
        assert limit.used >= 0
        assert limit.limit is None or limit.limit >= limit.used
    assert limits.cores.limit == 40 and limits.instances.limit == 20


# ------------------------------------------------------------- planners

def test_plan_upgrade_offers_v1_31_and_rejects_others(demo, cluster, tpl130,
                                                      tpl131, cleanup):
    jump = new_template(demo, labels={"kube_tag": "v1.33.0"})
    down = new_template(demo, labels={"kube_tag": "v1.29.0"})
    cleanup[1].extend([jump.uuid, down.uuid])
    plan = past_half_built(lambda: demo.plan_upgrade(cluster))
    assert plan.current_template.uuid == tpl130.uuid
    assert str(plan.current_version) == "v1.30.6"
    offered = {c.template.uuid: c for c in plan.candidates}
    assert tpl131.uuid in offered
    assert offered[tpl131.uuid].is_minor_upgrade
    assert offered[tpl131.uuid].differences["image_id"] == (IMAGE_V130,
                                                           IMAGE_V131)
    rejected = {r.template.uuid: r.reason for r in plan.rejected}
    assert "current template" in rejected[tpl130.uuid]
    assert "one minor version at a time" in rejected[jump.uuid]
    assert "downgrade" in rejected[down.uuid]
    assert not {jump.uuid, down.uuid, tpl130.uuid} & set(offered)


def test_preflight_against_the_project_quotas(demo, tpl130):
    small = demo.preflight(tpl130.uuid, {"master_count": 1, "node_count": 1})
    assert small.fits, small.shortfalls
    big = demo.preflight(tpl130.uuid, {"master_count": 1, "node_count": 30,
                                       "flavor_id": "m1.xlarge"})
    assert not big.fits
    short = {check.resource for check in big.shortfalls}
    assert {"instances", "cores"} <= short, big.shortfalls
    assert big.check("cores").needed >= 30 * 8


def test_an_admins_preflight_counts_the_admins_project_only(admin, devcloud, tpl130,
                                                            cluster):
    """Magnum's stats count every project's clusters for an admin unless
    asked for one project's: with demo's cluster in the cloud and a cluster
    quota of one more than the admin's project holds, a cluster there fits."""
    project = devcloud.session("admin").get_project_id()
    own = admin.get_stats(project).clusters
    assert admin.get_stats().clusters > own  # demo's cluster, in the cloud's count
    admin.create_quota(project, own + 1)
    try:
        verdict = admin.preflight(tpl130.uuid, {"master_count": 1, "node_count": 1})
    finally:
        admin.delete_quota(project)
    assert verdict.check("clusters").available == 1, verdict.check("clusters")
    assert verdict.fits, verdict.shortfalls


def test_an_admins_project_pages_are_full(admin, demo, devcloud, tpl130, cleanup):
    """Magnum lists every project's clusters to an admin: asked for the
    admin's project, each page is still full and the last offers no next."""
    project = devcloud.session("admin").get_project_id()
    admin_template = new_template(admin, keypair_id="admin-key")
    mine = []
    try:
        for _ in range(3):  # the admin's clusters, each followed by one of demo's
            mine.append(new_cluster(admin, admin_template, keypair="admin-key"))
            cleanup[0].append(new_cluster(demo, tpl130))
        newest_first = admin.list_clusters(detail=True, newest_first=True).items
        assert {c.project_id for c in newest_first[:2]} != {project}  # interleaved
        expected = [c.uuid for c in newest_first if c.project_id == project]
        pages, marker = [], None
        while True:
            page = admin.list_clusters(limit=2, marker=marker, detail=True,
                                       newest_first=True, project_id=project)
            pages.append([c.uuid for c in page.items])
            if page.next_marker is None:
                break
            marker = page.next_marker
        assert sum(pages, []) == expected
        assert all(len(shown) == 2 for shown in pages[:-1]) and pages[-1], pages
    finally:
        for uuid in mine:
            settled(admin, uuid)
            admin.delete_cluster(uuid)
        for uuid in mine:
            gone(lambda uuid=uuid: admin.get_cluster(uuid))
        admin.delete_cluster_template(admin_template.uuid)


def test_keystone_kubeconfig_names_the_clusters_region(devcloud, demo, tpl130, cleanup):
    """Without it, the OpenStack client of a multi-region cloud scopes the
    token by its own default; the region is the Magnum's, from the catalog
    when the client was not given one."""
    uuid = new_cluster(demo, tpl130, merge_labels=True,
                       labels={"keystone_auth_enabled": "true"})
    cleanup[0].append(uuid)
    settled(demo, uuid)
    for client in (demo, coe_backend.connect(devcloud.session("demo"), region_name="RegionOne")):
        config = yaml.safe_load(client.render_kubeconfig(
            uuid, mode="keystone").config)
        env = {item["name"]: item["value"] for item in config["users"][0]["user"]["exec"]["env"]}
        assert env["OS_REGION_NAME"] == "RegionOne", env


def test_diagnose_a_failed_create(demo, tpl130, cleanup):
    uuid = new_cluster(demo, tpl130, merge_labels=True,
                       labels={"devcloud_fail": "create"})
    cleanup[0].append(uuid)
    failed = settled(demo, uuid)
    assert failed.status == "CREATE_FAILED"
    diagnosis = demo.diagnose(uuid)
    assert isinstance(diagnosis.category, coe_backend.Category)
    assert diagnosis.summary and diagnosis.next_step
    assert failed.status_reason in diagnosis.details


# ---------------------------------------------------------- error classes

def test_viewer_reads_but_is_forbidden_to_write(viewer, cluster, tpl130):
    assert viewer.get_cluster(cluster).uuid == cluster
    assert viewer.get_cluster_template(tpl130.uuid).uuid == tpl130.uuid
    with pytest.raises(Forbidden) as raised:
        new_template(viewer)
    assert raised.value.rule == "clustertemplate:create"
    assert raised.value.status_code == 403
    with pytest.raises(Forbidden) as raised:
        new_cluster(viewer, tpl130)
    assert raised.value.rule == "cluster:create"
    with pytest.raises(Forbidden):
        viewer.resize_cluster(cluster, 2)
    with pytest.raises(Forbidden):
        viewer.delete_cluster(cluster)


def test_duplicate_template_name_is_ambiguous(demo, cleanup):
    name = unique_name("be-dup")
    first = new_template(demo, name=name)
    second = new_template(demo, name=name)
    cleanup[1].extend([first.uuid, second.uuid])
    with pytest.raises(Conflict) as raised:
        demo.get_cluster_template(name)
    assert raised.value.status_code == 409
    assert "uuid" in raised.value.message.lower()


def test_bad_images_are_invalid_input_on_image_id(demo):
    with pytest.raises(InvalidInput) as raised:
        new_template(demo, image="no-such-image")
    assert raised.value.field == "image_id"
    with pytest.raises(InvalidInput) as raised:
        new_template(demo, image="cirros-0.6.2")
    assert raised.value.field == "image_id"
    assert "os_distro" in raised.value.message


def test_unknown_keypair_is_invalid_input(demo, tpl130):
    with pytest.raises(InvalidInput) as raised:
        new_cluster(demo, tpl130, keypair="no-such-key")
    assert raised.value.field == "keypair"


def test_other_project_cannot_see_demo_cluster(other, cluster):
    with pytest.raises(NotFound):
        other.get_cluster(cluster)
    with pytest.raises(NotFound):
        other.resize_cluster(cluster, 2)
    with pytest.raises(NotFound):
        other.list_node_groups(cluster)
