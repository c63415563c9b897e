from django.utils.translation import gettext_lazy as _
from horizon import tables

import coe_backend
from coe_ui import api
from coe_ui import errors
from coe_ui.content.admin.coe_services import tables as service_tables


class IndexView(tables.DataTableView):
    table_class = service_tables.ServicesTable
    page_title = _("Container Infra Services")

    def get_data(self):
        try:
            return api.client(self.request).list_services()
        except coe_backend.CoeError:
            errors.report(self.request, _("Unable to list the Magnum services"))
            return []
