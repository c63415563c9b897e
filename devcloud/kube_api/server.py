"""A small Kubernetes API server that answers kubectl for one simulated cluster.

``devcloud.kube_api.host`` runs one of these per cluster, on 127.0.0.1.  It speaks HTTPS with a serving certificate
issued from the cluster's Magnum CA and accepts a client only if it presents
a certificate signed by that CA, or, on a cluster that runs Keystone
authentication, a Keystone token scoped to the cluster's project, or, on a
cluster with the ``oidc_*`` labels, an ID token of that issuer
(``Authorization: Bearer``).  It answers enough of the Kubernetes API
for ``kubectl version``, ``kubectl get nodes|namespaces|services|pods``,
``kubectl cluster-info`` and ``kubectl get --raw /healthz``.

The Kubernetes objects it shows are built in ``objects``, label selectors
parsed and matched in ``label_selectors``; this module is the HTTP server,
the routing, authentication and errors.  Standard library plus
``cryptography`` (and joserfc and Authlib for ID tokens, in ``oidc``);
nothing here imports Magnum.  The cluster's contents
come from a ``view`` callable (see ``KubeAPIServer``).
"""
import http.server
import json
import logging
import re
import socket
import ssl
import threading
import urllib.parse
import uuid

from devcloud.kube_api import label_selectors, objects
from devcloud.kube_api.oidc import OidcValidator
from devcloud.kube_api.tls import build_ssl_context, subject_attr

LOG = logging.getLogger(__name__)
OIDC = OidcValidator()  # one per process: it keeps each issuer's keys a while


class _TLSServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, address, api):
        self.api = api
        super().__init__(address, _Handler)

    def get_request(self):
        sock, addr = self.socket.accept()
        ctx = self.api._ssl_ctx
        if ctx is None:  # TLS disabled: plain HTTP, anonymous (like the old insecure port)
            return sock, addr
        return ctx.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), addr

    def handle_error(self, request, client_address):
        LOG.debug("devcloud kube API %s: error serving %s", self.api.cluster_id,
                  client_address, exc_info=True)


class KubeAPIServer(object):
    """One HTTPS Kubernetes API endpoint for one cluster.

    :param cluster_id: an identifier (used in logs and object uids)
    :param view: callable returning the cluster as a dict, or None when the
        cluster is gone::

            {"name": str, "project_id": str, "version": "v1.31.2",
             "created": epoch seconds, "keystone_auth": bool,
             "nodes": [{"name", "address", "role" ("master"|other),
                        "nodegroup", "ready": bool, "created": epoch,
                        "version": kubelet version (optional),
                        "labels": {...} (optional), "taints": [...] (optional),
                        "flavor": str (optional), "server_id": str (optional)}]}

    :param tls: (ca_pem, cert_pem, key_pem), or None for plain HTTP without
        authentication (clusters whose template has tls_disabled)
    :param token_validator: callable(token) -> {"user", "project_id", ...} or
        None; bearer tokens are refused when it is None, or when the view's
        ``keystone_auth`` is false (like an API server without the webhook)
    """

    def __init__(self, cluster_id, view, tls, port=0, host="127.0.0.1",
                 token_validator=None):
        self.cluster_id = cluster_id
        self.view = view
        self.token_validator = token_validator
        self.host = host
        self._ssl_ctx = build_ssl_context(*tls) if tls else None
        self._server = _TLSServer((host, port), self)
        self.port = self._server.server_address[1]
        self._thread = None
        self._conns = set()
        self._conns_lock = threading.Lock()

    @property
    def tls(self):
        return self._ssl_ctx is not None

    @property
    def url(self):
        return "%s://%s:%d" % ("https" if self.tls else "http", self.host, self.port)

    def start(self):
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.2},
            name="kube-apiserver-%s" % self.cluster_id, daemon=True)
        self._thread.start()
        LOG.info("devcloud kube API for %s listening on %s", self.cluster_id, self.url)
        return self

    def stop(self):
        try:
            self._server.shutdown()
        finally:
            self._server.server_close()
            self._drop_connections()
        LOG.info("devcloud kube API for %s on port %d stopped", self.cluster_id, self.port)

    @property
    def running(self):
        return self._thread is not None and self._thread.is_alive()

    def update_tls(self, ca_pem, cert_pem, key_pem):
        """Switch CA and serving certificate; open connections are closed."""
        self._ssl_ctx = build_ssl_context(ca_pem, cert_pem, key_pem)
        self._drop_connections()
        LOG.info("devcloud kube API for %s: TLS material replaced", self.cluster_id)

    def _track(self, conn, add):
        with self._conns_lock:
            if add:
                self._conns.add(conn)
            else:
                self._conns.discard(conn)

    def _drop_connections(self):
        with self._conns_lock:
            conns = list(self._conns)
            self._conns.clear()
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "devcloud-kube-apiserver"
    sys_version = ""
    timeout = 60

    # -- plumbing --------------------------------------------------------

    def handle(self):
        api = self.server.api
        try:
            if isinstance(self.connection, ssl.SSLSocket):
                self.connection.do_handshake()
        except (ssl.SSLError, OSError) as exc:
            LOG.info("devcloud kube API for %s: TLS handshake from %s refused: %s",
                     api.cluster_id, self.client_address[0], exc)
            self.close_connection = True
            return
        api._track(self.connection, True)
        try:
            super().handle()
        except (ssl.SSLError, ConnectionError, socket.timeout, OSError):
            self.close_connection = True
        finally:
            api._track(self.connection, False)

    def log_message(self, fmt, *args):
        LOG.debug("devcloud kube API %s: " + fmt, self.server.api.cluster_id, *args)

    def _send(self, code, body, content_type="application/json"):
        if isinstance(body, (dict, list)):
            data = json.dumps(body, indent=2).encode()
        else:
            data = body.encode() if isinstance(body, str) else body
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-cache, private")
        self.send_header("Audit-Id", str(uuid.uuid4()))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _fail(self, code, reason, message, details=None):
        self._send(code, objects.failure(code, reason, message, details))

    # -- authentication --------------------------------------------------

    def _authenticate(self, cluster):
        if not isinstance(self.connection, ssl.SSLSocket):
            return {"user": "system:anonymous", "groups": [], "via": "insecure"}
        cert = self.connection.getpeercert()
        if cert:  # only set when it verified against the cluster CA
            cn = subject_attr(cert, "commonName")
            return {"user": cn[0] if cn else "", "groups": subject_attr(cert, "organizationName"),
                    "via": "x509"}
        auth = self.headers.get("Authorization", "")
        token = auth[7:].strip() if auth[:7].lower() == "bearer " else ""
        if not (token and cluster):
            return None
        # An ID token of the issuer the cluster's oidc_* labels name.
        if cluster.get("oidc") and token.count(".") == 2:
            info = OIDC.validate(token, cluster["oidc"])
            return dict(info, via="oidc") if info else None
        # Without the webhook (label keystone_auth_enabled), a token means nothing here.
        if cluster.get("keystone_auth") and self.server.api.token_validator:
            info = self.server.api.token_validator(token)
            if info and info.get("project_id") == cluster.get("project_id"):
                return {"user": info.get("user"), "groups": info.get("roles") or [],
                        "via": "keystone"}
        return None

    # -- dispatch ----------------------------------------------------------

    def do_GET(self):
        api = self.server.api
        try:
            cluster = api.view()
        except Exception:
            LOG.exception("devcloud kube API %s: cannot read the cluster", api.cluster_id)
            return self._fail(503, "ServiceUnavailable", "the server is currently unable "
                              "to handle the request")
        if self._authenticate(cluster) is None:
            return self._fail(401, "Unauthorized", "Unauthorized")
        if cluster is None:
            return self._fail(503, "ServiceUnavailable", "the server is currently unable "
                              "to handle the request")
        parsed = urllib.parse.urlsplit(self.path)
        path = parsed.path.rstrip("/") or "/"
        query = urllib.parse.parse_qs(parsed.query)
        try:
            self._route(cluster, path, query)
        except (ConnectionError, ssl.SSLError, socket.timeout):
            raise
        except Exception:
            LOG.exception("devcloud kube API %s: error on %s", api.cluster_id, self.path)
            self._fail(500, "InternalError", "an error on the server has prevented the "
                       "request from succeeding")

    do_HEAD = do_GET

    def _refuse_method(self):
        api = self.server.api
        try:
            cluster = api.view()
        except Exception:
            cluster = None
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if self._authenticate(cluster) is None:
            return self._fail(401, "Unauthorized", "Unauthorized")
        self._fail(405, "MethodNotAllowed", "the server does not allow this method on the "
                   "requested resource (devcloud's simulated cluster is read-only)")

    do_POST = do_PUT = do_PATCH = do_DELETE = _refuse_method

    def _route(self, cluster, path, query):
        accept = self.headers.get("Accept", "")
        table = "as=Table" in accept
        selector = label_selectors.parse((query.get("labelSelector") or [""])[0])
        if re.match(r"^/(healthz|livez|readyz)(/|$)", path):
            if "verbose" in query:
                name = path.strip("/").split("/")[0]
                checks = ["ping", "log", "etcd",
                          "poststarthook/start-kube-apiserver-admission-initializer"]
                text = "".join("[+]%s ok\n" % c for c in checks) + "%s check passed\n" % name
                return self._send(200, text, "text/plain; charset=utf-8")
            return self._send(200, "ok", "text/plain; charset=utf-8")
        api = self.server.api
        if path == "/version":
            return self._send(200, objects.version(cluster))
        if path == "/api":
            return self._send(200, objects.api_versions(api.host, api.port))
        if path == "/apis":
            return self._send(200, objects.api_groups())
        if path == "/api/v1":
            return self._send(200, objects.resources())
        m = re.match(r"^/api/v1/nodes(?:/([^/]+))?$", path)
        if m:
            return self._collection("Node", objects.nodes(api.cluster_id, cluster), m.group(1),
                                    table, selector)
        m = re.match(r"^/api/v1/namespaces(?:/([^/]+))?$", path)
        if m:
            return self._collection("Namespace", objects.namespaces(api.cluster_id, cluster),
                                    m.group(1), table, selector)
        m = re.match(r"^/api/v1/(?:namespaces/([^/]+)/)?(services|pods)(?:/([^/]+))?$", path)
        if m:
            ns, kind_path, name = m.groups()
            if ns is not None and ns not in objects.NAMESPACES:
                if name:
                    return self._not_found(kind_path, name)
                # an empty list for an unknown namespace, as the real API does
            kind = "Service" if kind_path == "services" else "Pod"
            items = objects.services(api.cluster_id, cluster) if kind == "Service" else []
            if ns is not None:
                items = [i for i in items if i["metadata"]["namespace"] == ns]
            return self._collection(kind, items, name, table, selector)
        return self._fail(404, "NotFound", "the server could not find the requested resource",
                          {})

    def _not_found(self, resource, name):
        return self._fail(404, "NotFound", '%s "%s" not found' % (resource, name),
                          {"name": name, "kind": resource})

    # -- collections -------------------------------------------------------

    def _collection(self, kind, items, name, table, selector):
        resource = {"Node": "nodes", "Namespace": "namespaces", "Service": "services",
                    "Pod": "pods"}[kind]
        if name is not None:
            found = [i for i in items if i["metadata"]["name"] == name]
            if not found:
                return self._not_found(resource, name)
            items = found
        else:
            items = [i for i in items
                     if label_selectors.matches(i["metadata"].get("labels") or {}, selector)]
        if table:
            return self._send(200, objects.table(kind, items))
        if name is not None:
            return self._send(200, items[0])
        return self._send(200, objects.item_list(kind, items))
