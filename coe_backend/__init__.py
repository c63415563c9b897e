"""coe_backend: provisioning container clusters through OpenStack Magnum.

    import coe_backend
    client = coe_backend.connect(session)        # no network call yet
    page = client.list_clusters()

It never imports Django or Horizon, keeps no global state and makes no
network call at import.
"""

from coe_backend.client import CoeClient, connect
from coe_backend.client.fleet import container_infra_regions, read_fleet
from coe_backend.client.node_groups import UNSET
from coe_backend.errors import (
    NON_FIELD, CoeError, Conflict, Forbidden, InvalidInput, NotFound,
    PartlyApplied, QuotaExceeded, ServiceUnavailable, Unsupported)
from coe_backend.models import (
    Certificate, Cluster, ClusterTemplate, Flavor, Image, Keypair, Limit,
    MagnumService, Network, NodeGroup, Page, ProjectLimits, Quota, Stats,
    Subnet, VolumeType, WizardChoices)
from coe_backend.render.kubeconfig import (
    ClusterCredentials, CredentialMode, KeyType, check_csr)
from coe_backend.rules.api_versions import APIVersion, Features
from coe_backend.rules.certificate_lifetime import CertificateLifetime, certificate_lifetime
from coe_backend.rules.checkup import Finding, Severity, setting_findings
from coe_backend.rules.cluster_search import ClusterSearch, SortKey
from coe_backend.rules.diagnosis import Category, Diagnosis, blocked_by, is_stalled
from coe_backend.rules.drivers import (
    Capability, DriverFamily, TemplateDriver, cannot, template_driver)
from coe_backend.rules.driver_labels import BUILT_IN as LABEL_CATALOG
from coe_backend.rules.engines import makes_kubeconfig, no_client_configuration
from coe_backend.rules.fleet import (
    Fleet, FleetCluster, FleetHealth, FleetSummary, RegionProblem, TemplateState,
    summarize)
from coe_backend.rules.kubernetes_versions import (
    KubernetesVersion, kubernetes_version, version_disagreement)
from coe_backend.rules.label_catalog import LabelCatalog, LabelEntry, LabelType
from coe_backend.rules.labels import (
    effective_labels, format_labels, label_is_true, parse_labels)
from coe_backend.rules.node_attributes import Taint, format_taints, parse_taints
from coe_backend.rules.preflight import Preflight, ResourceCheck
from coe_backend.rules.status import (
    Action, ClusterStatus, HealthStatus, NodeGroupAction)
from coe_backend.rules.timeline import Timeline, TimelineEntry
from coe_backend.rules.upgrade_plan import (
    RejectedTemplate, UpgradeCandidate, UpgradePlan)
from coe_backend.rules.validation import (
    TEMPLATE_FIELDS_CHANGEABLE_IN_USE, VOLUME_LABELS, validate_cluster,
    validate_cluster_template, validate_node_group, validate_node_group_change,
    validate_template_update)

__all__ = [
    "APIVersion", "Action", "Category", "Certificate", "CertificateLifetime", "Cluster",
    "ClusterCredentials", "ClusterSearch", "ClusterStatus", "ClusterTemplate", "CoeClient", "CoeError", "Conflict", "CredentialMode",
    "Diagnosis", "Features", "Finding", "Flavor", "Forbidden", "HealthStatus", "Image",
    "InvalidInput", "KeyType", "Keypair", "KubernetesVersion", "Limit", "MagnumService",
    "NON_FIELD", "Network", "NodeGroup", "NodeGroupAction", "NotFound",
    "Page", "PartlyApplied", "Preflight", "ProjectLimits", "Quota", "QuotaExceeded",
    "RejectedTemplate", "ResourceCheck", "ServiceUnavailable", "Severity", "SortKey", "Stats",
    "Subnet", "TEMPLATE_FIELDS_CHANGEABLE_IN_USE", "Taint", "Timeline", "TimelineEntry", "UNSET", "Unsupported",
    "UpgradeCandidate", "UpgradePlan", "VOLUME_LABELS", "VolumeType", "WizardChoices",
    "certificate_lifetime", "check_csr", "connect", "setting_findings",
    "effective_labels", "format_labels", "format_taints", "is_stalled",
    "kubernetes_version", "label_is_true", "makes_kubeconfig", "no_client_configuration", "parse_labels",
    "parse_taints", "version_disagreement",
    "validate_cluster",
    "validate_cluster_template", "validate_node_group",
    "validate_node_group_change", "validate_template_update",
]
# Which driver builds a template's clusters (rules/drivers.py); a Cluster API
# driver's cluster blocked while in progress (rules/diagnosis.py).
__all__ += ["Capability", "DriverFamily", "TemplateDriver", "blocked_by", "cannot",
            "template_driver"]
# What each label does and which drivers read it (rules/label_catalog.py;
# the built-in entries: rules/driver_labels.py).
__all__ += ["LABEL_CATALOG", "LabelCatalog", "LabelEntry", "LabelType"]
# The fleet across regions (client/fleet.py, rules/fleet.py).
__all__ += ["Fleet", "FleetCluster", "FleetHealth", "FleetSummary", "RegionProblem",
            "TemplateState", "container_infra_regions", "read_fleet", "summarize"]
# What a cluster owns in the cloud, and what its delete leaves (client/cloud_resources.py).
from coe_backend.models.cloud_resources import (  # noqa: E402
    BlastRadius, CloudResource, Origin, OwnedResource, Remaining, ResourceKind, Unchecked)
from coe_backend.rules.blast_radius import blast_radius  # noqa: E402

__all__ += ["BlastRadius", "CloudResource", "Origin", "OwnedResource", "Remaining",
            "ResourceKind", "Unchecked", "blast_radius"]
# A node group's flavor change, as a replacement (rules/flavor_replacement.py).
from coe_backend.rules.flavor_replacement import (  # noqa: E402
    REPLACES_LABEL, Replacement, Stage as ReplacementStage, find_replacements,
    replacement_blocker, replacement_flavors, replacement_name)
__all__ += ["REPLACES_LABEL", "Replacement", "ReplacementStage", "find_replacements",
            "replacement_blocker", "replacement_flavors", "replacement_name"]
