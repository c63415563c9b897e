"""Finding clusters in the whole list: words to look for, an order, a page.

Magnum's list API filters nothing (only limit, marker, sort_key and
sort_dir), so a search reads the whole list (client.search_clusters, 1,000
rows per call) and this module filters, orders and pages it. The words a
person sees for an ID or a status (a template's name, an owner's name,
"Active") come in as ``aliases``: the caller knows them, the rule does not.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from coe_backend.models import Cluster, Page
from coe_backend.rules.kubernetes_versions import kubernetes_version

_EPOCH = datetime.min.replace(tzinfo=timezone.utc)


class SortKey(enum.StrEnum):
    NAME = "name"
    CREATED = "created"
    STATUS = "status"
    VERSION = "version"


@dataclass(frozen=True)
class ClusterSearch:
    """Words that must all appear (in any case) in a cluster's name, UUID,
    status, health, Kubernetes version, template, owner or project, and
    the order of the results. Without words and in Magnum's own order
    (newest first), a search is just the list."""

    text: str = ""
    sort: SortKey = SortKey.CREATED
    descending: bool = True

    @property
    def words(self) -> list[str]:
        return self.text.lower().split()

    @property
    def is_plain_list(self) -> bool:
        return not self.words and self.sort is SortKey.CREATED and self.descending

    def matches(self, cluster: Cluster, aliases: Mapping[str, str]) -> bool:
        found = " ".join(_searched_text(cluster, aliases)).lower()
        return all(word in found for word in self.words)

    def page(self, clusters: Iterable[Cluster], aliases: Mapping[str, str], *,
             limit: int | None = None, marker: str | None = None,
             backwards: bool = False) -> Page[Cluster]:
        """The matching clusters in order, `limit` after the one whose UUID
        is `marker` (`backwards`: the `limit` before it); without the
        marker's cluster, the first page."""
        found = sorted((c for c in clusters if self.matches(c, aliases)),
                       key=self._order_of, reverse=self.descending)
        size = limit or len(found)
        at = next((i for i, c in enumerate(found) if c.uuid == marker), None)
        if at is None:
            start, end = 0, size
        elif backwards:
            start, end = max(at - size, 0), at
        else:
            start, end = at + 1, at + 1 + size
        return paged(found[start:end], before=start > 0, after=end < len(found))

    def _order_of(self, cluster: Cluster) -> tuple:
        # The UUID breaks ties, so pages never share or skip a row.
        if self.sort is SortKey.NAME:
            return ((cluster.name or "").lower(), cluster.uuid)
        if self.sort is SortKey.STATUS:
            return (str(cluster.status or ""), cluster.uuid)
        if self.sort is SortKey.VERSION:
            version = kubernetes_version(cluster)
            return (version is not None, version or (), cluster.uuid)
        return (cluster.created_at or _EPOCH, cluster.uuid)


def paged(clusters: list[Cluster], *, before: bool, after: bool) -> Page[Cluster]:
    """A page of `clusters` with the markers of the pages `before` and
    `after` it, where such pages exist (so no link leads to an empty one)."""
    return Page(clusters, clusters[-1].uuid if after and clusters else None,
                clusters[0].uuid if before and clusters else None)


def _searched_text(cluster: Cluster, aliases: Mapping[str, str]) -> Sequence[str]:
    raw = [cluster.name, cluster.uuid, cluster.status, cluster.health_status,
           cluster.coe_version, cluster.cluster_template_id, cluster.user_id,
           cluster.project_id]
    values = [str(value) for value in raw if value]
    return values + [aliases[value] for value in values if value in aliases]
