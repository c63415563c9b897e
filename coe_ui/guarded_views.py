"""View pieces every panel shares: policy refusal of direct requests, and
Horizon wizards made safe for messages that echo user input."""
from django import shortcuts
from django.utils.html import escape
from horizon import messages
from horizon import workflows

from coe_ui import policy


class PolicyGuard:
    """Refuse, with a message, what Magnum's policy would refuse: the action
    is not offered to such users, but its URL can still be requested."""

    policy_rule = None
    refused_url = None  # where a refused user is sent (the panel's index)

    def policy_target(self):
        return {}

    def dispatch(self, request, *args, **kwargs):
        if not policy.allowed(request, self.policy_rule, target=self.policy_target()):
            messages.error(request, policy.refusal(request, self.policy_rule))
            return shortcuts.redirect(self.refused_url)
        return super().dispatch(request, *args, **kwargs)


class WizardView(workflows.WorkflowView):
    # Horizon's workflow dialog as a screen reader needs it (a named close
    # button, the steps as a list): the view renders it in a dialog, the
    # workflow on a page of its own.
    ajax_template_name = "project/clusters/_workflow.html"

    def get_workflow(self):
        workflow = super().get_workflow()
        workflow.template_name = self.ajax_template_name
        return workflow

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = context["workflow"].name  # the breadcrumb's last item
        return context

    def validate_steps(self, request, workflow, start, end):
        result = super().validate_steps(request, workflow, start, end)
        # Horizon's wizard puts these messages into the page as HTML, and some
        # repeat what the user typed.
        result["errors"] = {
            step: {field: [escape(message) for message in texts]
                   for field, texts in step_errors.items()}
            for step, step_errors in result["errors"].items()}
        return result
