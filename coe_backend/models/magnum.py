"""Typed models of what Magnum returns.

Each model's ``from_api`` takes a Magnum JSON object (a dict) or a
python-magnumclient resource. Fields Magnum left out (list views carry only
a summary) are None. Labels stay raw ``dict[str, str]``: Magnum stores every
value as a string ("true" may come back as "True").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from coe_backend.i18n import _
from coe_backend.rules.driver_labels import BUILT_IN as LABEL_CATALOG
from coe_backend.rules.drivers import DriverFamily, TemplateDriver, template_driver
from coe_backend.rules.node_attributes import Taint, taint_from_api
from coe_backend.rules.status import (
    Action, ClusterStatus, HealthStatus, NodeGroupAction,
    cluster_action_blocker, node_group_action_blocker)

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list; pass next_marker back to get the next page, and
    prev_marker (with backwards=True) to get the one before it. Each is set
    only when such a page exists."""

    items: list[T]
    next_marker: str | None = None
    prev_marker: str | None = None


def api_dict(source: Mapping[str, Any] | Any) -> dict[str, Any]:
    """The JSON object behind a dict or a python-magnumclient resource."""
    if isinstance(source, Mapping):
        return dict(source)
    info = getattr(source, "_info", None)
    if isinstance(info, Mapping):
        return dict(info)
    raise TypeError(
        f"cannot read a Magnum object from {type(source).__name__}")


def _string_dict(value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping):
        return {}
    return {str(key): "" if item is None else str(item)
            for key, item in value.items()}


def _timestamp(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _status(value: Any) -> ClusterStatus | None:
    try:
        return ClusterStatus(value) if value else None
    except ValueError:
        return None


def _string_list(value: Any) -> list[str]:
    return [str(item) for item in value or []]


# How Magnum's JSON values become model values, by field name.
_CONVERTERS: dict[str, Any] = {
    **dict.fromkeys(("labels", "labels_overridden", "labels_added",
                     "labels_skipped", "health_status_reason", "faults"),
                    _string_dict),
    **dict.fromkeys(("node_addresses", "master_addresses"), _string_list),
    **dict.fromkeys(("created_at", "updated_at"), _timestamp),
    "status": _status,
}


class _FromApi:
    """from_api for the dataclass models: each declared field is read from
    the JSON object, converted by name; subclasses add their special cases
    through _special()."""

    @classmethod
    def from_api(cls: type[T], source: Mapping[str, Any] | Any) -> T:
        data = api_dict(source)
        special = cls._special(data)  # type: ignore[attr-defined]
        values = {}
        for item in dataclasses.fields(cls):  # type: ignore[arg-type]
            if item.name in special:
                values[item.name] = special[item.name]
            elif item.name in _CONVERTERS:
                values[item.name] = _CONVERTERS[item.name](data.get(item.name))
            else:
                values[item.name] = data.get(item.name)
        return cls(**values)

    @staticmethod
    def _special(data: Mapping[str, Any]) -> dict[str, Any]:
        return {}


class _HasStatus:
    status: ClusterStatus | None

    @property
    def is_busy(self) -> bool:
        return bool(self.status and self.status.is_busy)

    @property
    def is_failed(self) -> bool:
        return bool(self.status and self.status.is_failed)

    @property
    def is_settled(self) -> bool:
        return bool(self.status and self.status.is_settled)

    @property
    def is_deleting(self) -> bool:
        return bool(self.status and self.status.is_deleting)


@dataclass(frozen=True)
class ClusterTemplate(_FromApi):
    uuid: str
    name: str | None = None
    coe: str | None = None
    image_id: str | None = None
    flavor_id: str | None = None
    master_flavor_id: str | None = None
    keypair_id: str | None = None
    external_network_id: str | None = None
    fixed_network: str | None = None
    fixed_subnet: str | None = None
    network_driver: str | None = None
    volume_driver: str | None = None
    dns_nameserver: str | None = None
    apiserver_port: int | None = None
    docker_volume_size: int | None = None
    docker_storage_driver: str | None = None
    cluster_distro: str | None = None
    http_proxy: str | None = None
    https_proxy: str | None = None
    no_proxy: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    tls_disabled: bool | None = None
    public: bool | None = None
    hidden: bool | None = None
    registry_enabled: bool | None = None
    insecure_registry: str | None = None
    server_type: str | None = None
    master_lb_enabled: bool | None = None
    floating_ip_enabled: bool | None = None
    tags: str | None = None
    driver: str | None = None
    project_id: str | None = None
    user_id: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in (self.tags or "").split(",")
                if tag.strip()]

    @property
    def cluster_driver(self) -> TemplateDriver:
        """The driver that builds its clusters, as far as the template says
        (rules.drivers.template_driver with its image knows more)."""
        return template_driver(self.driver)


@dataclass(frozen=True)
class Cluster(_FromApi, _HasStatus):
    uuid: str
    name: str | None = None
    cluster_template_id: str | None = None
    keypair: str | None = None
    node_count: int | None = None
    master_count: int | None = None
    docker_volume_size: int | None = None
    labels: dict[str, str] = field(default_factory=dict)
    labels_overridden: dict[str, str] = field(default_factory=dict)
    labels_added: dict[str, str] = field(default_factory=dict)
    labels_skipped: dict[str, str] = field(default_factory=dict)
    master_flavor_id: str | None = None
    flavor_id: str | None = None
    create_timeout: int | None = None
    status: ClusterStatus | None = None
    status_reason: str | None = None
    health_status: HealthStatus | None = None
    health_status_reason: dict[str, str] = field(default_factory=dict)
    discovery_url: str | None = None
    api_address: str | None = None
    coe_version: str | None = None
    container_version: str | None = None
    node_addresses: list[str] = field(default_factory=list)
    master_addresses: list[str] = field(default_factory=list)
    faults: dict[str, str] = field(default_factory=dict)
    fixed_network: str | None = None
    fixed_subnet: str | None = None
    floating_ip_enabled: bool | None = None
    master_lb_enabled: bool | None = None
    cluster_id: str | None = None
    stack_id: str | None = None
    project_id: str | None = None
    user_id: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @staticmethod
    def _special(data: Mapping[str, Any]) -> dict[str, Any]:
        health = data.get("health_status")
        return {"health_status": (HealthStatus(health)
                                  if health in HealthStatus.__members__
                                  else None)}

    @property
    def cluster_ref(self) -> str | None:
        """The driver's reference: cluster_id from 1.13 on, stack_id before."""
        return self.cluster_id or self.stack_id

    def reason_for(self, action: Action) -> str | None:
        """Why `action` is not allowed now, or None when it is."""
        return cluster_action_blocker(action, self.status, self.api_address)

    def runs_keystone_auth(self, driver: DriverFamily) -> bool:
        """Whether its API accepts Keystone tokens (a Keystone kubeconfig
        works): the keystone_auth_enabled label, or when absent what its
        `driver` does then (true on Heat and magnum-cluster-api, false on
        magnum-capi-helm and on a driver not known; rules.driver_labels)."""
        return LABEL_CATALOG.is_true(self.labels, "keystone_auth_enabled", driver)

    @property
    def oidc_login(self) -> OidcLogin | None:
        """The OpenID Connect issuer and client its API trusts (the
        oidc_issuer_url and oidc_client_id labels), or None."""
        issuer, client = self.labels.get("oidc_issuer_url"), self.labels.get("oidc_client_id")
        return OidcLogin(issuer, client) if issuer and client else None

    @property
    def allowed_actions(self) -> frozenset[Action]:
        return frozenset(action for action in Action
                         if self.reason_for(action) is None)


@dataclass(frozen=True)
class OidcLogin:
    issuer_url: str
    client_id: str


@dataclass(frozen=True)
class NodeGroup(_FromApi, _HasStatus):
    uuid: str
    name: str | None = None
    id: int | None = None
    cluster_id: str | None = None
    project_id: str | None = None
    role: str = "worker"
    is_default: bool = False
    node_count: int | None = None
    min_node_count: int | None = None
    max_node_count: int | None = None
    flavor_id: str | None = None
    image_id: str | None = None
    docker_volume_size: int | None = None
    labels: dict[str, str] = field(default_factory=dict)
    labels_overridden: dict[str, str] = field(default_factory=dict)
    labels_added: dict[str, str] = field(default_factory=dict)
    labels_skipped: dict[str, str] = field(default_factory=dict)
    node_labels: dict[str, str] | None = None
    node_taints: list[Taint] | None = None
    node_addresses: list[str] = field(default_factory=list)
    status: ClusterStatus | None = None
    status_reason: str | None = None
    stack_id: str | None = None
    version: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @staticmethod
    def _special(data: Mapping[str, Any]) -> dict[str, Any]:
        node_labels, node_taints = data.get("node_labels"), data.get(
            "node_taints")
        return {
            "role": data.get("role") or "worker",
            "is_default": bool(data.get("is_default")),
            "node_labels": (None if node_labels is None
                            else _string_dict(node_labels)),
            "node_taints": (None if node_taints is None
                            else [taint_from_api(t) for t in node_taints]),
        }

    @property
    def is_master(self) -> bool:
        return self.role == "master"

    @property
    def upper_bound(self) -> int | None:
        """The effective maximum: Magnum treats a max of 0 as no maximum."""
        return self.max_node_count or None

    def reason_for(self, action: NodeGroupAction) -> str | None:
        return node_group_action_blocker(action, self.status, self.is_default,
                                         self.role)

    def reason_for_change(self, cluster: Cluster) -> str | None:
        """Why the group's range, size or node attributes cannot change now
        (a change is a cluster operation: the cluster must allow a resize
        and be idle, the group an update), or None."""
        if cluster.is_busy:
            return _("The cluster is {status}; wait until the current "
                     "operation finishes, then try again.", status=cluster.status)
        return (cluster.reason_for(Action.RESIZE)
                or self.reason_for(NodeGroupAction.UPDATE))

    @property
    def allowed_actions(self) -> frozenset[NodeGroupAction]:
        return frozenset(action for action in NodeGroupAction
                         if self.reason_for(action) is None)


@dataclass(frozen=True)
class Quota(_FromApi):
    project_id: str
    hard_limit: int
    resource: str = "Cluster"
    id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @staticmethod
    def _special(data: Mapping[str, Any]) -> dict[str, Any]:
        return {"resource": data.get("resource") or "Cluster"}


@dataclass(frozen=True)
class Stats:
    clusters: int
    nodes: int

    @classmethod
    def from_api(cls, source: Mapping[str, Any] | Any) -> Stats:
        data = api_dict(source)
        return cls(clusters=int(data.get("clusters") or 0),
                   nodes=int(data.get("nodes") or 0))


@dataclass(frozen=True)
class Certificate(_FromApi):
    cluster_uuid: str
    pem: str
    csr: str | None = None
    ca_cert_type: str | None = None


@dataclass(frozen=True)
class MagnumService(_FromApi):
    id: int
    host: str | None = None
    binary: str | None = None
    state: str | None = None
    report_count: int | None = None
    disabled: bool | None = None
    disabled_reason: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def is_up(self) -> bool:
        return self.state == "up"
