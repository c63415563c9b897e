from django.utils.translation import gettext_lazy as _
from horizon import forms
from horizon import messages

import coe_backend
from coe_ui import api
from coe_ui import errors
from coe_ui import lookups
from coe_ui import policy


class CloneClusterTemplate(forms.SelfHandlingForm):
    name = forms.CharField(label=_("Name of the copy"))

    def __init__(self, request, *args, template, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.template = template

    def handle(self, request, data):
        if not policy.allowed(request, "clustertemplate:create"):
            messages.error(request, policy.refusal(request, "clustertemplate:create"))
            return False
        try:
            clone = api.client(request).clone_cluster_template(self.template.uuid, data["name"])
        except coe_backend.InvalidInput as error:
            errors.field_errors(self, error)
            return False
        except coe_backend.CoeError:
            errors.report(request, _("Unable to clone the cluster template"))
            return False
        lookups.forget_template_names(request)
        messages.success(request, _('Created cluster template "%s".') % clone.name)
        return clone
