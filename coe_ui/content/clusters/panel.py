from django.utils.translation import gettext_lazy as _
import horizon


class Clusters(horizon.Panel):
    name = _("Clusters")
    slug = "clusters"
    # Vanish from the side bar when the cloud has no Magnum endpoint.
    permissions = ("openstack.services.container-infra",)
