"""The Node Groups tab of a cluster's page, and the tabs of a group's page."""
from django.utils.translation import gettext_lazy as _
from horizon import tabs

import coe_backend
from coe_backend import Action
from coe_ui import api
from coe_ui import errors
from coe_ui import policy
from coe_ui.content.clusters.node_groups import tables as node_group_tables


def node_groups_readable(request):
    """Magnum's policy lets the user list node groups and its API has them."""
    return (policy.allowed(request, "nodegroup:get_all")
            and api.client(request).features.node_groups)


class NodeGroupsTab(tabs.TableTab):
    name = _("Node Groups")
    slug = "node_groups"
    table_classes = (node_group_tables.NodeGroupsTable,)
    template_name = "project/clusters/node_groups/_tab.html"
    preload = False  # 1 + N reads: only when the tab is opened

    def allowed(self, request):
        return node_groups_readable(request)

    def get_node_groups_data(self):
        try:
            return api.client(self.request).detailed_node_groups(
                self.tab_group.kwargs["cluster"].uuid)
        except coe_backend.CoeError:
            errors.report(self.request, _("Unable to list the node groups"))
            return []

    def get_context_data(self, request, **kwargs):
        context = super().get_context_data(request, **kwargs)
        cluster = self.tab_group.kwargs["cluster"]
        if policy.allowed(request, "nodegroup:create"):
            context["add_blocker"] = cluster.reason_for(Action.ADD_NODE_GROUP)
        return context


class OverviewTab(tabs.Tab):
    name = _("Overview")
    slug = "overview"
    template_name = "project/clusters/node_groups/_overview.html"

    def get_context_data(self, request):
        group = self.tab_group.kwargs["group"]
        table = self.tab_group.kwargs["table"]
        # The row actions' own state checks say what cannot be done now.
        unavailable = [(action.verbose_name, action.attrs.get("title"))
                       for action in table.get_row_actions(group) if "disabled" in action.classes]
        return {"group": group, "cluster": self.tab_group.kwargs["cluster"],
                "node_attributes": api.client(request).features.node_labels_and_taints,
                "taints": coe_backend.format_taints(group.node_taints or []),
                "unavailable": unavailable}


class LabelsTab(tabs.Tab):
    name = _("Labels")
    slug = "labels"
    template_name = "project/clusters/node_groups/_labels.html"

    def get_context_data(self, request):
        group = self.tab_group.kwargs["group"]
        rows = [(key, value, _origin(group, key)) for key, value in sorted(group.labels.items())]
        return {"rows": rows, "skipped": sorted(group.labels_skipped.items())}


def _origin(group, key):
    """Where a group's label comes from, compared with its cluster's labels."""
    if key in group.labels_overridden:
        return _("overrides the cluster's %s") % group.labels_overridden[key]
    if key in group.labels_added:
        return _("not in the cluster's labels")
    return _("as in the cluster")


class NodeGroupDetailTabs(tabs.DetailTabsGroup):
    slug = "node_group_details"
    tabs = (OverviewTab, LabelsTab)
