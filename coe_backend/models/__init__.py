"""What Magnum and the rest of the catalog return, as typed, frozen models.

Nothing here calls a service: ``magnum`` holds Magnum's resources and
``catalog`` what the wizards read from Glance, Nova, Neutron, Cinder and the
quota APIs.
"""

from coe_backend.models.catalog import (
    Flavor, Image, Keypair, Limit, Network, ProjectLimits, Subnet, VolumeType,
    WizardChoices)
from coe_backend.models.magnum import (
    Certificate, Cluster, ClusterTemplate, MagnumService, NodeGroup, Page,
    Quota, Stats)

__all__ = [
    "Certificate", "Cluster", "ClusterTemplate", "Flavor", "Image", "Keypair",
    "Limit", "MagnumService", "Network", "NodeGroup", "Page", "ProjectLimits",
    "Quota", "Stats", "Subnet", "VolumeType", "WizardChoices",
]
