"""The cluster page's Health tab: what Magnum's health monitor last reported,
and each node's Nova server (status, flavor, addresses, the fault of a
failed one) with links to Horizon's own instance page where Nova's policy
lets the user see it."""
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from horizon import tabs

from coe_ui import api
from coe_ui import policy

# Nova's server statuses as Horizon's instances table words them.
SERVER_STATUS = {
    "ACTIVE": _("Active"), "BUILD": _("Build"), "ERROR": _("Error"),
    "SHUTOFF": _("Shutoff"), "PAUSED": _("Paused"), "SUSPENDED": _("Suspended"),
    "REBOOT": _("Reboot"), "HARD_REBOOT": _("Hard Reboot"), "DELETED": _("Deleted"),
    "UNKNOWN": _("Unknown"),
}
STATUS_CLASS = {"ACTIVE": "text-success", "ERROR": "text-danger", "BUILD": "text-info"}
# The parts magnum-capi-helm's monitor reports in place of nodes.
CAPI_HELM_PARTS = {
    "cluster": _("Cluster API cluster"), "infrastructure": _("Infrastructure (OpenStack)"),
    "controlplane": _("Control plane"), "nodegroup": _("Worker groups"),
}
# The instance page's tab with the server's console log (Horizon's LogTab).
CONSOLE_LOG_TAB = "instance_details__log"


def _allowed(request, rule, server):
    return policy.check((("compute", rule),), request,
                        {"project_id": server.project_id or request.user.project_id})


def server_row(request, server):
    """What the tab shows of one server, with the links the user may follow."""
    try:
        page = reverse("horizon:project:instances:detail", args=[server.id])
    except NoReverseMatch:  # Horizon's Instances panel is not enabled
        page = None
    may_show = page is not None and _allowed(request, "os_compute_api:servers:show", server)
    may_log = may_show and _allowed(request, "os_compute_api:os-console-output", server)
    return {
        "server": server,
        "status": SERVER_STATUS.get(server.status or "UNKNOWN", server.status),
        "status_class": STATUS_CLASS.get(server.status, ""),
        "page": page if may_show else None,
        "console_log": f"{page}?tab={CONSOLE_LOG_TAB}" if may_log else None,
        "console_log_refused": may_show and not may_log,
    }


class HealthTab(tabs.Tab):
    name = _("Health")
    slug = "health"
    template_name = "project/clusters/_health.html"
    # Loaded when shown: the cluster page does not wait for Nova.
    preload = False

    def get_context_data(self, request):
        cluster = self.tab_group.kwargs["cluster"]
        found = api.client(request).cluster_nodes(cluster)
        reason = cluster.health_status_reason
        api_health = reason.get("api")
        nodes = [(node, server_row(request, node.server) if node.server else None)
                 for node in found.nodes]
        other = [(CAPI_HELM_PARTS.get(k, k), v) for k, v in sorted(reason.items())
                 if k != "api" and not k.endswith(".Ready")]
        return {"cluster": cluster, "api_health": api_health, "nodes": nodes, "other": other,
                "servers_error": found.servers_error}
