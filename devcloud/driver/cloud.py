"""What a simulated cluster owns in the cloud besides its servers: volumes,
load balancers, floating IPs and a security group, as records the catalog
stand-in serves as Cinder's, Octavia's and Neutron's.

Made as Heat makes them (``sync``, after a create or a change of nodes): a
docker volume per node where the cluster has ``docker_volume_size``, the
API's load balancer where ``master_lb_enabled``, a floating IP per node
where ``floating_ip_enabled``, one security group.  Labels of the cluster:

* ``devcloud_kube_made=volumes,loadbalancers``: what Kubernetes would have
  made in it (a CSI volume, a Service's load balancer with its floating IP);
  a delete never removes these, as Heat's does not.
* ``devcloud_leave_behind=volumes,loadbalancers,floatingips,securitygroups``:
  what of the driver's own the delete fails to remove, as real clouds do
  (a volume stuck detaching, a load balancer in ERROR).
"""
import time
import uuid as uuidlib

from devcloud.driver import nodes as node_records

KINDS = ("volumes", "loadbalancers", "floatingips", "securitygroups")


def _words(labels, key):
    raw = (labels or {}).get(key) or ""
    return {w.strip().lower() for w in raw.replace(";", ",").split(",") if w.strip()}


def _id(cluster, *parts):
    return str(uuidlib.uuid5(uuidlib.NAMESPACE_URL, ":".join((cluster.uuid, *parts))))


def _record(cluster, kind, ident, name, **extra):
    return {"id": ident, "kind": kind, "name": name, "project": cluster.project_id,
            "cluster": cluster.uuid, "cluster_name": cluster.name or cluster.uuid,
            "created": time.time(), **extra}


def _driver_records(store, ctx, cluster):
    from magnum import objects
    prefix = node_records.dns_label(cluster.name or cluster.uuid[:8])
    nodes = [n for ng in objects.NodeGroup.list(ctx, cluster.uuid)
             for n in node_records.nodes_for(store, cluster, ng)]
    size = cluster.docker_volume_size or cluster.cluster_template.docker_volume_size
    records = []
    for n in nodes:
        if size:
            records.append(_record(cluster, "volumes", _id(cluster, "volume", n["server_id"]),
                                   "%s-docker-volume" % n["name"], size=size,
                                   server_id=n["server_id"]))
        if cluster.floating_ip_enabled:
            records.append(_record(cluster, "floatingips", _id(cluster, "fip", n["server_id"]),
                                   "", device_id=n["server_id"], fixed=n["address"]))
    if cluster.master_lb_enabled:
        lb = _id(cluster, "api-lb")
        records.append(_record(cluster, "loadbalancers", lb, "%s-api-lb" % prefix,
                               description="Kubernetes API of %s" % cluster.uuid))
        if cluster.floating_ip_enabled:
            records.append(_record(cluster, "floatingips", _id(cluster, "fip", lb), "",
                                   device_id="lb-" + lb, fixed="10.0.0.250"))
    records.append(_record(cluster, "securitygroups", _id(cluster, "secgroup"),
                           "%s-secgroup-kube" % prefix))
    return records


def _kube_records(cluster):
    """What the cloud provider and the Cinder CSI driver make for a Service and
    a PersistentVolumeClaim, named and tagged as they name and tag them
    (Magnum gives them the cluster's UUID as the cluster name)."""
    made = _words(cluster.labels, "devcloud_kube_made")
    records = []
    if "volumes" in made:
        pvc = _id(cluster, "pvc")
        records.append(_record(cluster, "volumes", _id(cluster, "csi-volume"), "pvc-" + pvc,
                               size=5, csi_cluster=cluster.uuid, pvc="default/data"))
    if "loadbalancers" in made:
        lb = _id(cluster, "service-lb")
        records.append(_record(
            cluster, "loadbalancers", lb, "kube_service_%s_default_web" % cluster.uuid,
            description="Kubernetes external service default/web from cluster %s" % cluster.uuid))
        records.append(_record(cluster, "floatingips", _id(cluster, "fip", lb), "",
                               device_id="lb-" + lb, fixed="10.0.0.251"))
    return records


def sync(store, ctx, cluster):
    """Record the cluster's resources as its nodes now are."""
    store.set_cloud_resources(cluster.uuid, "driver", _driver_records(store, ctx, cluster))
    store.add_cloud_resources(cluster.uuid, "kubernetes", _kube_records(cluster))


def release(store, cluster):
    """After the delete: the driver's resources go but for those the label
    leaves behind; Kubernetes-made ones stay.  What stays is detached."""
    store.release_cloud_resources(cluster.uuid, _words(cluster.labels, "devcloud_leave_behind"))
