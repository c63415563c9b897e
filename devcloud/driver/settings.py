"""What the driver reads from its environment (set by devcloud for Magnum's processes).

DEVCLOUD_OP_SECONDS (per cluster: label devcloud_op_seconds), DEVCLOUD_STATE_DIR
(the shared store), DEVCLOUD_CATALOG_URL (Glance stand-in, for the image's
``kube_version``), DEVCLOUD_KEYSTONE_URL and DEVCLOUD_SERVICE_AUTH (the
service user that reads the catalog and validates bearer tokens),
DEVCLOUD_KUBE_PORT_BASE (the first of this devcloud's kube API ports).
"""
import json
import os
import threading

from oslo_log import log as logging

from devcloud.config import KUBE_PORT_COUNT

LOG = logging.getLogger(__name__)
DEFAULT_OP_SECONDS = 3.0


def op_seconds(labels=None):
    """How long an operation takes: the cluster's ``devcloud_op_seconds`` label,
    else DEVCLOUD_OP_SECONDS (a slow cluster lets tests watch it progress)."""
    for raw in ((labels or {}).get("devcloud_op_seconds"), os.environ.get("DEVCLOUD_OP_SECONDS")):
        try:
            return max(0.0, float(raw))
        except (TypeError, ValueError):
            continue
    return DEFAULT_OP_SECONDS


def conductor_hold_seconds(labels):
    """How long the conductor holds a create after scheduling it, before
    Magnum records it (label ``devcloud_conductor_hold_seconds``, default 0):
    a test kills the conductor in that window, as a crash between the two
    would."""
    try:
        return max(0.0, float((labels or {}).get("devcloud_conductor_hold_seconds", 0)))
    except (TypeError, ValueError):
        return 0.0


def kube_ports():
    """The ports this devcloud's kube API endpoints take (devcloud.config)."""
    base = int(os.environ["DEVCLOUD_KUBE_PORT_BASE"])
    return range(base, base + KUBE_PORT_COUNT)


def service_auth():
    try:
        return json.loads(os.environ.get("DEVCLOUD_SERVICE_AUTH") or "null")
    except ValueError:
        LOG.warning("devcloud driver: DEVCLOUD_SERVICE_AUTH is not JSON")
        return None


_SESSION = None
_SESSION_LOCK = threading.Lock()


def service_session():
    """A keystoneauth1 session for the service user, or None."""
    global _SESSION
    with _SESSION_LOCK:
        if _SESSION is None:
            auth = service_auth()
            if not auth:
                return None
            from keystoneauth1.identity import v3
            from keystoneauth1 import session as ks_session
            _SESSION = ks_session.Session(auth=v3.Password(**auth), timeout=5)
        return _SESSION


def state_dir():
    return os.environ.get("DEVCLOUD_STATE_DIR")
