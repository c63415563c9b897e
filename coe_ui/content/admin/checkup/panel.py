from django.utils.translation import gettext_lazy as _
import horizon

from coe_ui import policy


class Checkup(horizon.Panel):
    name = _("Check-up")
    slug = "checkup"
    permissions = ("openstack.services.container-infra", "openstack.roles.admin")
    policy_rules = policy.rules("magnum-service:get_all", "clustertemplate:get_all")
