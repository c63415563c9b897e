"""Which Kubernetes version a simulated cluster runs."""
import json
import os
import urllib.parse
import urllib.request

from oslo_log import log as logging

from devcloud.driver import settings

LOG = logging.getLogger(__name__)
DEFAULT_KUBE_VERSION = "v1.31.0"


def normalise(value):
    value = (value or "").strip()
    if not value:
        return None
    return value if value.startswith("v") else "v" + value


def image_kube_version(image_id):
    """The Glance stand-in's ``kube_version`` property of an image, or None."""
    base = os.environ.get("DEVCLOUD_CATALOG_URL")
    if not base or not image_id:
        return None
    url = "%s/image/v2/images/%s" % (base.rstrip("/"), urllib.parse.quote(image_id, safe=""))
    try:
        sess = settings.service_session()
        if sess is not None:
            resp = sess.get(url, raise_exc=False)
            if resp.status_code != 200:
                raise RuntimeError("HTTP %s" % resp.status_code)
            doc = resp.json()
        else:
            with urllib.request.urlopen(url, timeout=3) as resp:
                doc = json.load(resp)
        return normalise(doc.get("kube_version"))
    except Exception as exc:
        LOG.info("devcloud driver: no kube_version for image %s (%s)", image_id, exc)
        return None


def template_kube_version(template, cluster_labels=None):
    """kube_tag label (cluster, then template), else the image's kube_version."""
    for labels in (cluster_labels, getattr(template, "labels", None)):
        tag = normalise((labels or {}).get("kube_tag"))
        if tag:
            return tag
    return image_kube_version(getattr(template, "image_id", None)) or DEFAULT_KUBE_VERSION
