from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from horizon import tables

from coe_ui import api
from coe_ui.batch_delete import SaysWhyDeleteMixin
from coe_ui import policy
from coe_ui.table_options import TableOptions
from coe_ui.content.admin.projects import ProjectColumn


class CreateQuota(tables.LinkAction):
    name = "create"
    verbose_name = _("Set a Project's Quota")
    url = "horizon:admin:cluster_quotas:create"
    classes = ("ajax-modal",)
    icon = "plus"
    policy_rules = policy.rules("quota:create")


class UpdateQuota(tables.LinkAction):
    name = "update"
    verbose_name = _("Change Quota")
    url = "horizon:admin:cluster_quotas:update"
    classes = ("ajax-modal",)
    policy_rules = policy.rules("quota:update")


class DeleteQuotas(SaysWhyDeleteMixin, tables.DeleteAction):
    """Removing a quota gives the project Magnum's default again."""
    policy_rules = policy.rules("quota:delete")

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Delete Quota", "Delete Quotas", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Deleted Quota", "Deleted Quotas", count)

    def delete_one(self, request, obj_id):
        api.client(request).delete_quota(obj_id)


class ClustersInUseColumn(tables.Column):
    """The project's clusters now, from the table's ``clusters_in_use``."""

    def get_raw_data(self, quota):
        count = (self.table.clusters_in_use or {}).get(quota.project_id)
        return "-" if count is None else count


class QuotasTable(tables.DataTable):
    project = ProjectColumn()
    project_id = tables.Column("project_id", verbose_name=_("Project ID"))
    in_use = ClustersInUseColumn("project_id", verbose_name=_("Clusters in Use"))
    hard_limit = tables.Column("hard_limit", verbose_name=_("Maximum Clusters"))
    project_names = None  # {project ID: name}, set by the index view
    clusters_in_use = None  # {project ID: count}, set by the index view

    def get_object_id(self, quota):
        return quota.project_id

    def get_object_display(self, quota):
        return (self.project_names or {}).get(quota.project_id, quota.project_id)

    def get_empty_message(self):
        return _("No project has a cluster quota of its own: each may have as many clusters "
                 "as Magnum's default (max_clusters_per_project in magnum.conf, 20 unless "
                 "changed).")

    class Meta(TableOptions):
        name = "quotas"
        verbose_name = _("Cluster Quotas")
        table_actions = (CreateQuota, DeleteQuotas)
        row_actions = (UpdateQuota, DeleteQuotas)
