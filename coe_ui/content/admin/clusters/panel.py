from django.utils.translation import gettext_lazy as _
import horizon

from coe_ui import policy


class Clusters(horizon.Panel):
    name = _("Clusters")
    slug = "clusters"
    # Admins only, and only where the cloud has a Magnum endpoint.
    permissions = ("openstack.services.container-infra", "openstack.roles.admin")
    policy_rules = policy.rules("cluster:get_all_all_projects")
