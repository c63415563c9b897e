"""A cluster's Kubernetes API endpoint, as the driver (in a conductor) sets it up.

The driver chooses the port, issues the serving certificate from the
cluster's Magnum CA and publishes what ``kubectl`` sees, all in the store;
``devcloud.kube_api.host`` serves it and says when it listens.  The driver is
the one writer of ``api_address``: it sets it only once the host listens.

Ports come from this devcloud's own range (``Config.kube_port_base``), ports
another program holds skipped.  A cluster whose port another program took
while its API was down moves (``open_endpoint`` again), and ``api_address``
follows.
"""
import time

from oslo_log import log as logging
from oslo_utils import strutils

from magnum import objects
from magnum.conductor.handlers.common import cert_manager

from devcloud.driver import nodes as node_records
from devcloud.driver import personalities, settings
from devcloud.driver.versions import DEFAULT_KUBE_VERSION
from devcloud.kube_api import tls as kube_tls
from devcloud.processes import port_is_free

LOG = logging.getLogger(__name__)
HOST = "127.0.0.1"
LISTEN_TIMEOUT = 15.0


class NotListening(RuntimeError):
    pass


def url(endpoint):
    return "%s://%s:%d" % ("https" if endpoint["tls"] else "http", HOST, endpoint["port"])


def _candidates(preferred):
    if preferred:
        yield preferred
    for port in settings.kube_ports():
        if port_is_free(HOST, port):
            yield port


def _tls_disabled(ctx, cluster):
    try:
        return bool(objects.ClusterTemplate.get_by_uuid(ctx, cluster.cluster_template_id)
                    .tls_disabled)
    except Exception:
        LOG.debug("devcloud driver: template of %s unreadable", cluster.uuid, exc_info=True)
        return False


def _serving_material(ctx, cluster):
    ca = cert_manager.get_cluster_ca_certificate(cluster, context=ctx)
    cert, key = kube_tls.issue_serving_cert(
        ca.get_certificate(), ca.get_private_key(), ca.get_private_key_passphrase(),
        ips=(HOST, kube_tls.SERVICE_CLUSTER_IP),
        dns_names=("localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
                   "kubernetes.default.svc.cluster.local"))
    return _text(ca.get_certificate()), _text(cert), _text(key)


def _text(pem):
    return pem.decode() if isinstance(pem, bytes) else pem


def view(store, ctx, cluster):
    """What the cluster's API shows: its name, project, version and nodes, and
    whether it knows Keystone tokens (the k8s-keystone-auth webhook runs
    where the cluster's label ``keystone_auth_enabled`` is true, or absent on
    a driver whose default is true: magnum-cluster-api's) and which
    OpenID Connect issuer it trusts."""
    found = []
    for ng in objects.NodeGroup.list(ctx, cluster.uuid):
        for node in node_records.nodes_for(store, cluster, ng):
            found.append({
                "name": node["name"], "address": node["address"], "role": ng.role,
                "nodegroup": ng.name, "ready": True, "created": node.get("created"),
                "version": ng.version or cluster.coe_version,
                "labels": dict(ng.node_labels or {}), "taints": list(ng.node_taints or []),
                "flavor": ng.flavor_id, "server_id": node.get("server_id")})
    labels = cluster.labels or {}
    keystone_auth = strutils.bool_from_string(
        labels.get("keystone_auth_enabled",
                   personalities.of_cluster(ctx, cluster).keystone_auth_default))
    return {"name": cluster.name, "project_id": cluster.project_id, "keystone_auth": keystone_auth,
            "oidc": oidc_settings(labels),
            "version": cluster.coe_version or DEFAULT_KUBE_VERSION,
            "created": node_records.epoch(cluster.created_at) or time.time(), "nodes": found}


def oidc_settings(labels):
    """The API server's OIDC flags, from Magnum's labels (as the Heat driver
    passes them to kube-apiserver); None where no issuer is set."""
    if not (labels.get("oidc_issuer_url") and labels.get("oidc_client_id")):
        return None
    return {"issuer_url": labels["oidc_issuer_url"], "client_id": labels["oidc_client_id"],
            "username_claim": labels.get("oidc_username_claim") or "sub",
            "username_prefix": labels.get("oidc_username_prefix") or "-",
            "groups_claim": labels.get("oidc_groups_claim") or None,
            "groups_prefix": labels.get("oidc_groups_prefix") or ""}


def publish_view(store, ctx, cluster):
    if store.endpoint(cluster.uuid) is not None:
        store.set_view(cluster.uuid, view(store, ctx, cluster))


def open_endpoint(store, ctx, cluster):
    """Make sure the cluster's API answers, on another port if its own cannot
    be bound; returns its URL (for ``api_address``)."""
    endpoint = store.endpoint(cluster.uuid)
    if endpoint is None:
        tls = not _tls_disabled(ctx, cluster)
        preferred = None
        if cluster.api_address:  # keep the address a cluster already had
            preferred = int(cluster.api_address.rsplit(":", 1)[1])
        store.claim_port(cluster.uuid, _candidates(preferred), tls)
        if tls:
            store.set_tls(cluster.uuid, *_serving_material(ctx, cluster), cluster.ca_cert_ref)
        publish_view(store, ctx, cluster)
    for _attempt in range(3):
        endpoint = store.endpoint(cluster.uuid)
        try:
            wait_listening(store, cluster.uuid, endpoint["tls_version"])
            return url(store.endpoint(cluster.uuid))
        except NotListening as exc:
            if "port" not in str(exc):
                raise
            LOG.warning("devcloud driver: %s; moving the API of %s", exc, cluster.uuid)
            store.move_endpoint(cluster.uuid, _candidates(None))
    raise NotListening("no port could be bound")


def rotate_tls(store, ctx, cluster):
    """Serve a certificate of the cluster's (new) CA and trust only that CA;
    returns once the endpoint does, so old certificates are refused from then on."""
    endpoint = store.endpoint(cluster.uuid)
    if endpoint is None or not endpoint["tls"] or endpoint["ca_ref"] == cluster.ca_cert_ref:
        return
    version = store.set_tls(cluster.uuid, *_serving_material(ctx, cluster), cluster.ca_cert_ref)
    wait_listening(store, cluster.uuid, version)


def wait_listening(store, cluster_uuid, version, timeout=LISTEN_TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        endpoint = store.endpoint(cluster_uuid)
        if endpoint is None:
            raise NotListening("the endpoint was removed")
        if endpoint["listen_error"]:
            raise NotListening(endpoint["listen_error"])
        if endpoint["listening_version"] >= version:
            return
        time.sleep(0.1)
    raise NotListening("the devcloud kube API host did not serve it within %.0f s" % timeout)
