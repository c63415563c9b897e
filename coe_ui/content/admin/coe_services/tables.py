"""Magnum's services (its conductors) and whether they report in.

A conductor is "down" when it has not reported for longer than Magnum's
service_down_time; clusters then stop changing state.
"""
from django.template import defaultfilters
from django.utils.translation import gettext_lazy as _
from horizon import tables

from coe_ui.table_options import TableOptions

STATE_DISPLAY = (("up", _("Up")), ("down", _("Down")))


def _enabled(service):
    if not service.disabled:
        return _("Enabled")
    if service.disabled_reason:
        return _("Disabled: %s") % service.disabled_reason
    return _("Disabled")


def _last_report(service):
    reported = service.updated_at or service.created_at
    return _("%s ago") % defaultfilters.timesince(reported) if reported else "-"


class ServicesTable(tables.DataTable):
    binary = tables.Column("binary", verbose_name=_("Service"))
    host = tables.Column("host", verbose_name=_("Host"))
    state = tables.Column("state", verbose_name=_("State"), status=True,
                          status_choices=(("up", True), ("down", False)),
                          display_choices=STATE_DISPLAY)
    enabled = tables.Column(_enabled, verbose_name=_("Enabled"))
    last_report = tables.Column(_last_report, verbose_name=_("Last Report"))

    def get_object_id(self, service):
        return str(service.id)

    def get_empty_message(self):
        return _("No Magnum service has reported yet: clusters change state only while a "
                 "magnum-conductor runs.")

    class Meta(TableOptions):
        name = "services"
        verbose_name = _("Container Infra Services")
        status_columns = ["state"]
        multi_select = False
