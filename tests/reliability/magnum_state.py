"""Magnum's state as the tests read it: waiting out its casts (an accepted
change shows in the cluster's status a moment after the 202, so "not in
progress" right after a change may just mean "not started yet"), and
whether something exists."""
import time

from magnumclient import exceptions as magnum_exc

from tests.magnum_helpers import exists, half_built, watch_cluster

STARTS_WITHIN = 2.0  # seconds from an accepted change to its *_IN_PROGRESS


def settle(magnum, cluster_uuid):
    """The cluster once the change just accepted has finished."""
    deadline = time.monotonic() + STARTS_WITHIN
    while time.monotonic() < deadline and not _busy(magnum, cluster_uuid):
        time.sleep(0.05)
    return watch_cluster(magnum, cluster_uuid)[0]


def _busy(magnum, cluster_uuid):
    try:
        return magnum.clusters.get(cluster_uuid).status.endswith("IN_PROGRESS")
    except magnum_exc.BadRequest as error:
        if not half_built(error):
            raise
        return True  # Magnum's answer while it rewrites the cluster's groups


def add_group(magnum, cluster_uuid, **fields):
    """A node group, once created (and its cluster settled)."""
    group = magnum.nodegroups.create(cluster_uuid, **fields)
    deadline = time.monotonic() + 60
    while _status(magnum, cluster_uuid, group.uuid) != "CREATE_COMPLETE":
        assert time.monotonic() < deadline, f"node group {group.uuid} not created in 60 s"
        time.sleep(0.1)
    watch_cluster(magnum, cluster_uuid)
    return magnum.nodegroups.get(cluster_uuid, group.uuid)


def _status(magnum, cluster_uuid, group_uuid):
    try:
        return magnum.nodegroups.get(cluster_uuid, group_uuid).status
    except magnum_exc.NotFound:
        return None  # Magnum writes the row after answering the create


def snapshot(horizon, target, projects, created_name):
    """What any action on ``target`` (actions.py) could change: the template,
    the cluster, its CA and groups, the quotas of ``projects``, and whether
    anything called ``created_name`` exists."""
    template, cluster, group = target
    magnum = horizon.magnum("demo")
    current = magnum.clusters.get(cluster.uuid)
    kept = magnum.cluster_templates.get(template.uuid)
    quotas = {q.project_id: q.hard_limit
              for q in horizon.magnum("admin").quotas.list(all_tenants=True)}
    created = [kind for kind, get in (("cluster", magnum.clusters.get),
                                      ("template", magnum.cluster_templates.get))
               if exists(get, created_name)]
    created += [g.name for g in magnum.nodegroups.list(cluster.uuid) if g.name == created_name]
    return {
        "template": (kept.name, kept.labels, kept.updated_at),
        "cluster": (current.status, current.node_count, current.cluster_template_id),
        "groups": sorted((g.name, g.node_count) for g in magnum.nodegroups.list(cluster.uuid)),
        "group range": [(g.min_node_count, g.max_node_count)
                        for g in [magnum.nodegroups.get(cluster.uuid, group.uuid)]],
        "ca": magnum.certificates.get(cluster_uuid=cluster.uuid).pem,
        "created": created,
        "quotas": [quotas.get(project.id) for project in projects]}
