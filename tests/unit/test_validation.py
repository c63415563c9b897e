"""Magnum's input rules, applied before any call."""

import dataclasses

import pytest

from coe_backend import (
    VOLUME_LABELS, ClusterTemplate, Features, Flavor, InvalidInput, NodeGroup,
    validate_cluster, validate_cluster_template, validate_node_group,
    validate_node_group_change, validate_template_update)
from coe_backend.rules.api_versions import APIVersion
from coe_backend.models import Cluster
from coe_backend.rules.drivers import DriverFamily
from coe_backend.rules.validation import check_resize_bounds

NEWEST = Features.for_version(APIVersion(1, 14))
MAGNUM_1_9 = Features.for_version(APIVersion(1, 9))
FLAVORS = [Flavor("f1", "m1.small", 2, 4096, 20),
           Flavor("f0", "m1.diskless", 2, 4096, 0)]
TEMPLATE = ClusterTemplate(uuid="t-1", name="k8s", coe="kubernetes",
                           image_id="ubuntu", flavor_id="m1.small",
                           master_flavor_id="m1.small",
                           master_lb_enabled=False, labels={"kube_tag": "v1"})
CLUSTER = Cluster(uuid="c-1", name="k8s", flavor_id="m1.small", labels={},
                  api_address="https://1.2.3.4:6443")


def errors_of(call, *args, **kwargs):
    with pytest.raises(InvalidInput) as caught:
        call(*args, **kwargs)
    return caught.value.errors


# --- cluster templates ------------------------------------------------------

def test_minimal_template_body_sends_only_what_is_set():
    body = validate_cluster_template({"coe": "kubernetes", "image_id": "img",
                                      "flavor_id": None})
    assert body == {"coe": "kubernetes", "image_id": "img"}


def test_template_needs_coe_and_image():
    assert set(errors_of(validate_cluster_template, {})) == {"coe",
                                                              "image_id"}


def test_template_reports_every_problem_at_once():
    errors = errors_of(validate_cluster_template, {
        "coe": "swarm", "image_id": "img", "network_driver": "weave",
        "volume_driver": "ceph", "docker_volume_size": 0,
        "apiserver_port": 80, "dns_nameserver": "8.8.8.8,dns.google",
        "server_type": "metal", "name": "x" * 256, "tls_disabled": "no"})
    assert set(errors) == {"coe", "network_driver", "volume_driver",
                           "docker_volume_size", "apiserver_port",
                           "dns_nameserver", "server_type", "name",
                           "tls_disabled"}
    assert "dns.google" in errors["dns_nameserver"]


@pytest.mark.parametrize("dns, ok", [
    ("8.8.8.8", True), ("8.8.8.8,1.1.1.1", True), ("8.8.8.8, 1.1.1.1", True),
    (["8.8.8.8", "1.1.1.1"], True), ("08.8.8.8", False), ("::1", False),
    ("8.8.8.8,", False), ("1.2.3", False)])
def test_dns_list_follows_magnums_validate_dns(dns, ok):
    fields = {"coe": "kubernetes", "image_id": "i", "dns_nameserver": dns}
    if ok:
        assert "dns_nameserver" in validate_cluster_template(fields)
    else:
        assert "dns_nameserver" in errors_of(validate_cluster_template,
                                             fields)


@pytest.mark.parametrize("port, ok", [(1023, False), (1024, True),
                                      (65535, True), (65536, False)])
def test_apiserver_port_range(port, ok):
    fields = {"coe": "kubernetes", "image_id": "i", "apiserver_port": port}
    assert (("apiserver_port" in validate_cluster_template(fields)) if ok
            else "apiserver_port" in errors_of(validate_cluster_template,
                                               fields))


@pytest.mark.parametrize("driver", ["flannel", "calico", "cilium"])
def test_known_network_drivers(driver):
    body = validate_cluster_template({"coe": "kubernetes", "image_id": "i",
                                      "network_driver": driver})
    assert body["network_driver"] == driver


@pytest.mark.parametrize("size, ok", [(None, False), (2, False), (3, True)])
def test_devicemapper_needs_three_gigabytes(size, ok):
    fields = {"coe": "kubernetes", "image_id": "i",
              "docker_storage_driver": "devicemapper",
              "docker_volume_size": size}
    if ok:
        validate_cluster_template(fields)
    else:
        assert "docker_volume_size" in errors_of(validate_cluster_template,
                                                 fields)


def test_labels_may_be_text():
    body = validate_cluster_template({"coe": "kubernetes", "image_id": "i",
                                      "labels": "a=1, B=Two"})
    assert body["labels"] == {"a": "1", "B": "Two"}


def test_label_values_are_sent_as_strings():
    body = validate_cluster_template({
        "coe": "kubernetes", "image_id": "i",
        "labels": {"auto_scaling_enabled": True, "max_node_count": 5}})
    assert body["labels"] == {"auto_scaling_enabled": "true",
                              "max_node_count": "5"}


def test_numeric_labels_must_be_numbers():
    errors = errors_of(validate_cluster_template, {
        "coe": "kubernetes", "image_id": "i",
        "labels": {"boot_volume_size": "big"}})
    assert "boot_volume_size" in errors["labels"]


def test_tags_list_becomes_magnums_comma_string():
    body = validate_cluster_template({"coe": "kubernetes", "image_id": "i",
                                      "tags": ["a", "b", "a"]})
    assert body["tags"] == "a,b"


def test_unknown_field_is_named():
    errors = errors_of(validate_cluster_template,
                       {"coe": "kubernetes", "image_id": "i", "colour": 1})
    assert "colour" in errors


def test_diskless_flavor_needs_a_boot_volume():
    fields = {"coe": "kubernetes", "image_id": "i",
              "flavor_id": "m1.diskless"}
    errors = errors_of(validate_cluster_template, fields, flavors=FLAVORS)
    assert "boot_volume_size" in errors["flavor_id"]
    validate_cluster_template({**fields, "labels": "boot_volume_size=20"},
                              flavors=FLAVORS)


def test_unknown_flavor_is_reported_when_flavors_are_known():
    errors = errors_of(validate_cluster_template,
                       {"coe": "kubernetes", "image_id": "i",
                        "master_flavor_id": "m9.huge"}, flavors=FLAVORS)
    assert "m9.huge" in errors["master_flavor_id"]


# --- template updates -------------------------------------------------------

def test_unchanged_values_are_not_sent():
    assert validate_template_update(TEMPLATE, {"name": "k8s",
                                               "flavor_id": "m1.small"},
                                    in_use=False) == {}


def test_none_removes_a_field():
    booting_from_volume = dataclasses.replace(
        TEMPLATE, labels={"kube_tag": "v1", "boot_volume_size": "20"})
    assert validate_template_update(booting_from_volume, {"flavor_id": None},
                                    in_use=False) == {"flavor_id": None}


@pytest.mark.parametrize("flavor", ["flavor_id", "master_flavor_id"])
def test_a_flavor_stays_unless_the_template_boots_from_a_volume(flavor):
    """Magnum checks both flavors for a root disk after a PATCH unless
    boot_volume_size is above 0, and a removed one fails that check."""
    errors = errors_of(validate_template_update, TEMPLATE, {flavor: None}, in_use=False)
    assert "cannot be removed" in errors[flavor] and "boot_volume_size" in errors[flavor]


def test_edit_to_a_diskless_flavor_needs_a_boot_volume_as_on_create():
    errors = errors_of(validate_template_update, TEMPLATE,
                       {"master_flavor_id": "m1.diskless"}, in_use=False,
                       flavors=FLAVORS)
    assert "boot_volume_size" in errors["master_flavor_id"]


def test_edit_saves_the_boot_volume_before_a_diskless_flavor():
    """Magnum's PATCH checks the flavors against the labels the template has
    before the change (FlavorZeroRootVolumeNotSupported otherwise)."""
    booting = {"kube_tag": "v1", "boot_volume_size": "20"}
    errors = errors_of(validate_template_update, TEMPLATE,
                       {"master_flavor_id": "m1.diskless", "labels": booting},
                       in_use=False, flavors=FLAVORS)
    assert "save the boot volume first" in errors["master_flavor_id"]
    assert validate_template_update(TEMPLATE, {"labels": booting}, in_use=False,
                                    flavors=FLAVORS) == {"labels": booting}
    saved = dataclasses.replace(TEMPLATE, labels=booting)
    assert validate_template_update(
        saved, {"master_flavor_id": "m1.diskless"}, in_use=False,
        flavors=FLAVORS) == {"master_flavor_id": "m1.diskless"}


def test_edit_keeps_the_boot_volume_a_diskless_flavor_needs():
    """Magnum would accept it, but no cluster could then be made from it."""
    diskless = dataclasses.replace(TEMPLATE, flavor_id="m1.diskless",
                                   labels={"boot_volume_size": "20"})
    errors = errors_of(validate_template_update, diskless,
                       {"labels": {"kube_tag": "v1"}}, in_use=False,
                       flavors=FLAVORS)
    assert "m1.diskless" in errors["flavor_id"]


def test_edit_removing_every_label_is_not_an_error():
    assert validate_template_update(TEMPLATE, {"labels": None},
                                    in_use=False) == {"labels": None}


def test_mandatory_fields_cannot_be_removed():
    errors = errors_of(validate_template_update, TEMPLATE,
                       {"image_id": None}, in_use=False)
    assert "image_id" in errors


@pytest.mark.parametrize("changes", [
    {"name": "renamed"}, {"public": True}, {"hidden": True},
    {"hidden": False}, {"tags": "gold"}])
def test_in_use_template_accepts_what_magnum_accepts(changes):
    hidden = TEMPLATE if changes != {"hidden": False} else \
        ClusterTemplate(**{**TEMPLATE.__dict__, "hidden": True})
    assert validate_template_update(hidden, changes, in_use=True) == changes


@pytest.mark.parametrize("changes, blamed", [
    ({"flavor_id": "m1.large"}, {"flavor_id"}),
    ({"name": "renamed", "tags": "gold"}, {"name", "tags"}),
    ({"public": False}, {"public"}),
    ({"labels": {"kube_tag": "v2"}}, {"labels"}),
])
def test_in_use_template_refuses_other_changes_naming_the_field(changes,
                                                               blamed):
    template = ClusterTemplate(**{**TEMPLATE.__dict__, "public": True})
    errors = errors_of(validate_template_update, template, changes,
                       in_use=True)
    assert set(errors) == blamed
    assert "used by clusters" in next(iter(errors.values()))


def test_update_to_devicemapper_checks_the_existing_volume_size():
    errors = errors_of(validate_template_update, TEMPLATE,
                       {"docker_storage_driver": "devicemapper"},
                       in_use=False)
    assert "3 GB" in errors["docker_volume_size"]


def test_unused_template_accepts_any_valid_change():
    assert validate_template_update(TEMPLATE, {"labels": "kube_tag=v2"},
                                    in_use=False) == {
        "labels": {"kube_tag": "v2"}}


# --- server type and volume settings ----------------------------------------

MINIMAL = {"coe": "kubernetes", "image_id": "i"}
NO_VOLUMES = dict.fromkeys(VOLUME_LABELS)


@pytest.mark.parametrize("server_type", ["vm", "bm"])
def test_server_type_is_a_virtual_machine_or_bare_metal(server_type):
    assert validate_cluster_template({**MINIMAL, "server_type": server_type}
                                     )["server_type"] == server_type
    bare_metal = dataclasses.replace(TEMPLATE, server_type="bm")
    assert validate_template_update(bare_metal, {"server_type": server_type},
                                    in_use=False) == (
        {} if server_type == "bm" else {"server_type": "vm"})


def test_server_type_cannot_be_removed():
    bare_metal = dataclasses.replace(TEMPLATE, server_type="bm")
    errors = errors_of(validate_template_update, bare_metal,
                       {"server_type": None}, in_use=False)
    assert "cannot be removed" in errors["server_type"]


def test_volume_settings_are_sent_as_labels_beside_the_typed_ones():
    body = validate_cluster_template(
        {**MINIMAL, "labels": "team=red"},
        volume_labels={**NO_VOLUMES, "boot_volume_size": 20,
                       "boot_volume_type": "ssd", "etcd_volume_size": "5"})
    assert body["labels"] == {"team": "red", "boot_volume_size": "20",
                              "boot_volume_type": "ssd",
                              "etcd_volume_size": "5"}
    assert "labels" not in validate_cluster_template(
        MINIMAL, volume_labels=NO_VOLUMES)


def test_volume_settings_are_checked_each_beside_its_field():
    errors = errors_of(validate_cluster_template, MINIMAL, volume_labels={
        "boot_volume_size": -1, "etcd_volume_size": "big",
        "boot_volume_type": "", "etcd_volume_type": "x" * 256})
    assert set(errors) == set(VOLUME_LABELS)
    assert "at least 0" in errors["boot_volume_size"]
    assert "whole number" in errors["etcd_volume_size"]


def test_a_typed_label_may_repeat_a_volume_setting_not_contradict_it():
    volumes = {**NO_VOLUMES, "boot_volume_size": 20}
    assert validate_cluster_template(
        {**MINIMAL, "labels": {"boot_volume_size": "20"}},
        volume_labels=volumes)["labels"] == {"boot_volume_size": "20"}
    errors = errors_of(validate_cluster_template,
                       {**MINIMAL, "labels": "boot_volume_size=30,"
                                             "etcd_volume_size=2"},
                       volume_labels=volumes)
    assert "boot_volume_size=30" in errors["boot_volume_size"]
    assert "etcd_volume_size=2" in errors["etcd_volume_size"]


def test_a_boot_volume_setting_lets_a_diskless_flavor_be_chosen():
    fields = {**MINIMAL, "flavor_id": "m1.diskless"}
    assert "flavor_id" in errors_of(validate_cluster_template, fields,
                                    flavors=FLAVORS, volume_labels=NO_VOLUMES)
    validate_cluster_template(fields, flavors=FLAVORS, volume_labels={
        **NO_VOLUMES, "boot_volume_size": 20})


def test_edit_sets_and_removes_volume_settings_in_the_template_labels():
    booting = dataclasses.replace(TEMPLATE, labels={
        "kube_tag": "v1", "boot_volume_size": "20", "boot_volume_type": "ssd"})
    unchanged = {**NO_VOLUMES, "boot_volume_size": "20",
                 "boot_volume_type": "ssd"}
    assert validate_template_update(booting, {}, in_use=True,
                                    volume_labels=unchanged) == {}
    assert validate_template_update(
        booting, {}, in_use=False,
        volume_labels={**unchanged, "boot_volume_type": None,
                       "etcd_volume_size": 3}) == {"labels": {
            "kube_tag": "v1", "boot_volume_size": "20",
            "etcd_volume_size": "3"}}
    # The typed labels replace the others; the settings stay.
    assert validate_template_update(
        booting, {"labels": {"team": "red"}}, in_use=False,
        volume_labels=unchanged) == {"labels": {
            "team": "red", "boot_volume_size": "20",
            "boot_volume_type": "ssd"}}
    assert validate_template_update(
        booting, {"labels": None}, in_use=False,
        volume_labels=NO_VOLUMES) == {"labels": None}


# --- clusters ---------------------------------------------------------------

@pytest.mark.parametrize("name, ok", [
    ("k8s", True), ("a" * 242, True), ("a" * 243, False), ("1abc", False),
    ("my cluster", False), ("ok_name.v-1", True), ("-x", False)])
def test_cluster_name_pattern_and_length(name, ok):
    fields = {"name": name}
    if ok:
        assert validate_cluster(fields, TEMPLATE, NEWEST)["name"] == name
    else:
        assert "name" in errors_of(validate_cluster, fields, TEMPLATE,
                                   NEWEST)


def test_cluster_body_defaults_to_the_template_and_sends_no_nulls():
    body = validate_cluster({"keypair": None, "node_count": 2}, TEMPLATE,
                            NEWEST)
    assert body == {"cluster_template_id": "t-1", "node_count": 2}


@pytest.mark.parametrize("masters, ok", [(1, True), (2, False), (3, True),
                                         (0, False)])
def test_master_count_is_odd_and_positive(masters, ok):
    template = ClusterTemplate(**{**TEMPLATE.__dict__,
                                  "master_lb_enabled": True})
    fields = {"master_count": masters}
    if ok:
        validate_cluster(fields, template, NEWEST)
    else:
        assert "master_count" in errors_of(validate_cluster, fields,
                                           template, NEWEST)


def test_several_masters_need_the_load_balancer():
    errors = errors_of(validate_cluster, {"master_count": 3}, TEMPLATE,
                       NEWEST)
    assert "load balancer" in errors["master_count"]
    validate_cluster({"master_count": 3, "master_lb_enabled": True},
                     TEMPLATE, NEWEST)


def test_zero_workers_only_where_the_api_allows_it():
    assert validate_cluster({"node_count": 0}, TEMPLATE, NEWEST)
    errors = errors_of(validate_cluster, {"node_count": 0}, TEMPLATE,
                       MAGNUM_1_9)
    assert "1.10" in errors["node_count"]


def test_negative_node_count():
    assert "node_count" in errors_of(validate_cluster, {"node_count": -1},
                                     TEMPLATE, NEWEST)


def test_node_count_within_autoscaler_label_bounds():
    labels = {"min_node_count": 2, "max_node_count": 4}
    errors = errors_of(validate_cluster, {"node_count": 1,
                                          "labels": labels}, TEMPLATE, NEWEST)
    assert "min_node_count" in errors["node_count"]
    errors = errors_of(validate_cluster, {"node_count": 5,
                                          "labels": labels}, TEMPLATE, NEWEST)
    assert "max_node_count" in errors["node_count"]


def test_cluster_needs_a_flavor_somewhere_without_boot_volume():
    bare = ClusterTemplate(uuid="t-2", coe="kubernetes", image_id="i")
    errors = errors_of(validate_cluster, {}, bare, NEWEST)
    assert set(errors) == {"flavor_id", "master_flavor_id"}
    validate_cluster({"labels": "boot_volume_size=10"}, bare, NEWEST)


def test_cluster_flavor_root_disk_uses_merged_labels():
    template = ClusterTemplate(**{**TEMPLATE.__dict__,
                                  "labels": {"boot_volume_size": "10"}})
    fields = {"flavor_id": "m1.diskless", "labels": {"x": "1"}}
    errors = errors_of(validate_cluster, fields, template, NEWEST,
                       flavors=FLAVORS)
    assert "flavor_id" in errors  # labels replaced: no boot volume left
    validate_cluster({**fields, "merge_labels": True}, template, NEWEST,
                     flavors=FLAVORS)


def test_devicemapper_template_needs_cluster_volume():
    template = ClusterTemplate(**{**TEMPLATE.__dict__,
                                  "docker_storage_driver": "devicemapper"})
    assert "docker_volume_size" in errors_of(validate_cluster, {}, template,
                                             NEWEST)
    validate_cluster({"docker_volume_size": 5}, template, NEWEST)


# --- node groups ------------------------------------------------------------

def test_node_group_needs_a_name_and_no_master_role():
    errors = errors_of(validate_node_group, {"role": "master"}, CLUSTER,
                       NEWEST)
    assert set(errors) == {"name", "role"}


@pytest.mark.parametrize("fields, blamed", [
    ({"node_count": 1, "min_node_count": 2}, "node_count"),
    ({"node_count": 4, "max_node_count": 3}, "node_count"),
    ({"node_count": 2, "min_node_count": 3, "max_node_count": 2},
     "max_node_count"),
    ({"max_node_count": 0}, "max_node_count"),
])
def test_node_group_bounds(fields, blamed):
    assert blamed in errors_of(validate_node_group, {"name": "ng", **fields},
                               CLUSTER, NEWEST)


def test_node_labels_and_taints_need_1_14():
    fields = {"name": "ng", "node_labels": {"tier": "web"},
              "node_taints": "gpu=true:NoSchedule"}
    errors = errors_of(validate_node_group, fields, CLUSTER, MAGNUM_1_9)
    assert set(errors) == {"node_labels", "node_taints"}
    body = validate_node_group(fields, CLUSTER, NEWEST)
    assert body["node_taints"] == [{"key": "gpu", "value": "true",
                                    "effect": "NoSchedule"}]


@pytest.mark.parametrize("key, ok", [
    ("tier", True), ("example.com/tier", True),
    ("node.kubernetes.io/pool", True), ("kubelet.kubernetes.io/x", True),
    ("topology.kubernetes.io/zone", True), ("kubernetes.io/arch", True),
    ("kubernetes.io/role", False), ("node-role.kubernetes.io/worker", False),
    ("k8s.io/x", False), ("foo.k8s.io/x", False),
    ("-bad", False), ("a/b/c", False), ("x" * 64, False)])
def test_node_label_keys_follow_the_kubelet_rules(key, ok):
    fields = {"name": "ng", "node_labels": {key: "v"}}
    if ok:
        validate_node_group(fields, CLUSTER, NEWEST)
    else:
        errors = errors_of(validate_node_group, fields, CLUSTER, NEWEST)
        assert key in errors["node_labels"]


@pytest.mark.parametrize("taints, ok", [
    ([{"key": "a", "effect": "NoSchedule"}], True),
    ([{"key": "a", "value": "b", "effect": "PreferNoSchedule"}], True),
    ([{"key": "a", "effect": "NoExecute"}], True),
    ([{"key": "a", "effect": "Sometimes"}], False),
    ([{"effect": "NoSchedule"}], False),
    ([{"key": "a", "effect": "NoSchedule", "operator": "Equal"}], False),
    ("a=b:NoSchedule, c:NoExecute", True),
    ("just-a-key", False),
])
def test_taints(taints, ok):
    fields = {"name": "ng", "node_taints": taints}
    if ok:
        validate_node_group(fields, CLUSTER, NEWEST)
    else:
        assert "node_taints" in errors_of(validate_node_group, fields,
                                          CLUSTER, NEWEST)


def test_node_group_flavor_root_disk_uses_cluster_labels():
    fields = {"name": "ng", "flavor_id": "m1.diskless"}
    assert "flavor_id" in errors_of(validate_node_group, fields, CLUSTER,
                                    NEWEST, flavors=FLAVORS)
    booting = Cluster(uuid="c", labels={"boot_volume_size": "10"})
    validate_node_group(fields, booting, NEWEST, flavors=FLAVORS)


WORKERS = NodeGroup(uuid="ng", name="workers", role="worker", node_count=3,
                    min_node_count=1, max_node_count=5)
MASTERS = NodeGroup(uuid="m", name="default-master", role="master",
                    is_default=True, node_count=1)


def test_change_keeps_bounds_against_current_values():
    errors = errors_of(validate_node_group_change, WORKERS,
                       {"max_node_count": 2}, NEWEST)
    assert "node_count" in errors
    assert validate_node_group_change(
        WORKERS, {"max_node_count": 2, "node_count": 2}, NEWEST) == {
        "max_node_count": 2, "node_count": 2}


def test_none_removes_the_maximum_but_not_the_minimum():
    assert validate_node_group_change(WORKERS, {"max_node_count": None},
                                      NEWEST) == {"max_node_count": None}
    assert "min_node_count" in errors_of(
        validate_node_group_change, WORKERS, {"min_node_count": None}, NEWEST)


def test_masters_take_no_node_labels_and_stay_odd():
    errors = errors_of(validate_node_group_change, MASTERS,
                       {"node_labels": {"a": "b"}, "node_count": 2}, NEWEST)
    assert set(errors) == {"node_labels", "node_count"}


@pytest.mark.parametrize("group, count, ok", [
    (WORKERS, 1, True), (WORKERS, 5, True), (WORKERS, 0, False),
    (WORKERS, 6, False), (MASTERS, 3, True), (MASTERS, 2, False),
    (NodeGroup(uuid="x", max_node_count=0, node_count=1), 50, True)])
def test_resize_bounds(group, count, ok):
    if ok:
        check_resize_bounds(group, count)
    else:
        with pytest.raises(InvalidInput):
            check_resize_bounds(group, count)


# --- what a driver cannot do (rules/drivers.cannot) -------------------------

OPEN_WORKERS = NodeGroup(uuid="ng", name="workers", role="worker", node_count=2,
                         min_node_count=0, max_node_count=5)


def test_the_heat_driver_cannot_resize_masters_but_the_cluster_api_ones_can():
    errors = errors_of(validate_node_group_change, MASTERS, {"node_count": 3}, NEWEST,
                       DriverFamily.HEAT)
    assert "MasterNGResizeNotSupported" in str(errors["node_count"])
    with pytest.raises(InvalidInput, match="MasterNGResizeNotSupported"):
        check_resize_bounds(MASTERS, 3, DriverFamily.HEAT)
    for family in (DriverFamily.CLUSTER_API, DriverFamily.CAPI_HELM, DriverFamily.OTHER):
        check_resize_bounds(MASTERS, 3, family)
        assert validate_node_group_change(MASTERS, {"node_count": 3}, NEWEST, family)


def test_capi_helm_keeps_a_node_in_every_group():
    helm = DriverFamily.CAPI_HELM
    # Its minimum of 0 must rise with any change, and nothing may go to zero.
    errors = errors_of(validate_node_group_change, OPEN_WORKERS, {"node_count": 3}, NEWEST, helm)
    assert set(errors) == {"min_node_count"} and "magnum-capi-helm" in str(errors["min_node_count"])
    assert validate_node_group_change(OPEN_WORKERS, {"node_count": 3, "min_node_count": 1},
                                      NEWEST, helm)
    with pytest.raises(InvalidInput, match="magnum-capi-helm"):
        check_resize_bounds(OPEN_WORKERS, 0, helm)
    assert "min_node_count" in errors_of(validate_node_group, {"name": "gpu"}, CLUSTER, NEWEST,
                                         driver=helm)
    # magnum-cluster-api scales a group to zero.
    check_resize_bounds(OPEN_WORKERS, 0, DriverFamily.CLUSTER_API)


def test_a_cluster_is_refused_a_bad_label_value_typed_not_one_its_template_holds():
    """A template made elsewhere may hold a value the catalog's type refuses;
    its clusters are not refused for it. What the user types is checked, and
    so are the template's labels the checks read as numbers."""
    template = ClusterTemplate(**{**TEMPLATE.__dict__,
                                  "labels": {"etcd_blockdevice_type": "Volume",
                                             "auto_healing_enabled": "maybe"}})
    validate_cluster({"merge_labels": True, "labels": {"monitoring_enabled": "true"}},
                     template, NEWEST)
    errors = errors_of(validate_cluster, {"merge_labels": True,
                                          "labels": {"monitoring_enabled": "ture"}},
                       template, NEWEST)
    assert "monitoring_enabled takes true or false" in errors["labels"]
    garbled = ClusterTemplate(**{**TEMPLATE.__dict__, "labels": {"min_node_count": "two"}})
    assert "min_node_count takes a whole number" in errors_of(
        validate_cluster, {}, garbled, NEWEST)["labels"]
