"""The client's planners: what an upgrade may go to, whether a new cluster
fits in the project's quotas, and why a cluster failed. Each gathers what the
pure rules in coe_backend.rules need and asks them; these methods are the
one entry point for each question."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from coe_backend.client.admin import AdminOperations
from coe_backend.client.base import TEMPLATES
from coe_backend.client.catalog import CatalogLookups
from coe_backend.errors import CoeError
from coe_backend.models import Cluster, ClusterTemplate, Flavor, NodeGroup
from coe_backend.rules import diagnosis, preflight, upgrade_plan

T = TypeVar("T")


class PlanningOperations(CatalogLookups, AdminOperations):
    def plan_upgrade(self, cluster: str) -> upgrade_plan.UpgradePlan:
        """The templates `cluster` may be upgraded to (all templates the
        caller can see are considered)."""
        subject = self.get_cluster(cluster)
        return upgrade_plan.plan_upgrade(subject, self._every_template(),
                                         _or_none(self.list_images))

    def _every_template(self) -> list[ClusterTemplate]:
        """Every template the caller can see, in as few calls as Magnum allows."""
        return [ClusterTemplate.from_api(item) for item in
                self._magnum.list_all(TEMPLATES, "clustertemplates")]

    def preflight(self, template: str | ClusterTemplate,
                  overrides: Mapping[str, Any], *,
                  flavors: Sequence[Flavor] | None = None) -> preflight.Preflight:
        """Whether a cluster from `template` (an id, or the template just
        read) with `overrides` fits in the project's remaining quotas, read
        now. `flavors`, when the caller has them, saves reading them again.
        Data that cannot be read counts as unknown, never as a failure."""
        project = self._project_id()
        with ThreadPoolExecutor(max_workers=3) as pool:
            quota = pool.submit(_or_none, lambda: self.get_quota(project))
            # Named, or Magnum counts every project's clusters for an admin.
            stats = pool.submit(_or_none, lambda: self.get_stats(project))
            limits = pool.submit(self.get_project_limits)
            if not isinstance(template, ClusterTemplate):
                template = self.get_cluster_template(template)
            if flavors is None:
                flavors = _or_none(self.list_flavors) or ()
            counted = stats.result()
            return preflight.preflight(template, overrides, limits.result(), quota.result(),
                                       counted.clusters if counted else None, flavors=flavors)

    def diagnose(self, cluster: str | Cluster) -> diagnosis.Diagnosis:
        """Why `cluster` (an id, or the Cluster just read) failed or is
        unhealthy, and what to do next; its failed node groups' reasons
        count too."""
        subject = cluster if isinstance(cluster, Cluster) else self.get_cluster(cluster)

        def failed_groups() -> list[NodeGroup]:
            # The summary has no status_reason: read each failed group.
            return [self.get_node_group(subject.uuid, group.uuid)
                    for group in self.list_node_groups(subject.uuid) if group.is_failed]

        groups = _or_none(failed_groups) if self._magnum.features.node_groups else None
        return diagnosis.diagnose(subject, groups)


def _or_none(read: Callable[[], T]) -> T | None:
    """Optional context: a read that fails only makes the answer vaguer."""
    try:
        return read()
    except CoeError:
        return None
