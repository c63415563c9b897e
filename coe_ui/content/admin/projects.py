"""Project names in the admin tables, where Magnum only gives project IDs.

A page lists Keystone's projects once for all its rows; a polled row (one
cluster still changing) looks up its own project alone, as Horizon's admin
instance table does.
"""
from django.utils.translation import gettext_lazy as _
from horizon import exceptions
from horizon import tables
from openstack_dashboard.api import keystone

from coe_ui import lookups


def all_project_names(request):
    """{project ID: name} of every project; {} (with a message) if Keystone fails."""
    try:
        projects, _more = keystone.tenant_list(request)
    except Exception:
        exceptions.handle(request, _("Unable to list the projects; showing their IDs"))
        return {}
    return {project.id: project.name for project in projects}




class ProjectColumn(tables.Column):
    """The name of the row's project; the table's ``project_names`` holds the
    page's names (None for a polled row)."""

    def __init__(self, **kwargs):
        super().__init__("project_id", verbose_name=_("Project"), **kwargs)

    def get_raw_data(self, datum):
        names = self.table.project_names
        if names is None:
            return lookups.project_name(self.table.request, datum.project_id) or datum.project_id
        return names.get(datum.project_id, datum.project_id)
