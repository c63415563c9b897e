"""The cluster page's Health tab: what Magnum's health monitor last reported."""
from django.utils.translation import gettext_lazy as _
from horizon import tabs


class HealthTab(tabs.Tab):
    name = _("Health")
    slug = "health"
    template_name = "project/clusters/_health.html"

    def get_context_data(self, request):
        cluster = self.tab_group.kwargs["cluster"]
        reason = dict(cluster.health_status_reason)
        api_health = reason.pop("api", None)
        nodes = sorted((key.removesuffix(".Ready"), value == "True")
                       for key, value in reason.items() if key.endswith(".Ready"))
        other = sorted((k, v) for k, v in reason.items() if not k.endswith(".Ready"))
        return {"cluster": cluster, "api_health": api_health, "nodes": nodes, "other": other}
