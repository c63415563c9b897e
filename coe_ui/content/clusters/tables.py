from django.http import Http404
from django.template import defaultfilters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.utils.translation import pgettext_lazy
from horizon import exceptions
from horizon import tables

import coe_backend
from coe_backend import Action
from coe_ui import api
from coe_ui.batch_delete import SaysWhyDeleteMixin
from coe_ui import lookups
from coe_ui import policy
from coe_ui import timeline_cache
from coe_ui.status_words import HEALTH_DISPLAY, STATUS_CHOICES, STATUS_DISPLAY
from coe_ui.state_actions import StateAwareMixin
from coe_ui.table_options import TableOptions
from coe_ui.content.clusters import kubeconfig_offer
from coe_ui.content.clusters.search import SEARCH_PARAM, search_query



class CreateCluster(tables.LinkAction):
    name = "create"
    verbose_name = _("Create Cluster")
    url = "horizon:project:clusters:create"
    classes = ("ajax-modal",)
    icon = "plus"
    policy_rules = policy.rules("cluster:create")


class DownloadKubeconfig(StateAwareMixin, tables.LinkAction):
    name = "kubeconfig"
    verbose_name = _("Download Kubeconfig")
    url = "horizon:project:clusters:kubeconfig"
    classes = ("ajax-modal",)
    icon = "download"
    backend_action = Action.GET_CREDENTIALS
    policy_rules = policy.rules("cluster:get")

    def allowed(self, request, datum=None):
        if datum is not None and not kubeconfig_offer.offers_any(request, datum):
            return False
        super().allowed(request, datum)
        if datum is not None:  # shown, with why there is none
            self.disable_for(kubeconfig_offer.engine_refusal(request, datum))
        return True


class ShowCACertificate(StateAwareMixin, tables.LinkAction):
    name = "ca"
    verbose_name = _("Show CA Certificate")
    url = "horizon:project:clusters:ca"
    classes = ("ajax-modal",)
    backend_action = Action.GET_CREDENTIALS
    policy_rules = policy.rules("certificate:get")


class SignCSR(StateAwareMixin, tables.LinkAction):
    name = "sign_csr"
    verbose_name = _("Sign My CSR")
    url = "horizon:project:clusters:sign_csr"
    classes = ("ajax-modal",)
    backend_action = Action.GET_CREDENTIALS
    policy_rules = policy.rules("certificate:create")


class ResizeCluster(StateAwareMixin, tables.LinkAction):
    name = "resize"
    verbose_name = _("Resize")
    url = "horizon:project:clusters:resize"
    classes = ("ajax-modal",)
    backend_action = Action.RESIZE
    policy_rules = policy.rules("cluster:resize")


class UpgradeCluster(StateAwareMixin, tables.LinkAction):
    name = "upgrade"
    verbose_name = _("Upgrade")
    url = "horizon:project:clusters:upgrade"
    classes = ("ajax-modal",)
    backend_action = Action.UPGRADE
    policy_rules = policy.rules("cluster:upgrade")


class RotateCA(StateAwareMixin, tables.LinkAction):
    name = "rotate_ca"
    verbose_name = _("Rotate CA")
    url = "horizon:project:clusters:rotate_ca"
    classes = ("ajax-modal",)
    backend_action = Action.ROTATE_CA
    policy_rules = policy.rules("certificate:rotate_ca")


class RotateCredentials(StateAwareMixin, tables.LinkAction):
    name = "rotate_credentials"
    verbose_name = _("Rotate Credentials")
    url = "horizon:project:clusters:rotate_credentials"
    classes = ("ajax-modal",)
    backend_action = Action.ROTATE_CREDENTIALS
    policy_rules = policy.rules("credential:rotate")

    def allowed(self, request, datum=None):
        try:
            if not api.client(request).features.credential_rotation:
                return False  # this cloud's Magnum is older than 1.12
        except coe_backend.CoeError:
            return False  # Magnum unreachable: the page already says so
        return super().allowed(request, datum)


class DeleteClusterByName(StateAwareMixin, tables.LinkAction):
    """A single delete asks for the cluster's name to be typed."""
    name = "delete_one"
    verbose_name = pgettext_lazy("one cluster, confirmed by typing its name", "Delete Cluster")
    url = "horizon:project:clusters:delete"
    classes = ("ajax-modal", "btn-danger")
    backend_action = Action.DELETE
    policy_rules = policy.rules("cluster:delete")


class DeleteClusters(SaysWhyDeleteMixin, tables.DeleteAction):
    """Batch delete from the table header, with Horizon's confirmation."""
    policy_rules = policy.rules("cluster:delete")
    # Listing each cluster's resources here would be a lookup per cluster.
    help_text = _("This action cannot be undone. Volumes and load balancers that Kubernetes "
                  "made in the clusters stay behind: open each cluster's Delete to see what "
                  "it leaves.")

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Delete Cluster", "Delete Clusters", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Scheduled deletion of Cluster", "Scheduled deletion of Clusters", count)

    def allowed(self, request, datum=None):
        return datum is None or datum.reason_for(Action.DELETE) is None

    def delete_one(self, request, obj_id):
        api.client(request).delete_cluster(obj_id)


class ClusterFilter(tables.FilterAction):
    """Searches every cluster, not only the page shown: the view asks
    coe_backend (ClusterSearch) with the words in the URL (?q=), where the
    table's form sends them (views.IndexView.post)."""
    filter_type = "server"
    # Horizon's server filters need a field menu; one box searches every
    # column, so the menu is not shown (_table_actions.html).
    filter_choices = (("any", "any", False),)
    search_label = _("Search by name, status, health, template, version or owner")

    def filter(self, table, clusters, filter_string):
        return clusters  # found by the view already, across the whole list


class UpdateRow(tables.Row):
    """Rows of clusters in progress refresh themselves until they settle."""
    ajax = True

    def get_data(self, request, cluster_id):
        try:
            cluster = api.client(request).get_cluster(cluster_id)
        except coe_backend.NotFound:
            raise Http404  # deleted: Horizon removes the row
        except coe_backend.CoeError:
            exceptions.handle(request, ignore=True)
            return None
        timeline_cache.record(request, [cluster])
        return cluster


def _sizes(cluster):
    return f"{cluster.master_count or 0} / {cluster.node_count or 0}"


def _age(cluster):
    return defaultfilters.timesince(cluster.created_at) if cluster.created_at else "-"


class TemplateColumn(tables.Column):
    """The template's name rather than its UUID."""

    def get_raw_data(self, cluster):
        names = lookups.template_names(self.table.request, [cluster.cluster_template_id])
        return names.get(cluster.cluster_template_id, cluster.cluster_template_id)


class ClustersTable(tables.DataTable):
    name = tables.WrappingColumn("name", verbose_name=_("Name"),
                                 link="horizon:project:clusters:detail")
    status = tables.Column("status", verbose_name=_("Status"), status=True,
                           status_choices=STATUS_CHOICES, display_choices=STATUS_DISPLAY)
    health = tables.Column("health_status", verbose_name=_("Health"),
                           display_choices=HEALTH_DISPLAY, empty_value="-")
    version = tables.Column("coe_version", verbose_name=_("Kubernetes"), empty_value="-")
    template = TemplateColumn("cluster_template_id", verbose_name=_("Template"))
    sizes = tables.Column(_sizes, verbose_name=_("Masters / Workers"))
    api_address = tables.Column("api_address", verbose_name=_("API Address"), empty_value="-")
    age = tables.Column(_age, verbose_name=_("Age"))

    def get_object_display(self, cluster):
        return cluster.name or cluster.uuid

    def get_filter_string(self):
        return self.request.GET.get(SEARCH_PARAM, "")

    def get_pagination_string(self):
        """The next page of the same search and order."""
        return search_query(self.request, **{self._meta.pagination_param: self.get_marker()})

    def get_prev_pagination_string(self):
        """The previous page of the same search and order."""
        return search_query(self.request,
                            **{self._meta.prev_pagination_param: self.get_prev_marker()})

    def get_object_id(self, cluster):
        return cluster.uuid

    empty_message = _("No clusters yet. Create one with \"Create Cluster\": pick a cluster "
                      "template, a size, and the wizard checks that it fits your quota.")

    def get_empty_message(self):
        searched = self.get_filter_string()
        if searched:
            return _('No cluster matches "%s". A cluster is found by words in its name, '
                     'status, health, template, Kubernetes version or owner.') % searched
        return self.empty_message

    class Meta(TableOptions):
        name = "clusters"
        verbose_name = _("Clusters")
        status_columns = ["status"]
        row_class = UpdateRow
        table_actions = (ClusterFilter, CreateCluster, DeleteClusters)
        table_actions_template = "project/clusters/_table_actions.html"
        row_actions = (DownloadKubeconfig, ShowCACertificate, SignCSR, ResizeCluster,
                       UpgradeCluster, RotateCA,
                       RotateCredentials, DeleteClusterByName)
