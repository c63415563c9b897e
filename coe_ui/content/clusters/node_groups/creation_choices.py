"""What the add-node-group wizard needs to know, read once per request.

The cluster first (its state decides whether a group may be added at all),
then one concurrent batch: its groups (names must be unique), its template
(the default image), and the flavors and images on offer. A cluster that
cannot be read is remembered too (``problem``), so a request tries once.
"""
import dataclasses

from horizon.utils.memoized import memoized

import coe_backend
from coe_ui import api
from coe_ui import parallel


@dataclasses.dataclass(frozen=True)
class CreationChoices:
    cluster: coe_backend.Cluster | None  # None: it could not be read
    template: coe_backend.ClusterTemplate | None = None
    group_names: frozenset = frozenset()
    flavors: list = dataclasses.field(default_factory=list)
    images: list = dataclasses.field(default_factory=list)
    problem: coe_backend.CoeError | None = None  # why the cluster or its groups were not read

    @property
    def driver(self):
        """The family of the driver that builds the cluster (its template's)."""
        return (self.template.cluster_driver.family if self.template
                else coe_backend.DriverFamily.OTHER)


@memoized
def creation_choices(request, cluster_id):
    try:
        return _read(api.client(request), cluster_id)
    except coe_backend.CoeError as error:
        return CreationChoices(cluster=None, problem=error)


def _read(client, cluster_id):
    cluster = client.get_cluster(cluster_id)
    reads = parallel.side_by_side(
        groups=lambda: client.list_node_groups(cluster.uuid),
        template=lambda: client.get_cluster_template(cluster.cluster_template_id),
        flavors=client.list_flavors, images=client.list_images)
    # The template, flavors and images the wizard can do without: its defaults still work.
    return CreationChoices(
        cluster=cluster, template=reads.or_none("template"),
        group_names=frozenset(group.name for group in reads.result("groups")),
        flavors=reads.or_none("flavors") or [],
        images=[image for image in reads.or_none("images") or [] if image.usable_by_magnum])

