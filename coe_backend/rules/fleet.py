"""The fleet at a glance: where each cluster stands in its region, and the
summary line over all of them.

One rule each:

* a template is **deprecated** when the operator tagged it ``deprecated``
  (Magnum's template ``tags``, which may change while clusters use the
  template); **hidden** when Magnum says so (its owner retired it); unknown
  when the reader cannot see it (another project's private template, or
  deleted);
* a cluster's **upgrade available** is the newest candidate of the upgrade
  planner (rules.upgrade_plan) with a newer Kubernetes version, on a
  template neither hidden nor deprecated;
* it is **behind** by the minor versions between its own Kubernetes version
  and the newest one its region's usable templates (same engine, neither
  hidden nor deprecated) offer; two or more count in the summary;
* its **health** is one word: failed (its last operation failed), unhealthy
  (Magnum's health check says so), stalled (busy for longer than expected,
  rules.diagnosis.is_stalled), busy, healthy, or unknown (settled, health
  not reported); failed and unhealthy are **failing** in the summary, with
  the diagnosis rule's reading of what Magnum reported (no further reads).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from coe_backend.i18n import LazyText
from coe_backend.models import Cluster, ClusterTemplate, Image
from coe_backend.rules.diagnosis import Diagnosis, diagnose, is_stalled
from coe_backend.rules.kubernetes_versions import KubernetesVersion, kubernetes_version
from coe_backend.rules.status import HealthStatus
from coe_backend.rules.upgrade_plan import UpgradeCandidate, plan_upgrade

DEPRECATED_TAG = "deprecated"
# Minor versions behind the region's newest that the summary counts.
BEHIND_IN_SUMMARY = 2


class TemplateState(enum.StrEnum):
    CURRENT = "current"
    DEPRECATED = "deprecated"
    HIDDEN = "hidden"
    UNKNOWN = "unknown"


class FleetHealth(enum.StrEnum):
    FAILED = "failed"
    UNHEALTHY = "unhealthy"
    STALLED = "stalled"
    BUSY = "busy"
    HEALTHY = "healthy"
    UNKNOWN = "unknown"

    @property
    def is_failing(self) -> bool:
        return self in (FleetHealth.FAILED, FleetHealth.UNHEALTHY)


def template_state(template: ClusterTemplate | None) -> TemplateState:
    if template is None:
        return TemplateState.UNKNOWN
    if template.hidden:
        return TemplateState.HIDDEN
    if DEPRECATED_TAG in (tag.lower() for tag in template.tag_list):
        return TemplateState.DEPRECATED
    return TemplateState.CURRENT


def fleet_health(cluster: Cluster, now: datetime, stalled_after_seconds: float) -> FleetHealth:
    if cluster.is_failed:
        return FleetHealth.FAILED
    if cluster.health_status == HealthStatus.UNHEALTHY:
        return FleetHealth.UNHEALTHY
    if cluster.is_busy:
        return (FleetHealth.STALLED if is_stalled(cluster, now, stalled_after_seconds)
                else FleetHealth.BUSY)
    if cluster.health_status == HealthStatus.HEALTHY:
        return FleetHealth.HEALTHY
    return FleetHealth.UNKNOWN


@dataclass(frozen=True)
class FleetCluster:
    """One cluster as the fleet shows it."""

    region: str | None
    cluster: Cluster
    template: ClusterTemplate | None
    template_state: TemplateState
    version: KubernetesVersion | None
    # The newest version the region's usable templates of its engine offer.
    newest_version: KubernetesVersion | None
    upgrade: UpgradeCandidate | None
    health: FleetHealth
    diagnosis: Diagnosis | None = None  # for a failing cluster

    @property
    def minors_behind(self) -> int | None:
        """Minor versions behind the region's newest (None: either unknown)."""
        if self.version is None or self.newest_version is None:
            return None
        return max(0, self.newest_version.minors_above(self.version))


def region_clusters(region: str | None, clusters: Iterable[Cluster],
                    templates: Sequence[ClusterTemplate], images: Sequence[Image] | None,
                    *, now: datetime, stalled_after_seconds: float) -> list[FleetCluster]:
    """Each of a region's clusters, judged against that region's templates
    (read once for all of them) and images (None: not readable)."""
    by_uuid = {template.uuid: template for template in templates}
    usable = [t for t in templates if template_state(t) is TemplateState.CURRENT]
    newest: dict[str | None, KubernetesVersion | None] = {}
    for template in usable:
        version = kubernetes_version(template, images)
        if version is not None and (newest.get(template.coe) is None
                                    or version > newest[template.coe]):  # type: ignore[operator]
            newest[template.coe] = version
    found = []
    for cluster in clusters:
        template = by_uuid.get(cluster.cluster_template_id or "")
        plan = plan_upgrade(cluster, templates, images)
        upgrade = next((candidate for candidate in plan.candidates
                        if plan.current_version is not None
                        and candidate.version > plan.current_version
                        and template_state(candidate.template) is TemplateState.CURRENT), None)
        health = fleet_health(cluster, now, stalled_after_seconds)
        found.append(FleetCluster(
            region=region, cluster=cluster, template=template,
            template_state=template_state(template), version=plan.current_version,
            newest_version=newest.get(template.coe if template else "kubernetes"),
            upgrade=upgrade, health=health,
            diagnosis=diagnose(cluster) if health.is_failing else None))
    return found


@dataclass(frozen=True)
class RegionProblem:
    """A region whose clusters are not in the fleet, and why."""

    region: str | None
    reason: LazyText | str
    timed_out: bool = False


@dataclass(frozen=True)
class FleetSummary:
    clusters: int
    on_retired_templates: int  # deprecated or hidden
    behind: int                # BEHIND_IN_SUMMARY or more minor versions behind
    failing: int               # failed or unhealthy
    upgradable: int
    unreachable: tuple[str | None, ...] = ()


def summarize(clusters: Sequence[FleetCluster],
              problems: Sequence[RegionProblem] = ()) -> FleetSummary:
    return FleetSummary(
        clusters=len(clusters),
        on_retired_templates=sum(c.template_state in (TemplateState.DEPRECATED,
                                                      TemplateState.HIDDEN) for c in clusters),
        behind=sum((c.minors_behind or 0) >= BEHIND_IN_SUMMARY for c in clusters),
        failing=sum(c.health.is_failing for c in clusters),
        upgradable=sum(c.upgrade is not None for c in clusters),
        unreachable=tuple(problem.region for problem in problems))


@dataclass(frozen=True)
class Fleet:
    """Every region's clusters (region by region, as Magnum listed them),
    the regions that answered, and those that did not, with why."""

    clusters: list[FleetCluster] = field(default_factory=list)
    regions: list[str | None] = field(default_factory=list)
    problems: list[RegionProblem] = field(default_factory=list)
    # Each answering region's Magnum maximum microversion (a caller may
    # remember it and pass it back, saving the negotiation).
    server_max_versions: dict[str | None, str] = field(default_factory=dict)

    @property
    def summary(self) -> FleetSummary:
        return summarize(self.clusters, self.problems)
