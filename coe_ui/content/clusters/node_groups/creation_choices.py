"""What the add-node-group wizard needs to know, read once per request.

The cluster first (its state decides whether a group may be added at all),
then one concurrent batch: its groups (names must be unique), its template
(the default image), and the flavors and images on offer. A cluster that
cannot be read is remembered too (``problem``), so a request tries once.
"""
import dataclasses
from concurrent.futures import ThreadPoolExecutor

import coe_backend
from coe_ui import api


@dataclasses.dataclass(frozen=True)
class CreationChoices:
    cluster: coe_backend.Cluster | None  # None: it could not be read
    template: coe_backend.ClusterTemplate | None = None
    group_names: frozenset = frozenset()
    flavors: list = dataclasses.field(default_factory=list)
    images: list = dataclasses.field(default_factory=list)
    problem: coe_backend.CoeError | None = None  # why the cluster or its groups were not read


def creation_choices(request, cluster_id):
    cached = getattr(request, "_coe_node_group_choices", None)
    if cached is None:
        try:
            cached = _read(api.client(request), cluster_id)
        except coe_backend.CoeError as error:
            cached = CreationChoices(cluster=None, problem=error)
        request._coe_node_group_choices = cached
    return cached


def _read(client, cluster_id):
    cluster = client.get_cluster(cluster_id)
    with ThreadPoolExecutor(max_workers=4) as pool:
        groups = pool.submit(client.list_node_groups, cluster.uuid)
        template = pool.submit(client.get_cluster_template, cluster.cluster_template_id)
        flavors = pool.submit(client.list_flavors)
        images = pool.submit(client.list_images)
    return CreationChoices(
        cluster=cluster, template=_or_none(template),
        group_names=frozenset(group.name for group in groups.result()),
        flavors=_or_none(flavors) or [],
        images=[image for image in _or_none(images) or [] if image.usable_by_magnum])


def _or_none(future):
    """A look-up the wizard can do without: its defaults still work."""
    try:
        return future.result()
    except coe_backend.CoeError:
        return None
