"""Changing a node group's range and size together, plus its Kubernetes
node labels and taints where the cloud supports them.

Only what the user changed is sent; coe_backend orders the resize and the
PATCH so that min <= count <= max holds at every step.
"""
from django.utils.translation import gettext_lazy as _
from horizon import forms
from horizon import messages

import coe_backend
from coe_ui import api
from coe_ui import errors
from coe_ui.content.clusters.node_groups.fields import NodeLabelsField
from coe_ui.content.clusters.node_groups.fields import NodeTaintsField


class UpdateNodeGroup(forms.SelfHandlingForm):
    node_count = forms.IntegerField(label=_("Nodes"), min_value=0)
    min_node_count = forms.IntegerField(label=_("Minimum"), min_value=0)
    max_node_count = forms.IntegerField(label=_("Maximum"), min_value=1, required=False,
                                        help_text=_("Empty: no maximum."))
    node_labels = NodeLabelsField(required=False)
    node_taints = NodeTaintsField(required=False)

    def __init__(self, request, *args, cluster=None, group=None, **kwargs):
        self.cluster, self.group = cluster, group
        super().__init__(request, *args, **kwargs)
        client = api.client(request)
        self.features = client.features
        self.driver = client.driver_family(cluster)
        if group.is_master or not self.features.node_labels_and_taints:
            del self.fields["node_labels"]  # Magnum refuses them on masters, and before 1.14
            del self.fields["node_taints"]
        self.initial.update(current_values(group))
        self.say_what_the_driver_cannot_do()

    def say_what_the_driver_cannot_do(self):
        """Beside the fields, before anything is typed: what Magnum would
        refuse for this group's driver (coe_backend checks it again on submit)."""
        empty = coe_backend.cannot(self.driver, coe_backend.Capability.EMPTY_NODE_GROUPS)
        if empty and not self.group.is_master:
            for name in ("min_node_count", "node_count"):
                self.fields[name].widget.attrs["min"] = 1
            self.fields["min_node_count"].help_text = empty
        masters = coe_backend.cannot(self.driver, coe_backend.Capability.RESIZE_MASTERS)
        if masters and self.group.is_master:
            self.fields["node_count"].disabled = True
            self.fields["node_count"].help_text = masters

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        current = current_values(self.group)
        wanted = {name: data[name] for name in current if name in self.fields}
        for name in ("node_labels", "node_taints"):
            if name in wanted:
                wanted[name] = wanted[name] or None  # empty: remove them
        self.changes = {name: value for name, value in wanted.items() if value != current[name]}
        if not self.changes:
            raise forms.ValidationError(_("Nothing was changed."))
        try:
            coe_backend.validate_node_group_change(self.group, self.changes, self.features,
                                                   self.driver)
        except coe_backend.InvalidInput as error:
            errors.field_errors(self, error)
        return data

    def handle(self, request, data):
        try:
            api.client(request).update_node_group(self.cluster.uuid, self.group.uuid,
                                                  **self.changes)
        except coe_backend.InvalidInput as error:
            errors.field_errors(self, error)
            return False
        except coe_backend.PartlyApplied as error:
            parts = {"name": self.group.name, "done": self.described(error.applied),
                     "not_done": self.described(error.not_applied), "cause": error.cause}
            if error.pending:  # nothing failed: Magnum is busy with the first part
                messages.warning(request, _(
                    'Changing node group "%(name)s": %(done)s. Left to do once the cluster '
                    'shows UPDATE_COMPLETE: %(not_done)s.') % parts)
                return True
            errors.report(request, _("Unable to change the node group"), why=_(
                "%(cause)s Changed: %(done)s. Not changed: %(not_done)s.") % parts)
            return False
        except coe_backend.CoeError:
            errors.report(request, _("Unable to change the node group"))
            return False
        messages.success(request, _('Changing node group "%(name)s": %(changes)s.') % {
            "name": self.group.name, "changes": describe_changes(self.group, self.changes)})
        return True

    def described(self, fields):
        """The named fields of the change, as the success message names them."""
        return describe_changes(self.group, {name: value for name, value in self.changes.items()
                                             if name in fields})


def current_values(group):
    """The values the form edits; None means no maximum, node labels or taints."""
    return {"node_count": group.node_count or 0,
            "min_node_count": group.min_node_count or 0,
            "max_node_count": group.upper_bound,
            "node_labels": group.node_labels or None,
            "node_taints": group.node_taints or None}


CHANGE_NAMES = {"node_count": _("nodes"), "min_node_count": _("minimum"),
                "max_node_count": _("maximum"), "node_labels": _("node labels"),
                "node_taints": _("taints")}


def describe_changes(group, changes):
    """E.g. "nodes 2 -> 5, maximum 3 -> 6"."""
    def shown(value):
        if value is None:
            return _("none")
        if isinstance(value, dict):
            return coe_backend.format_labels(value).replace("\n", ", ")
        if isinstance(value, list):
            return coe_backend.format_taints(value).replace("\n", ", ")
        return value

    before = current_values(group)
    return ", ".join("%s %s \u2192 %s" % (CHANGE_NAMES[name], shown(before[name]), shown(value))
                     for name, value in changes.items())
