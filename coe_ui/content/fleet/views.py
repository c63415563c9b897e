"""Every region's clusters at a glance (Project > Container Infra > Fleet).

coe_backend reads every region with Magnum side by side, each within the
FLEET_REGION_TIMEOUT deadline, and judges each cluster (rules/fleet.py);
this page words the summary, names the regions that did not answer and
lists the clusters with their region.
"""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from horizon import exceptions
from horizon import tables
from openstack_dashboard.api import keystone

from coe_ui import api
from coe_ui import parallel
from coe_ui.content.admin import projects
from coe_ui.content.fleet import tables as fleet_tables


def summary_line(summary, regions):
    """The line over the table: how many, where, and what needs attention."""
    parts = [ngettext("%(count)d cluster in %(regions)s",
                      "%(count)d clusters in %(regions)s", summary.clusters) % {
        "count": summary.clusters, "regions": ", ".join(r or "-" for r in regions) or "-"}]
    if summary.on_retired_templates:
        parts.append(ngettext("%d on a deprecated or hidden template",
                              "%d on deprecated or hidden templates",
                              summary.on_retired_templates) % summary.on_retired_templates)
    if summary.behind:
        parts.append(ngettext("%d two or more minor versions behind",
                              "%d two or more minor versions behind",
                              summary.behind) % summary.behind)
    if summary.failing:
        parts.append(ngettext("%d failing", "%d failing", summary.failing) % summary.failing)
    if summary.upgradable:
        parts.append(ngettext("%d with an upgrade available", "%d with an upgrade available",
                              summary.upgradable) % summary.upgradable)
    if len(parts) == 1 and summary.clusters:
        parts.append(_("none needs attention"))
    return ", ".join(str(part) for part in parts) + "."


def all_owner_names(request):
    """{user ID: name} of every user (one Keystone call, which its default
    policy allows admins); {} where Keystone refuses."""
    try:
        return {user.id: user.name for user in keystone.user_list(request)}
    except Exception:
        exceptions.handle(request, ignore=True)
        return {}


class IndexView(tables.DataTableView):
    table_class = fleet_tables.FleetTable
    template_name = "project/fleet/index.html"
    page_title = _("Fleet")
    all_projects = False

    def get_data(self):
        request = self.request
        # Keystone's names beside the regions' reads: every project's and
        # user's for an admin's fleet; the viewer's own otherwise (Keystone
        # lets a member read no other user).
        reads = parallel.side_by_side(
            fleet=lambda: api.fleet(request, all_projects=self.all_projects),
            owners=lambda: all_owner_names(request) if self.all_projects else {},
            projects=lambda: (projects.all_project_names(request) if self.all_projects
                              else None))
        self._fleet = reads.result("fleet")
        table = self.get_table()
        table.owner_names = {**reads.result("owners"), request.user.id: request.user.username}
        if self.all_projects:
            table.project_names = reads.result("projects")
        return self._fleet.clusters

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        fleet = self._fleet
        context["summary"] = summary_line(fleet.summary, fleet.regions)
        context["problems"] = fleet.problems
        context["current_region"] = self.request.user.services_region
        return context
