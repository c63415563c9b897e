"""The drivers a real cloud runs, as the simulated driver plays them.

Magnum picks a template's driver by entry-point name (the template's
``driver``, else its image's ``magnum_driver`` property, else the first
registered name), so devcloud registers one entry point per personality
(devcloud.magnum.ENTRY_POINTS) and each Driver class names its personality:

* ``heat`` (entry point ``k8s_fedora_coreos_v1``, the name by which coe-ui
  knows a Heat driver): the legacy Heat driver's behaviour, which the rest
  of the driver implements; like Magnum's base driver it cannot resize the
  masters (MasterNGResizeNotSupported); runs the Keystone webhook unless
  ``keystone_auth_enabled`` is false (its k8s-keystone-authN-authZ docs).
  ``devcloud``, Magnum's default here, behaves alike under a name coe-ui
  does not know, so it assumes none of Heat's defaults for it: no webhook
  unless the label asks.
* ``magnum-cluster-api`` (``k8s_cluster_api_ubuntu``, vexxhost's driver):
  an infrastructure failure never fails the create; the cluster stays
  CREATE_IN_PROGRESS and ``status_reason`` carries the last events of the
  CAPI Cluster and OpenStackCluster (driver.py ``_get_cluster_status_reason``),
  the reason refreshed on each reconcile.  Health: ``{"<machine>.Ready":
  "True", "api": "ok"}`` (src/monitor.rs), machines named as their servers.
  Resizes the masters to an odd count (validate_master_resize, since
  v0.30.0); runs the Keystone webhook unless ``keystone_auth_enabled`` is
  false (resources.py).
* ``capi-helm`` (``k8s_capi_helm_v1``, openstack/magnum-capi-helm): the same
  endless CREATE_IN_PROGRESS, with ``status_reason`` left alone; what is
  wrong shows only in health, ``{cluster, infrastructure, controlplane,
  nodegroup}`` (common/capi_monitor.py), UNHEALTHY with CAPO's failure
  reason under ``infrastructure``.  Refuses a node group whose minimum is
  below 1 ("CAPO doesn't support scale to zero yet").  Resizes the masters
  to an odd count.

Neither Cluster API driver fails node-group work either: a group whose new
machines cannot be built stays ``*_IN_PROGRESS`` (so does the cluster, in
UPDATE_IN_PROGRESS), its ``status_reason`` untouched, and only health shows
it (``pending`` below): magnum-cluster-api's machines ``"False"``,
magnum-capi-helm's ``nodegroup`` "<group> waiting on [...]".
"""
import re
import secrets
import string

from magnum.common import exception
from magnum import objects
from magnum.objects import fields

HEALTHY = fields.ClusterHealthStatus.HEALTHY
UNHEALTHY = fields.ClusterHealthStatus.UNHEALTHY
# How often a Cluster API controller retries (and re-records its event).
RECONCILE_SECONDS = 10.0
MONITOR_READY = "Ready"  # magnum-capi-helm's MONITOR_STATE_READY


def _neutron_over_quota(network):
    """CAPO's error when Neutron refuses the cluster's network (gophercloud's wording)."""
    return ("Failed to create network %s: Expected HTTP response code [201] when accessing "
            "[POST http://neutron:9696/v2.0/networks], but got 409 instead: "
            '{"NeutronError": {"type": "OverQuota", "message": "Quota exceeded for resources: '
            "['network'].\", \"detail\": \"\"}}" % network)


def _random(length):
    return "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(length))


class Heat:
    name = "heat"
    stays_in_progress_on_failure = False
    resizes_masters = False
    keystone_auth_default = True
    # Cluster API drivers name servers after their machines, "<stack_id>-<group>-...".
    servers_named_by_stack_id = False

    def stack_id(self, cluster):
        return None  # the Driver's default: a Heat stack's UUID

    def health(self, node_reason, pending):
        """(status, reason) of a cluster whose nodes in ``node_reason`` are up
        and whose ``pending`` [(node group, machine names)] are not built yet
        (Magnum's Kubernetes monitor sees only the nodes that registered)."""
        return HEALTHY, node_reason

    def validate_node_group(self, cluster, nodegroup):
        pass


class Devcloud(Heat):
    """The default driver ``devcloud``: Heat's behaviour, no Keystone webhook by default."""
    name = "devcloud"
    keystone_auth_default = False


class ClusterApi(Heat):
    """vexxhost magnum-cluster-api."""
    name = "magnum-cluster-api"
    stays_in_progress_on_failure = True
    servers_named_by_stack_id = True
    resizes_masters = True

    def stack_id(self, cluster):
        return "kube-" + _random(5)  # utils.generate_cluster_api_name

    def health(self, node_reason, pending):
        reason = dict(node_reason)
        reason.update(("%s.Ready" % name, "False") for _ng, names in pending for name in names)
        return (UNHEALTHY if pending else HEALTHY), reason

    def stalled_create(self, cluster):
        """(status_reason, health) of a create CAPI keeps retrying; None: unchanged."""
        name = cluster.stack_id or "kube"
        return ('CAPI Cluster status: TopologyCreate: Created "OpenStackCluster/%s". '
                "CAPI OpenstackCluster status reason: FailedCreateNetwork: %s"
                % (name, _neutron_over_quota("k8s-clusterapi-cluster-magnum-system-" + name)),
                None)


class CapiHelm(Heat):
    """openstack/magnum-capi-helm."""
    name = "capi-helm"
    stays_in_progress_on_failure = True
    servers_named_by_stack_id = True
    resizes_masters = True
    keystone_auth_default = False  # [capi_helm_cluster_labels] keystone_auth_enabled

    def stack_id(self, cluster):
        # _generate_release_name: the sanitized name's first 30 characters and 12 random
        base = re.sub("[^a-z0-9]+", "-", (cluster.name or "").lower()).strip("-")
        return "%s-%s" % (base[:30], _random(12))

    def health(self, node_reason, pending):
        reason = {part: MONITOR_READY for part in (
            "cluster", "infrastructure", "controlplane", "nodegroup")}
        # The conditions capi_monitor lists that are not True yet.
        if any(ng.role == "master" for ng, _names in pending):
            reason["controlplane"] = "Waiting on ['Ready', 'Resized']"
        workers = [ng.name for ng, _names in pending if ng.role != "master"]
        if workers:
            reason["nodegroup"] = ",".join(
                "%s waiting on ['Ready', 'Available']" % name for name in workers)
        return (UNHEALTHY if pending else HEALTHY), reason

    def stalled_create(self, cluster):
        name = cluster.stack_id or "cluster"
        groups = [ng.name for ng in cluster.nodegroups if ng.role != "master"] or ["default-worker"]
        reason = {
            "cluster": "Waiting on ['Ready', 'ControlPlaneInitialized', 'ControlPlaneReady', "
                       "'InfrastructureReady']",
            "infrastructure": "UpdateError: failed to reconcile network: "
                              + _neutron_over_quota("k8s-clusterapi-cluster-magnum-" + name),
            "controlplane": "Control plane resource not found.",
            "nodegroup": ",".join("%s waiting on ['Ready', 'Available']" % g for g in groups),
        }
        return None, (UNHEALTHY, reason)

    def validate_node_group(self, cluster, nodegroup):
        # _validate_allowed_node_counts, for create_nodegroup and update_nodegroup
        if nodegroup.min_node_count is not None and nodegroup.min_node_count < 1:
            raise exception.NodeGroupInvalidInput(
                message="Min node count must be greater than or equal to 1 for all node groups.")


DEVCLOUD, HEAT, CLUSTER_API, CAPI_HELM = Devcloud(), Heat(), ClusterApi(), CapiHelm()


def of_cluster(ctx, cluster):
    """The personality of the driver Magnum picked for ``cluster``'s template."""
    from devcloud.driver.driver import Driver
    template = objects.ClusterTemplate.get_by_uuid(ctx, cluster.cluster_template_id)
    found = Driver.get_driver(template.server_type, template.cluster_distro, template.coe,
                              template.driver)
    return getattr(found, "personality", DEVCLOUD)


def stall_create(cluster, personality):
    """A requested create failure on a Cluster API driver: the cluster stays
    CREATE_IN_PROGRESS, its reason and health say why, and the operation
    stays pending (retried as CAPI reconciles) until the cluster is deleted."""
    reason, health = personality.stalled_create(cluster)
    if reason is not None:
        cluster.status_reason = reason
    if health is not None:
        cluster.health_status, cluster.health_status_reason = health
    cluster.save()
