"""Nova's servers under a cluster's nodes, and the nodes they were matched to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ServerAddress:
    network: str
    address: str
    kind: str | None = None  # Nova's OS-EXT-IPS:type: "fixed" or "floating"


@dataclass(frozen=True)
class ServerFault:
    """Why Nova put a server in ERROR, as Nova words it."""

    message: str
    code: int | None = None


@dataclass(frozen=True)
class Server:
    id: str
    name: str
    status: str | None = None  # ACTIVE, BUILD, ERROR, SHUTOFF...
    flavor: str | None = None  # the flavor's name where Nova gives it, else its ID
    addresses: tuple[ServerAddress, ...] = ()
    fault: ServerFault | None = None
    created: str | None = None
    project_id: str | None = None

    @property
    def failed(self) -> bool:
        return self.status == "ERROR"

    @property
    def ips(self) -> frozenset[str]:
        return frozenset(address.address for address in self.addresses)

    @staticmethod
    def addresses_from(addresses: Mapping[str, Any] | None
                       ) -> tuple[ServerAddress, ...]:
        """Nova's ``addresses`` ({network: [{addr, OS-EXT-IPS:type}]})."""
        return tuple(
            ServerAddress(network=str(network), address=str(entry["addr"]),
                          kind=entry.get("OS-EXT-IPS:type"))
            for network, entries in sorted((addresses or {}).items())
            for entry in entries or () if entry.get("addr"))


@dataclass(frozen=True)
class ClusterNode:
    """One node of a cluster: its name, whether Magnum's health monitor last
    reported it Ready (None where it did not report it), and its server
    (None where none was found)."""

    name: str
    ready: bool | None
    server: Server | None = None


@dataclass(frozen=True)
class ClusterNodes:
    """A cluster's nodes with their servers. ``servers_error`` says why
    Nova's servers could not be read (then no node has a server)."""

    nodes: tuple[ClusterNode, ...] = ()
    servers_error: str | None = None
