"""The operator's check-up: what would make a new cluster fail, and its fix."""
import dataclasses

from coe_backend import (
    APIVersion, ClusterTemplate, Flavor, Image, Limit, MagnumService, Network, ProjectLimits,
    Severity)
from coe_backend.rules import checkup
from coe_backend.rules.preflight import preflight

IMAGES = [Image("i-ok", "ubuntu", os_distro="ubuntu", kube_version="v1.31.2"),
          Image("i-bare", "cirros"),
          Image("i-noversion", "ubuntu-plain", os_distro="ubuntu")]
FLAVORS = [Flavor("1", "m1.small", vcpus=1, ram=2048, disk=20),
           Flavor("2", "m1.medium", vcpus=2, ram=4096, disk=40),
           Flavor("5", "m1.diskless", vcpus=2, ram=4096, disk=0)]
NETWORKS = [Network("n-pub", "public", is_external=True), Network("n-priv", "private")]
GOOD = ClusterTemplate(uuid="t", name="good", image_id="ubuntu", flavor_id="m1.medium",
                       master_flavor_id="2", external_network_id="public", public=True)


def findings_of(**changes):
    template = dataclasses.replace(GOOD, **changes)
    return checkup.template_findings([template], IMAGES, FLAVORS, NETWORKS)


def problems(findings):
    return [(str(f.problem), str(f.fix)) for f in findings if f.severity == Severity.PROBLEM]


def test_a_ready_template_is_one_ok_finding():
    [finding] = findings_of()
    assert finding.severity == Severity.OK
    assert str(finding.subject) == "Template good"


def test_an_image_without_os_distro_is_a_problem_with_the_glance_command():
    [(problem, fix)] = problems(findings_of(image_id="cirros"))
    assert "cirros has no os_distro" in problem
    assert "openstack image set --property os_distro=ubuntu i-bare" in fix


def test_a_missing_image_is_a_problem():
    [(problem, _fix)] = problems(findings_of(image_id="gone"))
    assert "gone is not in Glance" in problem


def test_no_kubernetes_version_warns_and_is_a_problem_for_the_capi_helm_driver():
    [warning] = findings_of(image_id="i-noversion")
    assert warning.severity == Severity.WARNING and "kube_version" in str(warning.fix)
    assert findings_of(image_id="i-noversion", labels={"kube_tag": "v1.31.2"})[0].severity \
        == Severity.OK
    assert problems(findings_of(image_id="i-noversion", driver="k8s_capi_helm_v1"))


def test_a_flavor_below_the_kubernetes_minimum_is_named_with_its_size():
    [(problem, fix)] = problems(findings_of(flavor_id="m1.small"))
    assert "m1.small (vCPUs: 1, RAM: 2048 MiB) is smaller" in problem
    assert "larger flavor" in fix


def test_a_missing_flavor_and_a_diskless_flavor_without_boot_volume_are_problems():
    assert len(problems(findings_of(flavor_id="gone", master_flavor_id="m1.diskless"))) == 2
    assert not problems(findings_of(master_flavor_id="m1.diskless",
                                    labels={"boot_volume_size": "20"}))


def test_an_external_network_that_is_missing_or_private_is_a_problem():
    for network in ("gone", "private"):
        [(problem, _fix)] = problems(findings_of(external_network_id=network))
        assert f"external network {network} does not exist" in problem


def test_services_down_or_absent():
    up = MagnumService(1, host="a", binary="magnum-conductor", state="up")
    down = MagnumService(2, host="b", binary="magnum-conductor", state="down")
    assert checkup.service_findings([up])[0].severity == Severity.OK
    [partial] = checkup.service_findings([up, down])
    assert partial.severity == Severity.WARNING and str(partial.subject) == "magnum-conductor on b"
    assert checkup.service_findings([down])[0].severity == Severity.PROBLEM
    assert checkup.service_findings([])[0].severity == Severity.PROBLEM


def test_credential_rotation_needs_1_12():
    [old] = checkup.api_version_findings(APIVersion(1, 11))
    assert old.severity == Severity.WARNING and "needs 1.12" in str(old.problem)
    assert checkup.api_version_findings(APIVersion(1, 12))[0].severity == Severity.OK


def test_a_default_cluster_that_does_not_fit_names_the_resource_and_the_advice():
    full = ProjectLimits(instances=Limit(10, 10))
    [finding] = checkup.quota_findings(GOOD, preflight(GOOD, {}, full, flavors=FLAVORS))
    assert finding.severity == Severity.PROBLEM
    assert "instances" in str(finding.problem) and "fewer nodes" in str(finding.fix)
    roomy = preflight(GOOD, {}, ProjectLimits(instances=Limit(0, 10)), flavors=FLAVORS)
    assert checkup.quota_findings(GOOD, roomy)[0].severity == Severity.OK


def test_an_unreadable_source_is_a_warning_saying_so():
    finding = checkup.unchecked("the images", "Glance is down")
    assert finding.severity == Severity.WARNING
    assert str(finding.problem) == "Could not check the images: Glance is down"
