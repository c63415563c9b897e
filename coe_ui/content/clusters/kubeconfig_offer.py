"""Which kubeconfigs a user is offered for a cluster: the one place the
table's Download action and the download dialog ask."""
import coe_backend
from coe_ui import lookups
from coe_ui import plugin_settings
from coe_ui import policy


def may_sign(request, cluster):
    """A certificate kubeconfig needs Magnum's certificate rules (under its
    default policy: the cluster's creator, or an admin)."""
    return bool(policy.allowed(request, "certificate:create", "certificate:get",
                               target=policy.owner_target(cluster)))


def offers_keystone(request, cluster):
    """A Keystone kubeconfig holds no secret but still embeds the CA; the
    cluster must run Keystone auth (coe_backend's Cluster.runs_keystone_auth)
    and the operator must show it."""
    return bool(plugin_settings.current().show_keystone_kubeconfig
                and cluster.runs_keystone_auth
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


def offers_any(request, cluster):
    return may_sign(request, cluster) or offers_keystone(request, cluster)
