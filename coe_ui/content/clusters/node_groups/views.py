"""Node-group pages: the table's actions and row updates, a group's page, add
and edit. Each refuses up front (message and back) what policy or state forbids."""

from django import shortcuts
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from horizon import forms
from horizon import messages
from horizon import tables
from horizon import tabs

import coe_backend
from coe_ui import api
from coe_ui import errors
from coe_ui import guarded_views
from coe_ui import parallel
from coe_ui import policy
from coe_ui import timeline_cache
from coe_ui.content.clusters.node_groups import flavor_change
from coe_ui.content.clusters.node_groups import forms as node_group_forms
from coe_ui.content.clusters.node_groups import tables as node_group_tables
from coe_ui.content.clusters.node_groups import tabs as node_group_tabs
from coe_ui.content.clusters.node_groups import workflows as node_group_workflows
from coe_ui.content.clusters.node_groups.creation_choices import creation_choices

Table = node_group_tables.NodeGroupsTable


class NodeGroupsView(tables.DataTableView):
    """Where the node-group table's row updates and actions are handled; the
    table itself is shown on the cluster's page (a plain GET goes there)."""
    table_class = Table
    template_name = "horizon/common/_detail_table.html"

    def get(self, request, *args, **kwargs):
        handled = None
        if tables.DataTable.check_handler(request)[0] == Table._meta.name:
            handled = self.construct_tables()
        return handled or shortcuts.redirect(
            node_group_tables.node_groups_tab_url(kwargs["cluster_id"]))

    def get_data(self):
        # Actions need only the summaries (one Magnum call).
        try:
            return api.client(self.request).list_node_groups(self.kwargs["cluster_id"])
        except coe_backend.CoeError:
            errors.report(self.request, _("Unable to list the node groups"))
            return []


class NodeGroupPolicyGuard(guarded_views.PolicyGuard):
    @property
    def refused_url(self):
        return node_group_tables.node_groups_tab_url(self.kwargs["cluster_id"])


class StateGuard:
    """After the policy check: refuses, on GET and POST alike, what the
    cluster's or the group's state does not allow, with the reason."""
    unreadable = _("Unable to read the node group")
    # A submitted wizard that can do without what Magnum failed to answer
    # for now (it then shows again with what was typed and sends nothing) is
    # not sent away.
    keeps_what_was_typed = False

    def refusal(self):
        """Why this may not be done now, or None; reads what it needs."""
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        try:
            reason = self.refusal()
        except coe_backend.CoeError as error:
            if self.keeps_what_was_typed and errors.keeps_what_was_typed(
                    request, error, self.unreadable):
                return super().dispatch(request, *args, **kwargs)
            return errors.report(request, self.unreadable, redirect=self.refused_url)
        if reason:
            messages.error(request, reason)
            return shortcuts.redirect(self.refused_url)
        return super().dispatch(request, *args, **kwargs)


def read_cluster_and_group(request, cluster_id, group_id):
    """Both at once (2 Magnum calls)."""
    client = api.client(request)
    reads = parallel.side_by_side(cluster=lambda: client.get_cluster(cluster_id),
                                  group=lambda: client.get_node_group(cluster_id, group_id))
    cluster, group = reads.result("cluster"), reads.result("group")
    timeline_cache.record(request, [cluster])
    return cluster, group


class NodeGroupMixin:
    """A view about one group (``node_group_id`` in the URL), read once."""

    def read(self):
        if not hasattr(self, "_group"):
            self._cluster, self._group = read_cluster_and_group(
                self.request, self.kwargs["cluster_id"], self.kwargs["node_group_id"])
        return self._cluster, self._group


class DetailView(NodeGroupMixin, tabs.TabView):
    tab_group_class = node_group_tabs.NodeGroupDetailTabs
    template_name = "horizon/common/_detail.html"
    page_title = _("Node group {{ group.name }}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cluster, group = self.read()
        table = self.get_tabs(self.request, **kwargs).kwargs["table"]
        context.update(cluster=cluster, group=group, url=table.get_full_url(),
                       actions=table.render_row_actions(group),
                       custom_breadcrumb=[(cluster.name or cluster.uuid,
                                           node_group_tables.node_groups_tab_url(cluster.uuid))])
        return context

    def get_tabs(self, request, **kwargs):
        if self._tab_group is None:
            try:
                cluster, group = self.read()
            except coe_backend.CoeError:
                errors.report(request, _("Unable to read the node group"),
                              redirect=node_group_tables.node_groups_tab_url(
                                  self.kwargs["cluster_id"]))
            table = Table(request, cluster_id=cluster.uuid, cluster=cluster, shown_group=group)
            self._tab_group = self.tab_group_class(request, cluster=cluster, group=group,
                                                   table=table, **kwargs)
        return self._tab_group


class CreateView(NodeGroupPolicyGuard, StateGuard, guarded_views.WizardView):
    workflow_class = node_group_workflows.CreateNodeGroup
    policy_rule = "nodegroup:create"
    unreadable = _("Unable to read the cluster")
    keeps_what_was_typed = True

    def refusal(self):
        choices = creation_choices(self.request, self.kwargs["cluster_id"])
        if choices.problem is not None:
            raise choices.problem
        return choices.cluster.reason_for(coe_backend.Action.ADD_NODE_GROUP)

    def get_initial(self):
        return {"cluster_id": self.kwargs["cluster_id"]}


class GroupFormView(NodeGroupPolicyGuard, StateGuard, NodeGroupMixin, forms.ModalFormView):
    """A dialog about one group; back to the cluster's Node Groups tab."""
    template_name = "project/clusters/form_page.html"  # without JavaScript
    url_name = None  # this view's, for the form's action

    def get_success_url(self):
        return node_group_tables.node_groups_tab_url(self.kwargs["cluster_id"])

    def get_cancel_url(self):  # Cancel, as every other dialog has
        return self.get_success_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cluster"], context["group"] = self.read()
        context["form_template"] = self.ajax_template_name
        context["submit_url"] = reverse(self.url_name, args=[self.kwargs["cluster_id"],
                                                             self.kwargs["node_group_id"]])
        return context

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["cluster"], kwargs["group"] = self.read()
        return kwargs


class UpdateView(GroupFormView):
    form_class = node_group_forms.UpdateNodeGroup
    ajax_template_name = "project/clusters/node_groups/_update.html"
    modal_id = "update_node_group_modal"
    page_title = _("Edit Node Group")
    submit_label = _("Apply")
    policy_rule = "nodegroup:update"
    url_name = "horizon:project:clusters:nodegroup_update"

    def refusal(self):
        cluster, group = self.read()
        return group.reason_for_change(cluster)


class ChangeFlavorView(GroupFormView):
    """A new group with the new flavor, then the old one deleted: Magnum's
    node group create and delete, so both of their policies."""
    form_class = flavor_change.ChangeFlavor
    ajax_template_name = "project/clusters/node_groups/_change_flavor.html"
    modal_id = "change_flavor_modal"
    page_title = _("Change Node Group Flavor")
    submit_label = _("Replace the Group")
    policy_rule = "nodegroup:create"
    url_name = "horizon:project:clusters:nodegroup_change_flavor"

    def refusal(self):
        if not policy.allowed(self.request, "nodegroup:delete"):
            return policy.refusal(self.request, "nodegroup:delete")
        cluster, group = self.read()
        return coe_backend.replacement_blocker(group, cluster)
