from django import shortcuts
from django.urls import reverse
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views import generic
from horizon import forms
from horizon import messages
from horizon import tables
from horizon import tabs
from horizon.utils import functions as horizon_utils

import coe_backend
from coe_ui import api
from coe_ui import errors
from coe_ui import guarded_views
from coe_ui import parallel
from coe_ui import policy
from coe_ui.content.cluster_templates import catalog
from coe_ui.content.cluster_templates import forms as template_forms
from coe_ui.content.cluster_templates import tabs as template_tabs
from coe_ui.content.cluster_templates import wizard_steps
from coe_ui.content.cluster_templates import workflows as template_workflows
from coe_ui.content.cluster_templates.tables import ClusterTemplatesTable
from coe_ui.content.cluster_templates.tables import TemplateRow

INDEX_URL = "horizon:project:cluster_templates:index"


def _optional(request, reads, name, what):
    """A side look-up's result, or None (with a warning) if it failed."""
    error = reads.error(name)
    if error:
        messages.warning(request, format_lazy(_("{what} are not shown: {error}"),
                                              what=what, error=error))
    return reads.or_none(name)


class IndexView(tables.DataTableView):
    table_class = ClusterTemplatesTable
    template_name = "project/cluster_templates/index.html"
    page_title = _("Cluster Templates")

    def has_more_data(self, table):
        return self._more

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["read_only_note"] = policy.read_only_note(
            self.request, "clustertemplate:create", _("cluster templates"))
        return context

    def get_data(self):
        self._more = False
        client = api.client(self.request)
        marker = self.request.GET.get(ClusterTemplatesTable._meta.pagination_param)
        # One call each per page, side by side: the templates, the clusters
        # (which templates they use), the images (Kubernetes versions, names)
        # and the flavors (names).
        reads = parallel.side_by_side(
            # Newest first: a template just made is on the page the wizard lands on.
            page=lambda: client.list_cluster_templates(
                newest_first=True, limit=horizon_utils.get_page_size(self.request),
                marker=marker),
            in_use=client.templates_in_use, images=client.list_images,
            flavors=client.list_flavors)
        try:
            templates = reads.result("page")
        except coe_backend.CoeError:
            errors.report(self.request, _("Unable to list cluster templates"))
            return []
        self._more = templates.next_marker is not None
        images = _optional(self.request, reads, "images",
                           _("Images and image Kubernetes versions")) or []
        flavors = _optional(self.request, reads, "flavors", _("Flavor names")) or []
        in_use = _optional(self.request, reads, "in_use", _("The clusters using each template"))
        return [TemplateRow.build(template, images, flavors, in_use)
                for template in templates.items]


def _clusters_using(request, template):
    """The clusters built from `template`, or None if they could not be listed."""
    client = api.client(request)
    clusters, marker = [], None
    try:
        while True:
            page = client.list_clusters(marker=marker, detail=True)  # with coe_version
            clusters += [c for c in page.items if c.cluster_template_id == template.uuid]
            if page.next_marker is None:
                return clusters
            marker = page.next_marker
    except coe_backend.CoeError:
        errors.report(request, _("Unable to list the clusters using this template"))
        return None


class DetailView(tabs.TabView):
    tab_group_class = template_tabs.ClusterTemplateDetailTabs
    template_name = "horizon/common/_detail.html"
    page_title = "{{ template.name|default:template.uuid }}"

    def _load(self):
        if not hasattr(self, "_loaded"):
            try:
                template = api.client(self.request).get_cluster_template(
                    self.kwargs["template_id"])
            except coe_backend.CoeError:
                errors.report(self.request, _("Unable to read the cluster template"),
                              redirect=reverse(INDEX_URL))
            choices = catalog.wizard_choices(self.request)
            clusters = _clusters_using(self.request, template)
            in_use = None if clusters is None else {template.uuid: [c.name for c in clusters]}
            row = TemplateRow.build(template, choices.images, choices.flavors, in_use)
            self._loaded = row, choices, clusters
        return self._loaded

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        row = self._load()[0]
        context.update(template=row.template, url=reverse(INDEX_URL),
                       actions=ClusterTemplatesTable(self.request).render_row_actions(row))
        return context

    def get_tabs(self, request, **kwargs):
        row, choices, clusters = self._load()
        return self.tab_group_class(request, row=row, catalog=choices, clusters=clusters,
                                    **kwargs)


class PolicyGuard(guarded_views.PolicyGuard):
    refused_url = INDEX_URL


class ReviewView(generic.View):
    """The wizard's Review step: what would be sent, rendered from the whole
    form the wizard posts. Nothing is sent to Magnum."""

    def get_initial(self):
        return {}

    def post(self, request, **kwargs):
        workflow = self.workflow_class(request, context_seed=self.get_initial())
        return shortcuts.render(request, "project/cluster_templates/_review.html",
                                workflow.review())


class Creating(PolicyGuard):
    policy_rule = "clustertemplate:create"
    workflow_class = template_workflows.CreateClusterTemplate


class Editing(PolicyGuard):
    policy_rule = "clustertemplate:update"
    workflow_class = template_workflows.UpdateClusterTemplate

    def edited(self):
        try:
            return wizard_steps.edited_template(self.request, self.kwargs["template_id"])
        except coe_backend.CoeError:
            errors.report(self.request, _("Unable to read the cluster template"),
                          redirect=reverse(INDEX_URL))

    def policy_target(self):
        return policy.owner_target(self.edited().template)

    def get_initial(self):
        edited = self.edited()
        return {"template_id": edited.template.uuid, **edited.initial}


class CreateView(Creating, guarded_views.WizardView):
    pass


class CreateReviewView(Creating, ReviewView):
    pass


class UpdateView(Editing, guarded_views.WizardView):
    pass


class UpdateReviewView(Editing, ReviewView):
    pass


class CloneView(PolicyGuard, forms.ModalFormView):
    form_class = template_forms.CloneClusterTemplate
    template_name = "project/cluster_templates/clone.html"
    ajax_template_name = template_name  # the table opens it as a modal (JavaScript)
    modal_id = "clone_cluster_template_modal"
    page_title = _("Clone Cluster Template")
    submit_label = _("Clone")
    success_url = reverse_lazy(INDEX_URL)
    policy_rule = "clustertemplate:create"

    def get_template(self):
        if not hasattr(self, "_template"):
            try:
                self._template = api.client(self.request).get_cluster_template(
                    self.kwargs["template_id"])
            except coe_backend.CoeError:
                errors.report(self.request, _("Unable to read the cluster template"),
                              redirect=reverse(INDEX_URL))
        return self._template

    def get_initial(self):
        return {"name": f"{self.get_template().name}-copy"}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "template": self.get_template()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(template=self.get_template(),
                       submit_url=reverse("horizon:project:cluster_templates:clone",
                                          args=[self.kwargs["template_id"]]))
        return context
