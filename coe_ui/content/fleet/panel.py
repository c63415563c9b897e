from django.utils.translation import gettext_lazy as _
import horizon


class Fleet(horizon.Panel):
    name = _("Fleet")
    slug = "fleet"
    # Vanish from the side bar when the cloud has no Magnum endpoint.
    permissions = ("openstack.services.container-infra",)
