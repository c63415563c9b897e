"""Every setting an operator may change, read in one place.

Operators set them in Horizon's local_settings.py as one dictionary:

    COE_UI = {
        "MAX_API_VERSION": "1.12",      # cap the Magnum microversion (default: newest both know)
        "REQUEST_TIMEOUT": 30,          # seconds, per call to Magnum and the other services
        "KUBECONFIG_KEY_TYPE": "ecdsa", # default key of downloaded kubeconfigs: ecdsa or rsa
        "STALLED_AFTER_MINUTES": 60,    # when a cluster in progress is flagged "stalled?"
        "TIMELINE_DAYS": 7,             # how long a cluster's timeline is kept after its last change (0: none)
        "FLEET_REGION_TIMEOUT": 5,      # seconds the Fleet page waits for each region's Magnum
        "SHOW_KEYSTONE_KUBECONFIG": True,
        "LABEL_CATALOG": {"kube_tag": "Kubernetes version tag", ...},
    }

SSL verification follows Horizon's own OPENSTACK_SSL_NO_VERIFY and
OPENSTACK_SSL_CACERT, the endpoint interface OPENSTACK_ENDPOINT_TYPE; Horizon
itself polls busy rows every HORIZON_CONFIG["ajax_poll_interval"] ms.
"""
import dataclasses

from django.conf import settings
from django.utils.translation import gettext_lazy as _

# Labels the wizards suggest, with what they do (from the Magnum drivers' docs).
DEFAULT_LABEL_CATALOG = {
    "kube_tag": _("Kubernetes version to run, e.g. v1.30.6 (else the image's kube_version)"),
    "auto_scaling_enabled": _("true to let the cluster autoscaler add and remove workers"),
    "min_node_count": _("Smallest number of workers the autoscaler keeps"),
    "max_node_count": _("Largest number of workers the autoscaler may create"),
    "auto_healing_enabled": _("true to replace nodes that stay unhealthy"),
    "monitoring_enabled": _("true to install Prometheus monitoring"),
    "kube_dashboard_enabled": _("true to install the Kubernetes dashboard"),
    "keystone_auth_enabled": _("true to let OpenStack users log in with Keystone tokens"),
    "master_lb_floating_ip_enabled": _("true to give the API load balancer a floating IP"),
    "boot_volume_size": _("Root volume size in GB (0: the flavor's disk)"),
    "boot_volume_type": _("Cinder volume type of root volumes"),
    "etcd_volume_size": _("Size in GB of a dedicated etcd volume on masters"),
    "availability_zone": _("Availability zone for the nodes"),
    "fixed_subnet_cidr": _("CIDR of the cluster's private subnet, e.g. 10.0.0.0/24"),
    "cinder_csi_enabled": _("true to install the Cinder CSI storage driver"),
    "octavia_provider": _("Octavia provider of the load balancers, e.g. amphora or ovn"),
}


@dataclasses.dataclass(frozen=True)
class PluginSettings:
    max_api_version: str | None
    request_timeout: float
    kubeconfig_key_type: str
    stalled_after_minutes: int
    timeline_days: float      # the status changes seen, kept in Horizon's cache (0: not kept)
    show_keystone_kubeconfig: bool
    label_catalog: dict
    ssl_verify: object        # True, False or a CA bundle path (keystoneauth's ``verify``)
    endpoint_interface: str
    fleet_region_timeout: float  # the Fleet page's deadline for each region


def current():
    options = getattr(settings, "COE_UI", {}) or {}
    no_verify = getattr(settings, "OPENSTACK_SSL_NO_VERIFY", False)
    cacert = getattr(settings, "OPENSTACK_SSL_CACERT", None)
    interface = getattr(settings, "OPENSTACK_ENDPOINT_TYPE", "publicURL") or "publicURL"
    return PluginSettings(
        max_api_version=options.get("MAX_API_VERSION"),
        request_timeout=float(options.get("REQUEST_TIMEOUT", 30)),
        kubeconfig_key_type=options.get("KUBECONFIG_KEY_TYPE", "ecdsa"),
        stalled_after_minutes=int(options.get("STALLED_AFTER_MINUTES", 60)),
        timeline_days=max(0.0, float(options.get("TIMELINE_DAYS", 7))),
        show_keystone_kubeconfig=bool(options.get("SHOW_KEYSTONE_KUBECONFIG", True)),
        label_catalog=dict(options.get("LABEL_CATALOG", DEFAULT_LABEL_CATALOG)),
        ssl_verify=False if no_verify else (cacert or True),
        endpoint_interface=interface[:-3] if interface.endswith("URL") else interface,
        fleet_region_timeout=max(0.5, float(options.get("FLEET_REGION_TIMEOUT", 5))),
    )
