"""Batch deletes that say, per row, what could not be deleted and why."""
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from horizon import exceptions

import coe_backend


class SaysWhyDeleteMixin:
    """For a ``tables.DeleteAction``: implement ``delete_one``. A row Magnum
    refuses (or cannot be reached for) gets one message naming it with
    coe_backend's reason; escalate=True makes Horizon count the row as
    failed without adding its own reason-less "Unable to delete"."""

    def delete_one(self, request, obj_id):
        raise NotImplementedError

    def delete(self, request, obj_id):
        try:
            self.delete_one(request, obj_id)
        except coe_backend.CoeError as error:
            shown = self.table.get_object_by_id(obj_id)
            name = (self.table.get_object_display(shown) if shown is not None else None) or obj_id
            exceptions.handle(request, format_lazy('{} "{}": {}', _("Unable to delete"), name,
                                                   error), escalate=True, details="")
