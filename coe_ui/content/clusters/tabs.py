from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from horizon import tabs

import coe_backend
from coe_backend import Action
from coe_ui import api
from coe_ui import lookups
from coe_ui import parallel
from coe_ui import plugin_settings
from coe_ui import timeline_cache
from coe_ui.content.clusters.access_tab import AccessTab
from coe_ui.content.clusters.health_tab import HealthTab
from coe_ui.content.clusters.node_groups.tabs import NodeGroupsTab, node_groups_readable
from coe_ui.content.clusters.timeline_tab import TimelineTab, past_trouble

# Actions the Overview explains when the cluster's state does not allow them.
EXPLAINED_ACTIONS = (
    (Action.RESIZE, _("Resize")), (Action.UPGRADE, _("Upgrade")),
    (Action.GET_CREDENTIALS, _("Download kubeconfig")), (Action.ROTATE_CA, _("Rotate CA")),
    (Action.ADD_NODE_GROUP, _("Add node group")), (Action.DELETE, _("Delete")),
)


def worker_flavors(request, cluster):
    """{flavor: [its worker groups' names]} from Magnum's summary list of the
    cluster's groups (one call); None where the groups cannot be read."""
    if not node_groups_readable(request):
        return None
    try:
        groups = api.client(request).list_node_groups(cluster.uuid)
    except coe_backend.CoeError:
        return None
    flavors = {}
    for group in groups:
        if not group.is_master:
            flavors.setdefault(group.flavor_id or "-", []).append(group.name)
    return flavors or None


class OverviewTab(tabs.Tab):
    name = _("Overview")
    slug = "overview"
    template_name = "project/clusters/_overview.html"

    def get_context_data(self, request):
        cluster = self.tab_group.kwargs["cluster"]
        options = plugin_settings.current()
        blocked = coe_backend.blocked_by(cluster)
        troubled = (cluster.is_failed or cluster.health_status == coe_backend.HealthStatus.UNHEALTHY
                    or blocked is not None)
        stalled = coe_backend.is_stalled(cluster, timezone.now(), options.stalled_after_minutes * 60)
        unavailable = [(label, cluster.reason_for(action)) for action, label in EXPLAINED_ACTIONS
                       if cluster.reason_for(action)]
        # Keystone's owner name, Magnum's node groups and, for a cluster in
        # trouble, its diagnosis (which reads its failed node groups), side by side.
        reads = parallel.side_by_side(
            owner=lambda: lookups.user_name(request, cluster.user_id),
            flavors=lambda: worker_flavors(request, cluster),
            diagnosis=lambda: api.client(request).diagnose(cluster) if troubled else None)
        timeline = timeline_cache.timeline_of(request, cluster.uuid)  # recorded as it was read
        return {"cluster": cluster, "template": self.tab_group.kwargs.get("template"),
                "owner_name": reads.result("owner"), "worker_flavors": reads.result("flavors"),
                "diagnosis": reads.result("diagnosis"), "stalled": stalled, "blocked": blocked,
                "stalled_minutes": options.stalled_after_minutes, "unavailable": unavailable,
                "timeline": timeline, "past_trouble": past_trouble(timeline)}


class LabelsTab(tabs.Tab):
    name = _("Labels")
    slug = "labels"
    template_name = "project/clusters/_labels.html"

    def get_context_data(self, request):
        cluster = self.tab_group.kwargs["cluster"]
        template = self.tab_group.kwargs.get("template")
        driver = template.cluster_driver.family if template else coe_backend.DriverFamily.OTHER
        ignored = set(plugin_settings.current().label_catalog.ignored(cluster.labels, driver))
        rows = []
        for key, value in sorted(cluster.labels.items()):
            if key in cluster.labels_overridden:
                origin = _("overrides the template's %s") % cluster.labels_overridden[key]
            elif key in cluster.labels_added:
                origin = _("added to the template's")
            else:
                origin = _("from the template")
            if key in ignored:
                origin = _("%(origin)s; ignored by %(driver)s") % {
                    "origin": origin, "driver": driver.label}
            rows.append((key, value, origin))
        skipped = sorted(cluster.labels_skipped.items())
        return {"rows": rows, "skipped": skipped}


class ClusterDetailTabs(tabs.DetailTabsGroup):
    slug = "cluster_details"
    tabs = (OverviewTab, NodeGroupsTab, LabelsTab, HealthTab, AccessTab, TimelineTab)
    sticky = True
