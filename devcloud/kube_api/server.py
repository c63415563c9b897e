"""A small Kubernetes API server that answers kubectl for one simulated cluster.

``devcloud.kube_api.host`` runs one of these per cluster, on 127.0.0.1.  It speaks HTTPS with a serving certificate
issued from the cluster's Magnum CA and accepts a client only if it presents
a certificate signed by that CA, or, on a cluster that runs Keystone
authentication, a Keystone token scoped to the cluster's project
(``Authorization: Bearer``).  It answers enough of the Kubernetes API
for ``kubectl version``, ``kubectl get nodes|namespaces|services|pods``,
``kubectl cluster-info`` and ``kubectl get --raw /healthz``.

Standard library plus ``cryptography`` only; nothing here imports Magnum.  The
cluster's contents come from a ``view`` callable (see ``KubeAPIServer``).
"""
import datetime
import hashlib
import http.server
import json
import logging
import re
import socket
import ssl
import threading
import time
import urllib.parse
import uuid

from devcloud.kube_api.tls import SERVICE_CLUSTER_IP, build_ssl_context, subject_attr

LOG = logging.getLogger(__name__)

DNS_CLUSTER_IP = "10.254.0.10"
NAMESPACES = ("default", "kube-node-lease", "kube-public", "kube-system")


# --------------------------------------------------------------------------
# Kubernetes objects
# --------------------------------------------------------------------------

def _ts(epoch):
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def human_duration(seconds):
    """kubectl's AGE format (k8s.io/apimachinery duration.HumanDuration)."""
    s = int(max(0, seconds))
    if s < 120:
        return "%ds" % s
    m = s // 60
    if m < 10:
        return "%dm%ds" % (m, s % 60) if s % 60 else "%dm" % m
    if m < 180:
        return "%dm" % m
    h = s // 3600
    if h < 8:
        return "%dh%dm" % (h, m % 60) if m % 60 else "%dh" % h
    if h < 48:
        return "%dh" % h
    d = h // 24
    if h < 24 * 8:
        return "%dd%dh" % (d, h % 24) if h % 24 else "%dd" % d
    if d < 365 * 2:
        return "%dd" % d
    if d < 365 * 8:
        y = d // 365
        return "%dy%dd" % (y, d % 365) if d % 365 else "%dy" % y
    return "%dy" % (d // 365)


def _uid(*parts):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "devcloud:" + ":".join(parts)))


def _status(code, reason, message, details=None):
    body = {"kind": "Status", "apiVersion": "v1", "metadata": {},
            "status": "Failure", "message": message, "reason": reason, "code": code}
    if details:
        body["details"] = details
    return body


def _parse_selector(text):
    """label selector subset: k=v, k==v, k!=v, k, !k (comma-separated)."""
    reqs = []
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        if "!=" in part:
            k, v = part.split("!=", 1)
            reqs.append(("ne", k.strip(), v.strip()))
        elif "==" in part:
            k, v = part.split("==", 1)
            reqs.append(("eq", k.strip(), v.strip()))
        elif "=" in part:
            k, v = part.split("=", 1)
            reqs.append(("eq", k.strip(), v.strip()))
        elif part.startswith("!"):
            reqs.append(("absent", part[1:].strip(), None))
        else:
            m = re.match(r"^(\S+)\s+(in|notin)\s+\((.*)\)$", part)
            if m:
                values = {v.strip() for v in m.group(3).split(",")}
                reqs.append((m.group(2), m.group(1), values))
            else:
                reqs.append(("exists", part, None))
    return reqs


def _matches(labels, reqs):
    for op, key, value in reqs:
        have = labels.get(key)
        if op == "eq" and have != value:
            return False
        if op == "ne" and have == value:
            return False
        if op == "exists" and key not in labels:
            return False
        if op == "absent" and key in labels:
            return False
        if op == "in" and have not in value:
            return False
        if op == "notin" and have in value:
            return False
    return True


def _parse_version(version):
    m = re.match(r"^v?(\d+)\.(\d+)", version or "")
    return (m.group(1), m.group(2)) if m else ("1", "31")


# --------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------

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
        self._send(code, _status(code, reason, message, details))

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
        # Without the webhook (label keystone_auth_enabled), a token means nothing here.
        keystone_auth = cluster and cluster.get("keystone_auth")
        if auth[:7].lower() == "bearer " and keystone_auth and self.server.api.token_validator:
            token = auth[7:].strip()
            if token:
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
        selector = _parse_selector((query.get("labelSelector") or [""])[0])
        if re.match(r"^/(healthz|livez|readyz)(/|$)", path):
            if "verbose" in query:
                name = path.strip("/").split("/")[0]
                checks = ["ping", "log", "etcd",
                          "poststarthook/start-kube-apiserver-admission-initializer"]
                text = "".join("[+]%s ok\n" % c for c in checks) + "%s check passed\n" % name
                return self._send(200, text, "text/plain; charset=utf-8")
            return self._send(200, "ok", "text/plain; charset=utf-8")
        if path == "/version":
            return self._send(200, self._version(cluster))
        if path == "/api":
            return self._send(200, {
                "kind": "APIVersions", "versions": ["v1"],
                "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0",
                                                "serverAddress": "%s:%d" % (
                                                    self.server.api.host, self.server.api.port)}]})
        if path == "/apis":
            return self._send(200, {"kind": "APIGroupList", "apiVersion": "v1", "groups": []})
        if path == "/api/v1":
            return self._send(200, self._resources())
        m = re.match(r"^/api/v1/nodes(?:/([^/]+))?$", path)
        if m:
            return self._collection(cluster, "Node", self._nodes(cluster), m.group(1),
                                    table, selector, None)
        m = re.match(r"^/api/v1/namespaces(?:/([^/]+))?$", path)
        if m:
            return self._collection(cluster, "Namespace", self._namespaces(cluster), m.group(1),
                                    table, selector, None)
        m = re.match(r"^/api/v1/(?:namespaces/([^/]+)/)?(services|pods)(?:/([^/]+))?$", path)
        if m:
            ns, kind_path, name = m.groups()
            if ns is not None and ns not in NAMESPACES:
                if name:
                    return self._not_found(kind_path, name)
                # an empty list for an unknown namespace, as the real API does
            kind = "Service" if kind_path == "services" else "Pod"
            items = self._services(cluster) if kind == "Service" else []
            if ns is not None:
                items = [i for i in items if i["metadata"]["namespace"] == ns]
            return self._collection(cluster, kind, items, name, table, selector, ns)
        return self._fail(404, "NotFound", "the server could not find the requested resource",
                          {})

    def _not_found(self, resource, name):
        return self._fail(404, "NotFound", '%s "%s" not found' % (resource, name),
                          {"name": name, "kind": resource})

    # -- documents -------------------------------------------------------

    def _version(self, cluster):
        version = cluster.get("version") or "v1.31.0"
        if not version.startswith("v"):
            version = "v" + version
        major, minor = _parse_version(version)
        return {"major": major, "minor": minor, "gitVersion": version,
                "gitCommit": hashlib.sha1(version.encode()).hexdigest(),
                "gitTreeState": "clean", "buildDate": "2024-10-22T20:28:14Z",
                "goVersion": "go1.22.8", "compiler": "gc", "platform": "linux/amd64"}

    @staticmethod
    def _resources():
        def res(name, kind, namespaced, short=None, verbs=("get", "list", "watch")):
            entry = {"name": name, "singularName": kind.lower(), "namespaced": namespaced,
                     "kind": kind, "verbs": list(verbs)}
            if short:
                entry["shortNames"] = short
            if name in ("pods", "services"):
                entry["categories"] = ["all"]
            return entry
        return {"kind": "APIResourceList", "groupVersion": "v1", "resources": [
            res("namespaces", "Namespace", False, ["ns"]),
            res("nodes", "Node", False, ["no"]),
            res("pods", "Pod", True, ["po"]),
            res("services", "Service", True, ["svc"]),
        ]}

    def _meta(self, cluster, kind, name, created, namespace=None, labels=None,
              annotations=None):
        meta = {"name": name, "uid": _uid(self.server.api.cluster_id, kind, namespace or "", name),
                "resourceVersion": str(int(created) % 100000 + 100),
                "creationTimestamp": _ts(created)}
        if namespace:
            meta["namespace"] = namespace
        if labels:
            meta["labels"] = labels
        if annotations:
            meta["annotations"] = annotations
        return meta

    def _nodes(self, cluster):
        items = []
        version = cluster.get("version") or "v1.31.0"
        for node in cluster.get("nodes") or ():
            name = node["name"]
            master = node.get("role") == "master"
            labels = {
                "beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux",
                "kubernetes.io/arch": "amd64", "kubernetes.io/hostname": name,
                "kubernetes.io/os": "linux",
                "magnum.openstack.org/role": node.get("role") or "worker",
                "magnum.openstack.org/nodegroup": node.get("nodegroup") or "",
                "topology.kubernetes.io/region": "RegionOne",
                "topology.kubernetes.io/zone": "nova",
            }
            if node.get("flavor"):
                labels["node.kubernetes.io/instance-type"] = node["flavor"]
            if master:
                labels["node-role.kubernetes.io/control-plane"] = ""
                labels["node-role.kubernetes.io/master"] = ""
            else:
                labels["node-role.kubernetes.io/worker"] = ""
            labels.update(node.get("labels") or {})
            taints = list(node.get("taints") or ())
            if master:
                taints.insert(0, {"key": "node-role.kubernetes.io/control-plane",
                                  "effect": "NoSchedule"})
            ready = bool(node.get("ready", True))
            created = node.get("created") or cluster.get("created") or time.time()
            kubelet = node.get("version") or version
            cpu, mem = ("2", "4015612Ki") if master else ("4", "8148052Ki")
            server_id = node.get("server_id") or _uid(self.server.api.cluster_id, "server", name)
            ready_cond = {
                "type": "Ready", "status": "True" if ready else "False",
                "lastHeartbeatTime": _ts(time.time() - 7), "lastTransitionTime": _ts(created + 40),
                "reason": "KubeletReady" if ready else "NodeStatusUnknown",
                "message": "kubelet is posting ready status" if ready
                else "Kubelet stopped posting node status."}
            conds = [
                {"type": t, "status": "False", "lastHeartbeatTime": _ts(time.time() - 7),
                 "lastTransitionTime": _ts(created + 10), "reason": "Kubelet" + r,
                 "message": m}
                for t, r, m in (("MemoryPressure", "HasSufficientMemory",
                                 "kubelet has sufficient memory available"),
                                ("DiskPressure", "HasNoDiskPressure",
                                 "kubelet has no disk pressure"),
                                ("PIDPressure", "HasSufficientPID",
                                 "kubelet has sufficient PID available"))]
            annotations = {"node.alpha.kubernetes.io/ttl": "0",
                           "volumes.kubernetes.io/controller-managed-attach-detach": "true"}
            items.append({
                "kind": "Node", "apiVersion": "v1",
                "metadata": self._meta(cluster, "Node", name, created, labels=labels,
                                       annotations=annotations),
                "spec": {"podCIDR": "10.100.%d.0/24" % (len(items) % 250),
                         "providerID": "openstack:///%s" % server_id,
                         **({"taints": taints} if taints else {})},
                "status": {
                    "capacity": {"cpu": cpu, "memory": mem, "pods": "110",
                                 "ephemeral-storage": "40470732Ki", "hugepages-2Mi": "0"},
                    "allocatable": {"cpu": cpu, "memory": mem, "pods": "110",
                                    "ephemeral-storage": "37297826550", "hugepages-2Mi": "0"},
                    "conditions": conds + [ready_cond],
                    "addresses": [{"type": "InternalIP", "address": node.get("address") or ""},
                                  {"type": "Hostname", "address": name}],
                    "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
                    "nodeInfo": {
                        "machineID": server_id.replace("-", ""),
                        "systemUUID": server_id,
                        "bootID": _uid(server_id, "boot"),
                        "kernelVersion": "5.15.0-124-generic",
                        "osImage": "Ubuntu 22.04.5 LTS",
                        "containerRuntimeVersion": "containerd://1.7.22",
                        "kubeletVersion": kubelet, "kubeProxyVersion": kubelet,
                        "operatingSystem": "linux", "architecture": "amd64"},
                },
            })
        return items

    def _namespaces(self, cluster):
        created = cluster.get("created") or time.time()
        return [{"kind": "Namespace", "apiVersion": "v1",
                 "metadata": self._meta(cluster, "Namespace", ns, created,
                                        labels={"kubernetes.io/metadata.name": ns}),
                 "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}
                for ns in NAMESPACES]

    def _services(self, cluster):
        created = cluster.get("created") or time.time()
        return [
            {"kind": "Service", "apiVersion": "v1",
             "metadata": self._meta(cluster, "Service", "kubernetes", created, "default",
                                    labels={"component": "apiserver",
                                            "provider": "kubernetes"}),
             "spec": {"type": "ClusterIP", "clusterIP": SERVICE_CLUSTER_IP,
                      "clusterIPs": [SERVICE_CLUSTER_IP], "sessionAffinity": "None",
                      "ports": [{"name": "https", "protocol": "TCP", "port": 443,
                                 "targetPort": 6443}]},
             "status": {"loadBalancer": {}}},
            {"kind": "Service", "apiVersion": "v1",
             "metadata": self._meta(cluster, "Service", "kube-dns", created + 30, "kube-system",
                                    labels={"k8s-app": "kube-dns",
                                            "kubernetes.io/cluster-service": "true",
                                            "kubernetes.io/name": "CoreDNS"}),
             "spec": {"type": "ClusterIP", "clusterIP": DNS_CLUSTER_IP,
                      "clusterIPs": [DNS_CLUSTER_IP], "sessionAffinity": "None",
                      "selector": {"k8s-app": "kube-dns"},
                      "ports": [{"name": "dns", "protocol": "UDP", "port": 53, "targetPort": 53},
                                {"name": "dns-tcp", "protocol": "TCP", "port": 53,
                                 "targetPort": 53},
                                {"name": "metrics", "protocol": "TCP", "port": 9153,
                                 "targetPort": 9153}]},
             "status": {"loadBalancer": {}}},
        ]

    # -- lists and tables --------------------------------------------------

    def _collection(self, cluster, kind, items, name, table, selector, namespace):
        resource = {"Node": "nodes", "Namespace": "namespaces", "Service": "services",
                    "Pod": "pods"}[kind]
        if name is not None:
            found = [i for i in items if i["metadata"]["name"] == name]
            if not found:
                return self._not_found(resource, name)
            items = found
        else:
            items = [i for i in items if _matches(i["metadata"].get("labels") or {}, selector)]
        if table:
            return self._send(200, self._table(kind, items))
        if name is not None:
            return self._send(200, items[0])
        return self._send(200, {"kind": kind + "List", "apiVersion": "v1",
                                "metadata": {"resourceVersion": str(int(time.time()))},
                                "items": items})

    def _table(self, kind, items):
        def col(name, typ="string", fmt="", desc="", priority=0):
            return {"name": name, "type": typ, "format": fmt, "description": desc,
                    "priority": priority}

        now = time.time()

        def age(item):
            created = datetime.datetime.strptime(
                item["metadata"]["creationTimestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(
                tzinfo=datetime.timezone.utc).timestamp()
            return human_duration(now - created)

        if kind == "Node":
            cols = [col("Name", fmt="name", desc="Name must be unique within a namespace."),
                    col("Status", desc="The status of the node"),
                    col("Roles", desc="The roles of the node"),
                    col("Age", desc="CreationTimestamp is a timestamp representing the server "
                        "time when this object was created."),
                    col("Version", desc="Kubelet Version reported by the node."),
                    col("Internal-IP", desc="List of addresses reachable to the node.",
                        priority=1),
                    col("External-IP", desc="List of addresses reachable to the node.",
                        priority=1),
                    col("OS-Image", desc="OS Image reported by the node from /etc/os-release "
                        "(e.g. Debian GNU/Linux 7 (wheezy)).", priority=1),
                    col("Kernel-Version", desc="Kernel Version reported by the node from "
                        "'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", priority=1),
                    col("Container-Runtime", desc="Container runtime version reported by the "
                        "node through runtime remote API (e.g. containerd://1.4.2).",
                        priority=1)]

            def cells(item):
                ready = [c for c in item["status"]["conditions"] if c["type"] == "Ready"]
                status = "Ready" if ready and ready[0]["status"] == "True" else "NotReady"
                roles = sorted(k.split("/", 1)[1] for k in item["metadata"]["labels"]
                               if k.startswith("node-role.kubernetes.io/"))
                info = item["status"]["nodeInfo"]
                ips = [a["address"] for a in item["status"]["addresses"]
                       if a["type"] == "InternalIP"]
                return [item["metadata"]["name"], status, ",".join(roles) or "<none>",
                        age(item), info["kubeletVersion"], ",".join(ips) or "<none>",
                        "<none>", info["osImage"], info["kernelVersion"],
                        info["containerRuntimeVersion"]]
        elif kind == "Namespace":
            cols = [col("Name", fmt="name", desc="Name must be unique within a namespace."),
                    col("Status", desc="The status of the namespace"),
                    col("Age", desc="CreationTimestamp is a timestamp representing the server "
                        "time when this object was created.")]

            def cells(item):
                return [item["metadata"]["name"], item["status"]["phase"], age(item)]
        elif kind == "Service":
            cols = [col("Name", fmt="name", desc="Name must be unique within a namespace."),
                    col("Type", desc="type determines how the Service is exposed."),
                    col("Cluster-IP", desc="clusterIP is the IP address of the service."),
                    col("External-IP", desc="externalIPs is a list of IP addresses."),
                    col("Port(s)", desc="The list of ports that are exposed by this service."),
                    col("Age", desc="CreationTimestamp is a timestamp representing the server "
                        "time when this object was created."),
                    col("Selector", desc="Route service traffic to pods with label keys and "
                        "values matching this selector.", priority=1)]

            def cells(item):
                spec = item["spec"]
                ports = ",".join("%d/%s" % (p["port"], p["protocol"]) for p in spec["ports"])
                sel = ",".join("%s=%s" % kv for kv in sorted((spec.get("selector") or {}).items()))
                return [item["metadata"]["name"], spec["type"], spec["clusterIP"], "<none>",
                        ports, age(item), sel or "<none>"]
        else:  # Pod
            cols = [col("Name", fmt="name", desc="Name must be unique within a namespace."),
                    col("Ready", desc="The aggregate readiness state of this pod for "
                        "accepting traffic."),
                    col("Status", desc="The aggregate status of the containers in this pod."),
                    col("Restarts", typ="string", desc="The number of times the containers "
                        "in this pod have been restarted and when the last container in this "
                        "pod has restarted."),
                    col("Age", desc="CreationTimestamp is a timestamp representing the server "
                        "time when this object was created.")]

            def cells(item):
                return [item["metadata"]["name"], "1/1", "Running", "0", age(item)]

        rows = []
        for item in items:
            rows.append({"cells": cells(item), "object": {
                "kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                "metadata": item["metadata"]}})
        return {"kind": "Table", "apiVersion": "meta.k8s.io/v1",
                "metadata": {"resourceVersion": str(int(time.time()))},
                "columnDefinitions": cols, "rows": rows}
