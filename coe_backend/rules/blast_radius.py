"""Which of a project's volumes, load balancers, floating IPs and security
groups are a cluster's, and which of those a delete leaves behind.

What tells, as the drivers and Kubernetes' OpenStack controllers name things:

* made by Kubernetes, likely left by Magnum's delete (its Heat driver never
  touched volumes; its pre-delete hook removed load balancers described
  "... from cluster <UUID>" where it ran and Octavia answered): volumes
  whose Cinder CSI metadata ``cinder.csi.openstack.org/cluster`` is the
  cluster's name or UUID, or that carry a claim's metadata and are on one
  of its servers; load balancers the cloud provider made for Services, named
  ``kube_service_<cluster>_<namespace>_<service>`` or described "Kubernetes
  external service <ns>/<svc> from cluster <cluster>"; a floating IP on
  such a load balancer;
* made by the driver, removed by the delete unless it fails: volumes
  attached to the cluster's servers; floating IPs on them or on the
  driver's load balancer; load balancers and security groups whose name
  begins with the cluster's name and "-" (Heat's stacks and Cluster API's
  resources are named after the cluster). The last is a guess: a cluster
  "web" would claim "web-2"'s, which is why its servers' names are checked
  too where the resources are named after a server.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from coe_backend.models.cloud_resources import (
    BlastRadius, CloudResource, Origin, OwnedResource, ResourceKind, Unchecked)

_K8S_DESCRIPTION = re.compile(r"Kubernetes .+ from cluster (?P<cluster>\S+)$")


def _names(cluster_name: str | None, cluster_uuid: str) -> frozenset[str]:
    return frozenset(n.lower() for n in (cluster_name, cluster_uuid) if n)


def _dns_label(text: str) -> str:
    out = "".join(c if c.isalnum() or c in "-." else "-" for c in text.lower())
    return out.strip("-.")


def _named_after(resource: CloudResource, cluster_name: str | None) -> bool:
    if not cluster_name:
        return False
    name = resource.name.lower()
    return any(name.startswith(prefix + "-")
               for prefix in {cluster_name.lower(), _dns_label(cluster_name)} if prefix)


def _kubernetes_made(resource: CloudResource, names: frozenset[str],
                     servers: frozenset[str]) -> bool:
    if resource.kind is ResourceKind.VOLUME:
        # Named by its CSI metadata, or a claim's volume on one of the servers
        # (a CSI driver given another cluster name, or the in-tree provisioner).
        return ((resource.csi_cluster or "").lower() in names
                or bool(resource.claim and servers & set(resource.attached_to)))
    if resource.kind is ResourceKind.LOAD_BALANCER:
        match = _K8S_DESCRIPTION.match(resource.description)
        return (bool(match and match["cluster"].lower() in names)
                or any(resource.name.lower().startswith(f"kube_service_{n}_") for n in names))
    return False


def blast_radius(cluster_name: str | None, cluster_uuid: str,
                 cluster_servers: Sequence[CloudResource], resources: Sequence[CloudResource],
                 unchecked: Sequence[Unchecked] = ()) -> BlastRadius:
    """Sort the project's ``resources`` into the cluster's that go with it
    and those that outlive it; ``cluster_servers``, the cluster's servers
    (coe_backend.rules.node_servers finds them): they go, and so do volumes
    and floating IPs on them."""
    names = _names(cluster_name, cluster_uuid)
    servers = frozenset(server.id for server in cluster_servers)
    owned: dict[str, OwnedResource] = {}

    def own(resource: CloudResource, origin: Origin) -> None:
        owned[resource.id] = OwnedResource(resource, origin)

    for server in cluster_servers:
        own(server, Origin.DRIVER)
    for resource in resources:
        if resource.kind is ResourceKind.FLOATING_IP:
            continue  # after the load balancers they may be on
        if _kubernetes_made(resource, names, servers):
            own(resource, Origin.KUBERNETES)
        elif resource.kind is ResourceKind.VOLUME and servers & set(resource.attached_to):
            own(resource, Origin.DRIVER)
        elif resource.kind is not ResourceKind.VOLUME and _named_after(resource, cluster_name):
            own(resource, Origin.DRIVER)
    for resource in resources:
        if resource.kind is not ResourceKind.FLOATING_IP:
            continue
        for device in resource.attached_to:
            if device in servers:
                own(resource, Origin.DRIVER)
            elif device.startswith("lb-") and device[3:] in owned:
                own(resource, owned[device[3:]].origin)
    found = sorted(owned.values(), key=lambda o: (list(ResourceKind).index(o.resource.kind),
                                                  o.resource.shown_name))
    return BlastRadius(goes=tuple(o for o in found if not o.outlives_delete),
                       outlives=tuple(o for o in found if o.outlives_delete),
                       unchecked=tuple(unchecked))


def still_there(recorded: dict[str, list[str]],
                resources: Iterable[CloudResource]) -> tuple[CloudResource, ...]:
    """Of the resources recorded before a delete ({kind: [IDs]}), those the
    clouds still list."""
    wanted = {(kind, ident) for kind, idents in recorded.items() for ident in idents}
    return tuple(r for r in resources if (r.kind.value, r.id) in wanted)
