"""coe_backend: provisioning container clusters through OpenStack Magnum.

    import coe_backend
    client = coe_backend.connect(session)        # no network call yet
    page = client.list_clusters()

It never imports Django or Horizon, keeps no global state and makes no
network call at import.
"""

from coe_backend.api_versions import APIVersion, Features
from coe_backend.catalog_models import (
    Flavor, Image, Keypair, Limit, Network, ProjectLimits, Subnet, VolumeType,
    WizardChoices)
from coe_backend.client import CoeClient, connect
from coe_backend.cluster_status import (
    Action, ClusterStatus, HealthStatus, NodeGroupAction)
from coe_backend.diagnosis import Category, Diagnosis, diagnose, is_stalled
from coe_backend.engines import no_client_configuration
from coe_backend.errors import (
    NON_FIELD, CoeError, Conflict, Forbidden, InvalidInput, NotFound,
    PartlyApplied, QuotaExceeded, ServiceUnavailable, Unsupported)
from coe_backend.kubernetes_versions import (
    KubernetesVersion, kubernetes_version, version_disagreement)
from coe_backend.labels import (
    effective_labels, format_labels, label_is_true, parse_labels)
from coe_backend.models import (
    Certificate, Cluster, ClusterTemplate, MagnumService, NodeGroup, Page,
    Quota, Stats)
from coe_backend.node_attributes import Taint, format_taints, parse_taints
from coe_backend.node_group_operations import UNSET
from coe_backend.preflight import Preflight, ResourceCheck, preflight
from coe_backend.upgrade_plan import (
    RejectedTemplate, UpgradeCandidate, UpgradePlan, plan_upgrade)
from coe_backend.validation import (
    TEMPLATE_FIELDS_CHANGEABLE_IN_USE, VOLUME_LABELS, validate_cluster,
    validate_cluster_template,
    validate_node_group, validate_node_group_change, validate_template_update)

__all__ = [
    "APIVersion", "Action", "Category", "Certificate", "Cluster",
    "ClusterStatus", "ClusterTemplate", "CoeClient", "CoeError", "Conflict",
    "Diagnosis", "Features", "Flavor", "Forbidden", "HealthStatus", "Image",
    "InvalidInput", "Keypair", "KubernetesVersion", "Limit", "MagnumService",
    "NON_FIELD", "Network", "NodeGroup", "NodeGroupAction", "NotFound",
    "Page", "PartlyApplied", "Preflight", "ProjectLimits", "Quota", "QuotaExceeded",
    "RejectedTemplate", "ResourceCheck", "ServiceUnavailable", "Stats",
    "Subnet", "TEMPLATE_FIELDS_CHANGEABLE_IN_USE", "Taint", "UNSET", "Unsupported",
    "UpgradeCandidate", "UpgradePlan", "VOLUME_LABELS", "VolumeType", "WizardChoices", "connect",
    "diagnose",
    "effective_labels", "format_labels", "format_taints", "is_stalled",
    "kubernetes_version", "label_is_true", "no_client_configuration", "parse_labels",
    "parse_taints", "version_disagreement",
    "plan_upgrade", "preflight", "validate_cluster",
    "validate_cluster_template", "validate_node_group",
    "validate_node_group_change", "validate_template_update",
]
