"""What the wizards need from Glance, Nova, Neutron, Cinder and the quota
APIs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from coe_backend.i18n import _


@dataclass(frozen=True)
class Image:
    id: str
    name: str | None
    os_distro: str | None = None
    kube_version: str | None = None
    status: str | None = None
    visibility: str | None = None
    magnum_driver: str | None = None

    @property
    def usable_by_magnum(self) -> bool:
        """Magnum refuses images without os_distro (OSDistroFieldNotFound)."""
        return bool(self.os_distro) and self.status in (None, "active")


@dataclass(frozen=True)
class Flavor:
    id: str
    name: str
    vcpus: int
    ram: int  # MiB
    disk: int  # GiB of root disk; 0 means the flavor needs a boot volume
    is_public: bool | None = None


@dataclass(frozen=True)
class Keypair:
    name: str
    type: str | None = None
    fingerprint: str | None = None


@dataclass(frozen=True)
class Network:
    id: str
    name: str | None
    is_external: bool = False
    status: str | None = None
    subnet_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Subnet:
    id: str
    name: str | None
    network_id: str | None
    cidr: str | None = None
    ip_version: int | None = None


@dataclass(frozen=True)
class VolumeType:
    """A Cinder volume type; labels such as boot_volume_type name it."""

    id: str
    name: str
    description: str | None = None


@dataclass(frozen=True)
class Limit:
    """One project limit; ``limit`` None means unlimited (OpenStack's -1)."""

    used: int
    limit: int | None

    @property
    def available(self) -> int | None:
        return None if self.limit is None else max(self.limit - self.used, 0)


@dataclass(frozen=True)
class ProjectLimits:
    """Limits per resource; None where the service is absent or unreadable."""

    instances: Limit | None = None
    cores: Limit | None = None
    ram: Limit | None = None  # MiB
    volumes: Limit | None = None
    gigabytes: Limit | None = None
    floating_ips: Limit | None = None
    load_balancers: Limit | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class WizardChoices:
    """Everything the creation wizards offer, fetched concurrently. A look-up
    that failed is empty and explained in ``warnings``."""

    images: list[Image] = field(default_factory=list)
    flavors: list[Flavor] = field(default_factory=list)
    keypairs: list[Keypair] = field(default_factory=list)
    networks: list[Network] = field(default_factory=list)
    subnets: list[Subnet] = field(default_factory=list)
    volume_types: list[VolumeType] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def external_networks(self) -> list[Network]:
        return [network for network in self.networks if network.is_external]

    @property
    def private_networks(self) -> list[Network]:
        return [network for network in self.networks
                if not network.is_external]

    def subnet_off_network(self, network: str | None,
                           subnet: str | None) -> str | None:
        """Why `subnet` cannot go with `network` (each named by ID or name,
        as Magnum takes them), or None: a subnet needs its own network."""
        if not subnet:
            return None
        if not network:
            return _("Choose the network the subnet belongs to.")
        found = named(self.subnets, subnet)
        chosen = named(self.networks, network)
        if found is not None and chosen is not None and found.network_id != chosen.id:
            return _("This subnet is not on network {network}; choose its "
                     "network, or no subnet.", network=network)
        return None


def named(items: Sequence[Any], ref: str | None) -> Any:
    """The item whose ID is `ref`, else the one whose name is; None if none."""
    return (next((item for item in items if item.id == ref), None)
            or next((item for item in items if item.name == ref), None))
