from django.urls import reverse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from horizon import forms
from horizon import tables

import coe_backend
from coe_ui import api
from coe_ui import errors
from coe_ui import lookups
from coe_ui import parallel
from coe_ui.content.admin import projects
from coe_ui.content.admin.cluster_quotas import forms as quota_forms
from coe_ui.content.admin.cluster_quotas import tables as quota_tables

INDEX_URL = "horizon:admin:cluster_quotas:index"


class IndexView(tables.DataTableView):
    table_class = quota_tables.QuotasTable
    page_title = _("Cluster Quotas")

    def get_data(self):
        client = api.client(self.request)
        try:
            quotas = client.list_quotas(all_projects=True)
        except coe_backend.CoeError:
            errors.report(self.request, _("Unable to list the cluster quotas"))
            return []
        if quotas:
            # Keystone's names and Magnum's counts, side by side.
            reads = parallel.side_by_side(
                names=lambda: projects.all_project_names(self.request),
                in_use=lambda: client.clusters_in_use(q.project_id for q in quotas))
            table = self.get_table()
            table.project_names = reads.result("names")
            table.clusters_in_use = reads.result("in_use")
        return quotas


class QuotaFormView(forms.ModalFormView):
    template_name = "admin/cluster_quotas/form.html"
    success_url = reverse_lazy(INDEX_URL)


class CreateView(QuotaFormView):
    form_class = quota_forms.CreateQuota
    modal_id = "create_cluster_quota_modal"
    form_id = "create_cluster_quota_form"
    page_title = _("Set a Project's Cluster Quota")
    submit_label = _("Set Quota")
    submit_url = reverse_lazy("horizon:admin:cluster_quotas:create")


class UpdateView(QuotaFormView):
    form_class = quota_forms.UpdateQuota
    modal_id = "update_cluster_quota_modal"
    form_id = "update_cluster_quota_form"
    page_title = _("Change Cluster Quota")
    submit_label = _("Save")

    def get_quota(self):
        if not hasattr(self, "_quota"):
            try:
                self._quota = api.client(self.request).get_quota(self.kwargs["project_id"])
            except coe_backend.CoeError:
                errors.report(self.request, _("Unable to read the cluster quota"),
                              redirect=reverse(INDEX_URL))
        return self._quota

    def get_initial(self):
        return {"hard_limit": self.get_quota().hard_limit}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["project_id"] = self.kwargs["project_id"]
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["submit_url"] = reverse("horizon:admin:cluster_quotas:update",
                                        args=[self.kwargs["project_id"]])
        context["project_name"] = (lookups.project_name(self.request, self.kwargs["project_id"])
                                   or self.kwargs["project_id"])
        return context
