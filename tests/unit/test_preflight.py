"""Will a cluster fit in the project's remaining quota?"""
import dataclasses

from coe_backend import ClusterTemplate, Flavor, Limit, ProjectLimits, Quota
from coe_backend.rules.preflight import preflight

FLAVORS = [Flavor("f-s", "m1.small", vcpus=2, ram=4096, disk=20),
           Flavor("f-l", "m1.large", vcpus=8, ram=16384, disk=80)]
TEMPLATE = ClusterTemplate(uuid="t", coe="kubernetes", image_id="i",
                           flavor_id="m1.small", master_flavor_id="m1.large",
                           floating_ip_enabled=False, master_lb_enabled=False)
PLENTY = ProjectLimits(
    instances=Limit(0, 100), cores=Limit(0, 100), ram=Limit(0, 10 ** 6),
    volumes=Limit(0, 100), gigabytes=Limit(0, 10 ** 4),
    floating_ips=Limit(0, 50), load_balancers=Limit(0, 10))


def needed(result):
    return {check.resource: check.needed for check in result.checks}


def test_counts_masters_and_workers():
    result = preflight(TEMPLATE, {"master_count": 3, "node_count": 4},
                       PLENTY, flavors=FLAVORS)
    assert needed(result)["instances"] == 7
    assert needed(result)["cores"] == 3 * 8 + 4 * 2
    assert needed(result)["ram"] == 3 * 16384 + 4 * 4096
    assert result.fits


def test_autoscaling_counts_the_maximum():
    overrides = {"node_count": 2, "labels": "auto_scaling_enabled=true,"
                                            "max_node_count=10",
                 "merge_labels": True}
    result = preflight(TEMPLATE, overrides, PLENTY, flavors=FLAVORS)
    assert needed(result)["instances"] == 11
    assert "autoscaler" in result.check("instances").note


def test_max_label_without_autoscaling_is_ignored():
    result = preflight(TEMPLATE, {"node_count": 2,
                                  "labels": {"max_node_count": "10"}},
                       PLENTY, flavors=FLAVORS)
    assert needed(result)["instances"] == 3


def test_volumes_from_labels_and_docker_volume():
    overrides = {"node_count": 2, "docker_volume_size": 20,
                 "labels": {"boot_volume_size": "30",
                            "etcd_volume_size": "5"}}
    result = preflight(TEMPLATE, overrides, PLENTY, flavors=FLAVORS)
    assert needed(result)["volumes"] == 3 * 2 + 1
    assert needed(result)["gigabytes"] == 3 * (30 + 20) + 5


def test_floating_ips_and_load_balancer():
    template = ClusterTemplate(**{**TEMPLATE.__dict__,
                                  "floating_ip_enabled": True,
                                  "master_lb_enabled": True})
    result = preflight(template, {"master_count": 3, "node_count": 2},
                       PLENTY, flavors=FLAVORS)
    assert needed(result)["floating_ips"] == 5 + 1
    assert needed(result)["load_balancers"] == 1


def test_overrides_win_over_the_template():
    result = preflight(TEMPLATE, {"master_lb_enabled": True,
                                  "flavor_id": "m1.large"}, PLENTY,
                       flavors=FLAVORS)
    assert needed(result)["load_balancers"] == 1
    assert needed(result)["cores"] == 8 + 8


def test_shortfall_is_reported_per_resource():
    limits = ProjectLimits(instances=Limit(used=8, limit=10),
                           cores=Limit(used=0, limit=100))
    result = preflight(TEMPLATE, {"node_count": 3}, limits, flavors=FLAVORS)
    instances = result.check("instances")
    assert (instances.needed, instances.available, instances.fits) == (
        4, 2, False)
    assert [c.resource for c in result.shortfalls] == ["instances"]
    assert not result.fits


def test_unknown_or_unlimited_never_fails():
    limits = ProjectLimits(instances=Limit(used=5, limit=None))
    result = preflight(TEMPLATE, {"node_count": 1000}, limits)
    assert result.fits
    assert result.check("instances").note == "no limit"
    assert result.check("volumes").note == "limit unknown"
    assert result.check("cores").needed is None  # flavors unknown


def test_says_why_a_limit_is_unknown():
    unread = ProjectLimits(warnings=("Could not read the quota of Nova",))
    assert preflight(TEMPLATE, {}, unread).warnings == ("Could not read the quota of Nova",)


def test_magnum_cluster_quota():
    full = preflight(TEMPLATE, {}, PLENTY, Quota("p", hard_limit=2), 2)
    assert not full.check("clusters").fits
    room = preflight(TEMPLATE, {}, PLENTY, 5, 2)
    assert room.check("clusters").available == 3 and room.fits


def test_the_advice_fits_what_is_short():
    full = preflight(TEMPLATE, {"node_count": 1}, PLENTY, magnum_quota=Quota("p", 3),
                     cluster_count=3, flavors=FLAVORS)
    assert full.advice == ["Delete a cluster you no longer need, or ask your cloud "
                           "administrator for a larger cluster quota."]
    few_cores = dataclasses.replace(PLENTY, cores=Limit(90, 100), ram=Limit(0, 10 ** 4))
    big = preflight(TEMPLATE, {"node_count": 4}, few_cores, flavors=FLAVORS)
    assert {check.resource for check in big.shortfalls} == {"cores", "ram"}
    assert big.advice == ["Choose smaller flavors or fewer nodes, or ask your cloud "
                          "administrator for a larger quota."]  # said once for both
    assert preflight(TEMPLATE, {"node_count": 1}, PLENTY, flavors=FLAVORS).advice == []


def test_floating_ips_say_what_they_are_for():
    with_lb = dataclasses.replace(TEMPLATE, floating_ip_enabled=True, master_lb_enabled=True)
    check = preflight(with_lb, {"master_count": 1, "node_count": 1}, PLENTY,
                      flavors=FLAVORS).check("floating_ips")
    assert check.needed == 3
    assert "one per node" in check.note and "one for the API load balancer" in check.note
    assert preflight(TEMPLATE, {"node_count": 1}, PLENTY, flavors=FLAVORS).check("ram").note == ""
