from django.utils.translation import gettext_lazy as _
import horizon

from coe_ui import policy


class ClusterTemplates(horizon.Panel):
    name = _("Cluster Templates")
    slug = "cluster_templates"
    # Vanish from the side bar when the cloud has no Magnum endpoint.
    permissions = ("openstack.services.container-infra",)
    policy_rules = policy.rules("clustertemplate:get_all")
