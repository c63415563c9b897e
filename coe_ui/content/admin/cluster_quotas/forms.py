from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from horizon import forms
from horizon import messages

import coe_backend
from coe_ui import api
from coe_ui import errors
from coe_ui import lookups
from coe_ui import select_field
from coe_ui.content.admin import projects

HARD_LIMIT_HELP = _("How many clusters the project may have at a time; 0 lets it create none.")


class QuotaForm(forms.SelfHandlingForm):
    """Subclasses implement ``save`` (returns the success message)."""
    hard_limit = forms.IntegerField(label=_("Maximum clusters"), min_value=0,
                                    help_text=HARD_LIMIT_HELP)
    failure = _("Unable to save the cluster quota")

    def handle(self, request, data):
        try:
            messages.success(request, self.save(api.client(request), data))
            return True
        except coe_backend.InvalidInput as error:
            errors.field_errors(self, error)
        except coe_backend.CoeError:
            errors.report(request, self.failure)
        return False


class CreateQuota(QuotaForm):
    project_id = select_field.ThemableChoiceField(label=_("Project"))
    field_order = ["project_id", "hard_limit"]

    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        with_quota = set()
        try:
            with_quota = {q.project_id for q in api.client(request).list_quotas(all_projects=True)}
        except coe_backend.CoeError:
            errors.report(request, _("Unable to list the cluster quotas"))
        names = projects.all_project_names(request)
        self.fields["project_id"].choices = sorted(
            ((ident, name) for ident, name in names.items() if ident not in with_quota),
            key=lambda choice: choice[1].lower())

    def save(self, client, data):
        client.create_quota(data["project_id"], data["hard_limit"])
        return _limit_message(dict(self.fields["project_id"].choices)[data["project_id"]],
                              data["hard_limit"])


class UpdateQuota(QuotaForm):
    def __init__(self, request, *args, project_id=None, **kwargs):
        self.project_id = project_id
        super().__init__(request, *args, **kwargs)

    def save(self, client, data):
        client.update_quota(self.project_id, data["hard_limit"])
        name = lookups.project_name(self.request, self.project_id) or self.project_id
        return _limit_message(name, data["hard_limit"])


def _limit_message(project, count):
    return ngettext('Project "%(project)s" may now have %(count)d cluster.',
                    'Project "%(project)s" may now have %(count)d clusters.',
                    count) % {"project": project, "count": count}
