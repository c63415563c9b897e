"""devcloud is a real cloud: real Keystone and Magnum policies, simulated clusters."""
import itertools
import socket
import subprocess
import time

import pytest
from magnumclient import exceptions as magnum_exc

import coe_backend
from devcloud import clients, lifecycle, processes, seed
from devcloud.config import KUBE_PORT_COUNT, Config
from tests.magnum_helpers import create_cluster, create_template, remove, unique_name

pytestmark = pytest.mark.devcloud


def test_demo_user_creates_a_template_and_a_cluster_that_completes(devcloud):
    demo = devcloud.magnum("demo")
    template = create_template(demo, labels={"kube_tag": "v1.30.6"})

    cluster, seen = create_cluster(demo, template, master_count=1, node_count=2)

    assert seen[0] == "CREATE_IN_PROGRESS"
    assert cluster.status == "CREATE_COMPLETE", cluster.status_reason
    assert cluster.api_address.startswith("https://127.0.0.1:")
    assert len(cluster.master_addresses) == 1
    assert len(cluster.node_addresses) == 2
    assert cluster.coe_version == "v1.30.6"
    assert cluster.health_status == "HEALTHY"
    groups = {ng.name: ng for ng in demo.nodegroups.list(cluster.uuid)}
    assert set(groups) == {"default-master", "default-worker"}


def test_kubernetes_version_comes_from_the_image_without_kube_tag(devcloud):
    demo = devcloud.magnum("demo")
    template = create_template(demo, image="ubuntu-2204-kube-v1.31.2")
    cluster, _ = create_cluster(demo, template, node_count=1)
    assert cluster.coe_version == "v1.31.2"


def test_failure_label_gives_a_failed_cluster_with_a_reason_and_faults(devcloud):
    demo = devcloud.magnum("demo")
    template = create_template(demo)
    cluster, _ = create_cluster(demo, template, labels={"devcloud_fail": "create"})
    assert cluster.status == "CREATE_FAILED"
    assert cluster.status_reason
    assert cluster.faults, "Magnum reports the failed node groups as faults"


def test_viewer_is_refused_creates_by_magnum_policy(devcloud):
    demo, viewer = devcloud.magnum("demo"), devcloud.magnum("viewer")
    with pytest.raises(magnum_exc.Forbidden):
        create_template(viewer)
    template = create_template(demo)
    with pytest.raises(magnum_exc.Forbidden):
        viewer.clusters.create(name=unique_name("c"), cluster_template_id=template.uuid,
                               node_count=1)
    # ... while reading is allowed to readers.
    assert any(t.uuid == template.uuid for t in viewer.cluster_templates.list())


def test_other_project_does_not_see_demo_clusters(devcloud):
    demo, other = devcloud.magnum("demo"), devcloud.magnum("other")
    template = create_template(demo)
    cluster, _ = create_cluster(demo, template, node_count=1)
    assert cluster.uuid not in {c.uuid for c in other.clusters.list()}
    with pytest.raises(magnum_exc.NotFound):
        other.clusters.get(cluster.uuid)


@pytest.fixture
def seeded(devcloud):
    """The demo content, removed from every region after the test: its public
    templates would otherwise be every later test's too (a newer template to
    upgrade to, on the Fleet page say)."""
    yield
    for region in devcloud.cfg.regions:
        remove(clients.magnum(devcloud.cfg, "demo", region=region), [seed.CLUSTER_NAME])
        remove(clients.magnum(devcloud.cfg, "admin", region=region), templates=[
            seed.TEMPLATE_NAME, seed.UPGRADE_TEMPLATE_NAME, seed.HEAT_TEMPLATE_NAME,
            *(name for name, _image in seed.CAPI_TEMPLATES)])


def test_demo_content_seeds_a_public_template_and_a_running_cluster(devcloud, seeded):
    seed.seed(devcloud.cfg)
    demo = devcloud.magnum("demo")
    templates = {t.name: t for t in demo.cluster_templates.list()}
    assert templates[seed.TEMPLATE_NAME].public
    assert {templates[name].driver for name in (seed.HEAT_TEMPLATE_NAME, *(
        name for name, _image in seed.CAPI_TEMPLATES))} == {
        "k8s_fedora_coreos_v1", "k8s_cluster_api_ubuntu", "k8s_capi_helm_v1"}
    clusters = {c.name: c for c in demo.clusters.list()}
    assert clusters[seed.CLUSTER_NAME].status == "CREATE_COMPLETE"
    seed.seed(devcloud.cfg)  # seeding twice adds nothing
    assert [c.name for c in demo.clusters.list()].count(seed.CLUSTER_NAME) == 1


def test_starting_again_is_harmless(devcloud):
    before = lifecycle.status(devcloud.cfg)
    timings = lifecycle.start(devcloud.cfg)
    after = lifecycle.status(devcloud.cfg)
    assert {k: v["pid"] for k, v in before.items()} == {k: v["pid"] for k, v in after.items()}
    assert all(row["pid"] for row in after.values())
    assert timings["total"] < 5


def kube_ports(cfg):
    return range(cfg.kube_port_base, cfg.kube_port_base + KUBE_PORT_COUNT)


def port_of(address):
    return int(address.rsplit(":", 1)[1])


def test_devclouds_with_ports_of_their_own_give_their_clusters_api_ports_of_their_own():
    # The demo's, the tests', the benchmarks', the load test's and one beside
    # the tests: three of these Magnum ports once gave the same range.
    configs = [Config.from_env({"DEVCLOUD_KEYSTONE_PORT": keystone,
                                "DEVCLOUD_MAGNUM_PORT": magnum})
               for keystone, magnum in (("5000", "9511"), ("15000", "19511"),
                                        ("25000", "29511"), ("45000", "49511"),
                                        ("16000", "16511"))]
    for one, other in itertools.combinations(configs, 2):
        assert not set(kube_ports(one)) & set(kube_ports(other))


def test_a_cluster_whose_port_another_program_took_moves_and_its_address_follows(devcloud,
                                                                                tmp_path):
    demo = devcloud.magnum("demo")
    cluster, _ = create_cluster(demo, create_template(demo), node_count=1)
    port = port_of(cluster.api_address)
    assert port in kube_ports(devcloud.cfg)
    # The process that serves the clusters' APIs stops; meanwhile another
    # program (another devcloud's cluster, say) listens on that port.
    processes.stop(devcloud.cfg, "kube-api" if devcloud.cfg.production else "magnum")
    with socket.socket() as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        deadline = time.monotonic() + 5
        while True:  # the stopped process's threads close its listeners a moment later
            try:
                squatter.bind((devcloud.cfg.host, port))
                break
            except OSError:
                assert time.monotonic() < deadline, f"port {port} is still held"
                time.sleep(0.1)
        squatter.listen()
        lifecycle.start(devcloud.cfg)
        deadline = time.monotonic() + 20
        while demo.clusters.get(cluster.uuid).api_address == cluster.api_address:
            assert time.monotonic() < deadline, "the cluster's API did not move"
            time.sleep(0.2)
        assert port_of(demo.clusters.get(cluster.uuid).api_address) in kube_ports(devcloud.cfg)

        config = tmp_path / "config"
        config.write_text(coe_backend.connect(devcloud.session("demo"))
                          .render_kubeconfig(cluster.uuid).config)
        result = subprocess.run(["kubectl", "--kubeconfig", str(config), "get", "nodes"],
                                capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
