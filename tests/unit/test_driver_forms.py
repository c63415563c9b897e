"""Each driver's forms: which driver a template has, a Cluster API cluster
blocked while still in progress, and magnum-capi-helm's health."""

from datetime import datetime, timezone

from coe_backend import (
    Category, Cluster, ClusterStatus, ClusterTemplate, DriverFamily, HealthStatus, Image,
    blocked_by, is_stalled, template_driver)
from coe_backend.models import ClusterNode, Server, ServerAddress
from coe_backend.rules.diagnosis import diagnose
from coe_backend.rules.node_servers import group_readiness, match_node_servers

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)
OVER_QUOTA = ("Failed to create network k8s-clusterapi-cluster-magnum-system-kube-ab12c: "
              "Expected HTTP response code [201] when accessing [POST http://neutron:9696/"
              "v2.0/networks], but got 409 instead: {\"NeutronError\": {\"type\": \"OverQuota\","
              " \"message\": \"Quota exceeded for resources: ['network'].\", \"detail\": \"\"}}")
MCAPI_BLOCKED = ('CAPI Cluster status: TopologyCreate: Created "OpenStackCluster/kube-ab12c". '
                 "CAPI OpenstackCluster status reason: FailedCreateNetwork: " + OVER_QUOTA)
MCAPI_WAITING = ('CAPI Cluster status: TopologyCreate: Created "OpenStackCluster/kube-ab12c". '
                 "CAPI OpenstackCluster status reason: SuccessfulCreateNetwork: Created network "
                 "k8s-clusterapi-cluster-magnum-system-kube-ab12c with id 5d2e")
CAPI_HELM_BLOCKED = {
    "cluster": "Waiting on ['Ready', 'ControlPlaneReady', 'InfrastructureReady']",
    "infrastructure": "UpdateError: failed to reconcile network: " + OVER_QUOTA,
    "controlplane": "Control plane resource not found.",
    "nodegroup": "default-worker waiting on ['Ready', 'Available']",
}


def in_progress(reason=None, health=None, health_status=None):
    # Updated a moment ago: a Cluster API driver saves the cluster on every retry.
    return Cluster(uuid="c", status=ClusterStatus.CREATE_IN_PROGRESS, status_reason=reason,
                   health_status=health_status, health_status_reason=health or {},
                   created_at=NOW, updated_at=NOW)


def test_the_template_s_driver_comes_first_then_the_image_s_then_magnum_s_default():
    image = Image("i", "ubuntu", os_distro="ubuntu", magnum_driver="k8s_capi_helm_v1")
    assert template_driver("k8s_cluster_api_ubuntu", image).family is DriverFamily.CLUSTER_API
    from_image = template_driver(None, image)
    assert from_image.family is DriverFamily.CAPI_HELM
    assert "from the image's magnum_driver" in str(from_image.description)
    assert str(template_driver(None, Image("i", "ubuntu")).description) == "Magnum's default"
    assert ClusterTemplate(uuid="t", driver="k8s_fedora_coreos_v1").cluster_driver.family \
        is DriverFamily.HEAT
    assert str(ClusterTemplate(uuid="t", driver="devcloud").cluster_driver.description) \
        == "devcloud"


def test_magnum_cluster_api_blocked_create_is_stalled_and_diagnosed_as_quota_with_no_recreate():
    cluster = in_progress(MCAPI_BLOCKED)
    assert blocked_by(cluster).startswith("FailedCreateNetwork: Failed to create network")
    assert is_stalled(cluster, NOW, expected_seconds=3600)
    found = diagnose(cluster)
    assert found.category is Category.QUOTA
    assert "carries on by itself" in str(found.next_step)
    assert "create it again" not in str(found.next_step)
    assert found.details == [MCAPI_BLOCKED]


def test_magnum_cluster_api_progress_events_are_not_a_block():
    cluster = in_progress(MCAPI_WAITING)
    assert blocked_by(cluster) is None
    assert not is_stalled(cluster, NOW, expected_seconds=3600)


def test_capi_helm_blocked_create_is_read_from_its_health_components():
    cluster = in_progress(health=CAPI_HELM_BLOCKED, health_status=HealthStatus.UNHEALTHY)
    assert blocked_by(cluster).startswith("infrastructure: UpdateError: failed to reconcile")
    assert is_stalled(cluster, NOW, expected_seconds=3600)
    found = diagnose(cluster)
    assert found.category is Category.QUOTA
    assert "carries on by itself" in str(found.next_step)
    assert any(line.startswith("infrastructure: UpdateError") for line in found.details)
    waiting = in_progress(health={**CAPI_HELM_BLOCKED, "infrastructure": "Infrastructure not ready."})
    assert blocked_by(waiting) is None


def test_a_node_group_cluster_api_cannot_build_is_named_from_health_not_called_blocked():
    ready = {part: "Ready" for part in ("cluster", "infrastructure", "controlplane", "nodegroup")}
    for health, named in (
            ({"api": "ok", "kube-ab12c-default-worker-0.Ready": "True",
              "kube-ab12c-gpu-0.Ready": "False"}, "These nodes are not ready: kube-ab12c-gpu-0."),
            ({**ready, "nodegroup": "gpu waiting on ['Ready', 'Available']"},
             "These node groups are not ready: gpu.")):
        cluster = Cluster(uuid="c", status=ClusterStatus.UPDATE_IN_PROGRESS,
                          health_status=HealthStatus.UNHEALTHY, health_status_reason=health,
                          created_at=NOW, updated_at=NOW)
        # Booting machines look the same: only time says it is stuck.
        assert blocked_by(cluster) is None
        assert not is_stalled(cluster, NOW, expected_seconds=600)
        found = diagnose(cluster)
        assert str(found.summary) == named
        assert "quota (instances, cores, RAM)" in str(found.next_step)
        assert "carries on by itself" in str(found.next_step)


def test_a_heat_failure_keeps_its_recreate_advice():
    cluster = Cluster(uuid="c", status=ClusterStatus.CREATE_FAILED,
                      status_reason="Quota exceeded for cores: Requested 8")
    assert blocked_by(cluster) is None
    assert "create it again" in str(diagnose(cluster).next_step)


def _server(name, address):
    return Server(id=name, name=name, status="ACTIVE",
                  addresses=(ServerAddress(network="private", address=address),))


def test_capi_helm_health_gives_nodes_their_group_s_readiness():
    nodes = (ClusterNode("c-control-plane-x1", None, _server("c-control-plane-x1", "10.0.0.5")),
             ClusterNode("c-default-worker-a-b", None, _server("c-default-worker-a-b", "10.0.0.6")),
             ClusterNode("c-gpu-a-b", None, _server("c-gpu-a-b", "10.0.0.7")))
    ready = {part: "Ready" for part in ("cluster", "infrastructure", "controlplane", "nodegroup")}
    assert [n.ready for n in group_readiness(ready, nodes, ["10.0.0.5"])] == [True, True, True]
    one_waits = {**ready, "controlplane": "Waiting on ['Available']",
                 "nodegroup": "default-worker waiting on ['Ready', 'Available']"}
    assert [n.ready for n in group_readiness(one_waits, nodes, ["10.0.0.5"])] == [
        False, False, None]
    heat = {"api": "ok", "n.Ready": "True"}
    assert group_readiness(heat, nodes, ["10.0.0.5"]) == nodes


def test_capi_helm_nodes_are_the_servers_named_after_the_cluster_s_machines():
    ready = {part: "Ready" for part in ("cluster", "infrastructure", "controlplane", "nodegroup")}
    servers = [_server("demo-x1y2-control-plane-0", "10.0.0.5"),
               _server("demo-x1y2-default-worker-0", "10.0.0.6"),
               _server("other-a1b2-default-worker-0", "10.0.0.6")]  # another cluster's
    nodes = group_readiness(ready, match_node_servers(
        ready, ["10.0.0.5", "10.0.0.6"], servers, "demo-x1y2"), ["10.0.0.5"])
    assert [(n.name, n.ready) for n in nodes] == [
        ("demo-x1y2-control-plane-0", True), ("demo-x1y2-default-worker-0", True)]
