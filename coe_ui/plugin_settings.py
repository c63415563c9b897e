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
        "LABEL_CATALOG": {                  # added to coe_backend's built-in label catalog
            "kube_tag": "Kubernetes version tag",       # a description
            "my_label": {"description": "...", "type": "int", "default": "3",
                         "drivers": ["capi-helm"], "immutable": True},  # or any of these
            "monitoring_enabled": None,                 # not offered
        },
    }

SSL verification follows Horizon's own OPENSTACK_SSL_NO_VERIFY and
OPENSTACK_SSL_CACERT, the endpoint interface OPENSTACK_ENDPOINT_TYPE; Horizon
itself polls busy rows every HORIZON_CONFIG["ajax_poll_interval"] ms.
"""
import dataclasses
import functools
import json
import logging

from django.conf import settings

import coe_backend

LOG = logging.getLogger(__name__)


@functools.lru_cache(maxsize=8)
def _label_catalog(setting_json):
    """coe_backend's catalog extended with the operator's LABEL_CATALOG (read
    once per distinct setting); an entry it cannot read is logged and left out."""
    catalog = coe_backend.LABEL_CATALOG.extended(json.loads(setting_json))
    for problem in catalog.problems:
        LOG.warning("COE_UI: %s", problem)
    return catalog


def label_catalog(setting):
    try:
        setting_json = json.dumps(setting, sort_keys=True, default=str)
    except (TypeError, ValueError):  # e.g. keys that are not text
        LOG.warning("COE_UI: LABEL_CATALOG cannot be read; the built-in label catalog is used.")
        return coe_backend.LABEL_CATALOG
    return _label_catalog(setting_json)


@dataclasses.dataclass(frozen=True)
class PluginSettings:
    max_api_version: str | None
    request_timeout: float
    kubeconfig_key_type: str
    stalled_after_minutes: int
    timeline_days: float      # the status changes seen, kept in Horizon's cache (0: not kept)
    show_keystone_kubeconfig: bool
    label_catalog: coe_backend.LabelCatalog  # what the wizards offer, per driver
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
        label_catalog=label_catalog(options.get("LABEL_CATALOG")),
        ssl_verify=False if no_verify else (cacert or True),
        endpoint_interface=interface[:-3] if interface.endswith("URL") else interface,
        fleet_region_timeout=max(0.5, float(options.get("FLEET_REGION_TIMEOUT", 5))),
    )
