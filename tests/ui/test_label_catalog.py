"""The wizards' label catalog through the real Horizon and Magnum: the labels
offered follow the driver, a value not of its label's type is refused beside
the Labels field, and the operator's LABEL_CATALOG (both forms) is what the
wizards offer."""
import html
import json
import logging
import re

import pytest
from django.test import override_settings

from devcloud.catalog import IMAGES
from tests.magnum_helpers import create_cluster, create_template, remove, unique_name
from tests.ui.test_cluster_access import access_tab
from tests.ui.test_cluster_templates import CREATE, LABELS, validate_step, wizard_data

pytestmark = pytest.mark.devcloud

CAPI_HELM_IMAGE = next(i for i in IMAGES if i.get("magnum_driver") == "k8s_capi_helm_v1")
MCAPI_IMAGE = next(i for i in IMAGES if i.get("magnum_driver") == "k8s_cluster_api_ubuntu")
CLUSTER_CREATE = "/project/clusters/create/"


def labels_widget(page):
    """The data attributes of the Labels field's textarea, JSON read."""
    tag = re.search(r"<textarea[^>]*data-labels-editor[^>]*>", page).group(0)
    attrs = {name: html.unescape(value) for name, value in
             re.findall(r'(data-label-[a-z-]+)="([^"]*)"', tag)}
    return {name: (json.loads(value) if value[:1] in "{[" else value)
            for name, value in attrs.items()}


def labels_error(errors):
    """The Labels field's message among one step's errors (Horizon's JSON, escaped)."""
    return html.unescape(next(field["labels"][0] for field in errors.values()
                              if "labels" in field))


@pytest.fixture(scope="module")
def capi_helm_template(horizon):
    magnum = horizon.magnum("demo")
    template = create_template(magnum, image=CAPI_HELM_IMAGE["name"])
    yield template
    remove(magnum, [], [template.uuid])


def test_the_template_wizard_offers_the_chosen_image_s_driver_s_labels(login):
    widget = labels_widget(login("demo").get(CREATE).content.decode())
    assert widget["data-label-follows"] == "image_id"
    assert widget["data-label-drivers"][CAPI_HELM_IMAGE["id"]] == "capi-helm"
    helm = widget["data-label-catalogs"]["capi-helm"]
    assert "kube_tag" not in helm and "boot_volume_size" not in helm  # ignored; its own field
    assert helm["keystone_auth_enabled"]["hint"] == "true or false; default: false"
    assert helm["etcd_blockdevice_size"]["immutable"]
    assert "set at create, cannot be changed later" in helm["etcd_blockdevice_size"]["hint"]
    assert "kube_tag" in widget["data-label-catalogs"]["other"]  # an image of Magnum's default


def test_the_template_wizard_refuses_a_value_not_of_its_label_s_type(login):
    client = login("demo").client
    errors = validate_step(client, CREATE, wizard_data(
        "x", labels="auto_healing_enabled=ture\nmin_node_count=abc"), LABELS)
    message = labels_error(errors)
    assert "The label auto_healing_enabled takes true or false" in message
    assert 'The label min_node_count takes a whole number, 0 or more; "abc" is not that.' in message
    assert validate_step(client, CREATE, wizard_data(
        "x", labels="auto_healing_enabled=true\nmin_node_count=1"), LABELS) == {}


def test_the_template_review_warns_of_labels_the_image_s_driver_ignores(login):
    page = html.unescape(login("demo").post(f"{CREATE}review/", wizard_data(
        "helm", image_id=CAPI_HELM_IMAGE["id"], labels="kube_tag=v1.31.2")).content.decode())
    assert "ignores the others without a word: kube_tag." in page


def test_the_cluster_wizard_offers_each_template_s_driver_and_refuses_bad_values(
        login, capi_helm_template):
    client = login("demo").client
    widget = labels_widget(client.get(CLUSTER_CREATE).content.decode())
    assert widget["data-label-follows"] == "cluster_template_id"
    assert widget["data-label-drivers"][capi_helm_template.uuid] == "capi-helm"
    response = client.post(CLUSTER_CREATE, {
        "name": unique_name("c"), "cluster_template_id": capi_helm_template.uuid,
        "labels": "fixed_subnet_cidr=10.0.0.1/24", "labels_mode": "merge"},
        HTTP_X_HORIZON_VALIDATE_STEP_START="3", HTTP_X_HORIZON_VALIDATE_STEP_END="3")
    assert "The label fixed_subnet_cidr takes a network in CIDR form" in labels_error(
        response.json()["errors"])


def test_the_node_group_wizard_offers_the_cluster_s_driver_and_refuses_bad_values(
        horizon, login, capi_helm_template):
    magnum = horizon.magnum("demo")
    cluster, _ = create_cluster(magnum, capi_helm_template, node_count=1)
    try:
        url = f"/project/clusters/{cluster.uuid}/node-groups/create/"
        widget = labels_widget(login("demo").get(url).content.decode())
        assert widget["data-label-driver"] == "capi-helm" and "data-label-follows" not in widget
        assert set(widget["data-label-catalogs"]) == {"capi-helm"}
        response = login("demo").post(url, {
            "name": unique_name("ng"), "role": "worker", "node_count": 1, "min_node_count": 1,
            "labels_mode": "merge", "labels": "boot_volume_size=big"},
            HTTP_X_HORIZON_VALIDATE_STEP_START="2", HTTP_X_HORIZON_VALIDATE_STEP_END="2")
        assert "The label boot_volume_size takes a whole number" in labels_error(
            response.json()["errors"])
    finally:
        remove(magnum, [cluster.uuid], [])


SETTING = {"kube_tag": "Our Kubernetes version, e.g. v1.31.2",
           "team": {"description": "Which team runs it", "type": "choice",
                    "values": ["red", "blue"], "default": "red", "drivers": ["capi-helm"]},
           "monitoring_enabled": None,
           "broken": {"type": "float"}}


def test_the_operator_s_catalog_in_both_forms_is_offered_and_enforced(login, caplog):
    client = login("demo").client
    with override_settings(COE_UI={"LABEL_CATALOG": SETTING}), \
            caplog.at_level(logging.WARNING, logger="coe_ui.plugin_settings"):
        response = client.get(CREATE)
        assert response.status_code == 200  # the broken entry is left out, not a 500
        catalogs = labels_widget(response.content.decode())["data-label-catalogs"]
        assert catalogs["other"]["kube_tag"]["description"] == (
            "Our Kubernetes version, e.g. v1.31.2")
        assert catalogs["capi-helm"]["team"] == {
            "description": "Which team runs it", "hint": "one of red, blue; default: red",
            "default": "red", "immutable": False}
        assert "monitoring_enabled" not in catalogs["capi-helm"]
        assert "broken" not in catalogs["other"]
        errors = validate_step(client, CREATE, wizard_data("x", labels="team=green"), LABELS)
        assert "The label team takes one of red, blue" in labels_error(errors)
    assert "LABEL_CATALOG entry broken is left out" in caplog.text


def test_magnum_cluster_api_runs_keystone_auth_unless_its_label_says_no(horizon, login):
    """keystone_auth_enabled defaults to true on magnum-cluster-api (its
    resources.py), false elsewhere: the Access tab offers what the driver does."""
    magnum = horizon.magnum("demo")
    template = create_template(magnum, image=MCAPI_IMAGE["name"])
    bare, _ = create_cluster(magnum, template, node_count=1)
    off, _ = create_cluster(magnum, template, node_count=1,
                            labels={"keystone_auth_enabled": "false"})
    try:
        assert "It holds no secret" in access_tab(login, "demo", bare)
        assert "does not take Keystone tokens" in access_tab(login, "demo", off)
    finally:
        remove(magnum, [bare.uuid, off.uuid], [template.uuid])
