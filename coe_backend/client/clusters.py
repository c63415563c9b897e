"""Cluster operations of the client.

Magnum casts create/delete/resize/upgrade to its conductor and drops the work
silently when the cluster is in the wrong state, so each state-changing call
first reads the cluster and refuses, with the reason, what the conductor
would drop. Magnum also answers before the conductor starts, so these calls
then wait (briefly) until the cluster shows the operation has begun: whoever
reads the cluster next sees it in progress, not as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from coe_backend.client.base import CLUSTERS, ClientBase, wait_until_started
from coe_backend.errors import Conflict, InvalidInput, NotFound
from coe_backend.i18n import _
from coe_backend.magnum import half_built
from coe_backend.magnum.connection import NEWEST_FIRST, OLDEST_FIRST
from coe_backend.models import Cluster, NodeGroup, Page
from coe_backend.rules import api_versions
from coe_backend.rules.cluster_search import ClusterSearch, paged
from coe_backend.rules.fields import Integer, clean_value
from coe_backend.rules.status import Action
from coe_backend.rules.validation import check_resize_bounds, validate_cluster

# Magnum's default [api] max_limit: it answers no more rows per request.
_MOST_PER_READ = 1000


class ClusterOperations(ClientBase):
    def list_clusters(self, limit: int | None = None,
                      marker: str | None = None,
                      detail: bool = False,
                      newest_first: bool = False,
                      project_id: str | None = None,
                      backwards: bool = False) -> Page[Cluster]:
        """A page of clusters; `detail` adds the fields Magnum's summary
        lacks (API address, timestamps, status reason). `backwards` gives
        the `limit` clusters before `marker` instead of after it: Magnum
        reads them in the opposite order from the marker, turned back here.

        `project_id` keeps that project's clusters (with detail, the
        summary has no project). Magnum lists every project's clusters to
        an admin and takes no project filter, so for an admin it reads on,
        in growing batches, until the page is full."""
        # Backwards reads in the opposite order; None is Magnum's own, oldest first.
        query = NEWEST_FIRST if newest_first != backwards else OLDEST_FIRST if backwards else None
        if project_id is None:
            path = f"{CLUSTERS}/detail" if detail else CLUSTERS
            # One row more than shown tells whether a page exists beyond it
            # (Magnum offers "next" whenever a page comes back full, even the last).
            peek = limit is not None and limit < _MOST_PER_READ
            items, next_marker = half_built.listing(lambda: self._magnum.list_page(
                path, "clusters", limit=limit + 1 if peek else limit, marker=marker,
                query=query))
            beyond = len(items) > limit if peek else next_marker is not None
            return _page(items[:limit] if peek else items, beyond, marker, backwards)
        return self._project_page(project_id, limit, marker, query, backwards)

    def search_clusters(self, search: ClusterSearch, *, limit: int | None = None,
                        marker: str | None = None, backwards: bool = False,
                        project_id: str | None = None,
                        aliases: Callable[[list[Cluster]], Mapping[str, str]] | None = None
                        ) -> Page[Cluster]:
        """A page of the clusters `search` finds, in its order, across the
        whole list (`project_id`, `backwards` as for list_clusters). Magnum
        filters nothing, so this reads every cluster, 1,000 per call, and
        keeps none of them. `aliases(clusters)` gives the names people see
        for the IDs and statuses in them (template, owner, project names),
        so that a search finds those too."""
        if project_id is not None:
            clusters = self._project_page(project_id, None, None, None).items
        else:
            clusters = [Cluster.from_api(item) for item in half_built.listing(
                lambda: self._magnum.list_all(f"{CLUSTERS}/detail", "clusters",
                                              query={"limit": str(_MOST_PER_READ)}))]
        return search.page(clusters, aliases(clusters) if aliases else {},
                           limit=limit, marker=marker, backwards=backwards)

    def _project_page(self, project_id: str, limit: int | None, marker: str | None,
                      query: Any, backwards: bool = False) -> Page[Cluster]:
        kept: list[dict[str, Any]] = []
        # One more than shown: whether there is a page beyond, without opening it.
        batch = min(limit + 1, _MOST_PER_READ) if limit else _MOST_PER_READ
        read_from = marker
        while True:
            items, read_on = half_built.listing(
                lambda: self._magnum.list_page(f"{CLUSTERS}/detail", "clusters",
                                               limit=batch, marker=read_from, query=query))
            kept += [item for item in items if item.get("project_id") in (None, project_id)]
            if limit is not None and len(kept) > limit:
                return _page(kept[:limit], True, marker, backwards)
            if read_on is None or read_on == read_from:
                return _page(kept, False, marker, backwards)
            read_from, batch = read_on, min(batch * 2, _MOST_PER_READ)

    def create_cluster(self, *, merge_labels: bool = False,
                       **fields: Any) -> str:
        """Create a cluster; returns its UUID. With labels and
        merge_labels=False the labels replace the template's entirely;
        with merge_labels=True they override the template's key by key;
        without labels the cluster inherits the template's."""
        template_ident = fields.get("cluster_template_id")
        if not template_ident:
            raise InvalidInput({"cluster_template_id":
                                _("Choose a cluster template.")})
        try:
            template = self.get_cluster_template(template_ident)
        except NotFound as error:
            raise InvalidInput({"cluster_template_id": error.message}) \
                from error
        body = validate_cluster({**fields, "merge_labels": merge_labels},
                                template, self._magnum.features)
        body["cluster_template_id"] = template.uuid
        if not body.get("labels"):
            # Empty labels mean "inherit", so merging has nothing to say.
            body.pop("labels", None)
            body.pop("merge_labels")
        uuid = self._magnum.call("POST", CLUSTERS, body)["uuid"]
        self._remember_created(uuid, body.get("name"))
        return uuid

    def delete_cluster(self, ident: str) -> bool:
        """Start deleting the cluster; True once Magnum shows the delete
        under way (see _wait_until_started)."""
        cluster = self._cluster_allowing(ident, Action.DELETE)
        self._magnum.call("DELETE", f"{CLUSTERS}/{cluster.uuid}")
        return self._wait_until_started(cluster)

    def resize_cluster(self, ident: str, node_count: int, *,
                       nodegroup: str | None = None,
                       nodes_to_remove: Sequence[str] = ()) -> bool:
        """Set the size of a node group (the default worker group unless
        `nodegroup` is named). `nodes_to_remove` picks the servers to drop
        when shrinking; some drivers ignore it. True once Magnum shows the
        resize under way."""
        magnum = self._magnum
        magnum.require(api_versions.RESIZE, _("Resizing a cluster"))
        node_count = clean_value("node_count", node_count, Integer(0))
        if node_count == 0:
            magnum.require(api_versions.ZERO_NODE_CLUSTERS,
                           _("Resizing a node group to zero nodes"))
        cluster = self._cluster_allowing(ident, Action.RESIZE)
        if magnum.features.node_groups:
            group = (self.get_node_group(cluster.uuid, nodegroup) if nodegroup
                     else self._default_worker(cluster.uuid))
            check_resize_bounds(group, node_count, self.driver_family(cluster))
        body: dict[str, Any] = {"node_count": node_count}
        if nodes_to_remove:
            body["nodes_to_remove"] = list(nodes_to_remove)
        if nodegroup:
            body["nodegroup"] = nodegroup
        magnum.call("POST", f"{CLUSTERS}/{cluster.uuid}/actions/resize",
                    body)
        return self._wait_until_started(cluster)

    def upgrade_cluster(self, ident: str, cluster_template: str, *,
                        nodegroup: str | None = None,
                        max_batch_size: int = 1) -> bool:
        """Move the cluster (or one node group) to another template;
        see plan_upgrade() for the templates that make sense. True once
        Magnum shows the upgrade under way."""
        self._magnum.require(api_versions.UPGRADE, _("Upgrading a cluster"))
        batch = clean_value("max_batch_size", max_batch_size, Integer(1))
        cluster = self._cluster_allowing(ident, Action.UPGRADE)
        try:
            template = self.get_cluster_template(cluster_template)
        except NotFound as error:
            raise InvalidInput({"cluster_template": error.message}) from error
        if not nodegroup and template.uuid == cluster.cluster_template_id:
            raise InvalidInput({"cluster_template": _(
                "The cluster already runs this template; choose a newer "
                "one (the current one is for added node groups).")})
        if nodegroup and template.uuid != cluster.cluster_template_id:
            group = self.get_node_group(cluster.uuid, nodegroup)
            if not group.is_default:
                raise InvalidInput({"cluster_template": _(
                    "An added node group can only be upgraded to the "
                    "cluster's current template; upgrade the cluster's "
                    "default node groups first.")})
        body: dict[str, Any] = {"cluster_template": template.uuid,
                                "max_batch_size": batch}
        if nodegroup:
            body["nodegroup"] = nodegroup
        self._magnum.call(
            "POST", f"{CLUSTERS}/{cluster.uuid}/actions/upgrade", body)
        return self._wait_until_started(cluster)

    def rotate_ca(self, ident: str) -> None:
        """Replace the cluster's CA; every credential issued before stops
        working."""
        cluster = self._cluster_allowing(ident, Action.ROTATE_CA)
        self._magnum.call("PATCH", f"/v1/certificates/{cluster.uuid}")

    def rotate_credentials(self, ident: str) -> None:
        """Replace the OpenStack credential the cluster itself uses."""
        self._magnum.require(api_versions.CREDENTIAL_ROTATION,
                             _("Rotating cluster credentials"))
        cluster = self._cluster_allowing(ident, Action.ROTATE_CREDENTIALS)
        self._magnum.call("PATCH", f"/v1/credentials/{cluster.uuid}")

    def _cluster_allowing(self, ident: str, action: Action) -> Cluster:
        cluster = self.get_cluster(ident)
        reason = cluster.reason_for(action)
        if reason:
            raise Conflict(reason)
        return cluster

    def _wait_until_started(self, before: Cluster) -> bool:
        """See operations_base.wait_until_started: a new status or a newer
        save shows the conductor has taken the operation up."""
        return wait_until_started(
            lambda: self.get_cluster(before.uuid),
            lambda now: (now.status, now.updated_at)
            != (before.status, before.updated_at))

    def _default_worker(self, cluster_uuid: str) -> NodeGroup:
        summary = next((group for group in self.list_node_groups(cluster_uuid)
                        if group.is_default and not group.is_master), None)
        if summary is None:
            raise NotFound(_("The cluster has no default worker node group."))
        return self.get_node_group(cluster_uuid, summary.uuid)


def _page(rows: list[dict[str, Any]], beyond: bool, marker: str | None,
          backwards: bool) -> Page[Cluster]:
    """The page of `rows` read from `marker` on (`backwards`: in the
    opposite order), `beyond` telling whether more lie past them: the
    marker's cluster lies on the other side."""
    clusters = [Cluster.from_api(row) for row in (rows[::-1] if backwards else rows)]
    came_from = marker is not None
    return paged(clusters, before=beyond if backwards else came_from,
                 after=came_from if backwards else beyond)
