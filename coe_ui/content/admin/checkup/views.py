"""What would make clusters fail, checked before users try (the findings
and their fixes come from coe_backend's check-up)."""
from django.utils.translation import gettext_lazy as _
from horizon import views

import coe_backend
from coe_ui import api, plugin_settings

GROUPS = ((coe_backend.Severity.PROBLEM, _("Problems")),
          (coe_backend.Severity.WARNING, _("Warnings")),
          (coe_backend.Severity.OK, _("Ready")))


class IndexView(views.HorizonTemplateView):
    template_name = "admin/checkup/index.html"
    page_title = _("Container Infra Check-up")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        findings = api.client(self.request).checkup() + coe_backend.setting_findings(
            'COE_UI["LABEL_CATALOG"]', plugin_settings.current().label_catalog.problems)
        context["groups"] = [(severity, title, [f for f in findings if f.severity == severity])
                             for severity, title in GROUPS]
        context["all_good"] = not any(f.severity < coe_backend.Severity.OK for f in findings)
        return context
