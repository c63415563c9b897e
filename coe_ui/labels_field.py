"""A form field for Magnum labels, shared by the wizards.

The widget is a textarea of ``key=value`` lines, so labels can be pasted from
a runbook or the CLI; labels.js turns it into key/value rows with suggested
keys when JavaScript runs. Either way the text is what gets submitted, and
coe_backend.parse_labels reads it: keys and values are never rewritten, and a
fragment it cannot read is reported rather than dropped.
"""
import json
from collections.abc import Mapping

from django import forms
from django.utils.translation import gettext_lazy as _

import coe_backend


class LabelsWidget(forms.Textarea):
    def __init__(self, suggestions=None, attrs=None):
        defaults = {"rows": 6, "spellcheck": "false", "data-labels-editor": "",
                    "placeholder": "kube_tag=v1.30.6\nauto_healing_enabled=true"}
        super().__init__({**defaults, **(attrs or {})})
        # {key: what it does}; labels.js offers them as a datalist.
        self.suggestions = {str(key): str(text) for key, text in (suggestions or {}).items()}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-label-suggestions"] = json.dumps(self.suggestions)
        return context

    def format_value(self, value):
        if isinstance(value, Mapping):  # initial labels, e.g. a template's
            return coe_backend.format_labels(value)
        return super().format_value(value)


class LabelsField(forms.CharField):
    """Cleans to a ``dict[str, str]`` ({} when empty)."""

    def __init__(self, *, suggestions=None, **kwargs):
        kwargs.setdefault("label", _("Labels"))
        kwargs.setdefault("help_text", _(
            "One key=value per line (commas also separate pairs). Put a value that holds "
            "commas in double quotes: key=\"a,b\"."))
        kwargs.setdefault("widget", LabelsWidget(suggestions))
        super().__init__(strip=False, **kwargs)

    def to_python(self, value):
        if isinstance(value, Mapping):  # a disabled field cleans its initial labels
            return dict(value)
        try:
            return coe_backend.parse_labels(super().to_python(value))
        except coe_backend.InvalidInput as error:
            raise forms.ValidationError(error.message, code="invalid") from None
