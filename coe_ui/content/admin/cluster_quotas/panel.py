from django.utils.translation import gettext_lazy as _
import horizon

from coe_ui import policy


class ClusterQuotas(horizon.Panel):
    name = _("Cluster Quotas")
    slug = "cluster_quotas"
    permissions = ("openstack.services.container-infra", "openstack.roles.admin")
    policy_rules = policy.rules("quota:get_all")
