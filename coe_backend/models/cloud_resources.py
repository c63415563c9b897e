"""What a cluster owns in the cloud beside Magnum's records: servers,
volumes, load balancers, floating IPs and security groups, as Nova, Cinder,
Octavia and Neutron list them, and which of them a delete takes along."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from coe_backend.models.servers import Server

# The metadata the Cinder CSI driver sets on the volumes it makes
# (cloud-provider-openstack, pkg/csi/cinder/controllerserver.go).
CSI_CLUSTER_KEY = "cinder.csi.openstack.org/cluster"
CSI_PVC_NAMESPACE_KEY = "csi.storage.k8s.io/pvc/namespace"
CSI_PVC_NAME_KEY = "csi.storage.k8s.io/pvc/name"
# What Kubernetes' in-tree Cinder provisioner (before CSI) set.
IN_TREE_PVC_NAMESPACE_KEY = "kubernetes.io/created-for/pvc/namespace"
IN_TREE_PVC_NAME_KEY = "kubernetes.io/created-for/pvc/name"


class ResourceKind(enum.Enum):
    SERVER = "servers"
    VOLUME = "volumes"
    LOAD_BALANCER = "loadbalancers"
    FLOATING_IP = "floatingips"
    SECURITY_GROUP = "securitygroups"


class Origin(enum.Enum):
    """Who made a resource of the cluster, which says whether a delete removes it."""

    DRIVER = "driver"  # Magnum's driver (Heat, Cluster API): the delete removes it
    KUBERNETES = "kubernetes"  # the cluster's own controllers: the delete does not


@dataclass(frozen=True)
class CloudResource:
    """One resource, with what tells whose it is.

    ``attached_to``: a volume's servers; a floating IP's device (a server's
    ID, or ``lb-<id>`` for a load balancer's address, as Octavia owns its VIP
    port). ``csi_cluster`` and ``claim``: what the Cinder CSI driver wrote
    (the cluster's name as given to it, ``namespace/name`` of the claim).
    """

    kind: ResourceKind
    id: str
    name: str = ""
    status: str | None = None
    size_gb: int | None = None
    address: str | None = None
    attached_to: tuple[str, ...] = ()
    description: str = ""
    csi_cluster: str | None = None
    claim: str | None = None

    @property
    def shown_name(self) -> str:
        """Its name, else its address, else its ID (floating IPs have no name)."""
        return self.name or self.address or self.id

    @classmethod
    def server(cls, server: Server) -> CloudResource:
        return cls(kind=ResourceKind.SERVER, id=server.id, name=server.name,
                   status=server.status, address=next(
                       (a.address for a in server.addresses), None))

    @classmethod
    def volume(cls, item: Any) -> CloudResource:
        metadata: Mapping[str, str] = getattr(item, "metadata", None) or {}
        namespace = (metadata.get(CSI_PVC_NAMESPACE_KEY)
                     or metadata.get(IN_TREE_PVC_NAMESPACE_KEY))
        claim = metadata.get(CSI_PVC_NAME_KEY) or metadata.get(IN_TREE_PVC_NAME_KEY)
        return cls(kind=ResourceKind.VOLUME, id=item.id, name=item.name or "",
                   status=item.status, size_gb=item.size,
                   attached_to=tuple(a.get("server_id") for a in item.attachments or ()
                                     if a.get("server_id")),
                   csi_cluster=metadata.get(CSI_CLUSTER_KEY),
                   claim=f"{namespace}/{claim}" if claim else None)

    @classmethod
    def load_balancer(cls, item: Any) -> CloudResource:
        return cls(kind=ResourceKind.LOAD_BALANCER, id=item.id, name=item.name or "",
                   status=item.provisioning_status, address=item.vip_address,
                   description=item.description or "")

    @classmethod
    def floating_ip(cls, item: Any) -> CloudResource:
        details = getattr(item, "port_details", None) or {}
        device = details.get("device_id")
        return cls(kind=ResourceKind.FLOATING_IP, id=item.id,
                   status=item.status, address=item.floating_ip_address,
                   attached_to=(device,) if device else (),
                   description=item.description or "")

    @classmethod
    def security_group(cls, item: Any) -> CloudResource:
        return cls(kind=ResourceKind.SECURITY_GROUP, id=item.id, name=item.name or "",
                   description=item.description or "")


@dataclass(frozen=True)
class OwnedResource:
    resource: CloudResource
    origin: Origin

    @property
    def outlives_delete(self) -> bool:
        return self.origin is Origin.KUBERNETES


@dataclass(frozen=True)
class Unchecked:
    """Kinds of resource that could not be listed, and why."""

    kinds: tuple[ResourceKind, ...]
    reason: Any  # the service's error, a sentence (str or coe_backend's LazyText)


@dataclass(frozen=True)
class BlastRadius:
    """What a cluster owns: ``goes`` with the delete, ``outlives`` it (unless
    removed first in Kubernetes), and the kinds that could not be checked."""

    goes: tuple[OwnedResource, ...] = ()
    outlives: tuple[OwnedResource, ...] = ()
    unchecked: tuple[Unchecked, ...] = ()

    @property
    def ids(self) -> dict[str, list[str]]:
        """{kind: [IDs]} of everything found but the servers, to check after
        the delete (JSON-safe, to keep in a session)."""
        found: dict[str, list[str]] = {}
        for owned in (*self.goes, *self.outlives):
            if owned.resource.kind is not ResourceKind.SERVER:
                found.setdefault(owned.resource.kind.value, []).append(owned.resource.id)
        return found


@dataclass(frozen=True)
class Remaining:
    """What is still there of the resources a deleted cluster had."""

    resources: tuple[CloudResource, ...] = ()
    unchecked: tuple[Unchecked, ...] = ()
