"""Client conveniences that gather what the pure planners need: upgrade
plans, the quota pre-flight and failure diagnosis."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from coe_backend import diagnosis, preflight, upgrade_plan
from coe_backend.catalog_models import Flavor, Image, ProjectLimits
from coe_backend.errors import CoeError
from coe_backend.models import (
    Cluster, ClusterTemplate, NodeGroup, Quota, Stats)
from coe_backend.operations_base import MagnumOperations

T = TypeVar("T")


class PlanningOperations(MagnumOperations):
    if TYPE_CHECKING:  # provided by the other operation groups
        def get_cluster(self, ident: str) -> Cluster: ...
        def get_cluster_template(self, ident: str) -> ClusterTemplate: ...
        def get_node_group(self, cluster: str, ng: str) -> NodeGroup: ...
        def list_node_groups(self, cluster: str) -> list[NodeGroup]: ...
        def list_images(self) -> list[Image]: ...
        def list_flavors(self) -> list[Flavor]: ...
        def get_project_limits(self) -> ProjectLimits: ...
        def get_quota(self, project_id: str) -> Quota: ...
        def get_stats(self, project_id: str | None = None) -> Stats: ...
        def _project_id(self) -> str: ...

    def plan_upgrade(self, cluster: str) -> upgrade_plan.UpgradePlan:
        """The templates `cluster` may be upgraded to (all templates the
        caller can see are considered)."""
        subject = self.get_cluster(cluster)
        templates = [ClusterTemplate.from_api(item) for item in
                     self._magnum.list_all("/v1/clustertemplates",
                                           "clustertemplates")]
        return upgrade_plan.plan_upgrade(subject, templates,
                                         _or_none(self.list_images))

    def preflight(self, template: str,
                  overrides: Mapping[str, Any]) -> preflight.Preflight:
        """Whether a cluster from `template` with `overrides` fits in the
        project's remaining quotas. Data that cannot be read counts as
        unknown, never as a failure."""
        project = self._project_id()
        quota = _or_none(lambda: self.get_quota(project))
        # Named, or Magnum counts every project's clusters for an admin.
        stats = _or_none(lambda: self.get_stats(project))
        return preflight.preflight(
            self.get_cluster_template(template), overrides,
            self.get_project_limits(), quota,
            stats.clusters if stats else None,
            flavors=_or_none(self.list_flavors) or ())

    def diagnose(self, cluster: str) -> diagnosis.Diagnosis:
        """Why `cluster` failed or is unhealthy, and what to do next."""
        subject = self.get_cluster(cluster)
        groups: list[NodeGroup] = []
        if self._magnum.features.node_groups:
            groups = [self.get_node_group(subject.uuid, group.uuid)
                      for group in self.list_node_groups(subject.uuid)
                      if group.is_failed]
        return diagnosis.diagnose(subject, groups)


def _or_none(read: Callable[[], T]) -> T | None:
    """Optional context: a read that fails only makes the answer vaguer."""
    try:
        return read()
    except CoeError:
        return None
