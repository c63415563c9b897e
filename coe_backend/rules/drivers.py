"""Which Magnum driver builds a template's clusters.

Magnum picks it by name: the template's ``driver`` (returned by Magnum 18.0.0
and later, already resolved by the server), else the image's
``magnum_driver`` property (what Magnum 18.0.0 to 22.x reads), else Magnum's
default (``[drivers] default_driver``, or the first registered driver). A
cluster's driver is its template's. The name says which family of driver it
is, and so how it reports failure and health.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coe_backend.i18n import LazyText, _

if TYPE_CHECKING:  # models import this module
    from coe_backend.models.catalog import Image


class DriverFamily(enum.StrEnum):
    HEAT = "heat"
    CLUSTER_API = "magnum-cluster-api"  # vexxhost's
    CAPI_HELM = "capi-helm"             # openstack/magnum-capi-helm
    OTHER = "other"

    @property
    def label(self) -> LazyText | None:
        return _FAMILY_LABELS.get(self)


_FAMILY_LABELS = {
    DriverFamily.HEAT: _("Heat"),
    DriverFamily.CLUSTER_API: _("magnum-cluster-api, Cluster API"),
    DriverFamily.CAPI_HELM: _("magnum-capi-helm, Cluster API"),
}


def driver_family(name: str | None) -> DriverFamily:
    """The family of a driver's entry-point name (k8s_capi_helm_v1,
    k8s_cluster_api_ubuntu, k8s_fedora_coreos_v1, ...)."""
    name = (name or "").lower()
    if name.startswith("k8s_capi_helm"):
        return DriverFamily.CAPI_HELM
    if name.startswith("k8s_cluster_api"):
        return DriverFamily.CLUSTER_API
    if name.startswith(("k8s_fedora", "k8s_coreos")):
        return DriverFamily.HEAT
    return DriverFamily.OTHER


class DriverSource(enum.StrEnum):
    TEMPLATE = "template"
    IMAGE = "image"
    DEFAULT = "default"


@dataclass(frozen=True)
class TemplateDriver:
    name: str | None  # None: Magnum's default, whichever it is
    source: DriverSource

    @property
    def family(self) -> DriverFamily:
        return driver_family(self.name)

    @property
    def description(self) -> LazyText | str:
        """One line for people: the name, its family, where it comes from."""
        if self.name is None:
            return _("Magnum's default")
        label = self.family.label
        shown = f"{self.name} ({label})" if label else self.name
        if self.source is DriverSource.IMAGE:
            return _("{driver}, from the image's magnum_driver", driver=shown)
        return shown


def template_driver(driver: str | None, image: Image | None = None) -> TemplateDriver:
    """The driver of a template whose ``driver`` field is `driver`, made
    from `image` (None: not known)."""
    if driver:
        return TemplateDriver(driver, DriverSource.TEMPLATE)
    if image is not None and image.magnum_driver:
        return TemplateDriver(image.magnum_driver, DriverSource.IMAGE)
    return TemplateDriver(None, DriverSource.DEFAULT)


class Capability(enum.StrEnum):
    """What some drivers cannot do, asked before Magnum is."""
    RESIZE_MASTERS = "resize-masters"        # change the master node group's size
    EMPTY_NODE_GROUPS = "empty-node-groups"  # a minimum or a size of 0


_CANNOT = {
    # The base driver's validate_master_resize. Both Cluster API drivers
    # override it to take an odd count: magnum-capi-helm, and
    # magnum-cluster-api since v0.30.0 (driver.py, "implementing control
    # plane resize", #581; its issue #175 predates it).
    (DriverFamily.HEAT, Capability.RESIZE_MASTERS): _(
        "The Heat driver cannot resize the master node group (Magnum answers "
        "MasterNGResizeNotSupported); only the Cluster API drivers can."),
    # magnum-capi-helm's _validate_allowed_node_counts.
    (DriverFamily.CAPI_HELM, Capability.EMPTY_NODE_GROUPS): _(
        "magnum-capi-helm keeps at least one node in every node group: its "
        "minimum and its size must be 1 or more."),
}


def cannot(family: DriverFamily, capability: Capability) -> LazyText | None:
    """Why a driver of `family` cannot do `capability`, or None where it can
    (or where coe-ui does not know the driver: Magnum then says)."""
    return _CANNOT.get((family, capability))
