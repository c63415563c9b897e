"""Look-ups in Glance, Nova, Neutron, Cinder and the quota APIs, through
openstacksdk, for the creation wizards, the quota pre-flight and the servers
under a cluster's nodes.

The openstacksdk Connection is built on first use from the same keystoneauth
session. A service missing from the catalog yields no data for it rather
than an error; wizard_choices() runs the look-ups concurrently and turns a
failed one into an empty list plus a warning.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from coe_backend.client.base import ClientBase
from coe_backend.errors import CoeError, Unsupported
from coe_backend.i18n import LazyText, _
from coe_backend.magnum.error_translation import translated_errors
from coe_backend.models import (
    Cluster, Flavor, Image, Keypair, Limit, Network, ProjectLimits, Subnet,
    VolumeType, WizardChoices)
from coe_backend.models.servers import ClusterNodes, Server, ServerFault
from coe_backend.rules.node_servers import group_readiness, match_node_servers, reported_nodes

_LOG = logging.getLogger(__name__)

# The services as the messages name them ({service}).
GLANCE = _("the image service (Glance)")
NOVA = _("the compute service (Nova)")
NEUTRON = _("the network service (Neutron)")
CINDER = _("the volume service (Cinder)")
OCTAVIA = _("the load-balancer service (Octavia)")


class CatalogLookups(ClientBase):
    def list_images(self) -> list[Image]:
        with translated_errors(GLANCE):
            return [_image(item) for item in self._sdk("image").images()]

    def list_flavors(self) -> list[Flavor]:
        with translated_errors(NOVA):
            return [Flavor(id=item.id, name=item.name, vcpus=item.vcpus or 0,
                           ram=item.ram or 0, disk=item.disk or 0,
                           is_public=item.is_public)
                    for item in self._sdk("compute").flavors(details=True)]

    def list_keypairs(self) -> list[Keypair]:
        with translated_errors(NOVA):
            return [Keypair(name=item.name, type=item.type,
                            fingerprint=item.fingerprint)
                    for item in self._sdk("compute").keypairs()]

    def list_networks(self) -> list[Network]:
        with translated_errors(NEUTRON):
            return [Network(id=item.id, name=item.name,
                            is_external=bool(item.is_router_external),
                            status=item.status,
                            subnet_ids=tuple(item.subnet_ids or ()))
                    for item in self._sdk("network").networks()]

    def list_subnets(self, network: str | None = None) -> list[Subnet]:
        query = {"network_id": network} if network else {}
        with translated_errors(NEUTRON):
            return [Subnet(id=item.id, name=item.name,
                           network_id=item.network_id, cidr=item.cidr,
                           ip_version=item.ip_version)
                    for item in self._sdk("network").subnets(**query)]

    def list_volume_types(self) -> list[VolumeType]:
        """The Cinder volume types the project may use; none in a cloud
        without Cinder."""
        try:
            with translated_errors(CINDER):
                return [VolumeType(id=item.id, name=item.name,
                                   description=item.description or None)
                        for item in self._sdk("block_storage").types()]
        except Unsupported:
            return []

    def list_servers(self) -> list[Server]:
        """The project's Nova servers, with their flavors named: one list of
        servers (in Nova's pages) and, side by side, one of flavors, for
        clouds whose Nova gives only a flavor's ID. A flavor list that fails
        leaves the IDs."""
        with ThreadPoolExecutor(max_workers=2) as pool:
            servers = pool.submit(self._list_servers)
            flavors = pool.submit(self.list_flavors)
        try:
            names = {flavor.id: flavor.name for flavor in flavors.result()}
        except CoeError:
            names = {}
        return [_server(item, names) for item in servers.result()]

    def cluster_nodes(self, cluster: Cluster) -> ClusterNodes:
        """The nodes of `cluster` (Magnum's health report and addresses),
        each with its Nova server where one is found, from one list of the
        project's servers (coe_backend.rules.node_servers says how). Where
        Nova fails, the nodes Magnum reports, and why."""
        addresses = [*cluster.master_addresses, *cluster.node_addresses]
        if not addresses and not reported_nodes(cluster.health_status_reason):
            return ClusterNodes()  # nothing yet to know its servers by
        try:
            servers = self.list_servers()
        except CoeError as error:
            return ClusterNodes(
                nodes=match_node_servers(cluster.health_status_reason, addresses, ()),
                servers_error=error.message)
        return ClusterNodes(nodes=group_readiness(
            cluster.health_status_reason,
            match_node_servers(cluster.health_status_reason, addresses, servers,
                               cluster.cluster_ref),
            cluster.master_addresses))

    def _list_servers(self) -> list[Any]:
        with translated_errors(NOVA):
            return list(self._sdk("compute").servers(details=True))

    def get_project_limits(self) -> ProjectLimits:
        """Used and maximum per resource, from the four services at the same
        time. A service absent from the catalog gives no limits; one that
        fails adds a warning."""
        def read(service: str, reader: Callable[[], dict[str, Limit | None]]
                 ) -> dict[str, Limit | None]:
            with translated_errors(service):
                return reader()

        readers = ((NOVA, self._compute_limits), (CINDER, self._volume_limits),
                   (NEUTRON, self._floating_ip_limit),
                   (OCTAVIA, self._load_balancer_limit))
        with ThreadPoolExecutor(max_workers=len(readers)) as pool:
            futures = [(service, pool.submit(read, service, reader))
                       for service, reader in readers]
        warnings: list[LazyText] = []
        found: dict[str, Limit | None] = {}
        for service, future in futures:
            try:
                found.update(future.result())
            except Unsupported:
                continue
            except CoeError as error:
                warnings.append(_("Could not read the quota of {service}: {error}",
                                  service=service, error=error.message))
        return ProjectLimits(**found, warnings=tuple(warnings))

    def wizard_choices(self) -> WizardChoices:
        """Images, flavors, key pairs, networks, subnets and volume types,
        fetched at the same time. Not the project's limits: the quota
        pre-flight reads them when it checks, as they are then."""
        lookups: dict[str, tuple[LazyText, Callable[[], Any]]] = {
            "images": (_("images"), self.list_images),
            "flavors": (_("flavors"), self.list_flavors),
            "keypairs": (_("key pairs"), self.list_keypairs),
            "networks": (_("networks"), self.list_networks),
            "subnets": (_("subnets"), self.list_subnets),
            "volume_types": (_("volume types"), self.list_volume_types),
        }
        with ThreadPoolExecutor(max_workers=len(lookups)) as pool:
            futures = {name: pool.submit(call)
                       for name, (_what, call) in lookups.items()}
        results: dict[str, Any] = {}
        warnings: list[LazyText] = []
        for name, future in futures.items():
            what = lookups[name][0]
            try:
                results[name] = future.result()
            except CoeError as error:
                warnings.append(_("Could not load {what}: {error}", what=what,
                                  error=error.message))
            except Exception as error:  # a malformed answer must not
                # take the whole wizard down with it
                _LOG.warning("Looking up %s failed", what, exc_info=True)
                warnings.append(_("Could not load {what}: the cloud gave an "
                                  "unexpected answer ({error}).", what=what,
                                  error=repr(error)))
        return WizardChoices(**results, warnings=warnings)

    def _compute_limits(self) -> dict[str, Limit | None]:
        absolute = self._sdk("compute").get_limits().absolute
        return {
            "instances": _limit(absolute.instances_used, absolute.instances),
            "cores": _limit(absolute.total_cores_used, absolute.total_cores),
            "ram": _limit(absolute.total_ram_used, absolute.total_ram),
        }

    def _volume_limits(self) -> dict[str, Limit | None]:
        absolute = self._sdk("block_storage").get_limits().absolute
        return {
            "volumes": _limit(absolute.total_volumes_used,
                              absolute.max_total_volumes),
            "gigabytes": _limit(absolute.total_gigabytes_used,
                                absolute.max_total_volume_gigabytes),
        }

    def _floating_ip_limit(self) -> dict[str, Limit | None]:
        quota = self._sdk("network").get_quota(self._project_id(), details=True)
        usage = quota.floating_ips or {}
        used = (usage.get("used") or 0) + (usage.get("reserved") or 0)
        return {"floating_ips": _limit(used, usage.get("limit"))}

    def _load_balancer_limit(self) -> dict[str, Limit | None]:
        octavia, project = self._sdk("load_balancer"), self._project_id()
        maximum = octavia.get_quota(project).load_balancers
        used = sum(1 for _balancer in octavia.load_balancers(project_id=project))
        return {"load_balancers": _limit(used, maximum)}


def _limit(used: int | None, maximum: int | None) -> Limit | None:
    """OpenStack writes "unlimited" as -1; None means the service did not
    say, which counts as unknown."""
    if maximum is None:
        return None
    return Limit(used=used or 0, limit=None if maximum < 0 else maximum)


def _image(item: Any) -> Image:
    properties = item.properties or {}
    return Image(id=item.id, name=item.name, os_distro=item.os_distro,
                 kube_version=properties.get("kube_version"),
                 status=item.status, visibility=item.visibility,
                 magnum_driver=properties.get("magnum_driver"))


def _server(item: Any, flavor_names: dict[str, str]) -> Server:
    flavor = item.flavor
    # Nova embeds the flavor (original_name) from microversion 2.47 on;
    # before, it gives only the flavor's ID.
    flavor_name = flavor and (flavor.original_name
                              or flavor_names.get(flavor.id, flavor.id))
    fault = item.fault or None
    return Server(id=item.id, name=item.name or "", status=item.status,
                  flavor=flavor_name, addresses=Server.addresses_from(item.addresses),
                  fault=(ServerFault(message=str(fault.get("message") or ""),
                                     code=fault.get("code")) if fault else None),
                  created=item.created_at, project_id=item.project_id)
