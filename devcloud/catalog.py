"""Read-only stand-in for the Glance, Nova, Neutron, Cinder and Octavia calls
that Magnum and the coe-ui wizards make, seeded with demo data.  Nova's
servers are the nodes of the simulated clusters, and Cinder's volumes,
Octavia's load balancers, Neutron's floating IPs and security groups what
the clusters own (devcloud.driver.cloud), read from the driver's state
(devcloud.driver.store).

Tokens are validated against the real Keystone, so key pairs are per user and
quotas per project, as in a real cloud.  Run: ``python -m devcloud.catalog``.
"""
import json
import logging
import os
import re
import threading
import time
import uuid
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from devcloud.config import Config
from devcloud.driver import store as driver_store

LOG = logging.getLogger("devcloud.catalog")

IMAGES = [
    {"id": "6f7c1a4e-0d6b-4b51-9a3e-3a1f0c2b7d10", "name": "ubuntu-2204-kube-v1.30.6",
     "os_distro": "ubuntu", "kube_version": "v1.30.6"},
    {"id": "9b2d5c8a-41e7-4f0a-8c55-7e1d2a6b9f21", "name": "ubuntu-2204-kube-v1.31.2",
     "os_distro": "ubuntu", "kube_version": "v1.31.2"},
    {"id": "c3e8a1b7-5f2d-4e9c-b6a4-1d0f8e7c5a32", "name": "cirros-0.6.2"},
    # Images that select a Cluster API driver (devcloud.driver.personalities).
    {"id": "0e5d7b2c-8a1f-4c3e-9d6b-2f4a8c1e7b53", "name": "ubuntu-2204-kube-v1.31.2-capi",
     "os_distro": "ubuntu", "kube_version": "v1.31.2", "magnum_driver": "k8s_cluster_api_ubuntu"},
    {"id": "5a9c3e1d-7b2f-4d8a-a6c4-8e1b5f3d9c74", "name": "ubuntu-2204-kube-v1.31.2-capi-helm",
     "os_distro": "ubuntu", "kube_version": "v1.31.2", "magnum_driver": "k8s_capi_helm_v1"},
]
FLAVORS = [
    # id, name, vcpus, ram MB, root disk GB
    ("1", "m1.small", 1, 2048, 20),
    ("2", "m1.medium", 2, 4096, 40),
    ("3", "m1.large", 4, 8192, 80),
    ("4", "m1.xlarge", 8, 16384, 160),
    ("5", "m1.diskless", 2, 4096, 0),
]
NETWORKS = [
    {"id": "5c1b7d9e-8f3a-4c2b-a6e0-0d9f1e2b3c41", "name": "public", "router:external": True,
     "subnets": ["public-subnet"]},
    {"id": "8a4e2f6b-1c9d-4e7a-b3f5-6c2d0e9a8b52", "name": "private", "router:external": False,
     "subnets": ["private-subnet"]},
]
SUBNETS = [
    {"id": "d2f6a8c0-3b5e-4d7f-9a1c-2e4b6d8f0a63", "name": "public-subnet",
     "network_id": NETWORKS[0]["id"], "cidr": "172.24.4.0/24", "ip_version": 4},
    {"id": "e4a8c2f6-5d7b-4f9e-8c3a-1b5d7f9e2c74", "name": "private-subnet",
     "network_id": NETWORKS[1]["id"], "cidr": "10.0.0.0/24", "ip_version": 4},
]
# Per project: limits and what is already in use outside Magnum.
COMPUTE_QUOTA = {"instances": (20, 2), "cores": (40, 4), "ram": (102400, 8192)}
VOLUME_QUOTA = {"volumes": (20, 2), "gigabytes": (1000, 40)}
# Cinder's volume types: __DEFAULT__ is the one every Cinder since Train has.
VOLUME_TYPES = [
    {"id": "3c1e5a7d-2b4f-4e6a-9c8d-0f1e2d3c4b50", "name": "__DEFAULT__",
     "description": "Default Volume Type"},
    {"id": "7a9b1c3d-5e6f-4a8b-9c0d-1e2f3a4b5c61", "name": "ssd", "description": "Solid-state"},
    {"id": "b5d7f9a1-3c5e-4b7d-8f9a-2c4e6a8b0d72", "name": "hdd", "description": None},
]
NETWORK_QUOTA = {"floatingip": (10, 1), "network": (10, 1), "router": (5, 1),
                 "subnet": (10, 1), "security_group": (10, 1), "loadbalancer": (100, 0)}


def _image_doc(image, base):
    doc = {"status": "active", "visibility": "public", "disk_format": "qcow2",
           "container_format": "bare", "min_disk": 0, "min_ram": 0, "size": 734003200,
           "tags": [], "protected": False, "os_hidden": False,
           "created_at": "2026-10-01T00:00:00Z", "updated_at": "2026-10-01T00:00:00Z",
           "self": f"/v2/images/{image['id']}", "file": f"/v2/images/{image['id']}/file",
           "schema": "/v2/schemas/image", "owner": None}
    doc.update(image)
    return doc


def _flavor_doc(flavor):
    fid, name, vcpus, ram, disk = flavor
    return {"id": fid, "name": name, "vcpus": vcpus, "ram": ram, "disk": disk,
            "OS-FLV-EXT-DATA:ephemeral": 0, "swap": 0, "rxtx_factor": 1.0,
            "os-flavor-access:is_public": True, "OS-FLV-DISABLED:disabled": False,
            "description": None, "extra_specs": {}, "links": []}


def _network_doc(net):
    doc = {"status": "ACTIVE", "admin_state_up": True, "shared": net["name"] == "public",
           "project_id": "", "tenant_id": "", "mtu": 1450, "description": "",
           "is_default": net["name"] == "public", "availability_zones": ["nova"]}
    doc.update(net)
    doc["subnets"] = [s["id"] for s in SUBNETS if s["network_id"] == net["id"]]
    return doc


def _iso(epoch):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch or 0))


def _server_doc(node, base, microversion):
    """A node record of the simulated driver as Nova shows its server."""
    sid, failed = node["server_id"], node.get("status") == "ERROR"
    flavor = next((f for f in FLAVORS if node.get("flavor") in (f[0], f[1])), FLAVORS[0])
    image = next((i for i in IMAGES if node.get("image") in (i["id"], i["name"])), IMAGES[0])
    created = _iso(node.get("created"))
    doc = {
        "id": sid, "name": node["name"], "status": "ERROR" if failed else "ACTIVE",
        "tenant_id": node["project"], "user_id": None, "created": created, "updated": created,
        "hostId": "" if failed else "d1f2b3c4a5e6f7081920a1b2c3d4e5f60718293a4b5c6d7e8f901a2b",
        "image": {"id": image["id"], "links": [{"rel": "bookmark",
                                                "href": f"{base}/compute/images/{image['id']}"}]},
        "key_name": None, "metadata": {}, "progress": 0, "accessIPv4": "", "accessIPv6": "",
        "addresses": {} if not node.get("address") else {"private": [{
            "version": 4, "addr": node["address"], "OS-EXT-IPS:type": "fixed",
            "OS-EXT-IPS-MAC:mac_addr": "fa:16:3e:%02x:%02x:%02x" % tuple(
                int(sid[i:i + 2], 16) for i in (0, 2, 4))}]},
        "OS-EXT-STS:vm_state": "error" if failed else "active", "OS-EXT-STS:task_state": None,
        "OS-EXT-STS:power_state": 0 if failed else 1, "OS-EXT-AZ:availability_zone": "nova",
        "OS-SRV-USG:launched_at": None if failed else created, "OS-SRV-USG:terminated_at": None,
        "OS-DCF:diskConfig": "MANUAL", "config_drive": "", "locked": False,
        "security_groups": [] if failed else [{"name": "default"}],
        "os-extended-volumes:volumes_attached": [], "description": None, "tags": [],
        "links": [{"rel": "self", "href": f"{base}/compute/v2.1/servers/{sid}"}],
    }
    fid, name, vcpus, ram, disk = flavor
    # Nova embeds the flavor from microversion 2.47 on; before, only its ID.
    doc["flavor"] = ({"original_name": name, "vcpus": vcpus, "ram": ram, "disk": disk,
                      "ephemeral": 0, "swap": 0, "extra_specs": {}} if microversion >= (2, 47)
                     else {"id": fid, "links": [{"rel": "bookmark",
                                                 "href": f"{base}/compute/flavors/{fid}"}]})
    if failed:
        doc["fault"] = {**node["fault"], "created": created}
    return doc


def _volume_doc(r, base):
    """A volume as Cinder's /volumes/detail shows it: attached to its server
    while the cluster is there; a CSI volume with the metadata the Cinder CSI
    driver sets."""
    attached = r.get("server_id") and not r["orphaned"]
    metadata = ({"cinder.csi.openstack.org/cluster": r["csi_cluster"],
                 "csi.storage.k8s.io/pvc/namespace": r["pvc"].split("/")[0],
                 "csi.storage.k8s.io/pvc/name": r["pvc"].split("/")[1],
                 "csi.storage.k8s.io/pv/name": r["name"]} if r.get("csi_cluster") else {})
    return {"id": r["id"], "name": r["name"], "size": r["size"], "status":
            "in-use" if attached else "available", "volume_type": "__DEFAULT__",
            "availability_zone": "nova", "bootable": "false", "encrypted": False,
            "multiattach": False, "description": None, "metadata": metadata,
            "os-vol-tenant-attr:tenant_id": r["project"], "user_id": None,
            "created_at": _iso(r["created"]), "updated_at": _iso(r["created"]),
            "attachments": [{"id": r["id"], "attachment_id": r["id"], "volume_id": r["id"],
                             "server_id": r["server_id"], "device": "/dev/vdb",
                             "host_name": None, "attached_at": _iso(r["created"])}]
            if attached else [],
            "links": [{"rel": "self",
                       "href": f"{base}/volume/v3/{r['project']}/volumes/{r['id']}"}]}


def _port_id(device_id):
    """The port of a server or (``lb-<id>``) of a load balancer's VIP."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "port:" + device_id))


def _loadbalancer_doc(r):
    vip = _port_id("lb-" + r["id"])
    return {"id": r["id"], "name": r["name"], "description": r.get("description", ""),
            "project_id": r["project"], "tenant_id": r["project"],
            "provisioning_status": "ACTIVE", "operating_status": "ONLINE",
            "admin_state_up": True, "provider": "amphora", "flavor_id": None,
            "vip_address": "10.0.0.%d" % (200 + int(r["id"][:2], 16) % 50),
            "vip_port_id": vip, "vip_subnet_id": SUBNETS[1]["id"],
            "vip_network_id": NETWORKS[1]["id"], "listeners": [], "pools": [], "tags": [],
            "availability_zone": None, "created_at": _iso(r["created"]),
            "updated_at": _iso(r["created"])}


def _floating_ip_doc(r):
    address = "172.24.4.%d" % (10 + int(r["id"][:2], 16) % 240)
    port = None if r["orphaned"] else _port_id(r["device_id"])
    return {"id": r["id"], "floating_ip_address": address, "floating_network_id": NETWORKS[0]["id"],
            "router_id": None, "status": "DOWN" if port is None else "ACTIVE",
            "port_id": port, "fixed_ip_address": None if port is None else r["fixed"],
            "project_id": r["project"], "tenant_id": r["project"], "description": "",
            "port_details": None if port is None else {
                "name": "", "network_id": NETWORKS[1]["id"], "mac_address": "fa:16:3e:00:00:01",
                "admin_state_up": True, "status": "ACTIVE", "device_id": r["device_id"],
                "device_owner": ("Octavia" if r["device_id"].startswith("lb-")
                                 else "compute:nova")},
            "dns_domain": "", "dns_name": "", "tags": [], "revision_number": 1,
            "created_at": _iso(r["created"]), "updated_at": _iso(r["created"])}


def _security_group_doc(r):
    rules = [{"id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"rule:{r['id']}:{port}")),
              "security_group_id": r["id"], "direction": "ingress", "ethertype": "IPv4",
              "protocol": "tcp", "port_range_min": port, "port_range_max": port,
              "remote_ip_prefix": "0.0.0.0/0", "remote_group_id": None,
              "project_id": r["project"], "tenant_id": r["project"], "description": ""}
             for port in (22, 6443)]
    return {"id": r["id"], "name": r["name"], "description": "Kubernetes cluster nodes",
            "project_id": r["project"], "tenant_id": r["project"], "stateful": True,
            "security_group_rules": rules, "tags": [], "revision_number": 1,
            "created_at": _iso(r["created"]), "updated_at": _iso(r["created"])}


def _compute_microversion(environ):
    raw = (environ.get("HTTP_OPENSTACK_API_VERSION", "").replace("compute", "").strip()
           or environ.get("HTTP_X_OPENSTACK_NOVA_API_VERSION", ""))
    if raw == "latest":
        return (2, 95)
    m = re.match(r"(\d+)\.(\d+)$", raw.strip())
    return (int(m.group(1)), int(m.group(2))) if m else (2, 1)


def _match(items, query, keys=("id", "name")):
    """Filter a list the way the OpenStack APIs filter on query parameters."""
    result = items
    for key, values in query.items():
        if key in ("router:external", "is_router_external"):
            want = values[0].lower() == "true"
            result = [i for i in result if i.get("router:external") == want]
        elif key in keys or key == "network_id":
            result = [i for i in result if str(i.get(key)) in values]
    return result


class TokenValidator:
    """Validates tokens with the real Keystone, caching each answer briefly."""

    def __init__(self, cfg):
        self._cfg = cfg
        self._session = None
        self._cache = {}
        self._lock = threading.Lock()

    def _service_session(self):
        if self._session is None:
            from keystoneauth1 import session
            from keystoneauth1.identity import v3
            self._session = session.Session(auth=v3.Password(**self._cfg.service_auth()))
        return self._session

    def identity(self, token):
        """(user name, project id) of a valid token, else None."""
        if not token:
            return None
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(token)
            if hit and hit[0] > now:
                return hit[1]
        resp = self._service_session().get(
            f"{self._cfg.keystone_url}/auth/tokens", headers={"X-Subject-Token": token},
            raise_exc=False)
        ident = None
        if resp.status_code == 200:
            tok = resp.json()["token"]
            ident = (tok["user"]["name"], (tok.get("project") or {}).get("id", ""))
        with self._lock:
            self._cache[token] = (now + 60, ident)
        return ident


class Catalog:
    ACTION = r"/compute/v2\.1/servers/(?P<ident>[^/]+)/action$"

    def __init__(self, cfg):
        self.cfg = cfg
        self.tokens = TokenValidator(cfg)
        base = cfg.catalog_url
        self.routes = [
            (r"/image/?$", self.versions("image", f"{base}/image/v2/", "v2.16")),
            (r"/image/v2/images/?$", self.images),
            (r"/image/v2/images/(?P<ident>[^/]+)$", self.image),
            (r"/image/v2/schemas/image$", self.image_schema),
            (r"/compute/?$", self.versions("compute", f"{base}/compute/v2.1/", "v2.1")),
            (r"/compute/v2\.1/?$", self.compute_version),
            (r"/compute/v2\.1/flavors(/detail)?/?$", self.flavors),
            (r"/compute/v2\.1/flavors/(?P<ident>[^/]+)$", self.flavor),
            (r"/compute/v2\.1/os-keypairs/?$", self.keypairs),
            (r"/compute/v2\.1/os-keypairs/(?P<name>[^/]+)$", self.keypair),
            (r"/compute/v2\.1/limits/?$", self.compute_limits),
            (r"/compute/v2\.1/os-availability-zone/?$", self.availability_zones),
            (r"/compute/v2\.1/servers/?$", self.servers),
            (r"/compute/v2\.1/servers/detail/?$", self.servers),
            (r"/compute/v2\.1/servers/(?P<ident>[^/]+)$", self.server),
            (r"/compute/v2\.1/servers/(?P<ident>[^/]+)/os-volume_attachments/?$",
             self.volume_attachments),
            (r"/network/?$", self.versions("network", f"{base}/network/v2.0/", "v2.0")),
            (r"/network/v2\.0/extensions/?$", self.network_extensions),
            (r"/network/v2\.0/networks/?$", self.networks),
            (r"/network/v2\.0/subnets/?$", self.subnets),
            (r"/network/v2\.0/ports/?$", self.ports),
            (r"/network/v2\.0/ports/(?P<ident>[^/]+)$", self.port),
            (r"/network/v2\.0/floatingips/?$", self.floating_ips),
            (r"/network/v2\.0/security-groups/?$", self.security_groups),
            (r"/network/v2\.0/security-groups/(?P<ident>[^/]+)$", self.security_group),
            (r"/network/v2\.0/quotas/(?P<project>[^/]+)/details(\.json)?$", self.network_quota),
            (r"/volume/(v3/?)?$",
             self.versions("volume", f"{base}/volume/v3/", "v3.0", "3.70", "3.0")),
            (r"/volume/v3/(?P<project>[^/]+)/limits/?$", self.volume_limits),
            (r"/volume/v3/(?P<project>[^/]+)/types/?$", self.volume_types),
            (r"/volume/v3/(?P<project>[^/]+)/volumes(/detail)?/?$", self.volumes),
            (r"/volume/v3/(?P<project>[^/]+)/volumes/(?P<ident>[^/]+)$", self.volume),
            (r"/volume/v3/(?P<project>[^/]+)/snapshots(/detail)?/?$", self.volume_snapshots),
            (r"/load-balancer/?$", self.versions("lb", f"{base}/load-balancer/v2", "v2.0")),
            (r"/load-balancer/v2(\.0)?/lbaas/quotas/(?P<project>[^/]+)$", self.lb_quota),
            (r"/load-balancer/v2(\.0)?/lbaas/loadbalancers/?$", self.lb_list),
        ]

    # -- WSGI -------------------------------------------------------------
    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        routes = self.routes
        if environ["REQUEST_METHOD"] == "POST" and re.match(self.ACTION, path):
            routes = [(self.ACTION, self.server_action)]  # reads the console log, no change
        elif environ["REQUEST_METHOD"] != "GET":
            return self._reply(start_response, 405, {"error": "devcloud's catalog is read-only"})
        for pattern, handler in routes:
            m = re.match(pattern, path)
            if m:
                if not handler.__name__.startswith("versions"):
                    ident = self.tokens.identity(environ.get("HTTP_X_AUTH_TOKEN"))
                    if ident is None:
                        return self._reply(start_response, 401, {"error": "authentication required"})
                    environ["devcloud.identity"] = ident
                status, body = handler(environ, query, **{k: v for k, v in m.groupdict().items()})
                return self._reply(start_response, status, body)
        LOG.warning("devcloud catalog: no route for GET %s", path)
        return self._reply(start_response, 404, {"error": f"not simulated: {path}"})

    @staticmethod
    def _reply(start_response, status, body):
        data = json.dumps(body).encode()
        reason = {200: "OK", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed",
                  409: "Conflict"}
        start_response(f"{status} {reason.get(status, 'OK')}",
                       [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        return [data]

    # -- handlers -----------------------------------------------------------
    @staticmethod
    def versions(service, href, vid, max_version="", min_version=""):
        def versions_doc(environ, query):
            return 200, {"versions": [{
                "id": vid, "status": "CURRENT", "version": max_version,
                "min_version": min_version, "links": [{"rel": "self", "href": href}]}]}
        versions_doc.__name__ = f"versions_{service}"
        return versions_doc

    def compute_version(self, environ, query):
        return 200, {"version": {"id": "v2.1", "status": "CURRENT", "version": "2.95",
                                 "min_version": "2.1", "links": [
                                     {"rel": "self", "href": f"{self.cfg.catalog_url}/compute/v2.1/"}]}}

    def images(self, environ, query):
        found = _match(IMAGES, {k: v for k, v in query.items() if k in ("id", "name")})
        return 200, {"images": [_image_doc(i, self.cfg.catalog_url) for i in found],
                     "first": "/v2/images", "schema": "/v2/schemas/images"}

    def image(self, environ, query, ident):
        for image in IMAGES:
            if ident in (image["id"], image["name"]):
                return 200, _image_doc(image, self.cfg.catalog_url)
        return 404, {"error": f"No image found with ID {ident}"}

    def image_schema(self, environ, query):
        # Enough of Glance's schema for glanceclient to build its image model.
        return 200, {"name": "image", "additionalProperties": {"type": "string"},
                     "properties": {k: {"type": ["null", "string"]} for k in (
                         "id", "name", "status", "visibility", "os_distro", "owner")}}

    def flavors(self, environ, query):
        return 200, {"flavors": [_flavor_doc(f) for f in FLAVORS]}

    def flavor(self, environ, query, ident):
        for flavor in FLAVORS:
            if ident in (flavor[0], flavor[1]):
                return 200, {"flavor": _flavor_doc(flavor)}
        return 404, {"itemNotFound": {"code": 404, "message": f"Flavor {ident} could not be found."}}

    @staticmethod
    def _keypair_doc(user):
        name = f"{user}-key"
        return {"name": name, "type": "ssh", "fingerprint": "2e:7f:0b:1c:9a:44:6d:83:51:af:90:3c:e2:17:b8:6e",
                "public_key": f"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDevcloudDemoKeyFor{user} {user}@devcloud",
                "user_id": user}

    def keypairs(self, environ, query):
        user = environ["devcloud.identity"][0]
        return 200, {"keypairs": [{"keypair": self._keypair_doc(user)}]}

    def keypair(self, environ, query, name):
        user = environ["devcloud.identity"][0]
        if name == f"{user}-key":
            return 200, {"keypair": self._keypair_doc(user)}
        return 404, {"itemNotFound": {"code": 404, "message": f"Keypair {name} not found for user {user}"}}

    def compute_limits(self, environ, query):
        q = COMPUTE_QUOTA
        return 200, {"limits": {"rate": [], "absolute": {
            "maxTotalInstances": q["instances"][0], "totalInstancesUsed": q["instances"][1],
            "maxTotalCores": q["cores"][0], "totalCoresUsed": q["cores"][1],
            "maxTotalRAMSize": q["ram"][0], "totalRAMUsed": q["ram"][1],
            "maxTotalKeypairs": 100, "maxServerGroups": 10, "totalServerGroupsUsed": 0}}}

    def availability_zones(self, environ, query):
        return 200, {"availabilityZoneInfo": [{"zoneName": "nova", "zoneState": {"available": True},
                                               "hosts": None}]}

    def _servers(self, environ):
        """The servers of the caller's project: its simulated clusters' nodes."""
        project = environ["devcloud.identity"][1]
        path = driver_store.path_for(str(self.cfg.state_dir))
        return [node for groups in driver_store.nodes_of_every_cluster(path).values()
                for nodes in groups.values() for node in nodes
                if node.get("project") == project]

    def servers(self, environ, query):
        """GET /servers/detail (and /servers, which Nova answers with less)."""
        microversion = _compute_microversion(environ)
        found = self._servers(environ)
        if "name" in query:  # Nova matches the name as a regular expression
            found = [n for n in found if re.search(query["name"][0], n["name"])]
        if "status" in query:
            found = [n for n in found if n.get("status", "ACTIVE") in query["status"]]
        docs = [_server_doc(n, self.cfg.catalog_url, microversion)
                for n in sorted(found, key=lambda n: -(n.get("created") or 0))]
        if not environ["PATH_INFO"].rstrip("/").endswith("/detail"):
            docs = [{k: d[k] for k in ("id", "name", "links")} for d in docs]
        return 200, {"servers": docs}

    def server(self, environ, query, ident):
        for node in self._servers(environ):
            if node["server_id"] == ident:
                return 200, {"server": _server_doc(node, self.cfg.catalog_url,
                                                   _compute_microversion(environ))}
        return 404, {"itemNotFound": {"code": 404,
                                      "message": f"Instance {ident} could not be found."}}

    def server_action(self, environ, query, ident):
        """Only os-getConsoleOutput: a boot log as cloud-init ends it."""
        size = int(environ.get("CONTENT_LENGTH") or 0)
        body = json.loads(environ["wsgi.input"].read(size) or b"{}")
        node = next((n for n in self._servers(environ) if n["server_id"] == ident), None)
        if node is None:
            return 404, {"itemNotFound": {"code": 404,
                                          "message": f"Instance {ident} could not be found."}}
        if "os-getConsoleOutput" not in body:
            return 405, {"error": "devcloud's catalog serves only os-getConsoleOutput"}
        if node.get("status") == "ERROR":
            return 409, {"conflictingRequest": {"code": 409, "message": (
                f"Instance {ident} in vm_state error. Cannot get_console_output while the "
                "instance is in this state.")}}
        lines = [f"[    0.000000] Linux version 5.15.0-126-generic (devcloud {node['name']})",
                 f"[    4.512345] cloud-init[812]: Cloud-init v. 24.1 running 'init' "
                 f"at {_iso(node.get('created'))}. Up 4.51 seconds.",
                 f"ci-info: | ens3 | True | {node['address']} | 255.255.255.0 | global |",
                 "[   21.004211] cloud-init[1024]: kubelet: node registered",
                 "", f"Ubuntu 22.04.5 LTS {node['name']} ttyS0", "", f"{node['name']} login: "]
        length = (body["os-getConsoleOutput"] or {}).get("length")
        if length not in (None, -1, "-1"):
            lines = lines[-int(length):]
        return 200, {"output": "\n".join(lines)}

    def volume_attachments(self, environ, query, ident):
        return 200, {"volumeAttachments": []}

    def network_extensions(self, environ, query):
        # Horizon asks which optional Neutron features exist: none here.
        return 200, {"extensions": []}

    def networks(self, environ, query):
        return 200, {"networks": [_network_doc(n) for n in _match(NETWORKS, query)]}

    def subnets(self, environ, query):
        return 200, {"subnets": _match(SUBNETS, query)}

    def ports(self, environ, query):
        """The ports of the project's servers on the private network, and of
        its load balancers' VIPs."""
        return 200, {"ports": _match(self._ports(environ), query,
                                     keys=("id", "device_id", "device_owner"))}

    def port(self, environ, query, ident):
        found = [p for p in self._ports(environ) if p["id"] == ident]
        if found:
            return 200, {"port": found[0]}
        return 404, {"NeutronError": {"type": "PortNotFound", "detail": "",
                                      "message": f"Port {ident} could not be found."}}

    def _ports(self, environ):
        net, subnet = NETWORKS[1], SUBNETS[1]
        vips = [{"id": lb["vip_port_id"], "name": "octavia-lb-" + lb["id"], "status": "DOWN",
                 "admin_state_up": False, "device_id": "lb-" + lb["id"], "device_owner": "Octavia",
                 "network_id": net["id"], "project_id": lb["project_id"],
                 "tenant_id": lb["project_id"], "mac_address": "fa:16:3e:00:00:02",
                 "fixed_ips": [{"subnet_id": subnet["id"], "ip_address": lb["vip_address"]}],
                 "security_groups": [], "binding:vnic_type": "normal"}
                for lb in map(_loadbalancer_doc, self._owned(environ, "loadbalancers"))]
        return vips + [{"id": _port_id(n["server_id"]),
                       "name": "", "status": "ACTIVE", "admin_state_up": True,
                       "device_id": n["server_id"], "device_owner": "compute:nova",
                       "network_id": net["id"], "project_id": n["project"],
                       "tenant_id": n["project"],
                       "mac_address": _server_doc(n, "", (2, 1))["addresses"]["private"][0][
                           "OS-EXT-IPS-MAC:mac_addr"],
                       "fixed_ips": [{"subnet_id": subnet["id"], "ip_address": n["address"]}],
                       "security_groups": [], "binding:vnic_type": "normal"}
                       for n in self._servers(environ) if n.get("address")]

    def _owned(self, environ, kind):
        """What the caller's project's clusters own (or left behind) of ``kind``."""
        project = environ["devcloud.identity"][1]
        path = driver_store.path_for(str(self.cfg.state_dir))
        return [r for r in driver_store.cloud_resources(path)
                if r["kind"] == kind and r["project"] == project]

    def floating_ips(self, environ, query):
        docs = [_floating_ip_doc(r) for r in self._owned(environ, "floatingips")]
        return 200, {"floatingips": _match(docs, query, keys=("id", "port_id"))}

    def security_groups(self, environ, query):
        docs = [_security_group_doc(r) for r in self._owned(environ, "securitygroups")]
        return 200, {"security_groups": _match(docs, query)}

    def security_group(self, environ, query, ident):
        for r in self._owned(environ, "securitygroups"):
            if r["id"] == ident:
                return 200, {"security_group": _security_group_doc(r)}
        return 404, {"NeutronError": {"type": "SecurityGroupNotFound", "detail": "",
                                      "message": f"Security group {ident} does not exist"}}

    def volume(self, environ, query, project, ident):
        for r in self._owned(environ, "volumes"):
            if r["id"] == ident:
                return 200, {"volume": _volume_doc(r, self.cfg.catalog_url)}
        return 404, {"itemNotFound": {"code": 404,
                                      "message": f"Volume {ident} could not be found."}}

    def volume_snapshots(self, environ, query, project):
        return 200, {"snapshots": []}

    def volumes(self, environ, query, project):
        docs = [_volume_doc(r, self.cfg.catalog_url) for r in self._owned(environ, "volumes")]
        docs = _match(docs, {k: v for k, v in query.items() if k in ("id", "name", "status")},
                      keys=("id", "name", "status"))
        if not environ["PATH_INFO"].rstrip("/").endswith("/detail"):
            docs = [{k: d[k] for k in ("id", "name", "links")} for d in docs]
        return 200, {"volumes": docs}

    def network_quota(self, environ, query, project):
        return 200, {"quota": {k: {"limit": lim, "used": used, "reserved": 0}
                               for k, (lim, used) in NETWORK_QUOTA.items()}}

    def volume_limits(self, environ, query, project):
        q = VOLUME_QUOTA
        return 200, {"limits": {"rate": [], "absolute": {
            "maxTotalVolumes": q["volumes"][0], "totalVolumesUsed": q["volumes"][1],
            "maxTotalVolumeGigabytes": q["gigabytes"][0], "totalGigabytesUsed": q["gigabytes"][1]}}}

    def volume_types(self, environ, query, project):
        return 200, {"volume_types": [{**volume_type, "is_public": True,
                                       "os-volume-type-access:is_public": True,
                                       "extra_specs": {}, "qos_specs_id": None}
                                      for volume_type in VOLUME_TYPES]}

    def lb_quota(self, environ, query, project):
        return 200, {"quota": {"load_balancer": NETWORK_QUOTA["loadbalancer"][0], "listener": -1,
                               "member": -1, "pool": -1, "health_monitor": -1}}

    def lb_list(self, environ, query):
        docs = [_loadbalancer_doc(r) for r in self._owned(environ, "loadbalancers")]
        return 200, {"loadbalancers": _match(docs, {k: v for k, v in query.items()
                                                    if k in ("id", "name")})}


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, fmt, *args):
        LOG.info("%s %s", self.address_string(), fmt % args)


class _ThreadingWSGIServer(ThreadingHTTPServer, WSGIServer):
    daemon_threads = True


def main():
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    cfg = Config.from_env()
    # Imported here: its joserfc is the devcloud extra's, and tests import
    # this module's seed data in Horizon environments without it.
    from devcloud import oidc_issuer
    app = oidc_issuer.mounted(Catalog(cfg), oidc_issuer.OidcIssuer(cfg))
    httpd = make_server(cfg.host, cfg.catalog_port, app, server_class=_ThreadingWSGIServer,
                        handler_class=_QuietHandler)
    LOG.info("devcloud catalog on %s (pid %s)", cfg.catalog_url, os.getpid())
    httpd.serve_forever()


if __name__ == "__main__":
    main()
