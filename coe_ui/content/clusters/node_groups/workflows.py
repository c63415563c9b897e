"""The add-node-group wizard: what the nodes are, how many, and their labels.

Each step is checked with Magnum's own rules (coe_backend.validate_node_group)
when the user moves on, so problems show beside their fields and nothing is
sent until every step is right.
"""
from django.utils.translation import gettext_lazy as _
from horizon import forms
from horizon import workflows

import coe_backend
from coe_ui import api
from coe_ui import errors
from coe_ui import select_field
from coe_ui.checked_wizard import CheckedAction
from coe_ui.checked_wizard import CheckedWorkflow
from coe_ui.flavors import flavor_label
from coe_ui.content.clusters.node_groups.creation_choices import creation_choices
from coe_ui.content.clusters.node_groups.fields import NodeLabelsField
from coe_ui.content.clusters.node_groups.fields import NodeTaintsField
from coe_ui.content.clusters.node_groups.tables import node_groups_tab_url
from coe_ui.labels_field import LabelsField

INHERIT, MERGE, REPLACE = "inherit", "merge", "replace"
GROUP_FIELDS = ("name", "role", "flavor_id", "image_id", "docker_volume_size", "node_count",
                "min_node_count", "max_node_count", "node_labels", "node_taints")


def creation_fields(data):
    """The fields for coe_backend's create_node_group from the wizard's data."""
    fields = {name: data[name] for name in GROUP_FIELDS if data.get(name) not in (None, "", {}, [])}
    mode = data.get("labels_mode") or INHERIT
    if mode != INHERIT and data.get("labels"):
        fields.update(labels=data["labels"], merge_labels=mode == MERGE)
    return fields


class NodeGroupWizardAction(CheckedAction):
    def choices(self):
        return creation_choices(self.request, self.initial["cluster_id"])

    def check(self, entered):
        choices = self.choices()
        if choices.cluster is None:
            self.add_error(None, errors.NOTHING_SENT)
            return
        coe_backend.validate_node_group(
            creation_fields(entered), choices.cluster,
            api.client(self.request).features, flavors=choices.flavors or None,
            driver=choices.driver)

    def field_label(self, field):
        return FIELD_LABELS.get(field, field)


class DetailsAction(NodeGroupWizardAction):
    name = forms.CharField(label=_("Name"), max_length=255,
                           help_text=_("Unique within the cluster."))
    role = forms.CharField(label=_("Role"), max_length=255, initial="worker",
                           help_text=_("Any word but \"master\", e.g. gpu or batch. The nodes "
                                       "get it as the Kubernetes label "
                                       "magnum.openstack.org/role."))
    flavor_id = select_field.ThemableChoiceField(label=_("Flavor"), required=False)
    image_id = select_field.ThemableChoiceField(label=_("Image"), required=False)
    docker_volume_size = forms.IntegerField(
        label=_("Docker volume size (GB)"), min_value=1, required=False,
        help_text=_("Empty: no separate volume for containers (Magnum does not take the "
                    "cluster's)."))

    class Meta:
        name = _("Details")
        slug = "details"
        help_text = _("Name the group and choose what its nodes run on. Flavor and image "
                      "default to the cluster's: choose others for, e.g., GPU nodes.")

    def populate_flavor_id_choices(self, request, context):
        choices = self.choices()
        default = choices.cluster.flavor_id if choices.cluster else None
        flavors = sorted(choices.flavors, key=lambda flavor: flavor.ram)
        return [("", _("The cluster's (%s)") % (default or "-"))] + self.typed(
            "flavor_id", [(flavor.name, flavor_label(flavor)) for flavor in flavors])

    def populate_image_id_choices(self, request, context):
        choices = self.choices()
        default = choices.template.image_id if choices.template else None
        return [("", _("The cluster template's (%s)") % (default or "-"))] + self.typed(
            "image_id", [(image.name or image.id, image.name or image.id)
                         for image in choices.images])

    def typed(self, field, offered):
        """The choices, or, when they could not be read, what was submitted."""
        if self.choices().cluster is not None:
            return offered
        value = self.request.POST.get(field)
        return [(value, value)] if value else []

    def clean_name(self):
        name = self.cleaned_data["name"]
        if name in self.choices().group_names:
            raise forms.ValidationError(_("The cluster already has a node group of this name."))
        return name


class SizeAction(NodeGroupWizardAction):
    node_count = forms.IntegerField(label=_("Nodes"), min_value=0, initial=1)
    min_node_count = forms.IntegerField(label=_("Minimum"), min_value=0, initial=0,
                                        required=False)
    max_node_count = forms.IntegerField(label=_("Maximum"), min_value=1, required=False,
                                        help_text=_("Empty: no maximum."))

    def __init__(self, request, context, *args, **kwargs):
        super().__init__(request, context, *args, **kwargs)
        empty = coe_backend.cannot(self.choices().driver,
                                   coe_backend.Capability.EMPTY_NODE_GROUPS)
        if empty:  # the driver's floor, proposed and said before anything is typed
            self.fields["min_node_count"].initial = 1
            self.fields["min_node_count"].help_text = empty
            for name in ("min_node_count", "node_count"):
                self.fields[name].widget.attrs["min"] = 1

    class Meta:
        name = _("Size")
        slug = "size"
        help_text = _("How many nodes now, and the range the group may be resized in (the "
                      "cluster autoscaler keeps to it too). The minimum must not be above "
                      "the node count, nor the node count above the maximum.")


class LabelsAction(NodeGroupWizardAction):
    labels_mode = select_field.ThemableChoiceField(
        label=_("Magnum labels"), initial=INHERIT,
        choices=((INHERIT, _("The cluster's labels, as they are")),
                 (MERGE, _("The cluster's labels, with the ones below added or changed")),
                 (REPLACE, _("Only the labels below"))))
    labels = LabelsField(required=False)
    node_labels = NodeLabelsField(required=False)
    node_taints = NodeTaintsField(required=False)

    class Meta:
        name = _("Labels")
        slug = "labels"
        help_text = _("Magnum labels tune the cluster driver for this group, e.g. "
                      "availability_zone. Kubernetes node labels and taints steer which "
                      "workloads run on these nodes.")

    def __init__(self, request, context, *args, **kwargs):
        super().__init__(request, context, *args, **kwargs)
        self.fields["labels"].offer(self.choices().driver)
        if not self.node_labels_supported(request):
            del self.fields["node_labels"]  # the cloud's Magnum is older than 1.14
            del self.fields["node_taints"]

    @staticmethod
    def node_labels_supported(request):
        try:
            return api.client(request).features.node_labels_and_taints
        except coe_backend.CoeError:
            return True  # Magnum failing for now: keep what may have been typed

    def clean(self):
        mode, labels = self.cleaned_data.get("labels_mode"), self.cleaned_data.get("labels")
        if mode == INHERIT and labels:
            self.add_error("labels_mode", _("Choose to add these labels to the cluster's, or to "
                                            "use only them."))
        elif mode in (MERGE, REPLACE) and not labels and "labels" not in self.errors:
            self.add_error("labels", _("Enter the labels to use."))
        return super().clean()


class Details(workflows.Step):
    action_class = DetailsAction
    depends_on = ("cluster_id",)
    contributes = ("name", "role", "flavor_id", "image_id", "docker_volume_size")


class Size(workflows.Step):
    action_class = SizeAction
    contributes = ("node_count", "min_node_count", "max_node_count")


class Labels(workflows.Step):
    action_class = LabelsAction
    contributes = ("labels_mode", "labels", "node_labels", "node_taints")


FIELD_LABELS = {name: field.label for action in (DetailsAction, SizeAction, LabelsAction)
                for name, field in action.base_fields.items()}


class CreateNodeGroup(CheckedWorkflow):
    slug = "create_node_group"
    name = _("Add Node Group")
    finalize_button_name = _("Add Node Group")
    success_message = _('Adding node group "%s".')
    failure_message = _('Unable to add node group "%s".')
    default_steps = (Details, Size, Labels)

    def format_status_message(self, message):
        return message % self.context.get("name", "")

    def get_success_url(self):
        return node_groups_tab_url(self.context["cluster_id"])

    def handle(self, request, context):
        try:
            api.client(request).create_node_group(context["cluster_id"],
                                                  **creation_fields(context))
        except coe_backend.InvalidInput as error:
            self.show_beside_fields(error.errors)
            raise forms.ValidationError(error.message)
        except coe_backend.CoeError:
            errors.report(request, _("Unable to add the node group"))
            # Show the wizard again with everything the user entered.
            raise forms.ValidationError(_("Unable to add the node group"))
        return True
