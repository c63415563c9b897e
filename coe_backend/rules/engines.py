"""The container orchestration engines (COEs) a Magnum cloud may hold
clusters of, and the client configuration Magnum's own CLI wrote for each
(``openstack coe cluster config``): Kubernetes a kubeconfig, Docker Swarm
(Magnum before 18) a Docker environment file, Mesos and DC/OS nothing."""

from __future__ import annotations

import enum

from coe_backend.i18n import LazyText, _

KUBERNETES = "kubernetes"
_DOCKER_SWARM = frozenset({"swarm", "swarm-mode"})
_NAMES = {"mesos": "Mesos", "dcos": "DC/OS", "swarm": "Docker Swarm",
          "swarm-mode": "Docker Swarm mode"}
# Magnum's ClusterType (magnum/objects/fields.py) has taken only "kubernetes"
# since it dropped these engines; clusters made before may still be recorded.
LEGACY = frozenset(_NAMES)


class ClientConfiguration(enum.Enum):
    KUBECONFIG = "kubeconfig"
    DOCKER_ENVIRONMENT = "docker-environment"


def client_configuration(coe: str | None) -> ClientConfiguration | None:
    """What a user gets to reach a cluster of `coe` (None: nothing)."""
    if coe in (None, KUBERNETES):
        return ClientConfiguration.KUBECONFIG
    if coe in _DOCKER_SWARM:
        return ClientConfiguration.DOCKER_ENVIRONMENT
    return None


def makes_kubeconfig(coe: str | None) -> bool:
    """Whether a cluster of `coe` is reached with a kubeconfig (None: Kubernetes,
    as every cluster Magnum makes now)."""
    return client_configuration(coe) is ClientConfiguration.KUBECONFIG


def no_client_configuration(coe: str | None) -> LazyText | None:
    """Why no client configuration is offered for a cluster of `coe`, or
    None where one is (Kubernetes, Docker Swarm)."""
    if client_configuration(coe) is not None:
        return None
    return _("Magnum never rendered a client configuration for {engine} clusters; "
             "connect with {engine}'s own tools to the cluster's API address.",
             engine=display_name(coe))


def display_name(coe: str) -> str:
    return _NAMES.get(coe, coe)
