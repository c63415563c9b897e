"""The node-group table of a cluster's detail page, with its actions.

The table is shown inside the cluster's page but its row updates and
actions go to this package's own view (``nodegroup_index``): the cluster's
page is a plain tab view that handles neither.
"""
from django.http import Http404
from django.template import defaultfilters
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from horizon import tables

import coe_backend
from coe_backend import Action
from coe_backend import NodeGroupAction
from coe_ui import api
from coe_ui import lookups
from coe_ui.batch_delete import SaysWhyDeleteMixin
from coe_ui import policy
from coe_ui import shared_cache
from coe_ui import timeline_cache
from coe_ui.table_options import TableOptions
from coe_ui.state_actions import StateAwareMixin
from coe_ui.status_words import STATUS_CHOICES, STATUS_DISPLAY

DETAIL_URL = "horizon:project:clusters:nodegroup_detail"
TAB_QUERY = "?tab=cluster_details__node_groups"
# A cluster's flavor changes {new group: old group} as the tab last found
# them, so that a row refresh reads only its own change's other group.
CHANGES_KEY, CHANGES_SECONDS = "flavor-changes", 300
# While a worker takes a flavor change's step, the others leave it.
STEP_LOCK_KEY, STEP_LOCK_SECONDS = "flavor-change-step", 30


def node_groups_tab_url(cluster_id):
    """The cluster's page, opened on its Node Groups tab."""
    return reverse("horizon:project:clusters:detail", args=[cluster_id]) + TAB_QUERY


class ClusterStateMixin(StateAwareMixin):
    """Also disabled, with the reason, when the cluster's state does not
    allow ``cluster_action`` (a node-group change is a cluster operation)."""
    cluster_action = None

    def cluster_reason(self, cluster, datum):
        return cluster.reason_for(self.cluster_action) if self.cluster_action else None

    def allowed(self, request, datum=None):
        super().allowed(request, datum)
        cluster = self.table.cluster
        if "disabled" not in self.classes and cluster is not None:
            reason = self.cluster_reason(cluster, datum)
            self.disable_for(reason)
            if reason and cluster.is_busy:  # coe_ui.js looks again until it settles
                self.attrs["data-coe-waits"] = "cluster"
        return True


class CreateNodeGroup(ClusterStateMixin, tables.LinkAction):
    name = "create"
    verbose_name = _("Add Node Group")
    url = "horizon:project:clusters:nodegroup_create"
    classes = ("ajax-modal",)
    icon = "plus"
    cluster_action = Action.ADD_NODE_GROUP
    policy_rules = policy.rules("nodegroup:create")

    def get_link_url(self, datum=None):
        return reverse(self.url, args=[self.table.cluster_id])


class EditNodeGroup(ClusterStateMixin, tables.LinkAction):
    name = "update"
    verbose_name = _("Edit Range and Size")
    url = "horizon:project:clusters:nodegroup_update"
    classes = ("ajax-modal",)
    backend_action = NodeGroupAction.UPDATE
    policy_rules = policy.rules("nodegroup:update")

    def cluster_reason(self, cluster, group):
        return group.reason_for_change(cluster)

    def get_link_url(self, group):
        return reverse(self.url, args=[self.table.cluster_id, group.uuid])


class ChangeFlavor(ClusterStateMixin, tables.LinkAction):
    """A replacement: a new group, then the old one deleted (both policies)."""
    name = "change_flavor"
    verbose_name = _("Change Flavor")
    url = "horizon:project:clusters:nodegroup_change_flavor"
    classes = ("ajax-modal",)
    policy_rules = policy.rules("nodegroup:create", "nodegroup:delete")

    def cluster_reason(self, cluster, group):
        return coe_backend.replacement_blocker(group, cluster, self.table.replacements)

    def get_link_url(self, group):
        return reverse(self.url, args=[self.table.cluster_id, group.uuid])


class ClusterFormLink(ClusterStateMixin, tables.LinkAction):
    """A cluster-wide form (resize, upgrade) with this group chosen."""
    classes = ("ajax-modal",)

    def get_link_url(self, group):
        return "%s?%s" % (reverse(self.url, args=[self.table.cluster_id]),
                          urlencode({"nodegroup": group.name}))


class ResizeNodeGroup(ClusterFormLink):
    name = "resize"
    verbose_name = _("Resize")
    url = "horizon:project:clusters:resize"
    backend_action = NodeGroupAction.RESIZE
    cluster_action = Action.RESIZE
    policy_rules = policy.rules("cluster:resize")

    def cluster_reason(self, cluster, group):
        if group is not None and group.is_master:  # what the cluster's driver cannot do
            try:
                driver = lookups.template_driver_family(self.table.request,
                                                        cluster.cluster_template_id)
            except coe_backend.CoeError:
                driver = coe_backend.DriverFamily.OTHER  # not known now: Magnum will say
            masters = coe_backend.cannot(driver, coe_backend.Capability.RESIZE_MASTERS)
            if masters:
                return masters
        return super().cluster_reason(cluster, group)


class UpgradeNodeGroup(ClusterFormLink):
    name = "upgrade"
    verbose_name = _("Upgrade")
    url = "horizon:project:clusters:upgrade"
    backend_action = NodeGroupAction.UPDATE
    cluster_action = Action.UPGRADE
    policy_rules = policy.rules("cluster:upgrade")


class DeleteNodeGroups(SaysWhyDeleteMixin, ClusterStateMixin, tables.DeleteAction):
    """Default groups show it disabled, with the reason."""
    backend_action = NodeGroupAction.DELETE
    cluster_action = Action.DELETE
    policy_rules = policy.rules("nodegroup:delete")

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Delete Node Group", "Delete Node Groups", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Scheduled deletion of Node Group",
                             "Scheduled deletion of Node Groups", count)

    def get_default_classes(self):
        # A button renders only these classes: keep the disabled look.
        return tuple(super().get_default_classes()) + tuple(
            css for css in self.classes if css == "disabled")

    def get_success_url(self, request=None):
        return node_groups_tab_url(self.table.cluster_id)

    def delete_one(self, request, obj_id):
        api.client(request).delete_node_group(self.table.cluster_id, obj_id)


class UpdateRow(tables.Row):
    """Rows of groups in progress, or in a flavor change under way, refresh
    themselves until they settle; a flavor change's next step is taken as
    they do."""
    ajax = True

    def get_data(self, request, group_id):
        try:
            group = api.client(request).get_node_group(self.table.cluster_id, group_id)
        except coe_backend.NotFound:
            raise Http404  # deleted: Horizon removes the row
        self.table.kwargs["shown_group"] = group
        return group

    @property
    def status(self):
        replacement = self.table.replacement_for(self.datum)
        if replacement is not None and (replacement.is_under_way or (
                replacement.stage is coe_backend.ReplacementStage.DELETE_OLD
                and self.table.may_advance)):  # this user's next refresh takes the step
            return None
        return super().status


class StatusColumn(tables.Column):
    """The status, and below it where a flavor change stands."""

    def get_data(self, group):
        shown = super().get_data(group)
        replacement = self.table.replacement_for(group)
        if replacement is None:
            return shown
        return format_html('{}<br><span class="coe-muted coe-replacement">{}</span>',
                           shown, replacement.message)


class NameColumn(tables.WrappingColumn):
    def get_link_url(self, group):
        return reverse(DETAIL_URL, args=[self.table.cluster_id, group.uuid])


def _bounds(group):
    maximum = group.upper_bound if group.upper_bound is not None else _("no maximum")
    return "%s / %s" % (group.min_node_count or 0, maximum)


def _addresses(group):
    return ", ".join(group.node_addresses) or "-"


class NodeGroupsTable(tables.DataTable):
    name = NameColumn("name", verbose_name=_("Name"), link=DETAIL_URL)
    role = tables.Column("role", verbose_name=_("Role"))
    flavor = tables.Column("flavor_id", verbose_name=_("Flavor"), empty_value="-")
    image = tables.Column("image_id", verbose_name=_("Image"), empty_value="-")
    node_count = tables.Column("node_count", verbose_name=_("Nodes"), empty_value="-")
    bounds = tables.Column(_bounds, verbose_name=_("Min / Max"))
    status = StatusColumn("status", verbose_name=_("Status"), status=True,
                          status_choices=STATUS_CHOICES, display_choices=STATUS_DISPLAY)
    is_default = tables.Column("is_default", verbose_name=_("Default"),
                               filters=(defaultfilters.yesno, defaultfilters.capfirst))
    addresses = tables.Column(_addresses, verbose_name=_("Node Addresses"))

    @property
    def cluster_id(self):
        return self.kwargs["cluster_id"]

    @property
    def cluster(self):
        """The cluster as the page read it, or read now (row updates and
        actions); None if unreadable: coe_backend checks it again anyway."""
        if "cluster" not in self.kwargs:
            try:
                self.kwargs["cluster"] = api.client(self.request).get_cluster(self.cluster_id)
            except coe_backend.CoeError:
                self.kwargs["cluster"] = None
            timeline_cache.record(self.request, [self.kwargs["cluster"]])
        return self.kwargs["cluster"]

    @property
    def replacements(self):
        """The cluster's flavor changes, each after its next step if due
        and the user may take it (any worker may: the plan is on the new
        group). From the groups shown when they were read in full."""
        if "replacements" not in self.kwargs:
            self.kwargs["replacements"] = self._replacements()
        return self.kwargs["replacements"]

    @property
    def may_advance(self):
        return policy.allowed(self.request, "nodegroup:delete")

    def _replacements(self):
        if self.cluster is None:
            return []
        client = api.client(self.request)
        if self.data:  # the tab: every group
            # Magnum's list is a summary (no labels, no minimum): read in full then.
            in_full = all(group.min_node_count is not None for group in self.data)
            groups = self.data if in_full else None
        else:  # a row refresh or a group's page: only that group's flavor change
            groups = self._shown_change(client)
            if not groups:
                return []
        try:
            found = client.flavor_replacements(
                self.cluster, groups=groups,
                advance=self._take_step if self.may_advance else False)
        except coe_backend.CoeError:
            return []  # shown without them; the next refresh tries again
        if self.data:
            shared_cache.set({item.new.uuid: item.old_uuid for item in found},
                             CHANGES_SECONDS, CHANGES_KEY, self.cluster_id)
        return found

    def _shown_change(self, client):
        """The one group shown (read in full) and the other group of its
        flavor change: the new group names the old one; an old group is
        found in the changes the tab last saw (none known: no call at all)."""
        group = self.kwargs.get("shown_group")
        if group is None:
            return None
        other = (group.labels or {}).get(coe_backend.REPLACES_LABEL)
        if other is None:
            changes = shared_cache.get(CHANGES_KEY, self.cluster_id) or {}
            other = next((new for new, old in changes.items() if old == group.uuid), None)
            if other is None:
                return None
        try:
            return [group, client.get_node_group(self.cluster_id, other)]
        except coe_backend.NotFound:
            return [group]  # the old group is gone: done
        except coe_backend.CoeError:
            return None

    def _take_step(self, replacement):
        """One worker at a time takes a flavor change's next step."""
        return shared_cache.add(True, STEP_LOCK_SECONDS, STEP_LOCK_KEY, replacement.old_uuid)

    def replacement_for(self, group):
        """The flavor change `group` is part of, if one has something to say."""
        return next((replacement for replacement in self.replacements
                     if replacement.involves(group.uuid) and replacement.message), None)

    def calculate_row_status(self, statuses):
        # Rows keep refreshing while the cluster is busy: its state decides
        # the actions too, and it settles after the group.
        if self.cluster is not None and self.cluster.is_busy:
            return None
        return super().calculate_row_status(statuses)

    def get_absolute_url(self):
        return reverse("horizon:project:clusters:nodegroup_index", args=[self.cluster_id])

    def get_full_url(self):
        return self.get_absolute_url()

    def get_object_id(self, group):
        return group.uuid

    def get_object_display(self, group):
        return group.name or group.uuid

    class Meta(TableOptions):
        name = "node_groups"
        verbose_name = _("Node Groups")
        status_columns = ["status"]
        row_class = UpdateRow
        table_actions = (CreateNodeGroup, DeleteNodeGroups)
        row_actions = (EditNodeGroup, ResizeNodeGroup, ChangeFlavor, UpgradeNodeGroup,
                       DeleteNodeGroups)
