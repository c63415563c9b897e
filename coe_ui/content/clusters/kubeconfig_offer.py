"""Which kubeconfigs a user is offered for a cluster: the one place the
table's Download action and the download dialog ask."""
from django.utils.translation import gettext_lazy as _

import coe_backend
from coe_ui import lookups
from coe_ui import plugin_settings
from coe_ui import policy

# Why a user gets no certificate kubeconfig (the dialog says it too).
NOT_THE_CREATOR = _(
    "Magnum's policy lets only the cluster's creator or an administrator get "
    "certificates for it. Ask one of them for a kubeconfig: its Keystone kind "
    "holds no secret, can be shared, and logs you in with your own OpenStack "
    "credentials.")


def may_sign(request, cluster):
    """A certificate kubeconfig needs Magnum's certificate rules (under its
    default policy: the cluster's creator, or an admin)."""
    return bool(policy.allowed(request, "certificate:create", "certificate:get",
                               target=policy.owner_target(cluster)))


def runs_keystone_auth(request, cluster):
    """coe_backend's Cluster.runs_keystone_auth, with its template's driver
    (whose default counts where the label is absent)."""
    try:
        driver = lookups.template_driver_family(request, cluster.cluster_template_id)
    except coe_backend.CoeError:
        driver = coe_backend.DriverFamily.OTHER  # the label alone says
    return cluster.runs_keystone_auth(driver)


def offers_keystone(request, cluster):
    """A Keystone kubeconfig holds no secret but still embeds the CA; the
    cluster must run Keystone auth and the operator must show it."""
    return bool(plugin_settings.current().show_keystone_kubeconfig
                and runs_keystone_auth(request, cluster)
                and policy.allowed(request, "certificate:get",
                                   target=policy.owner_target(cluster)))


def offers_oidc(request, cluster):
    """An OpenID Connect kubeconfig holds no secret either, and embeds the CA:
    the cluster must trust an issuer (coe_backend's Cluster.oidc_login)."""
    return bool(cluster.oidc_login
                and policy.allowed(request, "certificate:get",
                                   target=policy.owner_target(cluster)))


def engine_refusal(request, cluster):
    """coe_backend's note where Magnum never rendered a client configuration
    for the cluster's engine (Mesos, DC/OS: an older Magnum's clusters), else None."""
    try:
        engine = lookups.template_engine(request, cluster.cluster_template_id)
    except coe_backend.CoeError:
        return None  # unknown here: the download itself says why if it cannot
    return coe_backend.no_client_configuration(engine)


def key_in_browser(request, cluster):
    """Whether the certificate kubeconfig's key may be made in the browser
    (browser_keys.py): where it is a kubeconfig. A Swarm cluster's files come
    as a zip with the key, made on the server."""
    if not may_sign(request, cluster):
        return False
    try:
        engine = lookups.template_engine(request, cluster.cluster_template_id)
    except coe_backend.CoeError:
        engine = None  # a kubeconfig, as on every cluster Magnum makes now
    return coe_backend.makes_kubeconfig(engine)


def offers_any(request, cluster):
    return (may_sign(request, cluster) or offers_keystone(request, cluster)
            or offers_oidc(request, cluster))
