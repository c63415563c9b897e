"""The one shape of the creation and edit wizards: each step is checked with
Magnum's own rules (a coe_backend validate_*) when the user moves on, so
problems show beside their fields and nothing is sent until every step is
right; what Magnum still refuses on Create goes back beside the fields too.
"""
from django.utils.text import format_lazy
from horizon import workflows

import coe_backend


class CheckedAction(workflows.Action):
    """A wizard step. A wizard's steps share a subclass whose check() asks
    coe_backend about everything entered so far.

    Each problem shows beside its field. One about an earlier step's field,
    or about no field, shows above this step's fields, named by the field's
    label; one about a later step's field waits until the user gets there.
    """

    # Later steps' fields whose problems this step shows as its own (e.g.
    # autoscaling bounds, which Magnum checks as labels).
    shows_problems_of = frozenset()

    def check(self, entered):
        """Raise coe_backend.InvalidInput for what Magnum would refuse in
        `entered`: the workflow's context so far plus this step's data."""
        raise NotImplementedError

    def field_label(self, field):
        return field

    def clean(self):
        data = super().clean()
        try:
            self.check({**self.initial, **data})
        except coe_backend.InvalidInput as error:
            earlier = set(self.initial) - set(self.fields)
            for field, message in error.errors.items():
                self._show_problem(field, message, earlier)
        return data

    def _show_problem(self, field, message, earlier):
        if field in self.fields:
            if field not in self.errors:  # Django's own complaint comes first
                self.add_error(field, message)
        elif field in self.shows_problems_of or field == coe_backend.NON_FIELD:
            self.add_error(None, message)
        elif field in earlier:  # e.g. a flavor without a root disk, once the labels are known
            self.add_error(None, format_lazy("{}: {}", self.field_label(field), message))


class CheckedWorkflow(workflows.Workflow):
    wizard = True

    def show_beside_fields(self, problems):
        """{field: message}, as Magnum refused the whole, beside the fields;
        the rest on the last step (the Review)."""
        last = self.steps[-1]
        for field, message in problems.items():
            step = next((step for step in self.steps if field in step.action.fields), last)
            step.action.add_error(field if field in step.action.fields else None, message)
            step.has_errors = True
