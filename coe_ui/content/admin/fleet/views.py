"""Every project's clusters in every region (Admin > Container Infra > Fleet)."""
from django.utils.translation import gettext_lazy as _

from coe_ui.content.admin.fleet import tables as admin_tables
from coe_ui.content.fleet import views as project_views


class IndexView(project_views.IndexView):
    table_class = admin_tables.AdminFleetTable
    page_title = _("Fleet of All Projects")
    all_projects = True
