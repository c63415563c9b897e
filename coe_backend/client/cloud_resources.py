"""What a cluster owns in Nova, Cinder, Octavia and Neutron, before its
delete (cluster_resources) and after it (remaining_resources): one list per
service and kind, all side by side; a service that fails or is missing
makes its kinds "could not be checked", never an error."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from coe_backend.client.catalog import CINDER, NEUTRON, NOVA, OCTAVIA, CatalogLookups
from coe_backend.errors import CoeError
from coe_backend.i18n import _
from coe_backend.magnum.error_translation import translated_errors
from coe_backend.models import Cluster
from coe_backend.models.cloud_resources import (
    BlastRadius, CloudResource, Remaining, ResourceKind, Unchecked)
from coe_backend.rules.blast_radius import blast_radius, still_there

K = ResourceKind
_LOG = logging.getLogger(__name__)


class CloudResourceLookups(CatalogLookups):
    def cluster_resources(self, cluster: Cluster) -> BlastRadius:
        """The cluster's servers, volumes, load balancers, floating IPs and
        security groups, sorted into what its delete removes and what it
        leaves behind (coe_backend.rules.blast_radius)."""
        found, unchecked = self._list_resources(
            (K.VOLUME, K.LOAD_BALANCER, K.FLOATING_IP, K.SECURITY_GROUP),
            nodes_of=cluster)
        servers = [CloudResource.server(node.server)
                   for node in found.pop("nodes", ()) if node.server is not None]
        return blast_radius(cluster.name, cluster.uuid, servers,
                            [r for rs in found.values() for r in rs], unchecked)

    def remaining_resources(self, recorded: Mapping[str, Sequence[str]]) -> Remaining:
        """Which of the resources recorded before a delete ({kind: [IDs]},
        BlastRadius.ids) are still there: one list per kind recorded."""
        kinds = tuple(k for k in ResourceKind if recorded.get(k.value))
        found, unchecked = self._list_resources(kinds)
        listed = [r for rs in found.values() for r in rs]
        return Remaining(resources=still_there(dict(recorded), listed),
                         unchecked=unchecked)

    def _list_resources(self, kinds: Sequence[ResourceKind], nodes_of: Cluster | None = None
                        ) -> tuple[dict[str, list[Any]], tuple[Unchecked, ...]]:
        project = self._project_id()
        listings: dict[str, tuple[str, Callable[[], list[Any]]]] = {
            K.VOLUME.value: (CINDER, lambda: [CloudResource.volume(v) for v in
                                              self._sdk("block_storage").volumes(details=True)]),
            K.LOAD_BALANCER.value: (OCTAVIA, lambda: [
                CloudResource.load_balancer(lb) for lb in
                self._sdk("load_balancer").load_balancers(project_id=project)]),
            K.FLOATING_IP.value: (NEUTRON, lambda: [
                CloudResource.floating_ip(ip) for ip in
                self._sdk("network").ips(project_id=project)]),
            K.SECURITY_GROUP.value: (NEUTRON, lambda: [
                CloudResource.security_group(group) for group in
                self._sdk("network").security_groups(project_id=project)]),
        }
        wanted = {kind.value: listings[kind.value] for kind in kinds if kind.value in listings}
        if nodes_of is not None:
            wanted["nodes"] = (NOVA, lambda: self._cluster_servers(nodes_of))

        def read(service: str, listing: Callable[[], list[Any]]) -> list[Any]:
            with translated_errors(service):
                return listing()

        with ThreadPoolExecutor(max_workers=max(1, len(wanted))) as pool:
            futures = {key: pool.submit(read, service, listing)
                       for key, (service, listing) in wanted.items()}
        found: dict[str, list[Any]] = {}
        failed: dict[str, tuple[Any, list[ResourceKind]]] = {}  # one per message
        for key, future in futures.items():
            try:
                found[key] = future.result()
            except Exception as error:  # a malformed answer too: the others still count
                if not isinstance(error, CoeError):
                    _LOG.warning("Listing %s failed", key, exc_info=True)
                    error = CoeError(_("{service} gave an unexpected answer ({error}).",
                                       service=wanted[key][0], error=repr(error)))
                kind = K.SERVER if key == "nodes" else ResourceKind(key)
                failed.setdefault(str(error.message), (error.message, []))[1].append(kind)
        return found, tuple(Unchecked(kinds=tuple(kinds), reason=reason)
                            for reason, kinds in failed.values())

    def _cluster_servers(self, cluster: Cluster) -> list[Any]:
        nodes = self.cluster_nodes(cluster)
        if nodes.servers_error:
            raise CoeError(nodes.servers_error)
        return list(nodes.nodes)
