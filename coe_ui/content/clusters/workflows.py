from django.utils.translation import gettext_lazy as _
from horizon import forms
from horizon import messages
from horizon import workflows

import coe_backend
from coe_ui import api
from coe_ui import errors
from coe_ui import lookups
from coe_ui import select_field
from coe_ui.checked_wizard import CheckedAction
from coe_ui.checked_wizard import CheckedWorkflow
from coe_ui.flavors import flavor_label
from coe_ui.content.cluster_templates import wizard_steps as template_wizard
from coe_ui.content.clusters import wizard_data
from coe_ui.labels_field import LabelsField

TRISTATE = ((wizard_data.INHERIT, _("As in the template")), ("yes", _("Yes")), ("no", _("No")))


class ClusterAction(CheckedAction):
    def check(self, entered):
        entered = {name: value for name, value in entered.items() if name in ALL_FIELDS}
        template = wizard_data.template_by_id(self.request, entered.get("cluster_template_id"))
        if template is None:
            return
        fields, merge = wizard_data.creation_fields(entered)
        _templates, catalog = wizard_data.choices(self.request)
        coe_backend.validate_cluster({**fields, "merge_labels": merge}, template,
                                     api.client(self.request).features,
                                     flavors=catalog.flavors or None)

    def field_label(self, field):
        return FIELD_LABELS.get(field, field)


class DetailsAction(ClusterAction):
    name = forms.CharField(label=_("Cluster name"), max_length=242,
                           help_text=_("Starts with a letter; then letters, digits, '_', '-', '.'."))
    cluster_template_id = select_field.ThemableChoiceField(label=_("Cluster template"))
    keypair = select_field.ThemableChoiceField(label=_("Key pair"), required=False)

    class Meta:
        name = _("Details")
        help_text = _("Name the cluster and pick the template it is built from: the template "
                      "sets the Kubernetes version, image, flavors and network; the next steps "
                      "can change some of them. The key pair lets you log into the nodes.")

    def populate_cluster_template_id_choices(self, request, context):
        templates, catalog = wizard_data.choices(request)
        return [("", _("Choose a template"))] + [
            (t.uuid, f"{t.name} (Kubernetes {coe_backend.kubernetes_version(t, catalog.images) or '?'})")
            for t in sorted(templates, key=lambda t: (t.name or "").lower())]

    def populate_keypair_choices(self, request, context):
        _templates, catalog = wizard_data.choices(request)
        return [(wizard_data.INHERIT, _("From the template (if any)"))] + [
            (k.name, k.name) for k in catalog.keypairs]


class SizeAction(ClusterAction):
    shows_problems_of = frozenset({"labels"})  # autoscaling bounds, sent as labels
    master_count = forms.IntegerField(label=_("Masters"), min_value=1, initial=1,
                                      help_text=_("1, 3 or 5: odd, so etcd keeps a majority. More "
                                                  "than one needs the master load balancer."))
    master_flavor_id = select_field.ThemableChoiceField(label=_("Master flavor"), required=False)
    node_count = forms.IntegerField(label=_("Workers"), min_value=0, initial=1)
    flavor_id = select_field.ThemableChoiceField(label=_("Worker flavor"), required=False)
    # The bounds matter only with autoscaling on (wizard_data sends them only
    # then): coe_ui.js shows them while the box is ticked.
    auto_scaling_enabled = forms.BooleanField(
        label=_("Autoscale workers"), required=False,
        widget=forms.CheckboxInput(attrs={"data-coe-shows": "min_node_count max_node_count"}))
    min_node_count = forms.IntegerField(label=_("Fewest workers"), min_value=0, required=False)
    max_node_count = forms.IntegerField(label=_("Most workers"), min_value=1, required=False)

    class Meta:
        name = _("Size")
        help_text = _("How many masters and workers, on which flavors. With autoscaling the "
                      "number of workers moves between the fewest and the most; the quota check "
                      "on Review counts the most.")

    def _flavors(self, request):
        _templates, catalog = wizard_data.choices(request)
        return [(wizard_data.INHERIT, _("From the template"))] + [
            (f.name, flavor_label(f)) for f in sorted(catalog.flavors, key=lambda f: f.ram)]

    def populate_master_flavor_id_choices(self, request, context):
        return self._flavors(request)

    def populate_flavor_id_choices(self, request, context):
        return self._flavors(request)


class NetworkAction(ClusterAction):
    fixed_network = select_field.ThemableChoiceField(label=_("Network"), required=False)
    fixed_subnet = select_field.ThemableChoiceField(label=_("Subnet"), required=False)
    master_lb_enabled = select_field.ThemableChoiceField(label=_("Load balancer for the API"),
                                                  choices=TRISTATE, required=False)
    floating_ip_enabled = select_field.ThemableChoiceField(label=_("Floating IPs"), choices=TRISTATE,
                                                    required=False)

    class Meta:
        name = _("Network")
        help_text = _("By default the cluster gets the network of its template (or a new one). "
                      "Pick an existing network and subnet to put it beside your other servers.")

    def populate_fixed_network_choices(self, request, context):
        _templates, catalog = wizard_data.choices(request)
        return [(wizard_data.INHERIT, _("From the template"))] + [
            (n.name or n.id, n.name or n.id) for n in catalog.private_networks]

    def populate_fixed_subnet_choices(self, request, context):
        _templates, catalog = wizard_data.choices(request)
        networks = {n.id: n.name or n.id for n in catalog.networks}
        return [(wizard_data.INHERIT, _("From the template"))] + [
            (s.name or s.id, f"{s.name or s.id} ({networks.get(s.network_id, '?')}, {s.cidr})")
            for s in catalog.subnets]

    def clean(self):
        _templates, catalog = wizard_data.choices(self.request)
        return template_wizard.subnet_checked(self, catalog, super().clean())


class LabelsAction(ClusterAction):
    labels = LabelsField(required=False)
    labels_mode = select_field.ThemableChoiceField(
        label=_("How they combine with the template's"), initial="merge",
        choices=(("merge", _("Add to and override the template's labels")),
                 ("replace", _("Replace the template's labels entirely"))))

    class Meta:
        name = _("Labels")
        help_text = _("Labels tune the cluster driver: e.g. kube_tag (version), "
                      "auto_healing_enabled, monitoring_enabled, boot_volume_size. Leave empty "
                      "to use the template's as they are.")

    def __init__(self, request, context, *args, **kwargs):
        super().__init__(request, context, *args, **kwargs)
        templates, _catalog = wizard_data.choices(request)
        self.fields["labels"].offer(follows="cluster_template_id", drivers_of={
            template.uuid: template.cluster_driver.family for template in templates})


class ReviewAction(workflows.Action):
    class Meta:
        name = _("Review")
        help_text = _("Check what will be created and whether it fits your quotas.")


class Details(workflows.Step):
    action_class = DetailsAction
    contributes = ("name", "cluster_template_id", "keypair")
    template_name = "project/clusters/_details_step.html"

    def template_defaults(self):
        return wizard_data.template_defaults(self.workflow.request)


class Size(workflows.Step):
    action_class = SizeAction
    contributes = ("master_count", "master_flavor_id", "node_count", "flavor_id",
                   "auto_scaling_enabled", "min_node_count", "max_node_count")


class Network(workflows.Step):
    action_class = NetworkAction
    contributes = ("fixed_network", "fixed_subnet", "master_lb_enabled", "floating_ip_enabled")


class Labels(workflows.Step):
    action_class = LabelsAction
    contributes = ("labels", "labels_mode")
    template_name = "project/clusters/_labels_step.html"


class Review(workflows.Step):
    action_class = ReviewAction
    template_name = "project/clusters/_review_step.html"


ALL_FIELDS = frozenset(Details.contributes + Size.contributes + Network.contributes
                       + Labels.contributes)
FIELD_LABELS = {name: field.label for action in (DetailsAction, SizeAction, NetworkAction)
                for name, field in action.base_fields.items()}


def does_not_fit(preflight):
    """Why Create is refused, or None when the cluster fits."""
    if preflight.fits:
        return None
    short = ", ".join(str(wizard_data.RESOURCE_NAMES.get(check.resource, check.resource))
                      for check in preflight.shortfalls)
    return _("The cluster does not fit in what the project has left (%s).") % short


class CreateCluster(CheckedWorkflow):
    slug = "create_cluster"
    name = _("Create Cluster")
    finalize_button_name = _("Create Cluster")
    success_message = _('Creating cluster "%s".')
    failure_message = _('Unable to create cluster "%s".')
    success_url = "horizon:project:clusters:index"
    default_steps = (Details, Size, Network, Labels, Review)

    def format_status_message(self, message):
        return message % self.context.get("name", "")

    def handle(self, request, context):
        fields, merge = wizard_data.creation_fields(context)
        template = wizard_data.template_by_id(request, fields.get("cluster_template_id"))
        if template is not None:
            preflight = wizard_data.quota_check(request, template, fields, merge)
            if not preflight.fits:
                # Back on Review, which shows the checks and what to change.
                self.entry_point = next(s.slug for s in self.steps if isinstance(s, Review))
                messages.error(request, " ".join(map(str, [does_not_fit(preflight), *preflight.advice])))
                raise forms.ValidationError(does_not_fit(preflight))
        client = api.client(request)
        try:
            self.object = client.create_cluster(merge_labels=merge, **fields)
        except coe_backend.InvalidInput as error:
            self.show_beside_fields(error.errors)
            raise forms.ValidationError(error.message)
        except coe_backend.CoeError:
            errors.report(request, _("Unable to create the cluster"))
            # Show the wizard again with everything the user entered.
            raise forms.ValidationError(_("Unable to create the cluster"))
        lookups.forget_template_names(request)
        try:
            # Magnum writes the new cluster a moment after accepting it; wait
            # for it so the list the user lands on already shows it.
            client.get_cluster(self.object)
        except coe_backend.CoeError:
            pass  # accepted all the same: the list will show it on the next refresh
        return True
