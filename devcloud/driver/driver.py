"""The Magnum driver class: what Magnum's conductor and API call."""
import time
import uuid as uuidlib

from oslo_log import log as logging

from magnum.common import exception
from magnum.drivers.common import driver as base_driver
from magnum.objects import fields

from devcloud.driver import endpoints, failures, personalities, settings
from devcloud.driver.kinds import Kind
from devcloud.driver.monitor import DevcloudMonitor
from devcloud.driver.runner import admin_ctx, runner
from devcloud.driver.versions import template_kube_version

LOG = logging.getLogger(__name__)
S = fields.ClusterStatus
CONTAINER_VERSION = "1.7.22"


class Driver(base_driver.Driver):
    """Simulated Kubernetes clusters for devcloud (Ubuntu images).

    Constructing it starts nothing: magnum-api constructs drivers only to
    validate.  The first operation or status poll (conductor work) starts this
    process's runner.  This class is the default driver ``devcloud``, which
    behaves as the Heat driver does; its subclasses below play the Heat and
    the Cluster API drivers under their real names (devcloud.driver.personalities).
    """

    personality = personalities.DEVCLOUD

    @property
    def provides(self):
        return [{"server_type": "vm", "os": "ubuntu", "coe": "kubernetes"}]

    # -- periodic ------------------------------------------------------------

    def update_cluster_status(self, context, cluster, use_admin_ctx=False):
        run = runner()
        run.ensure_started()
        run.process(context, cluster)

    def get_monitor(self, context, cluster):
        runner().ensure_started()
        return DevcloudMonitor(context, cluster)

    def get_scale_manager(self, context, osclient, cluster):
        return None

    # -- validation ------------------------------------------------------------

    def validate_master_size(self, node_count):
        if node_count % 2 == 0 or node_count < 1:
            raise exception.MasterNGSizeInvalid(requested_size=node_count)

    def validate_master_resize(self, node_count):
        if not self.personality.resizes_masters:
            super().validate_master_resize(node_count)  # MasterNGResizeNotSupported
        self.validate_master_size(node_count)

    # -- clusters ------------------------------------------------------------

    def create_cluster(self, context, cluster, cluster_create_timeout):
        run = runner()
        cluster.coe_version = template_kube_version(cluster.cluster_template, cluster.labels)
        cluster.container_version = CONTAINER_VERSION
        cluster.stack_id = self.personality.stack_id(cluster) or str(uuidlib.uuid4())
        run.add(run.new_op(Kind.CREATE, cluster,
                           fail=failures.requested(Kind.CREATE, cluster.labels)), new_batch=True)
        time.sleep(settings.conductor_hold_seconds(cluster.labels))

    def update_cluster(self, context, cluster, scale_manager=None, rollback=False):
        run = runner()
        ng = cluster.default_ng_worker
        ng.status, ng.status_reason = S.UPDATE_IN_PROGRESS, None
        ng.save()
        run.add(run.new_op(Kind.UPDATE, cluster, ng=ng.uuid,
                           fail=failures.requested(Kind.UPDATE, cluster.labels)))

    def resize_cluster(self, context, cluster, resize_manager, node_count, nodes_to_remove,
                       nodegroup=None):
        run = runner()
        nodegroup = nodegroup or cluster.default_ng_worker
        if nodegroup.role == "master":
            self.validate_master_resize(node_count)
        run.add(run.new_op(Kind.RESIZE, cluster, ng=nodegroup.uuid,
                           nodes_to_remove=tuple(nodes_to_remove or ()),
                           fail=failures.requested(Kind.RESIZE, cluster.labels, nodegroup.labels)))

    def upgrade_cluster(self, context, cluster, cluster_template, max_batch_size, nodegroup,
                        scale_manager=None, rollback=False):
        run = runner()
        run.add(run.new_op(Kind.UPGRADE, cluster, ng=nodegroup.uuid, template=cluster_template.uuid,
                           fail=failures.requested(Kind.UPGRADE, cluster.labels, nodegroup.labels)))

    def delete_cluster(self, context, cluster):
        run = runner()
        # A requested delete failure happens once, so that such clusters can still be removed.
        fail = (failures.requested(Kind.DELETE, cluster.labels)
                and not run.store.count_attempt(cluster.uuid, "delete"))
        run.add(run.new_op(Kind.DELETE, cluster, fail=fail), new_batch=True)

    def rotate_ca_certificate(self, context, cluster):
        # The conductor has just generated the new CA (cluster.ca_cert_ref, not
        # yet saved): switch the endpoint now, so that certificates of the old
        # CA are refused and a kubeconfig fetched from now on works.
        run = runner()
        endpoints.rotate_tls(run.store, admin_ctx(), cluster)
        run.add(run.new_op(Kind.ROTATE_CA, cluster))

    def rotate_credential(self, context, cluster):
        LOG.info("devcloud driver: credential of cluster %s rotated", cluster.uuid)

    # -- node groups ---------------------------------------------------------

    def create_nodegroup(self, context, cluster, nodegroup):
        self.personality.validate_node_group(cluster, nodegroup)
        run = runner()
        run.add(run.new_op(Kind.NG_CREATE, cluster, ng=nodegroup.uuid, fail=failures.requested(
            Kind.NG_CREATE, cluster.labels, nodegroup.labels)))

    def update_nodegroup(self, context, cluster, nodegroup):
        self.personality.validate_node_group(cluster, nodegroup)
        run = runner()
        run.add(run.new_op(Kind.NG_UPDATE, cluster, ng=nodegroup.uuid, fail=failures.requested(
            Kind.NG_UPDATE, cluster.labels, nodegroup.labels)))

    def delete_nodegroup(self, context, cluster, nodegroup):
        run = runner()
        # nodegroup_conductor.nodegroup_delete never saves DELETE_IN_PROGRESS.
        nodegroup.status, nodegroup.status_reason = S.DELETE_IN_PROGRESS, None
        nodegroup.save()
        fail = (failures.requested(Kind.NG_DELETE, cluster.labels, nodegroup.labels)
                and not run.store.count_attempt(cluster.uuid, "ng_delete:" + nodegroup.uuid))
        run.add(run.new_op(Kind.NG_DELETE, cluster, ng=nodegroup.uuid, fail=fail))

    # -- federations (not functional in Magnum) --------------------------------

    def create_federation(self, context, federation):
        raise exception.NotSupported(operation="Federations")

    def update_federation(self, context, federation):
        raise exception.NotSupported(operation="Federations")

    def delete_federation(self, context, federation):
        raise exception.NotSupported(operation="Federations")


class HeatDriver(Driver):
    """The Heat driver, as entry point k8s_fedora_coreos_v1."""
    personality = personalities.HEAT


class ClusterApiDriver(Driver):
    """vexxhost's magnum-cluster-api, as entry point k8s_cluster_api_ubuntu."""
    personality = personalities.CLUSTER_API


class CapiHelmDriver(Driver):
    """openstack/magnum-capi-helm, as entry point k8s_capi_helm_v1."""
    personality = personalities.CAPI_HELM
