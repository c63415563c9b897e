"""What Magnum and the rest of the catalog return, as typed, frozen models.

Nothing here calls a service: ``magnum`` holds Magnum's resources and
``catalog`` what the wizards read from Glance, Nova, Neutron, Cinder and the
quota APIs, ``servers`` Nova's servers under a cluster's nodes.
"""

from coe_backend.models.catalog import (
    Flavor, Image, Keypair, Limit, Network, ProjectLimits, Subnet, VolumeType,
    WizardChoices)
from coe_backend.models.magnum import (
    Certificate, Cluster, ClusterTemplate, MagnumService, NodeGroup, Page,
    Quota, Stats)
from coe_backend.models.cloud_resources import (
    BlastRadius, CloudResource, Origin, OwnedResource, Remaining, ResourceKind, Unchecked)
from coe_backend.models.servers import (
    ClusterNode, ClusterNodes, Server, ServerAddress, ServerFault)

__all__ = [
    "Certificate", "Cluster", "ClusterNode", "ClusterNodes", "ClusterTemplate",
    "Flavor", "Image", "Keypair", "Limit", "MagnumService", "Network",
    "NodeGroup", "Page", "ProjectLimits", "Quota", "Server", "ServerAddress",
    "ServerFault", "Stats", "Subnet", "VolumeType", "WizardChoices",
]
__all__ += ["BlastRadius", "CloudResource", "Origin", "OwnedResource", "Remaining",
            "ResourceKind", "Unchecked"]
