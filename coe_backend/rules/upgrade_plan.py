"""Which templates a cluster may be upgraded to, and what would change.

Kubernetes supports moving one minor version at a time, so a candidate has
the same COE and the same version (an image refresh) or one minor version
more. Every other template is listed in ``rejected`` with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from coe_backend.i18n import LazyText, _
from coe_backend.models import Cluster, ClusterTemplate, Image
from coe_backend.models.catalog import named
from coe_backend.rules.driver_labels import BUILT_IN as LABEL_CATALOG
from coe_backend.rules.drivers import template_driver
from coe_backend.rules.kubernetes_versions import (
    KubernetesVersion, kubernetes_version)

# Identity, bookkeeping and visibility are not differences a user weighs.
_NOT_COMPARED = frozenset({
    "uuid", "name", "project_id", "user_id", "created_at", "updated_at",
    "labels", "public", "hidden", "tags"})
_VERSION_LABEL = "kube_tag"


@dataclass(frozen=True)
class UpgradeCandidate:
    template: ClusterTemplate
    version: KubernetesVersion
    # False: same minor version (a refresh of image or settings)
    is_minor_upgrade: bool
    # field -> (current, new); labels appear as "labels.<key>"
    differences: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    # Labels it changes that its driver reads only at create (volumes,
    # network CIDRs): the cluster keeps its own.
    kept_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class RejectedTemplate:
    template: ClusterTemplate
    reason: str


@dataclass(frozen=True)
class UpgradePlan:
    current_template: ClusterTemplate | None
    current_version: KubernetesVersion | None
    candidates: list[UpgradeCandidate] = field(default_factory=list)
    rejected: list[RejectedTemplate] = field(default_factory=list)


def plan_upgrade(cluster: Cluster, templates: Sequence[ClusterTemplate],
                 images: Sequence[Image] | None = None) -> UpgradePlan:
    current = next((template for template in templates
                    if template.uuid == cluster.cluster_template_id), None)
    current_version = kubernetes_version(cluster) or (
        kubernetes_version(current, images) if current else None)
    candidates, rejected = [], []
    for template in templates:
        version = kubernetes_version(template, images)
        reason = (_rejection(cluster, current, current_version, template, version)
                  or _other_driver(current, template, images or ()))
        if reason:
            rejected.append(RejectedTemplate(template, reason))
            continue
        # _rejection refuses templates or clusters of unknown version
        assert version is not None and current_version is not None
        candidates.append(UpgradeCandidate(
            template, version,
            is_minor_upgrade=version.minors_above(current_version) == 1,
            differences=template_differences(current, template),
            kept_labels=_kept_labels(current, template, images or ())))
    candidates.sort(key=lambda c: (c.version, c.template.name or ""),
                    reverse=True)
    return UpgradePlan(current, current_version, candidates, rejected)


def template_differences(old: ClusterTemplate | None,
                         new: ClusterTemplate) -> dict[str, tuple[Any, Any]]:
    """Fields that differ (labels key by key), except the version label."""
    if old is None:
        return {}
    differences = {}
    for name in new.__dataclass_fields__:
        if name in _NOT_COMPARED:
            continue
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            differences[name] = (before, after)
    for key in sorted(old.labels.keys() | new.labels.keys()):
        before, after = old.labels.get(key), new.labels.get(key)
        if key != _VERSION_LABEL and before != after:
            differences[f"labels.{key}"] = (before, after)
    return differences


def _kept_labels(current: ClusterTemplate | None, template: ClusterTemplate,
                 images: Sequence[Image]) -> tuple[str, ...]:
    if current is None:
        return ()
    driver = template_driver(current.driver, named(images, current.image_id)).family
    return LABEL_CATALOG.immutable_changes(current.labels, template.labels, driver)


def _other_driver(current: ClusterTemplate | None, template: ClusterTemplate,
                  images: Sequence[Image]) -> LazyText | None:
    """An upgrade keeps the cluster's driver: a template another driver builds
    (both known; Magnum's default is not) is no way up."""
    if current is None:
        return None
    ours, theirs = (template_driver(t.driver, named(images, t.image_id)).name
                    for t in (current, template))
    if ours and theirs and ours != theirs:
        return _("Another driver builds its clusters ({driver}, where this cluster's is "
                 "{current}), and an upgrade keeps the cluster's driver.",
                 driver=theirs, current=ours)
    return None


def _rejection(cluster: Cluster, current: ClusterTemplate | None,
               current_version: KubernetesVersion | None,
               template: ClusterTemplate,
               version: KubernetesVersion | None) -> LazyText | None:
    if template.uuid == cluster.cluster_template_id:
        return _("It is the cluster's current template.")
    if current is not None and template.coe != current.coe:
        return _("It is for {engine}, but the cluster runs {current}.",
                 engine=template.coe, current=current.coe)
    if template.hidden:
        return _("It is hidden: its owner has retired it.")
    if version is None:
        return _("Its Kubernetes version is unknown (no kube_tag label and no "
                 "kube_version on its image).")
    if current_version is None:
        return _("The cluster's own Kubernetes version is unknown.")
    if version < current_version:
        return _("It would downgrade Kubernetes from {current} to {version}, "
                 "which is not supported.", current=str(current_version),
                 version=str(version))
    if version.minors_above(current_version) > 1:
        return _("It jumps from {current} to {version}; Kubernetes upgrades one "
                 "minor version at a time, so upgrade through the versions in "
                 "between first.", current=str(current_version),
                 version=str(version))
    return None
