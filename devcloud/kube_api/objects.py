"""The Kubernetes objects a simulated cluster shows, as the API server's JSON.

Built from the cluster's view (its shape is documented on
``devcloud.kube_api.server.KubeAPIServer``): nodes, the namespaces and
services every cluster has (and no pods), the discovery documents, the
version, a failure's Status, lists, and the Table form kubectl asks for to
print them.  The same view gives the same objects: uids are derived from the
cluster id and the object, timestamps from the view's creation times.
"""
import datetime
import hashlib
import re
import time
import uuid

from devcloud.kube_api.tls import SERVICE_CLUSTER_IP

DNS_CLUSTER_IP = "10.254.0.10"
NAMESPACES = ("default", "kube-node-lease", "kube-public", "kube-system")


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


def failure(code, reason, message, details=None):
    """The Status body of an error answer, which kubectl prints as
    ``Error from server (<reason>): <message>``."""
    body = {"kind": "Status", "apiVersion": "v1", "metadata": {},
            "status": "Failure", "message": message, "reason": reason, "code": code}
    if details:
        body["details"] = details
    return body


# -- discovery and version ---------------------------------------------------

def version(cluster):
    git_version = cluster.get("version") or "v1.31.0"
    if not git_version.startswith("v"):
        git_version = "v" + git_version
    m = re.match(r"^v?(\d+)\.(\d+)", git_version)
    major, minor = (m.group(1), m.group(2)) if m else ("1", "31")
    return {"major": major, "minor": minor, "gitVersion": git_version,
            "gitCommit": hashlib.sha1(git_version.encode()).hexdigest(),
            "gitTreeState": "clean", "buildDate": "2024-10-22T20:28:14Z",
            "goVersion": "go1.22.8", "compiler": "gc", "platform": "linux/amd64"}


def api_versions(host, port):
    return {"kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0",
                                            "serverAddress": "%s:%d" % (host, port)}]}


def api_groups():
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": []}


def resources():
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


# -- objects -----------------------------------------------------------------

def _meta(cluster_id, kind, name, created, namespace=None, labels=None, annotations=None):
    meta = {"name": name, "uid": _uid(cluster_id, kind, namespace or "", name),
            "resourceVersion": str(int(created) % 100000 + 100),
            "creationTimestamp": _ts(created)}
    if namespace:
        meta["namespace"] = namespace
    if labels:
        meta["labels"] = labels
    if annotations:
        meta["annotations"] = annotations
    return meta


def nodes(cluster_id, cluster):
    items = []
    cluster_version = cluster.get("version") or "v1.31.0"
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
        kubelet = node.get("version") or cluster_version
        cpu, mem = ("2", "4015612Ki") if master else ("4", "8148052Ki")
        server_id = node.get("server_id") or _uid(cluster_id, "server", name)
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
            "metadata": _meta(cluster_id, "Node", name, created, labels=labels,
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


def namespaces(cluster_id, cluster):
    created = cluster.get("created") or time.time()
    return [{"kind": "Namespace", "apiVersion": "v1",
             "metadata": _meta(cluster_id, "Namespace", ns, created,
                               labels={"kubernetes.io/metadata.name": ns}),
             "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}
            for ns in NAMESPACES]


def services(cluster_id, cluster):
    created = cluster.get("created") or time.time()
    return [
        {"kind": "Service", "apiVersion": "v1",
         "metadata": _meta(cluster_id, "Service", "kubernetes", created, "default",
                           labels={"component": "apiserver", "provider": "kubernetes"}),
         "spec": {"type": "ClusterIP", "clusterIP": SERVICE_CLUSTER_IP,
                  "clusterIPs": [SERVICE_CLUSTER_IP], "sessionAffinity": "None",
                  "ports": [{"name": "https", "protocol": "TCP", "port": 443,
                             "targetPort": 6443}]},
         "status": {"loadBalancer": {}}},
        {"kind": "Service", "apiVersion": "v1",
         "metadata": _meta(cluster_id, "Service", "kube-dns", created + 30, "kube-system",
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


# -- lists and tables --------------------------------------------------------

def item_list(kind, items):
    return {"kind": kind + "List", "apiVersion": "v1",
            "metadata": {"resourceVersion": str(int(time.time()))}, "items": items}


def _column(name, desc, fmt="", priority=0):
    return {"name": name, "type": "string", "format": fmt, "description": desc,
            "priority": priority}


# The columns and cells of the real API server's printers (kubectl prints them
# as they come; priority 1 columns only with -o wide).
_NAME = _column("Name", "Name must be unique within a namespace.", fmt="name")
_AGE = _column("Age", "CreationTimestamp is a timestamp representing the server time when "
               "this object was created.")


def _node_cells(item, age):
    ready = [c for c in item["status"]["conditions"] if c["type"] == "Ready"]
    status = "Ready" if ready and ready[0]["status"] == "True" else "NotReady"
    roles = sorted(k.split("/", 1)[1] for k in item["metadata"]["labels"]
                   if k.startswith("node-role.kubernetes.io/"))
    info = item["status"]["nodeInfo"]
    ips = [a["address"] for a in item["status"]["addresses"] if a["type"] == "InternalIP"]
    return [item["metadata"]["name"], status, ",".join(roles) or "<none>", age,
            info["kubeletVersion"], ",".join(ips) or "<none>", "<none>", info["osImage"],
            info["kernelVersion"], info["containerRuntimeVersion"]]


def _namespace_cells(item, age):
    return [item["metadata"]["name"], item["status"]["phase"], age]


def _service_cells(item, age):
    spec = item["spec"]
    ports = ",".join("%d/%s" % (p["port"], p["protocol"]) for p in spec["ports"])
    sel = ",".join("%s=%s" % kv for kv in sorted((spec.get("selector") or {}).items()))
    return [item["metadata"]["name"], spec["type"], spec["clusterIP"], "<none>", ports, age,
            sel or "<none>"]


def _pod_cells(item, age):
    return [item["metadata"]["name"], "1/1", "Running", "0", age]


_TABLES = {
    "Node": ([_NAME,
              _column("Status", "The status of the node"),
              _column("Roles", "The roles of the node"),
              _AGE,
              _column("Version", "Kubelet Version reported by the node."),
              _column("Internal-IP", "List of addresses reachable to the node.", priority=1),
              _column("External-IP", "List of addresses reachable to the node.", priority=1),
              _column("OS-Image", "OS Image reported by the node from /etc/os-release "
                      "(e.g. Debian GNU/Linux 7 (wheezy)).", priority=1),
              _column("Kernel-Version", "Kernel Version reported by the node from "
                      "'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", priority=1),
              _column("Container-Runtime", "Container runtime version reported by the node "
                      "through runtime remote API (e.g. containerd://1.4.2).", priority=1)],
             _node_cells),
    "Namespace": ([_NAME, _column("Status", "The status of the namespace"), _AGE],
                  _namespace_cells),
    "Service": ([_NAME,
                 _column("Type", "type determines how the Service is exposed."),
                 _column("Cluster-IP", "clusterIP is the IP address of the service."),
                 _column("External-IP", "externalIPs is a list of IP addresses."),
                 _column("Port(s)", "The list of ports that are exposed by this service."),
                 _AGE,
                 _column("Selector", "Route service traffic to pods with label keys and "
                         "values matching this selector.", priority=1)],
                _service_cells),
    "Pod": ([_NAME,
             _column("Ready", "The aggregate readiness state of this pod for accepting "
                     "traffic."),
             _column("Status", "The aggregate status of the containers in this pod."),
             _column("Restarts", "The number of times the containers in this pod have been "
                     "restarted and when the last container in this pod has restarted."),
             _AGE],
            _pod_cells),
}


def table(kind, items):
    """``items`` as the Table kubectl asks for (``Accept: ...;as=Table``)."""
    columns, cells = _TABLES[kind]
    now = time.time()

    def age(item):
        created = datetime.datetime.strptime(
            item["metadata"]["creationTimestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(
            tzinfo=datetime.timezone.utc).timestamp()
        return human_duration(now - created)

    rows = [{"cells": cells(item, age(item)), "object": {
        "kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
        "metadata": item["metadata"]}} for item in items]
    return {"kind": "Table", "apiVersion": "meta.k8s.io/v1",
            "metadata": {"resourceVersion": str(int(time.time()))},
            "columnDefinitions": columns, "rows": rows}
