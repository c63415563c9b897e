"""The devcloud's three driver personalities through the real Magnum, and what
coe_backend makes of each one's forms. The image's magnum_driver or the
template's driver picks the driver, as on a real cloud
(devcloud.driver.personalities)."""
import contextlib
import os
import subprocess
import time

import pytest
from magnumclient import exceptions as magnum_exc
from magnumclient.common.utils import config_cluster

import coe_backend
from coe_backend import Category, ClusterStatus, DriverFamily, HealthStatus
from tests.magnum_helpers import IMAGE_V131, remove, unique_name, watch_cluster

pytestmark = pytest.mark.devcloud

TEMPLATES = {
    DriverFamily.OTHER: {"image_id": IMAGE_V131},  # Magnum's default: devcloud's Heat behaviour
    DriverFamily.HEAT: {"image_id": IMAGE_V131, "driver": "k8s_fedora_coreos_v1"},
    DriverFamily.CLUSTER_API: {"image_id": "ubuntu-2204-kube-v1.31.2-capi"},
    DriverFamily.CAPI_HELM: {"image_id": "ubuntu-2204-kube-v1.31.2-capi-helm"}}
CAPI = (DriverFamily.CLUSTER_API, DriverFamily.CAPI_HELM)
FAIL_CREATE = {"devcloud_fail": "create"}
MAGNUM_REFUSES_MASTER_RESIZE = "Resizing the master nodegroup is not supported by this driver."


def eventually(check, timeout=30.0):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.2)


@pytest.fixture(scope="module")
def demo(devcloud):
    return coe_backend.connect(devcloud.session("demo"))


@pytest.fixture(scope="module")
def made(devcloud, demo):
    """A template per personality, and in each a cluster asked to fail its
    create and one that completes, all created side by side."""
    magnum = devcloud.magnum("demo")  # coe_backend sends no template driver
    templates = {family: demo.get_cluster_template(magnum.cluster_templates.create(
        name=unique_name("drv"), coe="kubernetes", flavor_id="m1.small",
        master_flavor_id="m1.small", external_network_id="public", keypair_id="demo-key",
        **fields).uuid) for family, fields in TEMPLATES.items()}
    clusters = {(family, fail): demo.create_cluster(
        name=unique_name("drv"), cluster_template_id=template.uuid, keypair="demo-key",
        master_count=1, node_count=1, labels=FAIL_CREATE if fail else {})
        for family, template in templates.items() for fail in (True, False)
        if not (fail and family is DriverFamily.HEAT)}
    yield templates, clusters
    # Deleted as they are: a blocked Cluster API cluster never settles, and
    # Magnum deletes a cluster in any state.
    for uuid in clusters.values():
        with contextlib.suppress(magnum_exc.ClientException):
            magnum.clusters.delete(uuid)
    remove(magnum, clusters.values(), [t.uuid for t in templates.values()])


def test_each_template_has_the_driver_it_or_its_image_selects(made):
    templates, _ = made
    assert {family: t.cluster_driver.family for family, t in templates.items()} == {
        family: family for family in TEMPLATES}
    assert templates[DriverFamily.OTHER].driver == "devcloud"


def test_a_heat_failed_create_fails_and_the_advice_is_to_create_it_again(devcloud, demo, made):
    cluster, _ = watch_cluster(devcloud.magnum("demo"), made[1][DriverFamily.OTHER, True])
    assert cluster.status == "CREATE_FAILED"
    diagnosis = demo.diagnose(cluster.uuid)
    assert diagnosis.category is Category.QUOTA
    assert "create it again" in str(diagnosis.next_step)


def test_magnum_cluster_api_failed_create_stays_in_progress_with_the_capi_reason(demo, made):
    uuid = made[1][DriverFamily.CLUSTER_API, True]
    cluster = eventually(lambda: (c := demo.get_cluster(uuid)).status_reason and c)
    assert cluster.status is ClusterStatus.CREATE_IN_PROGRESS
    assert cluster.status_reason.startswith("CAPI Cluster status: ")
    assert ". CAPI OpenstackCluster status reason: FailedCreateNetwork: " in cluster.status_reason
    assert coe_backend.is_stalled(cluster, cluster.updated_at, expected_seconds=3600)
    diagnosis = demo.diagnose(cluster)
    assert diagnosis.category is Category.QUOTA
    assert "carries on by itself" in str(diagnosis.next_step)
    time.sleep(1.0)  # Cluster API retries; Magnum does not fail it
    assert demo.get_cluster(uuid).status is ClusterStatus.CREATE_IN_PROGRESS


def test_capi_helm_failed_create_stays_in_progress_and_says_why_in_its_health(demo, made):
    uuid = made[1][DriverFamily.CAPI_HELM, True]
    cluster = eventually(lambda: (c := demo.get_cluster(uuid)).health_status_reason and c)
    assert cluster.status is ClusterStatus.CREATE_IN_PROGRESS
    assert cluster.status_reason is None
    assert cluster.health_status is HealthStatus.UNHEALTHY
    assert set(cluster.health_status_reason) == {
        "cluster", "infrastructure", "controlplane", "nodegroup"}
    assert cluster.health_status_reason["infrastructure"].startswith(
        "UpdateError: failed to reconcile network: Failed to create network")
    assert coe_backend.blocked_by(cluster).startswith("infrastructure: UpdateError")
    diagnosis = demo.diagnose(cluster)
    assert diagnosis.category is Category.QUOTA
    assert "carries on by itself" in str(diagnosis.next_step)


def test_each_cluster_api_driver_reports_health_in_its_own_shape(devcloud, demo, made):
    magnum = devcloud.magnum("demo")
    for family in CAPI:
        done, _ = watch_cluster(magnum, made[1][family, False])
        assert done.status == "CREATE_COMPLETE", done.status_reason
        assert done.health_status == "HEALTHY"
        cluster = demo.get_cluster(done.uuid)
        if family is DriverFamily.CLUSTER_API:  # {"<machine>.Ready": "True", "api": "ok"}
            assert cluster.health_status_reason.pop("api") == "ok"
            assert len(cluster.health_status_reason) == 2
            assert all(key.endswith(".Ready") and value == "True"
                       for key, value in cluster.health_status_reason.items())
        else:
            assert cluster.health_status_reason == {
                "cluster": "Ready", "infrastructure": "Ready", "controlplane": "Ready",
                "nodegroup": "Ready"}
        nodes = demo.cluster_nodes(cluster).nodes
        assert len(nodes) == 2 and all(node.ready for node in nodes), (family, nodes)


def test_keystone_tokens_work_by_default_on_heat_and_magnum_cluster_api(devcloud, made, tmp_path):
    """keystone_auth_enabled defaults to true on the Heat driver (its docs) and
    magnum-cluster-api (resources.py), to false on magnum-capi-helm; these
    clusters leave it unset."""
    magnum = devcloud.magnum("demo")
    token = devcloud.session("demo").get_token()
    for family, works in ((DriverFamily.HEAT, True), (DriverFamily.CLUSTER_API, True),
                          (DriverFamily.CAPI_HELM, False)):
        cluster, _ = watch_cluster(magnum, made[1][family, False])
        folder = tmp_path / family
        folder.mkdir()
        config = folder / "config"
        config.write_text(config_cluster(
            cluster, magnum.cluster_templates.get(cluster.cluster_template_id), str(folder),
            certs={"ca": magnum.certificates.get(cluster.uuid).pem}, use_keystone=True,
            direct_output=True))
        used = subprocess.run(["kubectl", "--kubeconfig", str(config), "get", "nodes"],
                              capture_output=True, text=True, timeout=30,
                              env={**os.environ, "OS_TOKEN": token})
        assert (used.returncode == 0) is works, (family, used.stderr)


def test_capi_helm_refuses_a_node_group_that_could_scale_to_zero(devcloud, demo, made):
    uuid = made[1][DriverFamily.CAPI_HELM, False]
    magnum = devcloud.magnum("demo")
    watch_cluster(magnum, uuid)
    # coe_backend says it before Magnum is asked (rules/drivers.cannot)...
    with pytest.raises(coe_backend.InvalidInput, match="magnum-capi-helm keeps at least one node"):
        demo.create_node_group(uuid, name="zero", node_count=1, min_node_count=0)
    assert "zero" not in {g.name for g in demo.list_node_groups(uuid)}
    # ... as the driver says it, later, to a client that sends it anyway.
    group = magnum.nodegroups.create(uuid, name="zero", node_count=1, min_node_count=0)

    def failed():
        with contextlib.suppress(coe_backend.NotFound):  # Magnum writes it a moment later
            return (g := demo.get_node_group(uuid, group.uuid)).is_failed and g
    found = eventually(failed)
    assert found.status is ClusterStatus.CREATE_FAILED
    assert found.status_reason == ("Min node count must be greater than or equal to 1 "
                                   "for all node groups.")


def test_heat_refuses_a_master_resize_and_both_cluster_api_drivers_do_it(devcloud, demo, made):
    magnum = devcloud.magnum("demo")
    heat = made[1][DriverFamily.HEAT, False]
    watch_cluster(magnum, heat)
    # coe_backend says it before Magnum is asked (rules/drivers.cannot) ...
    with pytest.raises(coe_backend.InvalidInput, match="The Heat driver cannot resize the master"):
        demo.resize_cluster(heat, 3, nodegroup="default-master")
    # ... as the driver's validate_master_resize says it to any client, and to
    # coe_backend where it does not know the driver (Magnum's default here).
    with pytest.raises(magnum_exc.BadRequest, match=MAGNUM_REFUSES_MASTER_RESIZE):
        magnum.clusters.resize(heat, 3, nodegroup="default-master")
    default = made[1][DriverFamily.OTHER, False]
    watch_cluster(magnum, default)
    with pytest.raises(coe_backend.CoeError, match=MAGNUM_REFUSES_MASTER_RESIZE):
        demo.resize_cluster(default, 3, nodegroup="default-master")
    uuids = [made[1][family, False] for family in CAPI]
    for uuid in uuids:
        watch_cluster(magnum, uuid)
        with pytest.raises(magnum_exc.BadRequest, match="even number"):  # odd counts only
            magnum.clusters.resize(uuid, 2, nodegroup="default-master")
        assert demo.resize_cluster(uuid, 3, nodegroup="default-master")
    for uuid in uuids:
        done, _ = watch_cluster(magnum, uuid)
        assert (done.status, done.master_count) == ("UPDATE_COMPLETE", 3), done.status_reason
        assert len(demo.cluster_nodes(demo.get_cluster(uuid)).nodes) == 4


def test_a_node_group_that_cannot_be_built_fails_on_heat_and_stays_in_progress_on_cluster_api(
        devcloud, demo, made):
    """Each driver's form of a node group whose servers cannot be built
    (devcloud_fail=nodegroup: Nova's instance quota)."""
    magnum = devcloud.magnum("demo")
    groups = {}
    for family in (DriverFamily.HEAT, *CAPI):
        uuid = made[1][family, False]
        watch_cluster(magnum, uuid)
        groups[family] = magnum.nodegroups.create(
            uuid, name="stuck", node_count=1, min_node_count=1,
            labels={"devcloud_fail": "nodegroup"}).uuid

    def group(family):
        with contextlib.suppress(coe_backend.NotFound):  # Magnum writes it a moment later
            return demo.get_node_group(made[1][family, False], groups[family])

    heat = eventually(lambda: (g := group(DriverFamily.HEAT)) and g.is_failed and g)
    assert heat.status is ClusterStatus.CREATE_FAILED
    assert "Quota exceeded for instances" in heat.status_reason
    failed, _ = watch_cluster(magnum, made[1][DriverFamily.HEAT, False])
    assert failed.status == "UPDATE_FAILED"
    assert demo.diagnose(failed.uuid).category is Category.QUOTA

    for family, shown in ((DriverFamily.CLUSTER_API, "These nodes are not ready: kube-"),
                          (DriverFamily.CAPI_HELM, "These node groups are not ready: stuck.")):
        uuid = made[1][family, False]
        cluster = eventually(
            lambda: (c := demo.get_cluster(uuid)).health_status is HealthStatus.UNHEALTHY and c)
        assert cluster, f"{family}: health never said the group is not ready"
        assert cluster.status is ClusterStatus.UPDATE_IN_PROGRESS
        stuck = group(family)
        assert (stuck.status, stuck.status_reason) == (ClusterStatus.CREATE_IN_PROGRESS, None)
        if family is DriverFamily.CLUSTER_API:  # its machine, not ready
            [key] = [key for key, value in cluster.health_status_reason.items()
                     if value == "False"]
            assert key.startswith("kube-") and key.endswith("-stuck-0.Ready"), key
        else:
            assert cluster.health_status_reason["nodegroup"] == (
                "stuck waiting on ['Ready', 'Available']")
        assert coe_backend.blocked_by(cluster) is None  # booting machines look the same
        diagnosis = demo.diagnose(cluster)
        assert str(diagnosis.summary).startswith(shown), diagnosis.summary
        assert "quota (instances, cores, RAM)" in str(diagnosis.next_step)
    time.sleep(1.0)  # Cluster API retries; Magnum does not fail it
    uuid = made[1][DriverFamily.CAPI_HELM, False]
    assert demo.get_node_group(uuid, groups[DriverFamily.CAPI_HELM]).status.is_busy
    # The way out, which coe_backend allows while the group is being created:
    # delete it, and the cluster settles with nothing left unready (at the
    # second try: devcloud_fail=nodegroup also fails the group's first
    # delete, which the cluster's status keeps).
    demo.delete_node_group(uuid, groups[DriverFamily.CAPI_HELM])
    assert eventually(lambda: (g := group(DriverFamily.CAPI_HELM)) and g.is_failed)
    demo.delete_node_group(uuid, groups[DriverFamily.CAPI_HELM])
    settled = eventually(lambda: group(DriverFamily.CAPI_HELM) is None
                         and not (c := demo.get_cluster(uuid)).is_busy and c)
    assert settled, "the cluster never settled once the group was deleted"
    assert settled.health_status is HealthStatus.HEALTHY, settled.health_status_reason


def test_a_resize_that_cannot_be_done_fails_on_heat_and_stays_in_progress_on_cluster_api(
        devcloud, demo, made):
    """devcloud_fail=resize (Nova's instance quota): Heat fails the resize;
    a Cluster API driver keeps the cluster UPDATE_IN_PROGRESS, retrying, and
    its health shows the machines it cannot build."""
    magnum = devcloud.magnum("demo")
    templates = made[0]
    clusters = {family: demo.create_cluster(
        name=unique_name("rsz"), cluster_template_id=templates[family].uuid, keypair="demo-key",
        master_count=1, node_count=1, labels={"devcloud_fail": "resize"})
        for family in (DriverFamily.HEAT, *CAPI)}
    try:
        for uuid in clusters.values():
            watch_cluster(magnum, uuid)
            demo.resize_cluster(uuid, 2)
        heat, _ = watch_cluster(magnum, clusters[DriverFamily.HEAT])
        assert heat.status == "UPDATE_FAILED", heat.status_reason
        for family in CAPI:
            cluster = eventually(lambda: (c := demo.get_cluster(clusters[family]))
                                 .health_status is HealthStatus.UNHEALTHY and c)
            assert cluster, f"{family}: health never said what is not built"
            assert cluster.status is ClusterStatus.UPDATE_IN_PROGRESS, family
        time.sleep(1.0)  # Cluster API retries; Magnum does not fail it
        assert all(demo.get_cluster(clusters[family]).status is ClusterStatus.UPDATE_IN_PROGRESS
                   for family in CAPI)
    finally:
        for uuid in clusters.values():  # a stalled resize never settles: deleted as it is
            with contextlib.suppress(magnum_exc.ClientException):
                magnum.clusters.delete(uuid)
        remove(magnum, clusters.values())
