"""cluster_resources through openstacksdk, mocked at the HTTP boundary: a
cloud with no Octavia in its catalog and a failing Cinder still answers,
with those kinds "could not be checked"."""

import pytest
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

import coe_backend
from coe_backend import Cluster, ResourceKind
from tests.unit import fake
from tests.unit.test_catalog import NEUTRON, NOVA, NOVA_VERSION, service

CINDER = "http://cinder.test/v3/" + fake.PROJECT_ID


@pytest.fixture
def cloud(requests_mock):
    body = fake.token_body()
    body["token"]["catalog"] += [service("compute", NOVA), service("network", NEUTRON),
                                 service("block-storage", CINDER)]
    requests_mock.post(f"{fake.KEYSTONE}/auth/tokens", json=body,
                       headers={"X-Subject-Token": "t"}, status_code=201)
    requests_mock.get(NOVA, json=NOVA_VERSION)
    requests_mock.get(f"{NOVA}/flavors/detail", json={"flavors": []})
    requests_mock.get(f"{NOVA}/servers/detail", json={"servers": [
        {"id": "srv-1", "name": "web-node-0", "status": "ACTIVE",
         "addresses": {"private": [{"addr": "10.0.0.5"}]}}]})
    requests_mock.get(f"{NEUTRON}/v2.0/floatingips", json={"floatingips": [
        {"id": "fip-1", "floating_ip_address": "172.24.4.9", "status": "ACTIVE",
         "port_details": {"device_id": "srv-1"}}]})
    requests_mock.get(f"{NEUTRON}/v2.0/security-groups", json={"security_groups": [
        {"id": "sg-1", "name": "web-secgroup"}]})
    requests_mock.get("http://cinder.test/v3/", json={"versions": [{
        "id": "v3.0", "status": "CURRENT", "version": "3.70", "min_version": "3.0",
        "links": [{"rel": "self", "href": "http://cinder.test/v3/"}]}]})
    requests_mock.get(f"{CINDER}/volumes/detail", status_code=500,
                      json={"computeFault": {"code": 500, "message": "Cinder is down"}})
    auth = v3.Token(auth_url=fake.KEYSTONE, token="x", project_id=fake.PROJECT_ID)
    return coe_backend.connect(ks_session.Session(auth=auth), region_name="RegionOne")


def test_no_octavia_and_a_failing_cinder_are_unchecked_the_rest_is_listed(cloud):
    cluster = Cluster.from_api({"uuid": fake.CLUSTER_UUID, "name": "web",
                                "node_addresses": ["10.0.0.5"],
                                "health_status_reason": {"web-node-0.Ready": "True"}})
    radius = cloud.cluster_resources(cluster)
    assert [o.resource.id for o in radius.goes] == ["srv-1", "fip-1", "sg-1"]
    unchecked = {kind: str(u.reason) for u in radius.unchecked for kind in u.kinds}
    assert set(unchecked) == {ResourceKind.VOLUME, ResourceKind.LOAD_BALANCER}
    assert "load-balancer service (Octavia)" in unchecked[ResourceKind.LOAD_BALANCER]
    assert "volume service (Cinder)" in unchecked[ResourceKind.VOLUME]
