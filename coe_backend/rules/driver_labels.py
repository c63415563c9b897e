"""Which labels a driver reads, so that a label it ignores is said before
the cluster is made, not found out after.

magnum-capi-helm reads only the labels registered in its configuration
(`[capi_helm_cluster_labels]`, `magnum_capi_helm/conf.py`; its `_label()`
refuses any other name), and every other label a user gives is silently
ignored: `kube_tag` among them, since its Kubernetes version is the image's
`kube_version`. The set below is release 1.4.0's. The Heat driver and
magnum-cluster-api read labels by name where they need them, with no list
to check against, so nothing is said for them.
"""

from __future__ import annotations

from collections.abc import Iterable

from coe_backend.i18n import LazyText, _
from coe_backend.rules.drivers import DriverFamily

CAPI_HELM_LABELS = frozenset({
    "etcd_blockdevice_size", "etcd_blockdevice_type", "etcd_blockdevice_volume_type",
    "etcd_blockdevice_volume_az", "etcd_volume_size", "etcd_volume_type",
    "monitoring_enabled", "kube_dashboard_enabled", "auto_healing_enabled",
    "auto_scaling_enabled", "min_node_count", "max_node_count", "keystone_auth_enabled",
    "csi_cinder_availability_zone", "csi_cinder_reclaim_policy",
    "csi_cinder_volume_binding_mode", "csi_cinder_fstype",
    "csi_cinder_allow_volume_expansion", "octavia_provider", "octavia_lb_algorithm",
    "octavia_lb_healthcheck", "master_lb_floating_ip_enabled", "fixed_subnet_cidr",
    "api_master_lb_allowed_cidrs", "extra_network_names", "extra_network_name",
    "boot_volume_type", "boot_volume_size", "capi_helm_chart_version",
})


def ignored_labels(labels: Iterable[str], driver: DriverFamily) -> tuple[str, ...]:
    """The labels of `labels` the `driver` never reads, in order."""
    if driver is not DriverFamily.CAPI_HELM:
        return ()
    return tuple(sorted(name for name in labels if name not in CAPI_HELM_LABELS))


def ignored_labels_warning(labels: Iterable[str], driver: DriverFamily) -> LazyText | None:
    """A sentence naming the labels `driver` ignores, or None."""
    ignored = ignored_labels(labels, driver)
    if not ignored:
        return None
    return _("magnum-capi-helm reads only the labels its configuration registers and "
             "ignores the others without a word: {labels}. They will have no effect "
             "(its Kubernetes version is the image's kube_version, not kube_tag).",
             labels=", ".join(ignored))
