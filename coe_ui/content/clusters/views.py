from django import shortcuts
from django.urls import reverse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views import generic
from horizon import forms
from horizon import tables
from horizon import tabs
from horizon.utils import functions as horizon_utils

import coe_backend
from coe_ui import api
from coe_ui import cli_commands
from coe_ui import errors
from coe_ui import guarded_views
from coe_ui import plugin_settings
from coe_ui import policy
from coe_ui import timeline_cache
from coe_ui.content.clusters import downloads
from coe_ui.content.clusters import forms as cluster_forms
from coe_ui.content.clusters import left_behind
from coe_ui.content.clusters import search as cluster_search
from coe_ui.content.clusters import tables as cluster_tables
from coe_ui.content.clusters import tabs as cluster_tabs
from coe_ui.content.clusters import wizard_data
from coe_ui.content.clusters import workflows as cluster_workflows

INDEX_URL = "horizon:project:clusters:index"


class IndexView(tables.DataTableView):
    table_class = cluster_tables.ClustersTable
    template_name = "project/clusters/index.html"
    page_title = _("Clusters")

    def has_prev_data(self, table):
        return self._page.prev_marker is not None

    def has_more_data(self, table):
        return self._page.next_marker is not None

    def get_template_names(self):
        if self.request.headers.get("x-requested-with") == "XMLHttpRequest":
            return ["project/clusters/_list.html"]  # the list in place (coe_ui.js)
        return super().get_template_names()

    def get_data(self):
        self._page = coe_backend.Page([])
        search = cluster_search.cluster_search(self.request)
        page_size = horizon_utils.get_page_size(self.request)
        meta = cluster_tables.ClustersTable._meta
        # Horizon's Previous link names the first row shown: the page before it.
        before = self.request.GET.get(meta.prev_pagination_param)
        paging = dict(limit=page_size, backwards=bool(before), project_id=self.listed_project(),
                      marker=before or self.request.GET.get(meta.pagination_param))
        client = api.client(self.request)
        try:
            if search.is_plain_list:  # one Magnum call for the page
                self._page = client.list_clusters(detail=True, newest_first=True, **paging)
            else:  # the whole list, 1,000 clusters per call
                self._page = client.search_clusters(search, aliases=self.aliases, **paging)
        except coe_backend.CoeError:
            errors.report(self.request, _("Unable to list clusters"))
        timeline_cache.record(self.request, self._page.items)
        left_behind.report_remaining(self.request, client)  # of clusters deleted from here
        return self._page.items

    def aliases(self, clusters):
        return cluster_search.aliases(self.request, clusters)

    def update_server_filter_action(self, request, table=None):
        # The search box shows the search in the URL (Horizon keeps its
        # server filters in the session, where a reload or a link loses them).
        table = table or self.get_table()
        table._meta._filter_action.filter_string = table.get_filter_string()

    def post(self, request, *args, **kwargs):
        typed = request.POST.get(self.get_table()._meta._filter_action.get_param_name())
        if typed is not None and "action" not in request.POST:
            # The search box: a new search, from its first page, in the URL.
            query = cluster_search.search_query(request, **{cluster_search.SEARCH_PARAM:
                                                            typed.strip()})
            return shortcuts.redirect(f"{request.path}?{query}" if query else request.path)
        return self.get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["read_only_note"] = policy.read_only_note(self.request, "cluster:create",
                                                          _("clusters"))
        context["sort_links"] = cluster_search.sort_links(self.request)
        return context

    def listed_project(self):
        """The current project's, also for an admin, to whom Magnum lists
        every project's (Admin > Container Infra shows them all)."""
        return self.request.user.project_id


class ClusterMixin:
    """A view about one cluster (``cluster_id`` in the URL), read once."""

    index_url = INDEX_URL  # the list it is reached from

    def get_cluster(self):
        if not hasattr(self, "_cluster"):
            try:
                self._cluster = api.client(self.request).get_cluster(self.kwargs["cluster_id"])
                timeline_cache.record(self.request, [self._cluster])
            except coe_backend.CoeError as error:
                self._cluster = self.unreadable_cluster(error)
        return self._cluster

    def unreadable_cluster(self, error):
        """Called inside ``except CoeError``: say so and go back to the list."""
        errors.report(self.request, _("Unable to read the cluster"),
                      redirect=reverse(self.index_url))


class DetailView(ClusterMixin, tabs.TabView):
    tab_group_class = cluster_tabs.ClusterDetailTabs
    template_name = "horizon/common/_detail.html"
    page_title = "{{ cluster.name }}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cluster = self.get_cluster()
        table = cluster_tables.ClustersTable(self.request)
        context.update(cluster=cluster, url=reverse(self.index_url),
                       actions=table.render_row_actions(cluster))
        return context

    def get_tabs(self, request, *args, **kwargs):
        cluster = self.get_cluster()
        template = None
        try:
            template = api.client(request).get_cluster_template(cluster.cluster_template_id)
        except coe_backend.CoeError:
            pass  # a template hidden from this project: the overview shows its ID
        return self.tab_group_class(request, cluster=cluster, template=template, **kwargs)


class ClusterPolicyGuard(guarded_views.PolicyGuard):
    refused_url = INDEX_URL


class CreateView(ClusterPolicyGuard, guarded_views.WizardView):
    policy_rule = "cluster:create"
    workflow_class = cluster_workflows.CreateCluster

    def get_initial(self):
        initial = super().get_initial()
        initial["cluster_template_id"] = self.request.GET.get("template")
        return initial


class OwnedClusterGuard(ClusterMixin, ClusterPolicyGuard):
    """Checks ``policy_rule`` against the cluster's project and creator, as Magnum does."""

    def policy_target(self):
        cluster = self.get_cluster()
        # An unreadable cluster (a submitted form shown again, nothing sent):
        # the user's own project is the one it was offered in.
        return policy.owner_target(cluster) if cluster else policy.own_target(self.request)


class ClusterFormView(OwnedClusterGuard, forms.ModalFormView):
    """A modal form acting on one cluster; without JavaScript the same form
    shows as a page of its own. ``action``, the URL's name, names the rest:
    the form's template (``_<action>.html``), its modal and where it posts."""
    action = None
    success_url = reverse_lazy(INDEX_URL)
    template_name = "project/clusters/form_page.html"

    @property
    def ajax_template_name(self):
        return f"project/clusters/_{self.action}.html"

    @property
    def modal_id(self):
        return f"{self.action}_modal"

    @property
    def form_id(self):
        return f"{self.action}_form"

    def unreadable_cluster(self, error):
        if not errors.keeps_what_was_typed(self.request, error, _("Unable to read the cluster")):
            return super().unreadable_cluster(error)
        return None  # the form sends nothing without its cluster

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form_template"] = self.ajax_template_name
        context["cluster"] = self.get_cluster()
        context["cluster_id"] = self.kwargs["cluster_id"]  # named thus while it cannot be read
        context["submit_url"] = reverse(f"horizon:project:clusters:{self.action}",
                                        args=[self.kwargs["cluster_id"]])
        return context

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["cluster"] = self.get_cluster()
        return kwargs


DELETE = pgettext_lazy("one cluster, confirmed by typing its name", "Delete Cluster")
# The forms acting on one cluster: URL name, form, policy rule, title, button.
FORM_VIEWS = {action: ClusterFormView.as_view(action=action, form_class=form_class,
                                              policy_rule=rule, page_title=title,
                                              submit_label=submit)
              for action, form_class, rule, title, submit in (
    ("resize", cluster_forms.ResizeCluster, "cluster:resize", _("Resize Cluster"), _("Resize")),
    ("upgrade", cluster_forms.UpgradeCluster, "cluster:upgrade", _("Upgrade Cluster"),
     _("Upgrade")),
    ("rotate_ca", cluster_forms.RotateCA, "certificate:rotate_ca",
     _("Rotate Certificate Authority"), _("Rotate CA")),
    ("rotate_credentials", cluster_forms.RotateCredentials, "credential:rotate",
     _("Rotate Cluster Credentials"), _("Rotate Credentials")),
    ("delete", cluster_forms.DeleteCluster, "cluster:delete", DELETE, DELETE),
    ("kubeconfig", cluster_forms.DownloadKubeconfig, "cluster:get", _("Download Kubeconfig"),
     _("Download")),
    ("sign_csr", cluster_forms.SignCSR, "certificate:create", _("Sign a Certificate Request"),
     _("Sign and Download")),
)}


class CACertificateView(OwnedClusterGuard, forms.ModalFormMixin, generic.TemplateView):
    """The cluster's CA, to copy or download (no key is involved); a modal
    when opened from a table, as Horizon's form dialogs are."""
    policy_rule = "certificate:get"
    template_name = "project/clusters/ca_certificate.html"
    ajax_template_name = "project/clusters/_ca_certificate.html"
    modal_id = "ca_certificate_modal"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cluster = self.get_cluster()
        try:
            context["pem"] = api.client(self.request).get_ca_certificate(cluster.uuid).pem
        except coe_backend.CoeError:
            errors.report(self.request, _("Unable to read the cluster's CA"),
                          redirect=reverse(INDEX_URL))
        context.update(cluster=cluster, page_title=_("CA Certificate"), modal_id=self.modal_id)
        return context


class CACertificateDownload(OwnedClusterGuard, generic.View):
    policy_rule = "certificate:get"

    def get(self, request, cluster_id):
        try:
            return downloads.ca_certificate(request, self.get_cluster())
        except coe_backend.CoeError:
            errors.report(request, _("Unable to read the cluster's CA"),
                          redirect=reverse(INDEX_URL))


class ReviewView(ClusterPolicyGuard, generic.View):
    """The wizard's Review step: what will be sent, the quota check and the CLI.

    The wizard posts its whole form here whenever Review is opened; nothing
    is created.
    """
    policy_rule = "cluster:create"

    def post(self, request):
        workflow = cluster_workflows.CreateCluster(request)
        valid = workflow.is_valid()
        context = {"problems": _problems(workflow) if not valid else []}
        template = wizard_data.template_by_id(request, workflow.context.get("cluster_template_id"))
        if valid and template is not None:
            fields, merge = wizard_data.creation_fields(workflow.context)
            context.update(_review(request, template, fields, merge))
        return shortcuts.render(request, "project/clusters/_review.html", context)


def _problems(workflow):
    return [(step.action.name, field_errors) for step in workflow.steps
            for field_errors in step.action.errors.values()]


def _sent_rows(fields):
    """What will be sent, in the wizard's words (flavors go by name)."""
    rows = []
    for name, value in fields.items():
        if name in ("labels", "cluster_template_id"):
            continue  # shown on their own
        if isinstance(value, bool):
            value = _("Yes") if value else _("No")
        rows.append((cluster_workflows.FIELD_LABELS.get(name, name), value))
    return rows


def _review(request, template, fields, merge):
    _templates, catalog = wizard_data.choices(request)
    labels = coe_backend.effective_labels(template.labels, fields.get("labels"), merge)
    command, notes = cli_commands.cluster_create(fields, merge, template.name)
    preflight = wizard_data.quota_check(request, template, fields, merge)
    return {"template": template, "fields": _sent_rows(fields),
            "labels": sorted(labels.items()),
            "preflight": preflight, "quota_rows": wizard_data.quota_rows(preflight),
            "blocked_reason": cluster_workflows.does_not_fit(preflight),
            "command": command, "notes": notes,
            "warnings": [*catalog.warnings, *filter(None, [
                plugin_settings.current().label_catalog.ignored_warning(
                    labels, template.cluster_driver.family)])]}
