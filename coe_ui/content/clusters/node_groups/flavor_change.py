"""Changing a node group's flavor: a new group like it with the new flavor,
then the old group deleted once the new one is ready.

The form takes step 1 (coe_backend checks the quota with both groups
running, then creates the new group); the node-group table takes the next
steps as it refreshes (coe_backend.flavor_replacements).
"""
from django.utils.translation import gettext_lazy as _
from horizon import forms
from horizon import messages

import coe_backend
from coe_ui import api
from coe_ui import errors
from coe_ui import select_field
from coe_ui.flavors import flavor_label


class ChangeFlavor(forms.SelfHandlingForm):
    flavor_id = select_field.ThemableChoiceField(label=_("New flavor"))
    name = forms.CharField(label=_("Name of the new group"), max_length=255, required=False)
    confirm = forms.BooleanField(label=_(
        "Replace the group's nodes: their workloads are rescheduled onto the new nodes, "
        "then the old nodes are deleted."))

    def __init__(self, request, *args, cluster=None, group=None, **kwargs):
        self.cluster, self.group = cluster, group
        super().__init__(request, *args, **kwargs)
        try:
            flavors = api.client(request).list_flavors()
        except coe_backend.CoeError:
            flavors = []
        offered = coe_backend.replacement_flavors(group, flavors, cluster)
        submitted = self.data.get("flavor_id")
        if not offered and submitted:  # Nova failing for now: keep what was chosen
            self.fields["flavor_id"].choices = [(submitted, submitted)]
        else:
            self.fields["flavor_id"].choices = [(flavor.name, flavor_label(flavor))
                                                for flavor in offered]
        self.fields["name"].help_text = _(
            'Empty: "%(example)s", the old name with the new flavor.') % {
                "example": coe_backend.replacement_name(
                    group, offered[0].name if offered else _("flavor"), ())}

    def handle(self, request, data):
        try:
            new = api.client(request).replace_node_group_flavor(
                self.cluster.uuid, self.group.uuid, data["flavor_id"],
                name=data.get("name") or None)
        except coe_backend.InvalidInput as error:
            errors.field_errors(self, error)
            return False
        except coe_backend.CoeError:
            errors.report(request, _("Unable to change the flavor"))
            return False
        messages.success(request, _(
            'Changing the flavor of node group "%(old)s" to %(flavor)s: the new group '
            '"%(new)s" is being created; "%(old)s" is deleted once it is ready.') % {
                "old": self.group.name, "new": new.name, "flavor": data["flavor_id"]})
        return True
