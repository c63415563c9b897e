"""The fleet's table: one row per cluster of every region, judged by
coe_backend (rules/fleet.py); worded here."""
from urllib.parse import urlencode

from django.template import defaultfilters
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from horizon import tables

import coe_backend
from coe_ui.table_options import TableOptions

TEMPLATE_STATES = {
    coe_backend.TemplateState.CURRENT: _("Current"),
    coe_backend.TemplateState.DEPRECATED: _("Deprecated"),
    coe_backend.TemplateState.HIDDEN: _("Hidden"),
    coe_backend.TemplateState.UNKNOWN: _("Not visible"),
}
HEALTH_WORDS = (
    (coe_backend.FleetHealth.HEALTHY, _("Healthy")),
    (coe_backend.FleetHealth.FAILED, _("Failed")),
    (coe_backend.FleetHealth.UNHEALTHY, _("Unhealthy")),
    (coe_backend.FleetHealth.STALLED, _("Stalled?")),
    (coe_backend.FleetHealth.BUSY, _("In progress")),
    (coe_backend.FleetHealth.UNKNOWN, _("Not reported")),
)
# True: fine; False: failing (Horizon colours the cell); absent: neither.
HEALTH_STATUS = ((coe_backend.FleetHealth.HEALTHY, True), (coe_backend.FleetHealth.FAILED, False),
                 (coe_backend.FleetHealth.UNHEALTHY, False))


class NameColumn(tables.Column):
    """The cluster's name, a link to its page where it lives in the region
    Horizon works in; elsewhere, a link that switches Horizon's region
    (openstack_auth's switch) and then opens it."""

    def get_raw_data(self, row):
        name = row.cluster.name or row.cluster.uuid
        if self.table.is_current_region(row):
            return name
        return format_html('{} <a class="coe-fleet-switch" href="{}">{}</a>', name,
                           self.table.switch_url(row),
                           _("(switch to %s)") % row.region)

    def get_link_url(self, row):
        return self.table.detail_path(row) if self.table.is_current_region(row) else None


def _version(row):
    if row.version is None:
        return "-"
    behind = row.minors_behind
    if behind:
        return ngettext("%(version)s (%(count)d minor behind)",
                        "%(version)s (%(count)d minors behind)", behind) % {
            "version": row.version, "count": behind}
    return str(row.version)


def _template(row):
    return (row.template.name or row.template.uuid) if row.template else \
        (row.cluster.cluster_template_id or "-")


def _template_state(row):
    return TEMPLATE_STATES[row.template_state]


def _upgrade(row):
    if row.upgrade is None:
        return _("No")
    return _("Yes: %(version)s (%(template)s)") % {
        "version": row.upgrade.version,
        "template": row.upgrade.template.name or row.upgrade.template.uuid}


def _health(row):
    word = dict(HEALTH_WORDS)[row.health]
    if row.diagnosis is not None:
        return f"{word}: {row.diagnosis.summary}"
    return word


def _age(row):
    created = row.cluster.created_at
    return defaultfilters.timesince(created) if created else "-"


class OwnerColumn(tables.Column):
    def get_raw_data(self, row):
        user_id = row.cluster.user_id
        return self.table.owner_names.get(user_id) or user_id or "-"


class FleetTable(tables.DataTable):
    region = tables.Column(lambda row: row.region or "-", verbose_name=_("Region"))
    # The link: NameColumn.get_link_url (the table's detail_url).
    name = NameColumn("name", verbose_name=_("Name"), link="horizon:project:clusters:detail")
    version = tables.Column(_version, verbose_name=_("Kubernetes"))
    template = tables.Column(_template, verbose_name=_("Template"))
    template_state = tables.Column(_template_state, verbose_name=_("Template state"))
    upgrade = tables.Column(_upgrade, verbose_name=_("Upgrade available"))
    health = tables.Column(lambda row: row.health, verbose_name=_("Health"), status=True,
                           status_choices=HEALTH_STATUS, display_choices=HEALTH_WORDS)
    age = tables.Column(_age, verbose_name=_("Age"))
    owner = OwnerColumn("owner", verbose_name=_("Owner"))

    detail_url = "horizon:project:clusters:detail"
    owner_names = {}  # {user ID: name}, set by the index view

    empty_message = _("No clusters in any region yet. Create one in Container Infra > "
                      "Clusters; to create it in another region, choose that region at the "
                      "top of the page first.")

    def is_current_region(self, row):
        return row.region == self.request.user.services_region

    def detail_path(self, row):
        return reverse(self.detail_url, args=(row.cluster.uuid,))

    def switch_url(self, row):
        return "%s?%s" % (reverse("switch_services_region", args=(row.region,)),
                          urlencode({"next": self.detail_path(row)}))

    def get_object_id(self, row):
        return f"{row.region}:{row.cluster.uuid}"

    def get_object_display(self, row):
        return row.cluster.name or row.cluster.uuid

    class Meta(TableOptions):
        name = "fleet"
        verbose_name = _("Clusters in Every Region")
        columns = ("region", "name", "version", "template", "template_state", "upgrade",
                   "health", "age", "owner")
