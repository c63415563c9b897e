"""Which resources are a cluster's, and which its delete leaves behind."""
from coe_backend import CloudResource, ResourceKind, Unchecked, blast_radius
from coe_backend.rules.blast_radius import still_there

K = ResourceKind
UUID = "3f1c2b7a-0d4e-4f6a-9b8c-1d2e3f4a5b6c"
SERVERS = [CloudResource(K.SERVER, "srv-1", "web-default-master-0"),
           CloudResource(K.SERVER, "srv-2", "web-default-worker-0")]


def names(owned):
    return [(o.resource.kind.value, o.resource.shown_name) for o in owned]


def test_kubernetes_made_volumes_and_service_balancers_outlive_the_delete():
    resources = [
        CloudResource(K.VOLUME, "v1", "web-default-worker-0-docker-volume", size_gb=10,
                      attached_to=("srv-2",)),
        CloudResource(K.VOLUME, "v2", "pvc-9a8b", size_gb=5, attached_to=("srv-2",),
                      csi_cluster=UUID, claim="default/data"),
        CloudResource(K.VOLUME, "v3", "pvc-other", csi_cluster="another-cluster"),
        CloudResource(K.LOAD_BALANCER, "lb1", "web-api-lb"),
        CloudResource(K.LOAD_BALANCER, "lb2", f"kube_service_{UUID}_default_shop"),
        CloudResource(K.LOAD_BALANCER, "lb3", "a-name-of-its-own",
                      description="Kubernetes external service team/api from cluster web"),
        CloudResource(K.LOAD_BALANCER, "lb4", "web2-api-lb"),
        CloudResource(K.FLOATING_IP, "f1", address="172.24.4.5", attached_to=("srv-1",)),
        CloudResource(K.FLOATING_IP, "f2", address="172.24.4.6", attached_to=("lb-lb2",)),
        CloudResource(K.FLOATING_IP, "f3", address="172.24.4.7", attached_to=("lb-lb1",)),
        CloudResource(K.FLOATING_IP, "f4", address="172.24.4.8"),
        CloudResource(K.SECURITY_GROUP, "sg1", "web-secgroup-kube"),
        CloudResource(K.SECURITY_GROUP, "sg2", "default"),
    ]
    radius = blast_radius("web", UUID, SERVERS, resources)
    assert names(radius.goes) == [
        ("servers", "web-default-master-0"), ("servers", "web-default-worker-0"),
        ("volumes", "web-default-worker-0-docker-volume"), ("loadbalancers", "web-api-lb"),
        ("floatingips", "172.24.4.5"), ("floatingips", "172.24.4.7"),
        ("securitygroups", "web-secgroup-kube")]
    assert names(radius.outlives) == [
        ("volumes", "pvc-9a8b"), ("loadbalancers", "a-name-of-its-own"),
        ("loadbalancers", f"kube_service_{UUID}_default_shop"), ("floatingips", "172.24.4.6")]
    assert radius.ids == {"volumes": ["v1", "v2"], "loadbalancers": ["lb1", "lb3", "lb2"],
                          "floatingips": ["f1", "f3", "f2"], "securitygroups": ["sg1"]}


def test_a_claims_volume_on_its_servers_is_kubernetes_made_whatever_cluster_csi_names():
    volume = CloudResource(K.VOLUME, "v", "kubernetes-dynamic-pvc-1", attached_to=("srv-2",),
                           claim="shop/db")
    radius = blast_radius("web", UUID, SERVERS, [volume])
    assert names(radius.outlives) == [("volumes", "kubernetes-dynamic-pvc-1")]


def test_a_detached_volume_is_the_clusters_only_by_its_csi_metadata():
    # Named after the cluster but attached to nothing of it: nobody's to claim.
    radius = blast_radius("web", UUID, [], [CloudResource(K.VOLUME, "v", "web-data")])
    assert radius.goes == () and radius.outlives == ()


def test_what_could_not_be_checked_is_carried_along():
    unchecked = (Unchecked((K.LOAD_BALANCER,), "no Octavia here"),)
    radius = blast_radius("web", UUID, SERVERS, [], unchecked)
    assert radius.unchecked == unchecked and len(radius.goes) == 2


def test_still_there_keeps_only_the_recorded_ones():
    listed = [CloudResource(K.VOLUME, "v2", "pvc-9a8b"), CloudResource(K.VOLUME, "v9", "x"),
              CloudResource(K.LOAD_BALANCER, "v2", "same id, other kind")]
    assert [r.id for r in still_there({"volumes": ["v1", "v2"]}, listed)] == ["v2"]
