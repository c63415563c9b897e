"""The steps of the cluster template wizards (create and edit).

Their fields bear the names of Magnum's template fields. Each Next checks
the step, with everything entered before it, against Magnum's own rules
(coe_backend.validate_cluster_template, or validate_template_update when
editing), so a problem shows beside its field before anything is sent, and
what was entered stays in the form.
"""
import dataclasses

from django.utils.html import escape
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from horizon import forms
from horizon import workflows
from horizon.utils.memoized import memoized

import coe_backend
from coe_ui import api
from coe_ui import policy
from coe_ui import select_field
from coe_ui.checked_wizard import CheckedAction
from coe_ui.flavors import flavor_label
from coe_ui.content.cluster_templates import catalog
from coe_ui.labels_field import LabelsField

PUBLISHING = ("public", "hidden")
# Labels the Node spec step offers as fields of their own.
VOLUME_LABELS = coe_backend.VOLUME_LABELS


def subnet_checked(action, choices, data):
    """The wizards' network step: a subnet goes with its own network
    (coe_backend's rule); the error goes beside the field to change."""
    network = data.get("fixed_network")
    reason = choices.subnet_off_network(network, data.get("fixed_subnet"))
    if reason:
        action.add_error("fixed_subnet" if network else "fixed_network", reason)
    return data


def may_publish(request):
    return policy.allowed(request, "clustertemplate:publish")


def template_values(data):
    """The template fields in form data, as coe_backend takes them ("" and {} are unset)."""
    return {name: None if data[name] in ("", {}) else data[name]
            for name in FIELD_LABELS if name in data}


@dataclasses.dataclass(frozen=True)
class EditedTemplate:
    template: coe_backend.ClusterTemplate
    used_by: tuple  # names of the clusters built from it
    initial: dict  # the template as the wizard's fields show it

    def changes(self, entered):
        start = template_values(self.initial)
        return {name: value for name, value in entered.items() if value != start.get(name)}

    def lock_reason(self, field):
        if self.used_by and field not in coe_backend.TEMPLATE_FIELDS_CHANGEABLE_IN_USE:
            return format_lazy(_("Locked: used by clusters {}."), ", ".join(self.used_by))
        return None


@memoized
def edited_template(request, uuid):
    """The template being edited, read once per request; raises CoeError."""
    client = api.client(request)
    template = client.get_cluster_template(uuid)
    used_by = tuple(sorted(client.templates_in_use().get(template.uuid, ())))
    return EditedTemplate(template, used_by,
                          _form_values(template, catalog.wizard_choices(request)))


def _form_values(template, choices):
    labels = template.labels or {}
    values = {name: getattr(template, name) for name in FIELD_LABELS
              if name not in VOLUME_LABELS}
    values.update((name, labels.get(name)) for name in VOLUME_LABELS)
    values["labels"] = {key: value for key, value in labels.items() if key not in VOLUME_LABELS}
    for field in catalog.REFERENCES:  # the wizard offers catalog items by ID
        item = catalog.referenced(choices, field, values[field])
        if item is not None:
            values[field] = catalog.item_id(item)
    for name in BOOLEAN_FIELDS:
        values[name] = bool(values[name])
    return values


def check(request, entered, edited):
    """What will be sent: the body to create, or the changes to make; the
    volume settings go among the labels.

    Raises InvalidInput, with a message per field, where Magnum would refuse.
    """
    fields = {name: value for name, value in entered.items() if name not in VOLUME_LABELS}
    volumes = {name: entered[name] for name in VOLUME_LABELS if name in entered} or None
    flavors = catalog.wizard_choices(request).flavors or None
    if edited is not None:
        return coe_backend.validate_template_update(
            edited.template, edited.changes(fields), in_use=bool(edited.used_by),
            flavors=flavors, volume_labels=volumes)
    return coe_backend.validate_cluster_template(
        {name: value for name, value in fields.items() if value is not None},
        flavors=flavors, volume_labels=volumes)


def _lock(field, reason):
    field.disabled = True
    field.help_text = escape(reason)  # Horizon shows help texts unescaped, in a tooltip
    if isinstance(field.widget, forms.ThemableSelectWidget):
        field.widget = forms.Select(choices=field.choices)  # the themed dropdown ignores "disabled"


def _choices(empty_label, options, current=None):
    """A select's choices. An edited template's value stays offered when the
    catalog no longer lists it, so opening the wizard changes nothing."""
    values = ([("", empty_label)] if empty_label else []) + list(options)
    if current and current not in {value for value, _label in values}:
        values.append((current, format_lazy(_("{} (not in the catalog)"), current)))
    return values


class TemplateAction(CheckedAction):

    def __init__(self, request, context, *args, **kwargs):
        super().__init__(request, context, *args, **kwargs)
        uuid = context.get("template_id")
        self.edited = edited_template(request, uuid) if uuid else None
        for name, field in self.fields.items():
            reason = self.edited and self.edited.lock_reason(name)
            if reason:
                _lock(field, reason)

    def check(self, entered):
        check(self.request, template_values(entered), self.edited)

    def field_label(self, field):
        return FIELD_LABELS.get(field, field)


class InfoAction(TemplateAction):
    name = forms.CharField(label=_("Name"))
    coe = select_field.ThemableChoiceField(
        label=_("Orchestration engine"), choices=[("kubernetes", _("Kubernetes"))],
        initial="kubernetes",
        help_text=_("Magnum runs Kubernetes only (since its 2024.1 release)."))
    public = forms.BooleanField(label=_("Public"), required=False,
                                help_text=_("Every project of the cloud may use it."))
    hidden = forms.BooleanField(
        label=_("Hidden"), required=False,
        help_text=_("Left out of template lists, e.g. while it is being retired; clusters "
                    "built from it keep working."))
    tls_disabled = forms.BooleanField(
        label=_("Disable TLS"), required=False,
        help_text=_("Serve the Kubernetes API without TLS. For tests only."))
    tags = forms.CharField(label=_("Tags"), required=False,
                           help_text=_("Comma-separated words to find the template by."))

    class Meta:
        name = _("Info")
        slug = "info"
        help_text = _("A cluster template is the recipe clusters are built from: the image "
                      "(and so the Kubernetes version), the flavors, the network and the "
                      "labels that tune the cluster driver. Clusters can override some of it.")

    def __init__(self, request, context, *args, **kwargs):
        super().__init__(request, context, *args, **kwargs)
        if not may_publish(request):
            for name in PUBLISHING:
                del self.fields[name]


def _image_label(image):
    if image.kube_version:
        return _("%(name)s (Kubernetes %(version)s, %(distro)s)") % {
            "name": image.name, "version": image.kube_version, "distro": image.os_distro}
    return _("%(name)s (%(distro)s; set the kube_tag label)") % {
        "name": image.name, "distro": image.os_distro}


def _volume_type_label(volume_type):
    if volume_type.description:
        return f"{volume_type.name} ({volume_type.description})"
    return volume_type.name


def _volume_fields(size_label, type_label, size_help):
    """The size (GB) and the Cinder volume type of a volume of the nodes."""
    return (forms.IntegerField(label=size_label, required=False, help_text=size_help),
            select_field.ThemableChoiceField(label=type_label, required=False, help_text=_(
                "One of the cloud's Cinder volume types.")))


class NodeSpecAction(TemplateAction):
    server_type = select_field.ThemableChoiceField(
        label=_("Server type"), required=False, initial="vm",
        choices=[("vm", _("Virtual machine")), ("bm", _("Bare metal (Ironic)"))],
        help_text=_("Bare-metal nodes are Ironic machines: choose bare-metal flavors and an "
                    "image made for them. Clusters need a Magnum driver for bare metal and "
                    "the image's os_distro."))
    image_id = select_field.ThemableChoiceField(
        label=_("Image"), help_text=_("Only images with an os_distro property, which Magnum "
                                      "needs, are offered."))
    master_flavor_id = select_field.ThemableChoiceField(label=_("Master flavor"), required=False)
    flavor_id = select_field.ThemableChoiceField(label=_("Worker flavor"), required=False)
    keypair_id = select_field.ThemableChoiceField(
        label=_("Key pair"), required=False,
        help_text=_("Lets you log into the nodes with SSH. A cluster may choose another."))
    docker_volume_size = forms.IntegerField(
        label=_("Docker volume size (GB)"), required=False,
        help_text=_("A Cinder volume for container images on each node; empty for none."))
    docker_storage_driver = select_field.ThemableChoiceField(
        label=_("Docker storage driver"), required=False, initial="overlay2",
        choices=[("overlay2", "overlay2"), ("overlay", "overlay"),
                 ("devicemapper", _("devicemapper (deprecated; needs a Docker volume of "
                                    "3 GB or more)")),
                 ("", _("The driver's default"))])
    volume_driver = select_field.ThemableChoiceField(
        label=_("Volume driver"), required=False, initial="cinder",
        choices=[("cinder", _("Cinder")), ("", _("None"))],
        help_text=_("Lets the cluster's persistent volumes be Cinder volumes."))
    boot_volume_size, boot_volume_type = _volume_fields(
        _("Boot volume size (GB)"), _("Boot volume type"),
        _("Boot each node from a Cinder volume of this size; empty or 0 to boot from the "
          "flavor's root disk."))
    etcd_volume_size, etcd_volume_type = _volume_fields(
        _("etcd volume size (GB)"), _("etcd volume type"),
        _("A Cinder volume of this size for etcd's data on each master; empty or 0 for none."))

    class Meta:
        name = _("Node spec")
        slug = "node_spec"
        help_text = _("What the nodes run on. The image decides the Kubernetes version (its "
                      "kube_version property, or the kube_tag label). Flavors left empty must "
                      "be chosen by each cluster. A flavor without a root disk needs a boot "
                      "volume. The volume settings are sent as the labels boot_volume_size, "
                      "boot_volume_type, etcd_volume_size and etcd_volume_type.")

    def clean_server_type(self):
        # A browser always sends one; a post without any changes nothing.
        return self.cleaned_data["server_type"] or self.initial.get("server_type")

    def populate_image_id_choices(self, request, context):
        images = sorted((image for image in catalog.wizard_choices(request).images
                         if image.usable_by_magnum), key=lambda image: image.name or image.id)
        return _choices(_("Choose an image"), [(image.id, _image_label(image)) for image in images],
                        context.get("image_id"))

    def _flavors(self, request, current):
        flavors = sorted(catalog.wizard_choices(request).flavors,
                         key=lambda flavor: (flavor.vcpus, flavor.ram, flavor.name))
        return _choices(_("Chosen by each cluster"),
                        [(flavor.id, flavor_label(flavor)) for flavor in flavors], current)

    def populate_master_flavor_id_choices(self, request, context):
        return self._flavors(request, context.get("master_flavor_id"))

    def populate_flavor_id_choices(self, request, context):
        return self._flavors(request, context.get("flavor_id"))

    def populate_keypair_id_choices(self, request, context):
        keypairs = catalog.wizard_choices(request).keypairs
        return _choices(_("None"), [(keypair.name, keypair.name) for keypair in keypairs],
                        context.get("keypair_id"))

    def populate_docker_storage_driver_choices(self, request, context):
        return _choices(None, self.fields["docker_storage_driver"].choices,
                        context.get("docker_storage_driver"))

    def _volume_types(self, request, current):
        volume_types = catalog.wizard_choices(request).volume_types
        return _choices(_("Default (chosen by the cloud)"),
                        [(volume_type.name, _volume_type_label(volume_type))
                         for volume_type in volume_types], current)

    def populate_boot_volume_type_choices(self, request, context):
        return self._volume_types(request, context.get("boot_volume_type"))

    def populate_etcd_volume_type_choices(self, request, context):
        return self._volume_types(request, context.get("etcd_volume_type"))


def _subnet_label(subnet):
    return f"{subnet.name or subnet.id} ({subnet.cidr})"


class NetworkAction(TemplateAction):
    network_driver = select_field.ThemableChoiceField(
        label=_("Network driver"), initial="flannel",
        choices=[("flannel", "Flannel"), ("calico", "Calico"), ("cilium", "Cilium")],
        help_text=_("The cloud may allow fewer of them (Magnum allows flannel and calico "
                    "unless configured otherwise)."))
    external_network_id = select_field.ThemableChoiceField(
        label=_("External network"), required=False,
        help_text=_("Where floating IPs and the API load balancer's address come from."))
    fixed_network = select_field.ThemableChoiceField(label=_("Network"), required=False)
    fixed_subnet = select_field.ThemableChoiceField(
        label=_("Subnet"), required=False,
        widget=forms.ThemableSelectWidget(data_attrs=("network_id",), transform=_subnet_label))
    dns_nameserver = forms.CharField(
        label=_("DNS servers"), required=False,
        help_text=_("One IPv4 address, or several separated by commas."))
    http_proxy = forms.CharField(label=_("HTTP proxy"), required=False)
    https_proxy = forms.CharField(label=_("HTTPS proxy"), required=False)
    no_proxy = forms.CharField(label=_("No proxy"), required=False,
                               help_text=_("Comma-separated hosts and domains to reach directly."))
    master_lb_enabled = forms.BooleanField(
        label=_("Load balancer for the API"), required=False,
        help_text=_("Needed for more than one master."))
    floating_ip_enabled = forms.BooleanField(
        label=_("Floating IPs"), required=False, initial=True,
        help_text=_("Give the nodes addresses on the external network."))

    class Meta:
        name = _("Network")
        slug = "network"
        help_text = _("Without a network and subnet, each cluster gets a network of its own. "
                      "Choose an existing one to put clusters beside your other servers.")

    def __init__(self, request, context, *args, **kwargs):
        super().__init__(request, context, *args, **kwargs)
        externals = catalog.wizard_choices(request).external_networks
        if self.edited is None and externals:
            self.fields["external_network_id"].initial = externals[0].id

    def populate_external_network_id_choices(self, request, context):
        networks = catalog.wizard_choices(request).external_networks
        return _choices(_("None"), [(net.id, net.name or net.id) for net in networks],
                        context.get("external_network_id"))

    def populate_fixed_network_choices(self, request, context):
        networks = catalog.wizard_choices(request).private_networks
        return _choices(_("A new network for each cluster"),
                        [(net.id, net.name or net.id) for net in networks],
                        context.get("fixed_network"))

    def populate_fixed_subnet_choices(self, request, context):
        # Subnets themselves as labels: the widget writes their network_id beside them.
        subnets = catalog.wizard_choices(request).subnets
        return _choices(_("A new subnet for each cluster"),
                        [(subnet.id, subnet) for subnet in subnets], context.get("fixed_subnet"))

    def clean(self):
        return subnet_checked(self, catalog.wizard_choices(self.request), super().clean())


class LabelsAction(TemplateAction):
    labels = LabelsField(required=False)

    class Meta:
        name = _("Labels")
        slug = "labels"
        help_text = _("Labels tune the cluster driver, e.g. kube_tag (the Kubernetes version), "
                      "auto_healing_enabled or monitoring_enabled. The volume settings of the "
                      "Node spec step are added to them. Clusters inherit them, and may add to "
                      "or replace them.")

    def __init__(self, request, context, *args, **kwargs):
        super().__init__(request, context, *args, **kwargs)
        driver = (self.edited.template.cluster_driver.family if self.edited
                  else coe_backend.DriverFamily.OTHER)
        if driver is coe_backend.DriverFamily.OTHER:  # the chosen image's magnum_driver says
            images = catalog.wizard_choices(request).images
            self.fields["labels"].offer(follows="image_id", drivers_of={
                image.id: coe_backend.template_driver(None, image).family for image in images
                if image.magnum_driver}, leave_out=VOLUME_LABELS)
        else:
            self.fields["labels"].offer(driver, leave_out=VOLUME_LABELS)


class ReviewAction(TemplateAction):
    class Meta:
        name = _("Review")
        slug = "review"
        help_text = _("Check what will be sent to Magnum.")


ACTIONS = (InfoAction, NodeSpecAction, NetworkAction, LabelsAction)
FIELD_LABELS = {name: field.label for action in ACTIONS
                for name, field in action.base_fields.items()}
BOOLEAN_FIELDS = frozenset(name for action in ACTIONS for name, field in action.base_fields.items()
                           if isinstance(field, forms.BooleanField))


class TemplateStep(workflows.Step):
    template_name = "project/cluster_templates/_step.html"

    def contribute(self, data, context):
        # Horizon passes an invalid step's raw input on: keep it from the
        # later steps' checks, which would repeat this step's errors.
        if self.action.is_valid():
            return super().contribute(data, context)
        return context


class Info(TemplateStep):
    action_class = InfoAction
    contributes = tuple(InfoAction.base_fields)

    def __init__(self, workflow):
        super().__init__(workflow)
        if not may_publish(workflow.request):
            self.contributes = tuple(name for name in self.contributes if name not in PUBLISHING)


class EditInfo(Info):
    depends_on = ("template_id",)


class NodeSpec(TemplateStep):
    action_class = NodeSpecAction
    contributes = tuple(NodeSpecAction.base_fields)


class Network(TemplateStep):
    action_class = NetworkAction
    contributes = tuple(NetworkAction.base_fields)
    template_name = "project/cluster_templates/_network_step.html"


class Labels(TemplateStep):
    action_class = LabelsAction
    contributes = ("labels",)


class Review(TemplateStep):
    action_class = ReviewAction
    template_name = "project/cluster_templates/_review_step.html"
