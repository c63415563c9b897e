"""Wizard look-ups through openstacksdk, mocked at the HTTP boundary."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

import coe_backend
from coe_backend import Limit
from tests.unit import fake

GLANCE, NOVA, NEUTRON = ("http://glance.test", "http://nova.test/v2.1",
                         "http://neutron.test")
CINDER = "http://cinder.test"
NOVA_VERSION = {"version": {
    "id": "v2.1", "status": "CURRENT", "min_version": "2.1",
    "version": "2.90",
    "links": [{"rel": "self", "href": f"{NOVA}/"}]}}


def service(kind, url):
    return {"id": kind, "type": kind, "name": kind, "endpoints": [
        {"id": f"{kind}-public", "interface": "public",
         "region": "RegionOne", "region_id": "RegionOne", "url": url}]}


@pytest.fixture
def cloud(requests_mock):
    """Keystone with Glance, Nova and Neutron (no Cinder, no Octavia), each
    answering its look-ups."""
    body = fake.token_body()
    body["token"]["catalog"] += [service("image", GLANCE),
                                 service("compute", NOVA),
                                 service("network", NEUTRON)]
    requests_mock.post(f"{fake.KEYSTONE}/auth/tokens", json=body,
                       headers={"X-Subject-Token": "t"}, status_code=201)
    requests_mock.get(f"{GLANCE}/", json={"versions": [{
        "id": "v2.16", "status": "CURRENT",
        "links": [{"rel": "self", "href": f"{GLANCE}/v2/"}]}]})
    requests_mock.get(f"{GLANCE}/v2/images", json={"images": [
        {"id": "i-1", "name": "ubuntu-k8s", "os_distro": "ubuntu",
         "kube_version": "v1.30.6", "magnum_driver": "k8s_capi_helm_v1",
         "status": "active", "visibility": "public"},
        {"id": "i-2", "name": "cirros", "status": "active"}]})
    requests_mock.get(NOVA, json=NOVA_VERSION)
    requests_mock.get(f"{NOVA}/flavors/detail", json={"flavors": [
        {"id": "f-1", "name": "m1.small", "vcpus": 2, "ram": 4096,
         "disk": 20},
        {"id": "f-0", "name": "m1.diskless", "vcpus": 2, "ram": 4096,
         "disk": 0}]})
    requests_mock.get(f"{NOVA}/os-keypairs", json={"keypairs": [
        {"keypair": {"name": "demo-key", "type": "ssh",
                     "fingerprint": "aa:bb"}}]})
    requests_mock.get(f"{NOVA}/limits", json={"limits": {"absolute": {
        "maxTotalInstances": 10, "totalInstancesUsed": 4,
        "maxTotalCores": -1, "totalCoresUsed": 8,
        "maxTotalRAMSize": 51200, "totalRAMUsed": 16384}}})
    requests_mock.get(f"{NEUTRON}/v2.0/networks", json={"networks": [
        {"id": "n-1", "name": "public", "router:external": True,
         "status": "ACTIVE", "subnets": ["s-1"]},
        {"id": "n-2", "name": "private", "router:external": False,
         "status": "ACTIVE", "subnets": ["s-2"]}]})
    requests_mock.get(f"{NEUTRON}/v2.0/subnets", json={"subnets": [
        {"id": "s-2", "name": "private-subnet", "network_id": "n-2",
         "cidr": "10.0.0.0/24", "ip_version": 4}]})
    requests_mock.get(
        f"{NEUTRON}/v2.0/quotas/{fake.PROJECT_ID}/details",
        json={"quota": {"floatingip": {"used": 2, "limit": 5,
                                       "reserved": 1}}})
    auth = v3.Token(auth_url=fake.KEYSTONE, token="x",
                    project_id=fake.PROJECT_ID)
    return coe_backend.connect(ks_session.Session(auth=auth),
                               region_name="RegionOne")


def test_images_carry_what_magnum_needs(cloud):
    images = {image.name: image for image in cloud.list_images()}
    assert images["ubuntu-k8s"].os_distro == "ubuntu"
    assert images["ubuntu-k8s"].kube_version == "v1.30.6"
    assert images["ubuntu-k8s"].magnum_driver == "k8s_capi_helm_v1"
    assert images["ubuntu-k8s"].usable_by_magnum
    assert not images["cirros"].usable_by_magnum


def test_flavors_keypairs_networks_subnets(cloud):
    assert [(f.name, f.vcpus, f.ram, f.disk) for f in cloud.list_flavors()] \
        == [("m1.small", 2, 4096, 20), ("m1.diskless", 2, 4096, 0)]
    assert [k.name for k in cloud.list_keypairs()] == ["demo-key"]
    networks = cloud.list_networks()
    assert [(n.name, n.is_external) for n in networks] == [
        ("public", True), ("private", False)]
    assert [s.cidr for s in cloud.list_subnets()] == ["10.0.0.0/24"]


def test_subnets_of_one_network(cloud, requests_mock):
    cloud.list_subnets(network="n-2")
    assert requests_mock.last_request.qs == {"network_id": ["n-2"]}


def test_project_limits_skip_services_the_cloud_lacks(cloud):
    limits = cloud.get_project_limits()
    assert limits.instances == Limit(used=4, limit=10)
    assert limits.instances.available == 6
    assert limits.cores == Limit(used=8, limit=None)  # -1: unlimited
    assert limits.floating_ips == Limit(used=3, limit=5)
    assert limits.volumes is None and limits.load_balancers is None
    assert limits.warnings == ()


class _Cloud(BaseHTTPRequestHandler):
    """A real HTTP server playing Keystone, Glance, Nova and Neutron, for
    the one test that needs requests to overlap (requests-mock serialises
    them). Paths in `meet` answer only once all of them are in flight."""

    routes: dict = {}
    meet: threading.Barrier | None = None

    def do_POST(self):  # Keystone: issue a token
        self._answer(self.routes["token"], status=201,
                     headers={"X-Subject-Token": "t"})

    def do_GET(self):
        path = self.path.split("?")[0]
        if path in self.routes.get("meet_paths", ()):
            self.meet.wait()
        self._answer(self.routes.get(path, {}))

    def _answer(self, body, status=200, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def meeting_cloud():
    """``meeting_cloud(*paths)``: a client of a real local HTTP cloud whose
    `paths` answer only once all of them are in flight together."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Cloud)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    body = fake.token_body(with_magnum=False)
    body["token"]["catalog"] += [service("image", f"{base}/image"),
                                 service("compute", f"{base}/compute/v2.1"),
                                 service("network", f"{base}/network")]
    version = {"version": {**NOVA_VERSION["version"], "links": [
        {"rel": "self", "href": f"{base}/compute/v2.1/"}]}}
    _Cloud.routes = {
        "token": body,
        "/image": {"versions": [{"id": "v2.16", "status": "CURRENT", "links": [
            {"rel": "self", "href": f"{base}/image/v2/"}]}]},
        "/image/v2/images": {"images": [{"id": "i-1", "name": "u"}]},
        "/compute/v2.1": version, "/compute/v2.1/": version,
        "/compute/v2.1/os-keypairs": {"keypairs": [{"keypair": {
            "name": "k"}}]},
        "/compute/v2.1/flavors/detail": {"flavors": []},
        "/compute/v2.1/limits": {"limits": {"absolute": {
            "maxTotalInstances": 10, "totalInstancesUsed": 4}}},
        "/network/v2.0/networks": {"networks": [{"id": "n", "name": "n"}]},
        "/network/v2.0/subnets": {"subnets": []},
        f"/network/v2.0/quotas/{fake.PROJECT_ID}/details": {"quota": {
            "floatingip": {"used": 2, "limit": 5}}},
    }
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def client(*paths):
        _Cloud.routes["meet_paths"] = paths
        _Cloud.meet = threading.Barrier(len(paths), timeout=10)
        auth = v3.Token(auth_url=f"{base}/v3", token="x",
                        project_id=fake.PROJECT_ID)
        return coe_backend.connect(ks_session.Session(auth=auth))
    yield client
    server.shutdown()
    server.server_close()


def test_wizard_look_ups_overlap_in_time(meeting_cloud):
    choices = meeting_cloud("/image/v2/images", "/compute/v2.1/os-keypairs",
                            "/network/v2.0/networks").wizard_choices()
    # The three calls only get answers if all three were waiting together.
    assert [i.name for i in choices.images] == ["u"]
    assert [k.name for k in choices.keypairs] == ["k"]
    assert [n.name for n in choices.networks] == ["n"]
    assert choices.warnings == []


def test_project_limits_are_read_from_the_services_at_once(meeting_cloud):
    client = meeting_cloud("/compute/v2.1/limits",
                           f"/network/v2.0/quotas/{fake.PROJECT_ID}/details")
    limits = client.get_project_limits()
    assert limits.instances == Limit(used=4, limit=10)
    assert limits.floating_ips == Limit(used=2, limit=5)
    assert limits.warnings == ()


def test_wizard_choices_read_no_quota(cloud, requests_mock):
    """The quota pre-flight reads the limits when it checks; the wizards'
    choices leave them alone."""
    assert cloud.wizard_choices().warnings == []
    read = [call.path for call in requests_mock.request_history]
    assert read and not [path for path in read if "limits" in path or "quota" in path]


def test_failed_look_up_becomes_empty_with_a_warning(cloud, requests_mock):
    requests_mock.get(f"{NEUTRON}/v2.0/networks", status_code=503,
                      json={"NeutronError": {"message": "down for repair"}})
    choices = cloud.wizard_choices()
    assert choices.networks == [] and choices.external_networks == []
    assert [f.name for f in choices.flavors] == ["m1.small", "m1.diskless"]
    assert len(choices.warnings) == 1
    assert "networks" in choices.warnings[0]
    assert "503" in choices.warnings[0]


def test_failed_quota_read_is_a_warning_not_an_error(cloud, requests_mock):
    requests_mock.get(f"{NOVA}/limits", status_code=500, json={})
    limits = cloud.get_project_limits()
    assert limits.instances is None
    assert "compute service" in limits.warnings[0]
    assert limits.floating_ips is not None


def test_direct_look_up_failure_is_a_coe_error(cloud, requests_mock):
    requests_mock.get(f"{NOVA}/flavors/detail", status_code=403,
                      json={"forbidden": {"message": "Nope."}})
    with pytest.raises(coe_backend.Forbidden, match="Nope"):
        cloud.list_flavors()


def test_malformed_answer_is_a_warning_too(cloud, requests_mock):
    requests_mock.get(f"{NOVA}/flavors/detail", json={"unexpected": []})
    choices = cloud.wizard_choices()
    assert choices.flavors == []
    assert any("flavors" in warning for warning in choices.warnings)
    assert [k.name for k in choices.keypairs] == ["demo-key"]


@pytest.fixture
def cinder(cloud, requests_mock):
    """`cloud` with Cinder in its catalog; returns its volume types' URL."""
    body = fake.token_body()
    body["token"]["catalog"] += [
        service("image", GLANCE), service("compute", NOVA),
        service("network", NEUTRON),
        service("block-storage", f"{CINDER}/v3/{fake.PROJECT_ID}")]
    requests_mock.post(f"{fake.KEYSTONE}/auth/tokens", json=body,
                       headers={"X-Subject-Token": "t"}, status_code=201)
    requests_mock.get(f"{CINDER}/v3/", json={"versions": [{
        "id": "v3.0", "status": "CURRENT", "version": "3.70",
        "min_version": "3.0", "links": [{"rel": "self", "href": f"{CINDER}/v3/"}]}]})
    requests_mock.get(f"{CINDER}/v3/{fake.PROJECT_ID}/limits", json={"limits": {
        "absolute": {"maxTotalVolumes": 10, "totalVolumesUsed": 1}}})
    return f"{CINDER}/v3/{fake.PROJECT_ID}/types"


def test_volume_types_come_from_cinder(cloud, cinder, requests_mock):
    requests_mock.get(cinder, json={"volume_types": [
        {"id": "vt-0", "name": "__DEFAULT__", "description": "Default Volume Type"},
        {"id": "vt-1", "name": "ssd", "description": ""}]})
    choices = cloud.wizard_choices()
    assert [(t.name, t.description) for t in choices.volume_types] == [
        ("__DEFAULT__", "Default Volume Type"), ("ssd", None)]
    assert choices.warnings == []


def test_a_cloud_without_cinder_offers_no_volume_types_and_no_warning(cloud):
    choices = cloud.wizard_choices()
    assert choices.volume_types == [] and choices.warnings == []


def test_an_unreadable_cinder_is_a_warning(cloud, cinder, requests_mock):
    requests_mock.get(cinder, status_code=503,
                      json={"message": "cinder-api is down"})
    choices = cloud.wizard_choices()
    assert choices.volume_types == []
    assert [w for w in choices.warnings if "volume types" in w and "503" in w]
    assert [f.name for f in choices.flavors] == ["m1.small", "m1.diskless"]


@pytest.mark.parametrize("network, subnet, says", [
    ("private", "private-subnet", None),  # by name, as the cluster wizard sends them
    ("net-1", "sub-1", None),  # by ID, as the template wizard does
    ("", "", None),
    ("public", "private-subnet", "This subnet is not on network public"),
    ("", "sub-1", "Choose the network the subnet belongs to"),
])
def test_a_subnet_goes_with_its_own_network(network, subnet, says):
    choices = coe_backend.WizardChoices(
        networks=[coe_backend.Network("net-1", "private"),
                  coe_backend.Network("net-2", "public", is_external=True)],
        subnets=[coe_backend.Subnet("sub-1", "private-subnet", "net-1")])
    reason = choices.subnet_off_network(network, subnet)
    assert (reason is None) if says is None else (says in str(reason))
