from django.utils.translation import gettext_lazy as _
from horizon.utils.memoized import memoized

from coe_ui.content.admin import projects
from coe_ui.content.admin.clusters import tables as admin_tables
from coe_ui.content.clusters import search as cluster_search
from coe_ui.content.clusters import views as project_views


class IndexView(project_views.IndexView):
    table_class = admin_tables.AdminClustersTable
    page_title = _("Clusters of All Projects")

    def listed_project(self):
        return None  # every project's

    @memoized
    def project_names(self):
        return projects.all_project_names(self.request)

    def aliases(self, clusters):
        return cluster_search.aliases(self.request, clusters, self.project_names())

    def get_data(self):
        clusters = super().get_data()
        if clusters:
            self.get_table().project_names = self.project_names()
        return clusters


class DetailView(project_views.DetailView):
    """Any project's cluster, kept in Admin: its breadcrumb and back link lead
    to every project's list. Its actions open the project panel's dialogs."""
    index_url = "horizon:admin:clusters:index"
