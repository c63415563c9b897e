"""A form field for Magnum labels, shared by the wizards.

The widget is a textarea of ``key=value`` lines, so labels can be pasted from
a runbook or the CLI; labels.js turns it into key/value rows with suggested
keys when JavaScript runs. Either way the text is what gets submitted, and
coe_backend.parse_labels reads it: keys and values are never rewritten, and a
fragment it cannot read is reported rather than dropped. The suggestions come
from the site's label catalog (coe_backend's, extended by LABEL_CATALOG) for
the driver that builds the cluster, and a value not of its label's type is
refused beside the field.
"""
import json
from collections.abc import Mapping

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

import coe_backend
from coe_ui import plugin_settings


class LabelsWidget(forms.Textarea):
    def __init__(self, attrs=None):
        defaults = {"rows": 6, "spellcheck": "false", "data-labels-editor": "",
                    "placeholder": "kube_tag=v1.30.6\nauto_healing_enabled=true"}
        super().__init__({**defaults, **(attrs or {})})
        # labels.js offers the catalog of the driver: `driver`'s, or where the
        # choice `follows` names one, the driver `drivers_of` its value.
        self.catalogs = {}  # {driver family: {label: what the editor says of it}}
        self.driver = coe_backend.DriverFamily.OTHER.value
        self.follows = None
        self.drivers_of = {}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        attrs = context["widget"]["attrs"]
        attrs["data-label-catalogs"] = json.dumps(self.catalogs)
        attrs["data-label-driver"] = self.driver
        if self.follows:
            attrs["data-label-follows"] = self.follows
            attrs["data-label-drivers"] = json.dumps(self.drivers_of)
        return context

    def format_value(self, value):
        if isinstance(value, Mapping):  # initial labels, e.g. a template's
            return coe_backend.format_labels(value)
        return super().format_value(value)


def _suggestion(entry, driver):
    default = entry.default(driver)
    notes = [str(entry.type_hint)]
    if default:
        notes.append(str(format_lazy(_("default: {}"), default)))
    if entry.immutable:
        notes.append(str(IMMUTABLE))
    return {"description": str(entry.description), "hint": "; ".join(notes),
            "default": default or "", "immutable": entry.immutable}


IMMUTABLE = _("set at create, cannot be changed later")


class LabelsField(forms.CharField):
    """Cleans to a ``dict[str, str]`` ({} when empty); a value that is not of
    its label's type in the site's catalog is refused."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Labels"))
        kwargs.setdefault("help_text", _(
            "One key=value per line (commas also separate pairs). Put a value that holds "
            "commas in double quotes: key=\"a,b\"."))
        kwargs.setdefault("widget", LabelsWidget())
        super().__init__(strip=False, **kwargs)

    def offer(self, driver=coe_backend.DriverFamily.OTHER, follows=None, drivers_of=None,
              leave_out=()):
        """Suggest the site catalog's labels for `driver`, or, where the form's
        choice named `follows` is made, for the driver its value names in
        `drivers_of` ({value: DriverFamily}); not those in `leave_out`."""
        catalog = plugin_settings.current().label_catalog
        drivers_of = drivers_of or {}
        self.widget.catalogs = {
            family.value: {entry.name: _suggestion(entry, family)
                           for entry in catalog.for_driver(family) if entry.name not in leave_out}
            for family in {driver, *drivers_of.values()}}
        self.widget.driver = driver.value
        self.widget.follows = follows
        self.widget.drivers_of = {value: family.value for value, family in drivers_of.items()}

    def to_python(self, value):
        if isinstance(value, Mapping):  # a disabled field cleans its initial labels
            return dict(value)
        try:
            return coe_backend.parse_labels(super().to_python(value))
        except coe_backend.InvalidInput as error:
            raise forms.ValidationError(error.message, code="invalid") from None

    def validate(self, value):
        super().validate(value)
        if self.disabled:  # locked as it is: nothing to correct here
            return
        try:
            plugin_settings.current().label_catalog.check_values(value)
        except coe_backend.InvalidInput as error:
            raise forms.ValidationError(error.message, code="invalid") from None
