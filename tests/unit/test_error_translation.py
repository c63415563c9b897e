"""What a user sees when Magnum, Keystone or the network fail, mocked only
at the HTTP boundary (requests-mock behind a real keystoneauth session and
python-magnumclient's SessionClient)."""

import pytest
import requests

import coe_backend
from coe_backend import (
    NON_FIELD, Conflict, Forbidden, InvalidInput, NotFound, QuotaExceeded,
    ServiceUnavailable, Unsupported)
from tests.unit import fake


def test_not_found_keeps_magnums_sentence(client, requests_mock):
    requests_mock.get(f"{fake.MAGNUM}/clusters/gone",
                      **fake.error(404, "Cluster gone could not be found."))
    with pytest.raises(NotFound) as caught:
        client.get_cluster("gone")
    assert caught.value.message == "Cluster gone could not be found."
    assert caught.value.status_code == 404
    assert caught.value.request_id == "req-abc"


def test_policy_denial_names_the_rule(client, requests_mock):
    requests_mock.post(f"{fake.MAGNUM}/clustertemplates", **fake.error(
        403, "Policy doesn't allow clustertemplate:create to be performed."))
    with pytest.raises(Forbidden) as caught:
        client.create_cluster_template(name="t", coe="kubernetes",
                                       image_id="ubuntu")
    assert caught.value.rule == "clustertemplate:create"
    assert "clustertemplate:create" in caught.value.message


def test_publishing_denied_names_the_publish_rule(client, requests_mock):
    requests_mock.post(f"{fake.MAGNUM}/clustertemplates", **fake.error(
        403, "Not authorized to set public or hidden flag for cluster "
             "template."))
    with pytest.raises(Forbidden) as caught:
        client.create_cluster_template(coe="kubernetes", image_id="ubuntu",
                                       public=True)
    assert caught.value.rule == "clustertemplate:publish"
    assert "administrators" in caught.value.message


def test_magnum_cluster_quota(client, requests_mock):
    requests_mock.get(f"{fake.MAGNUM}/clustertemplates/{fake.TEMPLATE_UUID}",
                      **fake.json(fake.template()))
    requests_mock.post(f"{fake.MAGNUM}/clusters", **fake.error(
        403, "Resource limit exceeded: You have reached the maximum clusters "
             "per project, 20. You may delete a cluster to make room for a "
             "new one."))
    with pytest.raises(QuotaExceeded, match="maximum clusters per project"):
        client.create_cluster(cluster_template_id=fake.TEMPLATE_UUID)


def test_duplicate_name_is_a_conflict(client, requests_mock):
    requests_mock.get(f"{fake.MAGNUM}/clusters/twin", **fake.error(
        409, "Multiple clusters exist with same name. Please use the "
             "cluster uuid instead."))
    with pytest.raises(Conflict, match="same name"):
        client.get_cluster("twin")


def test_template_in_use_by_an_invisible_cluster_is_a_conflict(
        client, requests_mock):
    """Another project's cluster is not in our list; Magnum refuses with a
    400 that is really a conflict."""
    requests_mock.get(f"{fake.MAGNUM}/clustertemplates/shared",
                      **fake.json(fake.template(public=True)))
    requests_mock.get(f"{fake.MAGNUM}/clusters", **fake.json({"clusters": []}))
    requests_mock.delete(
        f"{fake.MAGNUM}/clustertemplates/{fake.TEMPLATE_UUID}",
        **fake.error(400, f"ClusterTemplate {fake.TEMPLATE_UUID} is "
                          "referenced by one or multiple clusters."))
    with pytest.raises(Conflict, match="referenced"):
        client.delete_cluster_template("shared")


@pytest.mark.parametrize("detail, field", [
    ("Unable to find flavor m1.huge.", "flavor_id"),
    ("Image ubuntu could not be found.", "image_id"),
    ("Image ubuntu doesn't contain os_distro field.", "image_id"),
    ("Unable to find external network public.", "external_network_id"),
    ("Invalid input for field/attribute http_proxy. Value: 'x'. Wrong type.",
     "http_proxy"),
    # MasterNGResizeNotSupported (a resize's answer; the rule does not look at the path)
    ("Resizing the master nodegroup is not supported by this driver.", "node_count"),
])
def test_bad_reference_points_at_the_field(client, requests_mock,
                                           detail, field):
    requests_mock.post(f"{fake.MAGNUM}/clustertemplates",
                       **fake.error(400, detail))
    with pytest.raises(InvalidInput) as caught:
        client.create_cluster_template(coe="kubernetes", image_id="ubuntu")
    assert caught.value.field == field
    assert caught.value.errors == {field: detail}


def test_unknown_keypair_on_create_is_bad_input_not_missing_cluster(
        client, requests_mock):
    requests_mock.get(f"{fake.MAGNUM}/clustertemplates/{fake.TEMPLATE_UUID}",
                      **fake.json(fake.template()))
    requests_mock.post(f"{fake.MAGNUM}/clusters", **fake.error(
        404, "Unable to find keypair mykey."))
    with pytest.raises(InvalidInput) as caught:
        client.create_cluster(cluster_template_id=fake.TEMPLATE_UUID,
                              keypair="mykey")
    assert caught.value.field == "keypair"


def test_node_group_bounds_conflict_names_the_field(client, requests_mock):
    requests_mock.get(f"{fake.MAGNUM}/clusters/k8s",
                      **fake.json(fake.cluster()))
    requests_mock.post(
        f"{fake.MAGNUM}/clusters/{fake.CLUSTER_UUID}/nodegroups/",
        **fake.error(409, "max_node_count for ng1 is invalid (node_count (5) "
                          "should be less or equal to max_node_count (3))."))
    with pytest.raises(InvalidInput) as caught:
        client.create_node_group("k8s", name="ng1", node_count=2,
                                 max_node_count=3)
    assert caught.value.field == "max_node_count"


def test_unclassified_bad_request_is_a_form_level_error(client,
                                                       requests_mock):
    requests_mock.post(f"{fake.MAGNUM}/clustertemplates",
                       **fake.error(400, "Something odd happened."))
    with pytest.raises(InvalidInput) as caught:
        client.create_cluster_template(coe="kubernetes", image_id="ubuntu")
    assert caught.value.errors == {NON_FIELD: "Something odd happened."}
    assert caught.value.field is None


def test_wrong_state_reported_by_the_conductor_is_a_conflict(
        client, requests_mock):
    requests_mock.get(f"{fake.MAGNUM}/clusters/k8s",
                      **fake.json(fake.cluster()))
    requests_mock.patch(f"{fake.MAGNUM}/certificates/{fake.CLUSTER_UUID}",
                        **fake.error(400, 'Updating a cluster when status is '
                                          '"UPDATE_IN_PROGRESS" is not '
                                          "supported."))
    with pytest.raises(Conflict, match="UPDATE_IN_PROGRESS"):
        client.rotate_ca("k8s")


def test_driver_limitation_is_unsupported(client, requests_mock):
    requests_mock.get(f"{fake.MAGNUM}/clusters/k8s",
                      **fake.json(fake.cluster()))
    requests_mock.patch(f"{fake.MAGNUM}/certificates/{fake.CLUSTER_UUID}",
                        **fake.error(400, "Rotating the CA certificate on a "
                                          "non-TLS cluster is not "
                                          "supported."))
    with pytest.raises(Unsupported, match="non-TLS"):
        client.rotate_ca("k8s")


def test_microversion_refusal_names_the_servers_range(client, requests_mock):
    requests_mock.get(f"{fake.MAGNUM}/clusters", **fake.error(
        406, "Version 1.14 was requested but the minor version is not "
             "supported by this service.",
        max_version="1.10", min_version="1.1",
        code="magnum.microversion-unsupported"))
    with pytest.raises(Unsupported) as caught:
        client.list_clusters()
    assert "1.1 to 1.10" in caught.value.message


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_failures_are_service_unavailable(client, requests_mock,
                                                 status):
    requests_mock.get(f"{fake.MAGNUM}/clusters",
                      **fake.error(status, "Boom."))
    with pytest.raises(ServiceUnavailable) as caught:
        client.list_clusters()
    assert f"HTTP {status}" in caught.value.message


def test_non_json_gateway_error(client, requests_mock):
    requests_mock.get(f"{fake.MAGNUM}/clusters", status_code=502,
                      text="<html>Bad Gateway</html>",
                      headers={"Content-Type": "text/html"})
    with pytest.raises(ServiceUnavailable, match="502"):
        client.list_clusters()


def test_a_web_servers_error_page_is_told_in_its_words_not_its_html(client, requests_mock):
    """gunicorn's page for a request it ended (magnum-api waiting on RabbitMQ)."""
    requests_mock.get(f"{fake.MAGNUM}/clusters", status_code=500, headers={
        "Content-Type": "text/html"}, text="<html>\n  <head>\n    <title>Internal Server Error"
        "</title>\n  </head>\n  <body>\n    <h1><p>Internal Server Error</p></h1>\n  </body>\n</html>")
    with pytest.raises(ServiceUnavailable) as failed:
        client.list_clusters()
    assert "(HTTP 500): Internal Server Error. Try again later" in str(failed.value)
    assert "<" not in str(failed.value)


def test_timeout(client, requests_mock):
    requests_mock.get(f"{fake.MAGNUM}/clusters",
                      exc=requests.exceptions.ReadTimeout)
    with pytest.raises(ServiceUnavailable, match="did not answer in time"):
        client.list_clusters()


def test_unreachable(client, requests_mock):
    requests_mock.get(f"{fake.MAGNUM}/clusters",
                      exc=requests.exceptions.ConnectionError("refused"))
    with pytest.raises(ServiceUnavailable, match="Could not reach Magnum"):
        client.list_clusters()


def test_unreachable_during_negotiation(session, requests_mock):
    requests_mock.get(fake.MAGNUM,
                      exc=requests.exceptions.ConnectionError("refused"))
    client = coe_backend.connect(session, region_name="RegionOne")
    with pytest.raises(ServiceUnavailable):
        client.list_clusters()


def test_expired_login(requests_mock):
    from keystoneauth1 import session as ks_session
    from keystoneauth1.identity import v3
    requests_mock.post(f"{fake.KEYSTONE}/auth/tokens", status_code=401,
                       json={"error": {"code": 401, "title": "Unauthorized",
                                       "message": "The request you have made "
                                                  "requires authentication."}})
    session = ks_session.Session(auth=v3.Token(
        auth_url=fake.KEYSTONE, token="expired", project_id=fake.PROJECT_ID))
    client = coe_backend.connect(session)
    with pytest.raises(Forbidden, match="[Ll]og in again"):
        client.list_clusters()


def test_magnum_rejecting_the_token(client, requests_mock):
    requests_mock.get(f"{fake.MAGNUM}/clusters", status_code=401,
                      text="Authentication required")
    with pytest.raises(Forbidden, match="[Ll]og in again"):
        client.list_clusters()


def test_get_retries_a_404_right_after_create(client, requests_mock):
    requests_mock.get(f"{fake.MAGNUM}/clustertemplates/{fake.TEMPLATE_UUID}",
                      **fake.json(fake.template()))
    requests_mock.post(f"{fake.MAGNUM}/clusters",
                       **fake.json({"uuid": fake.CLUSTER_UUID}, 202))
    requests_mock.get(f"{fake.MAGNUM}/clusters/{fake.CLUSTER_UUID}", [
        fake.error(404, f"Cluster {fake.CLUSTER_UUID} could not be found."),
        fake.json(fake.cluster(status="CREATE_IN_PROGRESS"))])
    uuid = client.create_cluster(cluster_template_id=fake.TEMPLATE_UUID)
    cluster = client.get_cluster(uuid)
    assert cluster.status == coe_backend.ClusterStatus.CREATE_IN_PROGRESS


def test_a_404_for_something_not_just_created_is_believed(client,
                                                          requests_mock):
    route = requests_mock.get(
        f"{fake.MAGNUM}/clusters/{fake.CLUSTER_UUID}",
        **fake.error(404, "Cluster could not be found."))
    with pytest.raises(NotFound):
        client.get_cluster(fake.CLUSTER_UUID)
    assert route.call_count == 1


def test_a_400_while_reading_a_cluster_means_it_is_being_deleted(
        client, requests_mock):
    requests_mock.get(f"{fake.MAGNUM}/clusters/k8s", **fake.error(
        400, "Nodegroup default-worker could not be found."))
    with pytest.raises(NotFound, match="being deleted"):
        client.get_cluster("k8s")


def test_a_list_caught_while_magnum_builds_a_cluster_is_retried(client, requests_mock):
    half_built = fake.error(400, "Invalid input for field/attribute master_count. "
                                 "Value: '0'. Value should be greater or equal to 1")
    requests_mock.get(f"{fake.MAGNUM}/clusters", [half_built, fake.json({"clusters": []})])
    assert client.list_clusters().items == []


def test_templates_in_use_waits_out_a_half_built_cluster(client, requests_mock):
    """The templates page counts clusters per template from one listing; a
    cluster being created elsewhere in the project must not make it "unknown"."""
    half_built = fake.error(400, "Invalid input for field/attribute master_count. "
                                 "Value: '0'. Value should be greater or equal to 1")
    requests_mock.get(f"{fake.MAGNUM}/clusters", [half_built, fake.json(
        {"clusters": [fake.cluster()]})])
    assert client.templates_in_use() == {fake.TEMPLATE_UUID: ["k8s"]}


def test_a_list_that_stays_half_built_says_to_refresh(client, requests_mock, monkeypatch):
    monkeypatch.setattr("coe_backend.magnum.half_built._DELAYS", (0, 0))
    requests_mock.get(f"{fake.MAGNUM}/clusters", **fake.error(
        400, "Invalid input for field/attribute master_count. Value: '0'."))
    with pytest.raises(coe_backend.ServiceUnavailable, match="refresh in a few seconds"):
        client.list_clusters()
