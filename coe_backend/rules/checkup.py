"""The operator's check-up: what makes clusters fail before users try.

Each check looks at what Magnum will need when a cluster is made (the public
templates' images, flavors and external network, the conductors, the API
microversion, room in the quotas) and answers with findings an operator can
act on. No I/O: the client gathers the inputs (CoeClient.checkup).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from coe_backend.i18n import LazyText, _, join
from coe_backend.models import (
    ClusterTemplate, Flavor, Image, MagnumService, Network)
from coe_backend.models.catalog import named
from coe_backend.rules.api_versions import CREDENTIAL_ROTATION, APIVersion, Features
from coe_backend.rules.kubernetes_versions import kubernetes_version
from coe_backend.rules.labels import label_int
from coe_backend.rules.preflight import Preflight

# A Kubernetes node below this fails kubeadm's preflight (2 CPUs, 2 GB);
# magnum-ui's MAGNUM_MINIMUM_FLAVOR_VCPU / _RAM default to the same.
MINIMUM_VCPUS = 2
MINIMUM_RAM_MIB = 2048
# The driver that reads the Kubernetes version from the image, not a label.
_IMAGE_VERSION_DRIVERS = frozenset({"k8s_capi_helm_v1"})


class Severity(enum.IntEnum):
    """Ordered as an operator reads them: problems first."""

    PROBLEM = 0
    WARNING = 1
    OK = 2


@dataclass(frozen=True)
class Finding:
    severity: Severity
    subject: str | LazyText  # the template or service it is about
    problem: str | LazyText
    fix: str | LazyText = ""


def template_findings(templates: Sequence[ClusterTemplate], images: Sequence[Image],
                      flavors: Sequence[Flavor], networks: Sequence[Network]
                      ) -> list[Finding]:
    """What in each public template would make a new cluster fail; an OK
    finding for a template with nothing wrong."""
    findings = []
    for template in templates:
        subject = _("Template {name}", name=template.name or template.uuid)
        found = (_image_findings(template, images)
                 + _flavor_findings(template, flavors)
                 + _network_findings(template, networks))
        findings += [Finding(severity, subject, problem, fix)
                     for severity, problem, fix in found] or [
            Finding(Severity.OK, subject, _("Image, flavors and external network are "
                                            "ready."))]
    return findings


def _image_findings(template: ClusterTemplate, images: Sequence[Image]) -> list[tuple]:
    image = named(images, template.image_id)
    if image is None:
        return [(Severity.PROBLEM, _("Its image {image} is not in Glance (or not "
                                     "visible to Magnum).", image=template.image_id),
                 _("Upload the image, or point a new template at one that exists."))]
    if not image.os_distro:
        return [(Severity.PROBLEM, _("Its image {image} has no os_distro property: "
                                     "Magnum cannot choose a driver for it.",
                                     image=image.name or image.id),
                 _("Set it in Glance, e.g. openstack image set --property "
                   "os_distro=ubuntu {image}.", image=image.id))]
    if kubernetes_version(template, [image]) is None:
        needed = bool({template.driver, image.magnum_driver} & _IMAGE_VERSION_DRIVERS)
        return [(Severity.PROBLEM if needed else Severity.WARNING,
                 _("Neither its kube_tag label nor its image {image}'s kube_version "
                   "property says which Kubernetes version to build.",
                   image=image.name or image.id),
                 _("Set it in Glance, e.g. openstack image set --property "
                   "kube_version=v1.31.2 {image} (magnum-capi-helm needs it).",
                   image=image.id))]
    return []


def _flavor_findings(template: ClusterTemplate, flavors: Sequence[Flavor]) -> list[tuple]:
    boot_volume = _boot_volume_size(template)
    found = []
    for ref in dict.fromkeys(filter(None, (template.master_flavor_id, template.flavor_id))):
        flavor = named(flavors, ref)
        if flavor is None:
            found.append((Severity.PROBLEM, _("Its flavor {flavor} does not exist.",
                                              flavor=ref),
                          _("Create the flavor, or make a new template with one that "
                            "exists.")))
        elif flavor.vcpus < MINIMUM_VCPUS or flavor.ram < MINIMUM_RAM_MIB:
            found.append((Severity.PROBLEM, _(
                "Its flavor {flavor} (vCPUs: {vcpus}, RAM: {ram} MiB) is smaller than "
                "a Kubernetes node needs: {min_vcpus} vCPUs and {min_ram} MiB.",
                flavor=flavor.name, vcpus=flavor.vcpus, ram=flavor.ram,
                min_vcpus=MINIMUM_VCPUS, min_ram=MINIMUM_RAM_MIB),
                _("Make a new template with a larger flavor.")))
        elif flavor.disk == 0 and not boot_volume:
            found.append((Severity.PROBLEM, _(
                "Its flavor {flavor} has no root disk and the template sets no "
                "boot_volume_size label.", flavor=flavor.name),
                _("Set the boot_volume_size label, or use a flavor with a root disk.")))
    return found


def _network_findings(template: ClusterTemplate, networks: Sequence[Network]) -> list[tuple]:
    ref = template.external_network_id
    if not ref or named([n for n in networks if n.is_external], ref):
        return []
    return [(Severity.PROBLEM, _("Its external network {network} does not exist, or is "
                                 "not external (router:external).", network=ref),
             _("Create the network (or mark it external), or make a new template "
               "with an existing external network."))]


def service_findings(services: Sequence[MagnumService]) -> list[Finding]:
    subject = _("Magnum services")
    if not services:
        return [Finding(Severity.PROBLEM, subject, _("No magnum-conductor has reported: "
                                                     "clusters will never change state."),
                        _("Start magnum-conductor and check it reaches the message "
                          "queue and the database."))]
    down = [service for service in services if not service.is_up or service.disabled]
    if not down:
        return [Finding(Severity.OK, subject, _("Every Magnum service is up."))]
    return [Finding(Severity.PROBLEM if len(down) == len(services) else Severity.WARNING,
                    _("{binary} on {host}", binary=service.binary, host=service.host),
                    _("It is down or disabled."),
                    _("Restart it or enable it (openstack coe service list shows its "
                      "last report)."))
            for service in down]


def api_version_findings(negotiated: APIVersion) -> list[Finding]:
    subject = _("Magnum API version")
    if Features.for_version(negotiated).credential_rotation:
        return [Finding(Severity.OK, subject, _("Version {version} allows credential "
                                                "rotation.", version=str(negotiated)))]
    return [Finding(Severity.WARNING, subject, _(
        "Version {version} does not allow credential rotation (needs {needed}).",
        version=str(negotiated), needed=str(CREDENTIAL_ROTATION)),
        _("Upgrade Magnum, or raise the API version ceiling in the dashboard's "
          "settings."))]


def quota_findings(template: ClusterTemplate, verdict: Preflight) -> list[Finding]:
    """Whether one cluster from `template`, as it comes, fits in the quotas."""
    subject = _("Quotas for a cluster from {name}", name=template.name or template.uuid)
    warnings = [Finding(Severity.WARNING, subject, warning) for warning in verdict.warnings]
    if verdict.fits:
        return warnings + [Finding(Severity.OK, subject, _("One default cluster fits."))]
    short = ", ".join(check.resource for check in verdict.shortfalls)
    return warnings + [Finding(Severity.PROBLEM, subject,
                               _("One default cluster does not fit: {resources}.",
                                 resources=short), join(" ", verdict.advice))]


def unchecked(what: str | LazyText, error: object) -> Finding:
    """A source that could not be read: its checks did not run."""
    return Finding(Severity.WARNING, what, _("Could not check {what}: {error}",
                                             what=what, error=error))


def setting_findings(setting: str, problems: Sequence[str | LazyText]) -> list[Finding]:
    """The entries of the operator's `setting` that could not be read; the
    dashboard goes on without them."""
    return [Finding(Severity.WARNING, setting, problem,
                    _("Correct it in Horizon's local_settings.py and restart Horizon; until "
                      "then it is left out.")) for problem in problems]


def _boot_volume_size(template: ClusterTemplate) -> int:
    try:
        return label_int(template.labels, "boot_volume_size") or 0
    except ValueError:
        return 0
