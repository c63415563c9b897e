"""Small helpers the devcloud-backed tests share."""
import time
import uuid

from magnumclient import exceptions as magnum_exc

IMAGE_V130 = "ubuntu-2204-kube-v1.30.6"
IMAGE_V131 = "ubuntu-2204-kube-v1.31.2"


def unique_name(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def create_template(magnum, name=None, image=IMAGE_V130, **overrides):
    fields = dict(name=name or unique_name("tpl"), coe="kubernetes", image_id=image,
                  flavor_id="m1.medium", master_flavor_id="m1.medium",
                  external_network_id="public", master_lb_enabled=True)
    fields.update(overrides)
    return magnum.cluster_templates.create(**fields)


def watch_cluster(magnum, ident, timeout=60, deleting=False):
    """Poll until the cluster settles; return (final cluster or None if deleted, statuses seen).

    A 404 means "gone" once the cluster was seen, or when ``deleting``; before
    that it means Magnum has not written the new cluster's row yet."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            cluster = magnum.clusters.get(ident)
        except magnum_exc.NotFound:
            if seen or deleting:
                return None, seen
            time.sleep(0.1)  # Magnum writes the row after answering the create
            continue
        except magnum_exc.BadRequest:
            time.sleep(0.1)  # Magnum's own race at the very end of a delete
            continue
        if not seen or seen[-1] != cluster.status:
            seen.append(cluster.status)
        # A delete is a cast: the status changes a moment after the 204, and
        # the row disappears a moment after DELETE_COMPLETE.
        waiting_for_delete = deleting and cluster.status != "DELETE_FAILED"
        if not cluster.status.endswith("IN_PROGRESS") and not waiting_for_delete:
            return cluster, seen
        time.sleep(0.1)
    raise AssertionError(f"cluster {ident} still in progress after {timeout} s: {seen}")


def create_cluster(magnum, template, name=None, **overrides):
    fields = dict(name=name or unique_name("c"), cluster_template_id=template.uuid,
                  keypair="demo-key", master_count=1, node_count=2)
    fields.update(overrides)
    created = magnum.clusters.create(**fields)
    cluster, seen = watch_cluster(magnum, created.uuid)
    return cluster, seen


def wait_visible(magnum, ident, timeout=10):
    """Wait until Magnum shows a cluster it has just accepted (its row is written after the 202;
    until its node groups are, Magnum answers a 400 on master_count, as watch_cluster knows)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return magnum.clusters.get(ident)
        except (magnum_exc.NotFound, magnum_exc.BadRequest):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
