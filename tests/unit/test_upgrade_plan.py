"""Kubernetes versions of templates and clusters, and upgrade planning."""

import pytest

from coe_backend import (
    Cluster, ClusterTemplate, Image, KubernetesVersion, kubernetes_version)
from coe_backend.rules.upgrade_plan import plan_upgrade

IMAGES = [Image("img-128", "ubuntu-k8s-1.28", os_distro="ubuntu",
                kube_version="v1.28.9"),
          Image("img-plain", "plain", os_distro="ubuntu")]


def template(uuid, kube_tag=None, image_id="img-plain", **fields):
    labels = {"kube_tag": kube_tag} if kube_tag else {}
    labels.update(fields.pop("labels", {}))
    return ClusterTemplate(uuid=uuid, name=uuid, coe="kubernetes",
                           image_id=image_id, labels=labels, **fields)


@pytest.mark.parametrize("text, parsed", [
    ("v1.28.3", (1, 28, 3, "")), ("1.29", (1, 29, 0, "")),
    ("v1.30.1-rancher1", (1, 30, 1, "-rancher1")), ("latest", None),
    ("", None), (None, None)])
def test_parse(text, parsed):
    version = KubernetesVersion.parse(text)
    assert (None if version is None else
            (version.major, version.minor, version.patch, version.suffix)) \
        == parsed


def test_versions_order_numerically():
    assert KubernetesVersion.parse("v1.9.0") < KubernetesVersion.parse(
        "v1.10.0")


def test_kube_tag_wins():
    subject = template("t", kube_tag="v1.27.1", image_id="img-128")
    assert str(kubernetes_version(subject, IMAGES)) == "v1.27.1"


def test_image_kube_version_by_id_or_name():
    by_id = template("t", image_id="img-128")
    by_name = template("t", image_id="ubuntu-k8s-1.28")
    assert str(kubernetes_version(by_id, IMAGES)) == "v1.28.9"
    assert str(kubernetes_version(by_name, IMAGES)) == "v1.28.9"
    assert kubernetes_version(by_id) is None  # images unknown


def test_cluster_falls_back_to_coe_version():
    subject = Cluster(uuid="c", coe_version="v1.26.4")
    assert str(kubernetes_version(subject)) == "v1.26.4"
    assert kubernetes_version(Cluster(uuid="c")) is None


CURRENT = template("current", kube_tag="v1.28.3", flavor_id="m1.small",
                   labels={"auto_healing_enabled": "true"})
CLUSTER = Cluster(uuid="c", cluster_template_id="current",
                  coe_version="v1.28.3")


def plan_for(*templates):
    plan = plan_upgrade(CLUSTER, [CURRENT, *templates], IMAGES)
    offered = {c.template.uuid: c for c in plan.candidates}
    refused = {r.template.uuid: r.reason for r in plan.rejected}
    return plan, offered, refused


def test_one_minor_up_and_same_version_are_offered():
    plan, offered, refused = plan_for(
        template("next", kube_tag="v1.29.0", flavor_id="m1.small",
                 labels={"auto_healing_enabled": "true"}),
        template("refresh", kube_tag="v1.28.5", flavor_id="m1.small",
                 image_id="img-new",
                 labels={"auto_healing_enabled": "true"}))
    assert list(offered) == ["next", "refresh"]  # newest first
    assert offered["next"].is_minor_upgrade
    assert not offered["refresh"].is_minor_upgrade
    assert offered["next"].differences == {}
    assert offered["refresh"].differences == {
        "image_id": ("img-plain", "img-new")}
    assert "current template" in refused["current"]
    assert str(plan.current_version) == "v1.28.3"


def test_labels_are_compared_key_by_key_without_the_version():
    _plan, offered, _refused = plan_for(
        template("next", kube_tag="v1.29.0", flavor_id="m1.large",
                 labels={"auto_healing_enabled": "false",
                         "monitoring_enabled": "true"}))
    assert offered["next"].differences == {
        "flavor_id": ("m1.small", "m1.large"),
        "labels.auto_healing_enabled": ("true", "false"),
        "labels.monitoring_enabled": (None, "true")}


@pytest.mark.parametrize("candidate, words", [
    (template("skip", kube_tag="v1.30.0"), "one minor version at a time"),
    (template("major", kube_tag="v2.0.0"), "one minor version at a time"),
    (template("old", kube_tag="v1.27.9"), "downgrade"),
    (template("hidden", kube_tag="v1.29.0", hidden=True), "hidden"),
    (template("unknown"), "unknown"),
    (ClusterTemplate(uuid="swarm", name="swarm", coe="swarm",
                     labels={"kube_tag": "v1.29.0"}), "swarm"),
])
def test_rejected_templates_say_why(candidate, words):
    _plan, offered, refused = plan_for(candidate)
    assert candidate.uuid not in offered
    assert words in refused[candidate.uuid]


def test_version_from_image_property_counts():
    _plan, offered, _refused = plan_for(template("capi", image_id="img-128"))
    assert str(offered["capi"].version) == "v1.28.9"


def test_cluster_of_unknown_version_gets_no_candidates():
    plan = plan_upgrade(Cluster(uuid="c", cluster_template_id="x"),
                        [template("next", kube_tag="v1.29.0")])
    assert plan.candidates == []
    assert "cluster's own Kubernetes version" in plan.rejected[0].reason


def test_a_template_another_driver_builds_is_no_way_up():
    heat = template("heat", kube_tag="v1.28.1", driver="k8s_fedora_coreos_v1")
    capi = template("capi", kube_tag="v1.29.0", driver="k8s_cluster_api_ubuntu")
    same = template("same", kube_tag="v1.29.0", driver="k8s_fedora_coreos_v1")
    default = template("default", kube_tag="v1.29.0")  # Magnum's default: may be the same
    plan = plan_upgrade(Cluster(uuid="c", cluster_template_id="heat"),
                        [heat, capi, same, default], IMAGES)
    assert sorted(c.template.uuid for c in plan.candidates) == ["default", "same"]
    [refused] = [r for r in plan.rejected if r.template.uuid == "capi"]
    assert "an upgrade keeps the cluster's driver" in refused.reason
    assert "k8s_cluster_api_ubuntu" in refused.reason


def test_labels_read_only_at_create_that_a_candidate_changes_are_named():
    cluster = Cluster(uuid="c", cluster_template_id="old", labels={"kube_tag": "v1.30.1"})
    old = template("old", kube_tag="v1.30.1", driver="k8s_cluster_api_ubuntu",
                   labels={"boot_volume_size": "20", "auto_healing_enabled": "true"})
    new = template("new", kube_tag="v1.31.0", driver="k8s_cluster_api_ubuntu",
                   labels={"boot_volume_size": "40", "auto_healing_enabled": "false",
                           "fixed_subnet_cidr": "10.1.0.0/24"})
    candidate, = plan_upgrade(cluster, [old, new], IMAGES).candidates
    assert candidate.kept_labels == ("boot_volume_size", "fixed_subnet_cidr")
    assert "labels.auto_healing_enabled" in candidate.differences
