"""Every project's clusters, with the actions of the project panel.

Magnum lists all projects' clusters to an admin; their detail pages stay in
Admin. The row actions are the project panel's, and open its dialogs:
Magnum's policy (checked against each cluster's project) decides which an
admin gets, as it does in the project panel. Creating stays in the project
panel: a cluster belongs to the project the user works in.
"""
from django.utils.translation import gettext_lazy as _
from horizon import tables

from coe_ui.content.admin.projects import ProjectColumn
from coe_ui.content.clusters import tables as project_tables


class AdminClusterFilter(project_tables.ClusterFilter):
    """Finds projects' names too (the index view passes them)."""
    search_label = _("Search by name, status, health, template, version or project")


class AdminClustersTable(project_tables.ClustersTable):
    name = tables.WrappingColumn("name", verbose_name=_("Name"),
                                 link="horizon:admin:clusters:detail")
    project = ProjectColumn()
    project_names = None  # {project ID: name}, set by the index view

    empty_message = _("No project has a cluster.")

    class Meta(project_tables.ClustersTable.Meta):
        columns = ("name", "project", "status", "health", "version", "template", "sizes",
                   "api_address", "age")
        table_actions = (AdminClusterFilter, project_tables.DeleteClusters)
