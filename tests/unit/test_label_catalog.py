"""The label catalog: what each driver reads, typed values, defaults, labels
that cannot change after create, and the operator's additions."""

import pytest

import coe_backend
from coe_backend import LABEL_CATALOG, Cluster, DriverFamily, InvalidInput, LabelType

HEAT, MCAPI, HELM, OTHER = (DriverFamily.HEAT, DriverFamily.CLUSTER_API,
                            DriverFamily.CAPI_HELM, DriverFamily.OTHER)
# magnum-capi-helm 1.4.0's [capi_helm_cluster_labels] (conf.py), and the
# deprecated name it still registers.
CAPI_HELM_OPTIONS = {
    "etcd_blockdevice_size", "etcd_blockdevice_type", "etcd_blockdevice_volume_type",
    "etcd_blockdevice_volume_az", "etcd_volume_size", "etcd_volume_type",
    "monitoring_enabled", "kube_dashboard_enabled", "auto_healing_enabled",
    "auto_scaling_enabled", "min_node_count", "max_node_count", "keystone_auth_enabled",
    "csi_cinder_availability_zone", "csi_cinder_reclaim_policy",
    "csi_cinder_volume_binding_mode", "csi_cinder_fstype",
    "csi_cinder_allow_volume_expansion", "octavia_provider", "octavia_lb_algorithm",
    "octavia_lb_healthcheck", "master_lb_floating_ip_enabled", "fixed_subnet_cidr",
    "api_master_lb_allowed_cidrs", "extra_network_names", "boot_volume_type",
    "boot_volume_size", "capi_helm_chart_version"}


def names(entries):
    return {entry.name for entry in entries}


def test_capi_helm_is_offered_exactly_the_labels_it_registers():
    assert len(CAPI_HELM_OPTIONS) == 28
    assert names(LABEL_CATALOG.for_driver(HELM)) == CAPI_HELM_OPTIONS | {"extra_network_name"}


def test_each_driver_is_offered_its_own_labels_and_an_unknown_driver_all():
    mcapi = names(LABEL_CATALOG.for_driver(MCAPI))
    assert {"kube_tag", "oidc_issuer_url", "audit_log_enabled", "api_server_cert_sans",
            "octavia_provider"} <= mcapi
    assert not {"etcd_blockdevice_size", "monitoring_enabled"} & mcapi
    assert "kube_tag" in names(LABEL_CATALOG.for_driver(HEAT))
    assert names(LABEL_CATALOG.for_driver(OTHER)) == set(LABEL_CATALOG.entries)


def test_capi_helm_ignores_every_label_it_does_not_register_the_others_what_they_never_read():
    labels = {"kube_tag": "v1.30.0", "boot_volume_size": "20", "devcloud_fail": "create",
              "monitoring_enabled": "true"}
    assert LABEL_CATALOG.ignored(labels, HELM) == ("devcloud_fail", "kube_tag")
    warning = str(LABEL_CATALOG.ignored_warning(labels, HELM))
    assert "ignores the others without a word: devcloud_fail, kube_tag." in warning
    # Read by name: a label the catalog does not know is not judged.
    assert LABEL_CATALOG.ignored(labels, HEAT) == ()
    assert LABEL_CATALOG.ignored(labels, MCAPI) == ("monitoring_enabled",)
    assert "magnum-cluster-api" in str(LABEL_CATALOG.ignored_warning(labels, MCAPI))
    assert LABEL_CATALOG.ignored(labels, OTHER) == ()
    assert LABEL_CATALOG.ignored_warning({"kube_tag": "v1"}, HEAT) is None


@pytest.mark.parametrize("label, value, expected", [
    ("boot_volume_size", "abc", "The label boot_volume_size takes a whole number, 0 or more; "
                                '"abc" is not that.'),
    ("etcd_volume_size", "-1", "takes a whole number, 0 or more"),  # Magnum's volume rule
    ("auto_healing_enabled", "ture", 'The label auto_healing_enabled takes true or false; '
                                     '"ture" is not that.'),
    ("fixed_subnet_cidr", "10.0.0.1/24", "takes a network in CIDR form"),  # host bits set
    ("fixed_subnet_cidr", "10.0.0.0", "takes a network in CIDR form"),
    ("csi_cinder_reclaim_policy", "retain", "takes one of Retain, Delete"),
])
def test_a_value_not_of_its_label_s_type_is_refused_naming_label_and_type(label, value, expected):
    with pytest.raises(InvalidInput) as refused:
        LABEL_CATALOG.check_values({label: value, "kube_tag": "anything"})
    assert list(refused.value.errors) == ["labels"]
    assert expected in str(refused.value.errors["labels"])


def test_values_drivers_read_pass_and_every_bad_one_is_named_at_once():
    LABEL_CATALOG.check_values({"auto_healing_enabled": "Yes", "min_node_count": "0",
                                "fixed_subnet_cidr": "10.1.0.0/16", "boot_volume_size": "",
                                "etcd_blockdevice_type": "local", "unknown": "x"})
    with pytest.raises(InvalidInput) as refused:
        LABEL_CATALOG.check_values({"min_node_count": "2.5", "monitoring_enabled": "maybe"})
    message = str(refused.value.errors["labels"])
    assert "min_node_count" in message and "monitoring_enabled" in message


def test_keystone_auth_is_on_by_default_on_heat_and_magnum_cluster_api_only():
    assert LABEL_CATALOG.default("keystone_auth_enabled", MCAPI) == "true"
    assert LABEL_CATALOG.default("keystone_auth_enabled", HELM) == "false"
    bare, off = Cluster(uuid="a"), Cluster(uuid="b", labels={"keystone_auth_enabled": "false"})
    for driver in (MCAPI, HEAT):
        assert bare.runs_keystone_auth(driver) and not off.runs_keystone_auth(driver)
    for driver in (HELM, OTHER):
        assert not bare.runs_keystone_auth(driver)
        assert Cluster(uuid="c", labels={"keystone_auth_enabled": "True"}).runs_keystone_auth(
            driver)


def test_labels_set_at_create_that_a_new_template_changes_are_named():
    before = {"boot_volume_size": "20", "kube_tag": "v1.30.6", "calico_ipv4pool": "10.100.0.0/16"}
    after = {"boot_volume_size": "40", "kube_tag": "v1.31.2", "etcd_volume_size": "10"}
    assert LABEL_CATALOG.immutable_changes(before, after, MCAPI) == (
        "boot_volume_size", "calico_ipv4pool", "etcd_volume_size")
    # magnum-capi-helm never reads calico_ipv4pool: its change changes nothing.
    assert LABEL_CATALOG.immutable_changes(before, after, HELM) == (
        "boot_volume_size", "etcd_volume_size")


def test_the_operator_s_flat_form_describes_and_adds_labels():
    catalog = LABEL_CATALOG.extended({"kube_tag": "Our Kubernetes version",
                                      "site_label": "Something of ours"})
    assert catalog.problems == ()
    assert catalog.entries["kube_tag"].description == "Our Kubernetes version"
    assert catalog.entries["kube_tag"].drivers == LABEL_CATALOG.entries["kube_tag"].drivers
    # Said of no driver: offered where labels are read by name, not to capi-helm.
    assert "site_label" in names(catalog.for_driver(HEAT))
    assert "site_label" not in names(catalog.for_driver(HELM))
    assert catalog.ignored({"site_label": "x"}, HELM) == ("site_label",)
    assert catalog.ignored({"site_label": "x"}, MCAPI) == ()


def test_the_operator_s_rich_form_sets_type_default_drivers_and_removes_labels():
    catalog = LABEL_CATALOG.extended({
        "kube_tag": {"default": "v1.31.2", "drivers": ["k8s_capi_helm_v1", "heat"],
                     "immutable": True},
        "gpu_operator": {"description": "Install the GPU operator", "type": "choice",
                         "values": ["on", "off"], "drivers": ["magnum-cluster-api"]},
        "monitoring_enabled": None})
    kube_tag = catalog.entries["kube_tag"]
    assert (kube_tag.default(HELM), kube_tag.drivers, kube_tag.immutable) == (
        "v1.31.2", frozenset({HELM, HEAT}), True)
    assert kube_tag.type is LabelType.STR and str(kube_tag.description).startswith("Kubernetes")
    assert catalog.ignored({"kube_tag": "v1.31.2"}, HELM) == ()
    assert "gpu_operator" in names(catalog.for_driver(MCAPI))
    with pytest.raises(InvalidInput, match="gpu_operator takes one of on, off"):
        catalog.check_values({"gpu_operator": "yes"})
    assert "monitoring_enabled" not in catalog.entries
    assert catalog.ignored({"monitoring_enabled": "true"}, HELM) == ("monitoring_enabled",)
    assert "monitoring_enabled" in LABEL_CATALOG.entries  # the built-in catalog is unchanged


@pytest.mark.parametrize("entry, reason", [
    ({"type": "float"}, 'its type "float" is none of bool, int, str, cidr, choice.'),
    ({"type": "choice"}, "a choice needs its values."),
    ({"type": "bool", "default": "ture"}, "takes true or false"),
    ({"drivers": ["k8s_mesos"]}, 'the driver "k8s_mesos" is none of heat, magnum-cluster-api'),
    ({"descripton": "typo"}, "unknown keys descripton."),
    (5, "give a description, or a dictionary of"),
])
def test_an_entry_the_setting_gets_wrong_is_left_out_and_named(entry, reason):
    catalog = LABEL_CATALOG.extended({"kube_tag": entry, "fine": "A label of ours"})
    assert len(catalog.problems) == 1
    assert str(catalog.problems[0]).startswith("LABEL_CATALOG entry kube_tag is left out: ")
    assert reason in str(catalog.problems[0])
    assert catalog.entries["kube_tag"] == LABEL_CATALOG.entries["kube_tag"]
    assert "fine" in catalog.entries


def test_a_setting_that_is_not_a_dictionary_leaves_the_built_in_catalog():
    catalog = LABEL_CATALOG.extended(["kube_tag"])
    assert catalog.entries == LABEL_CATALOG.entries
    assert [str(p) for p in catalog.problems] == [
        "LABEL_CATALOG must be a dictionary of labels."]
    assert coe_backend.LABEL_CATALOG.extended(None).problems == ()
