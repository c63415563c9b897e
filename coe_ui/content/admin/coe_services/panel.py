from django.utils.translation import gettext_lazy as _
import horizon

from coe_ui import policy


class CoeServices(horizon.Panel):
    name = _("Services")
    slug = "coe_services"
    permissions = ("openstack.services.container-infra", "openstack.roles.admin")
    policy_rules = policy.rules("magnum-service:get_all")
