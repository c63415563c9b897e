"""Which of a project's Nova servers are a cluster's nodes.

Magnum keeps no server IDs in its API. What it has: the node names its
Kubernetes health monitor reports (``health_status_reason`` keys
``<node>.Ready``) and the servers' addresses (``node_addresses``,
``master_addresses``). The Heat drivers name each server as its Kubernetes
node is named (``<stack>-node-0``, ``<stack>-master-0``), Cluster API
drivers too (the Machine's name), and kubelet may add a domain
(``<name>.novalocal``). So a server is a node's when:

* its name is the node's name (or the node name's first DNS label) and it
  is at one of the cluster's addresses, or has none (where servers share
  the name, only an address tells them apart);
* else its name begins as the cluster's node names begin (``<stack>-``) and
  it is at one of the cluster's addresses (a node the monitor has not
  reported yet), has no address or is not ACTIVE (a server that failed or
  is still building, which Kubernetes and Magnum do not list yet);
* where the monitor names fewer than two nodes (no such beginning), a
  server at one of the cluster's addresses that no other server has.
  Addresses alone are weak: each Heat cluster has a network of its own,
  usually with the same CIDR, so other clusters' servers share them.

magnum-capi-helm's monitor names no node: ``{cluster, infrastructure,
controlplane, nodegroup}``, each "Ready" or what it waits on. Its servers
are named after their machines, "<cluster_ref>-<group>-...", and each takes
its group's readiness (``group_readiness``).
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterable, Mapping, Sequence

from coe_backend.models.servers import ClusterNode, Server

READY_SUFFIX = ".Ready"
CAPI_HELM_READY = "Ready"
# A worker group magnum-capi-helm's "nodegroup" names as not ready.
_GROUP_NOT_READY = re.compile(r"([\w.-]+) (?:waiting on \[|resource not found\.)")


def reported_nodes(health_status_reason: Mapping[str, str]) -> dict[str, bool]:
    """{node name: Ready} from Magnum's health_status_reason."""
    return {key[:-len(READY_SUFFIX)]: str(value) == "True"
            for key, value in (health_status_reason or {}).items()
            if key.endswith(READY_SUFFIX)}


def waiting_groups(health_status_reason: Mapping[str, str]) -> list[str]:
    """The worker groups magnum-capi-helm's health names as not ready."""
    return _GROUP_NOT_READY.findall(health_status_reason.get("nodegroup") or "")


def group_readiness(health_status_reason: Mapping[str, str],
                    nodes: Sequence[ClusterNode],
                    master_addresses: Iterable[str]) -> tuple[ClusterNode, ...]:
    """`nodes` with the readiness magnum-capi-helm's health gives each node
    it does not name: a master's (at one of `master_addresses`) is the
    control plane's; a worker is Ready when every worker group is, not
    Ready when its name holds a group that is not, else unknown. Other
    drivers' reports are left as they are."""
    control_plane = health_status_reason.get("controlplane")
    groups = health_status_reason.get("nodegroup")
    if control_plane is None or groups is None:
        return tuple(nodes)
    masters = frozenset(master_addresses)
    waiting = waiting_groups(health_status_reason)

    def ready(node: ClusterNode) -> bool | None:
        if node.server is not None and node.server.ips & masters:
            return control_plane == CAPI_HELM_READY
        if groups == CAPI_HELM_READY:
            return True
        return False if any(f"-{group}-" in node.name for group in waiting) else None

    return tuple(node if node.ready is not None else dataclasses.replace(node, ready=ready(node))
                 for node in nodes)


def match_node_servers(health_status_reason: Mapping[str, str],
                       addresses: Iterable[str],
                       servers: Sequence[Server],
                       cluster_ref: str | None = None) -> tuple[ClusterNode, ...]:
    """The cluster's nodes, each with its server: first the nodes Magnum's
    health names (sorted), then servers found only by address or name
    (where the health names none, a Cluster API driver's servers by their
    names' beginning, the cluster's `cluster_ref`: "<ref>-<group>-...")."""
    reported = reported_nodes(health_status_reason)
    cluster_ips = frozenset(addresses)
    used: set[str] = set()

    def by_name(node: str) -> Server | None:
        for wanted in (node.lower(), node.lower().split(".")[0]):
            named = [s for s in servers
                     if s.id not in used and s.name.lower() == wanted]
            here = [s for s in named if s.ips & cluster_ips]
            # A namesake with addresses none of which is the cluster's is
            # another cluster's server.
            fits = here or [s for s in named if not (cluster_ips and s.addresses)]
            if len(fits) == 1:
                return fits[0]
            if named:
                return None  # several of that name, none told apart by address
        return None

    nodes = []
    for name in sorted(reported):
        server = by_name(name)
        if server is not None:
            used.add(server.id)
        nodes.append(ClusterNode(name=name, ready=reported[name], server=server))

    unused = [s for s in servers if s.id not in used]
    prefix = _common_prefix(list(reported))
    by_ref = [s for s in unused
              if cluster_ref and s.name.lower().startswith(f"{cluster_ref.lower()}-")]
    if prefix:
        extra = [s for s in unused if s.name.lower().startswith(prefix) and (
            s.ips & cluster_ips or not s.addresses or s.status != "ACTIVE")]
    elif by_ref:
        extra = by_ref
    else:
        # No names to go by: the servers at the cluster's addresses, where
        # one server has the address (each Heat cluster has a network of
        # its own, often with the same CIDR as the others').
        extra = [s for s in unused if any(
            sum(address in other.ips for other in unused) == 1
            for address in s.ips & cluster_ips)]
    nodes += [ClusterNode(name=s.name, ready=None, server=s)
              for s in sorted(extra, key=lambda s: s.name)]
    return tuple(nodes)


def _common_prefix(names: Sequence[str]) -> str:
    """What two or more server names begin with, up to and with its last
    "-" ("" where they share none)."""
    if len(names) < 2:
        return ""
    common = os.path.commonprefix([name.lower() for name in names])
    return common[:common.rfind("-") + 1]
