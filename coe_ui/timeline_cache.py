"""Each cluster's timeline (coe_backend.Timeline), kept in Horizon's cache.

Magnum keeps no history of a cluster's statuses. Every page and poll of
coe-ui that reads clusters hands what it read to ``record`` (no call of its
own); the cluster page shows what was kept (``timeline_of``). What counts as
a change, and how the history stays bounded, is coe_backend's rule.

The cache is Horizon's (django.core.cache): in production memcached, shared
by every Horizon worker, so the next request sees what another worker
recorded, whichever answers it. Per page or poll: one ``get_many`` for the
clusters it read and, only when one of them changed, one ``set_many``.

Races: memcached has no transaction here. Two workers that record a change
of the same cluster at the same moment each merge into the history they
read, and the later write wins: the other's entry is lost, the history
before both is kept. A reading older than the kept one (by Magnum's
``updated_at``) is ignored by the rule, so a slow answer cannot write the
past over the present.

Kept for TIMELINE_DAYS (plugin_settings) after the last change seen, per
cluster UUID: a deleted cluster's timeline expires then. Lost when the cache
restarts or evicts it.
"""
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from horizon.utils.memoized import memoized

import coe_backend
from coe_ui import plugin_settings, shared_cache


def _key(cluster_uuid):
    return shared_cache.key("timeline", cluster_uuid)


def keep_for():
    """How long a timeline is kept after its last change; zero: not kept."""
    return timedelta(days=plugin_settings.current().timeline_days)


@memoized
def _this_requests(request):
    """{cluster UUID: Timeline} known to this request (read or recorded):
    the cluster page shows what its own reading recorded without reading
    the cache again."""
    return {}


def record(request, clusters):
    """Merge these readings of clusters (coe_backend.Cluster, None for one
    that could not be read) into their timelines."""
    keep = keep_for()
    clusters = [cluster for cluster in clusters if cluster is not None and cluster.uuid]
    if not clusters or not keep:
        return
    keys = {cluster.uuid: _key(cluster.uuid) for cluster in clusters}
    stored = cache.get_many(list(keys.values()))
    known = _this_requests(request)
    now = timezone.now()
    changed = {}
    for cluster in clusters:
        timeline = coe_backend.Timeline.from_data(stored.get(keys[cluster.uuid]))
        merged = timeline.observe(cluster, now, keep)
        if merged is not None:
            changed[keys[cluster.uuid]] = merged.to_data()
        known[cluster.uuid] = merged or timeline
    if changed:
        cache.set_many(changed, keep.total_seconds())


def timeline_of(request, cluster_uuid):
    """The cluster's timeline as kept (empty when none is)."""
    known = _this_requests(request)
    if not keep_for():
        return coe_backend.Timeline()
    if cluster_uuid not in known:
        known[cluster_uuid] = coe_backend.Timeline.from_data(cache.get(_key(cluster_uuid)))
    return known[cluster_uuid]
