from django.utils.translation import gettext_lazy as _
import horizon

from coe_ui import policy


class Fleet(horizon.Panel):
    name = _("Fleet")
    slug = "fleet"
    # As Admin > Clusters: admins whom Magnum's policy lets list every project's.
    permissions = ("openstack.services.container-infra", "openstack.roles.admin")
    policy_rules = policy.rules("cluster:get_all_all_projects")
