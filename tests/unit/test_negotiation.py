"""Microversion negotiation and endpoint discovery, against a mocked
Keystone and Magnum at the HTTP boundary."""

import pytest
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

import coe_backend
from coe_backend import InvalidInput, Unsupported
from tests.unit import fake


def magnum_requests(requests_mock):
    return [r for r in requests_mock.request_history
            if r.url.startswith(fake.MAGNUM)]


def test_connect_makes_no_network_call(session, requests_mock):
    coe_backend.connect(session, region_name="RegionOne")
    assert requests_mock.call_count == 0


@pytest.mark.parametrize("server, expected", [
    ("1.9", "1.9"), ("1.12", "1.12"), ("1.14", "1.14"), ("1.99", "1.14")])
def test_uses_highest_version_both_sides_know(session, magnum_at, server,
                                              expected):
    magnum_at(server)
    client = coe_backend.connect(session, region_name="RegionOne")
    assert client.api_version == expected


def test_reads_only_the_version_of_the_newer_service_token(session,
                                                          magnum_at):
    magnum_at("1.14", service="container-infrastructure-management")
    client = coe_backend.connect(session, region_name="RegionOne")
    assert client.api_version == "1.14"


def test_operator_ceiling_caps_the_version(session, magnum_at):
    magnum_at("1.14")
    client = coe_backend.connect(session, region_name="RegionOne",
                                 max_api_version="1.10")
    assert client.api_version == "1.10"


def test_every_call_sends_the_container_infra_version_header(
        session, magnum_at, requests_mock):
    magnum_at("1.12", service="container-infrastructure-management")
    requests_mock.get(f"{fake.MAGNUM}/clusters", **fake.json({"clusters": []}))
    client = coe_backend.connect(session, region_name="RegionOne")
    client.list_clusters()
    sent = requests_mock.last_request.headers["OpenStack-API-Version"]
    assert sent == "container-infra 1.12"


def test_features_follow_the_negotiated_version(session, magnum_at):
    magnum_at("1.12")
    features = coe_backend.connect(session, region_name="RegionOne").features
    assert features.node_groups and features.resize and features.upgrade
    assert features.zero_node_clusters and features.credential_rotation
    assert not features.cluster_id_field
    assert not features.node_labels_and_taints


def test_old_magnum_lacks_node_groups(session, magnum_at):
    magnum_at("1.8")
    features = coe_backend.connect(session, region_name="RegionOne").features
    assert features.upgrade and not features.node_groups


def test_unsupported_operation_refused_before_any_call(
        session, magnum_at, requests_mock):
    magnum_at("1.11")
    client = coe_backend.connect(session, region_name="RegionOne")
    with pytest.raises(Unsupported, match="1.12"):
        client.rotate_credentials("k8s")
    assert [r.url for r in magnum_requests(requests_mock)] == [
        fake.MAGNUM]


def test_node_groups_need_1_9(session, magnum_at, requests_mock):
    magnum_at("1.8")
    client = coe_backend.connect(session, region_name="RegionOne")
    with pytest.raises(Unsupported, match="1.9"):
        client.list_node_groups("k8s")


def test_root_version_document_without_headers(session, requests_mock):
    requests_mock.get("http://magnum.test:9511/", json={"versions": [
        {"id": "v1", "status": "CURRENT", "min_version": "1.1",
         "max_version": "1.11"}]})
    client = coe_backend.connect(
        session, endpoint_override="http://magnum.test:9511/")
    assert client.api_version == "1.11"


def test_magnum_without_microversions_speaks_the_base_version(
        session, requests_mock):
    requests_mock.get(fake.MAGNUM, json={"id": "v1"})
    client = coe_backend.connect(session, region_name="RegionOne")
    assert client.api_version == "1.1"


@pytest.mark.parametrize("region, interface, url_name", [
    ("RegionOne", "public", "MAGNUM"),
    ("RegionOne", "internal", "MAGNUM_INTERNAL"),
    ("Other", "public", "MAGNUM_OTHER_REGION")])
def test_endpoint_comes_from_the_catalog(session, magnum_at, requests_mock,
                                         region, interface, url_name):
    url = getattr(fake, url_name)
    magnum_at("1.14", url=url)
    requests_mock.get(f"{url}/clusters", **fake.json({"clusters": []}))
    client = coe_backend.connect(session, region_name=region,
                                 interface=interface)
    client.list_clusters()
    assert requests_mock.last_request.url.startswith(url + "/clusters")


def test_endpoint_override_skips_the_catalog(session, magnum_at,
                                             requests_mock):
    url = "http://elsewhere.test/v1"
    magnum_at("1.14", url=url)
    requests_mock.get(f"{url}/clustertemplates",
                      **fake.json({"clustertemplates": [fake.template()]}))
    client = coe_backend.connect(session, endpoint_override=url)
    names = [t.name for t in client.list_cluster_templates().items]
    assert names == ["k8s-template"]


@pytest.mark.parametrize("other_services", [False, True])
def test_cloud_without_magnum(requests_mock, other_services):
    body = fake.token_body(with_magnum=False)
    if other_services:
        body["token"]["catalog"].append({
            "id": "s2", "type": "compute", "name": "nova", "endpoints": [
                {"id": "e9", "interface": "public", "region": "RegionOne",
                 "region_id": "RegionOne", "url": "http://nova.test"}]})
    requests_mock.post(f"{fake.KEYSTONE}/auth/tokens", json=body,
                       headers={"X-Subject-Token": "t"}, status_code=201)
    session = ks_session.Session(auth=v3.Token(
        auth_url=fake.KEYSTONE, token="x", project_id=fake.PROJECT_ID))
    client = coe_backend.connect(session, region_name="RegionOne")
    with pytest.raises(Unsupported, match="no Magnum endpoint"):
        client.list_clusters()


@pytest.mark.parametrize("ceiling", ["latest", "2", "1.0", "one.two"])
def test_bad_ceiling_is_refused_at_connect(session, ceiling):
    with pytest.raises(InvalidInput) as caught:
        coe_backend.connect(session, max_api_version=ceiling)
    assert caught.value.field == "max_api_version"


def test_timeout_applies_to_this_client_only(session, magnum_at,
                                             requests_mock):
    magnum_at("1.14")
    requests_mock.get(f"{fake.MAGNUM}/clusters", **fake.json({"clusters": []}))
    client = coe_backend.connect(session, region_name="RegionOne", timeout=7)
    client.list_clusters()
    assert requests_mock.last_request.timeout == 7.0
    assert session.timeout is None


def test_negotiates_once(client, requests_mock):
    requests_mock.get(f"{fake.MAGNUM}/clusters", **fake.json({"clusters": []}))
    client.list_clusters()
    client.list_clusters()
    version_reads = [r for r in requests_mock.request_history
                     if r.url == fake.MAGNUM]
    assert len(version_reads) == 1


def test_a_known_server_maximum_saves_the_negotiation_request(
        session, requests_mock):
    requests_mock.get(f"{fake.MAGNUM}/clusters", **fake.json({"clusters": []}))
    client = coe_backend.connect(session, region_name="RegionOne",
                                 server_max_version="1.12")
    client.list_clusters()
    magnum_calls = [r.url for r in magnum_requests(requests_mock)]
    assert magnum_calls == [f"{fake.MAGNUM}/clusters"]
    assert requests_mock.last_request.headers["OpenStack-API-Version"] == \
        "container-infra 1.12"
    assert client.server_max_version == "1.12"


def test_the_server_maximum_is_reported_for_reuse(session, magnum_at):
    magnum_at("1.14")
    client = coe_backend.connect(session, region_name="RegionOne",
                                 max_api_version="1.10")
    assert (client.api_version, client.server_max_version) == ("1.10", "1.14")
