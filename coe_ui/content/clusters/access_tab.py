"""The cluster page's Access tab: which kubeconfigs this user may have, who
each makes them in the cluster, how long a certificate lasts and what
revokes it; and, where they may have none, who can give them access."""
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from horizon import tabs

import coe_backend
from coe_backend import Action
from coe_ui import api
from coe_ui import lookups
from coe_ui import policy
from coe_ui.content.clusters import kubeconfig_offer


def certificate_lifetime(request, cluster):
    """How long a certificate made now lasts (from the cluster's CA: one
    Magnum call), or None where it cannot be read."""
    try:
        ca = api.client(request).get_ca_certificate(cluster.uuid)
        return coe_backend.certificate_lifetime(ca.pem, timezone.now())
    except coe_backend.CoeError:
        return None


class AccessTab(tabs.Tab):
    name = _("Access")
    slug = "access"
    template_name = "project/clusters/_access.html"
    preload = False  # reads the CA: only when the tab is opened

    def get_context_data(self, request):
        cluster = self.tab_group.kwargs["cluster"]
        template = self.tab_group.kwargs.get("template")
        may_sign = kubeconfig_offer.may_sign(request, cluster)
        tls = not (template and template.tls_disabled)
        busy = cluster.reason_for(Action.GET_CREDENTIALS)
        return {
            "cluster": cluster,
            "tls": tls,
            "busy": busy,
            "engine_refusal": kubeconfig_offer.engine_refusal(request, cluster),
            "may_sign": may_sign,
            "offers_keystone": kubeconfig_offer.offers_keystone(request, cluster),
            "runs_keystone_auth": kubeconfig_offer.runs_keystone_auth(request, cluster),
            "offers_oidc": kubeconfig_offer.offers_oidc(request, cluster),
            "may_download": kubeconfig_offer.offers_any(request, cluster) and not busy,
            "rotate_refusal": (None if policy.allowed(request, "certificate:rotate_ca",
                                                      target=policy.owner_target(cluster))
                               else policy.refusal(request, "certificate:rotate_ca")),
            "lifetime": certificate_lifetime(request, cluster) if may_sign and tls else None,
            "user_name": request.user.username,
            "region": request.user.services_region,
            "owner_name": lookups.user_name(request, cluster.user_id),
        }
