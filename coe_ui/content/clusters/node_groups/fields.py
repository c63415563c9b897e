"""Form fields for a node group's Kubernetes node labels and taints
(Magnum API 1.14), shared by the add wizard and the edit form."""
from django import forms
from django.utils.translation import gettext_lazy as _

import coe_backend
from coe_ui.labels_field import LabelsField
from coe_ui.labels_field import LabelsWidget


class NodeLabelsField(LabelsField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Kubernetes node labels"))
        kwargs.setdefault("help_text", _(
            "key=value, one per line, set on every node of the group. Keys in the "
            "kubernetes.io/ and k8s.io/ namespaces are refused, except node.kubernetes.io/ "
            "and kubelet.kubernetes.io/."))
        kwargs.setdefault("widget", LabelsWidget(attrs={"placeholder": "accelerator=a100"}))
        super().__init__(**kwargs)


class NodeTaintsField(forms.CharField):
    """Cleans to a list of coe_backend.Taint; the effects are checked by
    coe_backend's validation with the rest of the group."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Kubernetes taints"))
        kwargs.setdefault("help_text", _(
            "key=value:Effect or key:Effect, one per line; the effect is NoSchedule, "
            "PreferNoSchedule or NoExecute."))
        kwargs.setdefault("widget", forms.Textarea(
            attrs={"rows": 3, "placeholder": "dedicated=gpu:NoSchedule"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):  # the group's current taints
            return coe_backend.format_taints(value)
        return value

    def to_python(self, value):
        try:
            return coe_backend.parse_taints(super().to_python(value) or "")
        except coe_backend.InvalidInput as error:
            raise forms.ValidationError(error.message, code="invalid") from None
