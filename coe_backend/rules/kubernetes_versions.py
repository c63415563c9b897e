"""The Kubernetes version of a template or cluster.

Drivers disagree on where it lives: the Heat and vexxhost drivers read the
``kube_tag`` label, magnum-capi-helm the image's ``kube_version`` property,
and a running cluster reports ``coe_version``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coe_backend.i18n import LazyText, _
from coe_backend.models import Cluster, ClusterTemplate, Image

_VERSION = re.compile(r"^v?(\d+)\.(\d+)(?:\.(\d+))?(.*)$")


@dataclass(frozen=True, order=True)
class KubernetesVersion:
    major: int
    minor: int
    patch: int = 0
    suffix: str = ""  # e.g. "-rancher1"; compared as text, after the numbers

    @classmethod
    def parse(cls, text: str | None) -> KubernetesVersion | None:
        match = _VERSION.match((text or "").strip())
        if not match:
            return None
        return cls(int(match.group(1)), int(match.group(2)),
                   int(match.group(3) or 0), match.group(4))

    def minors_above(self, other: KubernetesVersion) -> int:
        """How many minor releases this is ahead of `other` (negative when
        behind); a major change counts as many."""
        return (self.major - other.major) * 1000 + self.minor - other.minor

    def __str__(self) -> str:
        return f"v{self.major}.{self.minor}.{self.patch}{self.suffix}"


def kubernetes_version(subject: ClusterTemplate | Cluster,
                       images: Sequence[Image] | None = None
                       ) -> KubernetesVersion | None:
    """kube_tag label, else the image's kube_version property (templates),
    else the version the cluster reports (coe_version); None if unknown."""
    from_label = KubernetesVersion.parse(subject.labels.get("kube_tag"))
    if from_label:
        return from_label
    if isinstance(subject, ClusterTemplate) and images:
        image = next((image for image in images
                      if subject.image_id in (image.id, image.name)), None)
        if image and image.kube_version:
            return KubernetesVersion.parse(image.kube_version)
    if isinstance(subject, Cluster):
        return KubernetesVersion.parse(subject.coe_version)
    return None


def version_disagreement(labels: Mapping[str, str], image: Image | None
                         ) -> LazyText | None:
    """Why a template's kube_tag label and its image's kube_version name
    different Kubernetes versions, or None when they agree (or one is unset)."""
    asked = KubernetesVersion.parse(labels.get("kube_tag"))
    made_for = KubernetesVersion.parse(image.kube_version) if image else None
    if asked is None or made_for is None or asked == made_for:
        return None
    return _("The kube_tag label asks for Kubernetes {asked}, but the image "
             "{image} is made for {made_for}: drivers that read the label (Heat, "
             "magnum-cluster-api) and the one that reads the image "
             "(magnum-capi-helm) would build different versions. Choose the image "
             "made for {asked}, or remove the label.", asked=str(asked),
             image=image.name or image.id, made_for=str(made_for))
