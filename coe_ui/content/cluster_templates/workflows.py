"""The create and edit wizards of cluster templates: the same steps
(wizard_steps), a Review of what will be sent, and the call to Magnum."""
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from horizon import forms
from horizon import messages

import coe_backend
from coe_ui import api
from coe_ui import cli_commands
from coe_ui import errors
from coe_ui import lookups
from coe_ui import plugin_settings
from coe_ui import policy
from coe_ui.checked_wizard import CheckedWorkflow
from coe_ui.content.cluster_templates import catalog
from coe_ui.content.cluster_templates.wizard_steps import (
    FIELD_LABELS, EditInfo, Info, Labels, Network, NodeSpec, Review, check, edited_template,
    template_values)


def _display(request, field, value):
    if value is None:
        return _("(removed)")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field == "labels":
        return coe_backend.format_labels(value)
    if field in catalog.REFERENCES:
        item = catalog.referenced(catalog.wizard_choices(request), field, value)
        if item is not None and item.name != value:
            return _("%(name)s (ID %(id)s)") % {"name": item.name, "id": value}
    return str(value)


class TemplateWorkflow(CheckedWorkflow):
    success_url = "horizon:project:cluster_templates:index"
    policy_rule = None
    unable = None  # what failed, for messages

    def format_status_message(self, message):
        return message % (self.context.get("name") or "")

    def edited(self):
        return None

    def policy_target(self):
        return {}

    def checked(self):
        """What will be sent; call once the workflow is valid."""
        return check(self.request, template_values(self.context), self.edited())

    def handle(self, request, context):
        if not policy.allowed(request, self.policy_rule, target=self.policy_target()):
            messages.error(request, policy.refusal(request, self.policy_rule))
            return False
        try:
            self.object = self.send(api.client(request), self.checked())
        except coe_backend.InvalidInput as error:
            self.show_beside_fields(error.errors)
            raise forms.ValidationError(error.message)
        except coe_backend.CoeError as error:
            errors.report(request, self.unable)
            # Show the wizard again, with everything entered, at the Review.
            self.show_beside_fields(
                {coe_backend.NON_FIELD: format_lazy("{}: {}", self.unable, error)})
            raise forms.ValidationError(self.unable)
        lookups.forget_template_names(request)
        return True

    def review(self):
        """The Review step's content: what will be sent, or what to fix first."""
        if not self.is_valid():
            return {"problems": [(step.name, message) for step in self.steps
                                 for step_errors in step.action.errors.values()
                                 for message in step_errors]}
        return {**self.describe(self.checked()), "warnings": self.warnings()}

    def warnings(self):
        """What is valid but probably not meant."""
        values = template_values(self.context)
        image = catalog.referenced(catalog.wizard_choices(self.request), "image_id",
                                   values.get("image_id"))
        labels = values.get("labels") or {}
        ignored = plugin_settings.current().label_catalog.ignored_warning(
            labels, coe_backend.template_driver(None, image).family)  # the image's magnum_driver
        return [warning for warning in (coe_backend.version_disagreement(labels, image), ignored)
                if warning]


class CreateClusterTemplate(TemplateWorkflow):
    slug = "create_cluster_template"
    name = _("Create Cluster Template")
    finalize_button_name = _("Create Cluster Template")
    success_message = _('Created cluster template "%s".')
    failure_message = _('Unable to create cluster template "%s".')
    default_steps = (Info, NodeSpec, Network, Labels, Review)
    policy_rule = "clustertemplate:create"
    unable = _("Unable to create the cluster template")

    def review_url(self):
        return reverse("horizon:project:cluster_templates:create_review")

    def send(self, client, body):
        return client.create_cluster_template(**body)

    def describe(self, body):
        command, notes = cli_commands.template_create(body)
        return {"rows": [(FIELD_LABELS.get(name, name), _display(self.request, name, value))
                         for name, value in body.items()],
                "command": command, "notes": notes}


class UpdateClusterTemplate(TemplateWorkflow):
    slug = "update_cluster_template"
    name = _("Edit Cluster Template")
    finalize_button_name = _("Save")
    success_message = _('Saved cluster template "%s".')
    failure_message = _('Unable to save cluster template "%s".')
    default_steps = (EditInfo, NodeSpec, Network, Labels, Review)
    policy_rule = "clustertemplate:update"
    unable = _("Unable to save the cluster template")

    def edited(self):
        return edited_template(self.request, self.context["template_id"])

    def policy_target(self):
        return policy.owner_target(self.edited().template)

    def review_url(self):
        return reverse("horizon:project:cluster_templates:update_review",
                       args=[self.context["template_id"]])

    def send(self, client, changes):
        return client.update_cluster_template(self.edited().template.uuid, **changes)

    def describe(self, changes):
        template = self.edited().template
        return {"changes": [(FIELD_LABELS.get(name, name),
                             _display(self.request, name, getattr(template, name)),
                             _display(self.request, name, value))
                            for name, value in changes.items()]}
