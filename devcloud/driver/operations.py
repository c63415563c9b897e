"""What completing each kind of operation does to Magnum's objects.

``APPLY`` maps each ``Kind`` to the function that completes it; ``finalize``
sets the cluster's outcome once all of a batch is done.  A function gets the
fresh cluster and the operation and either completes the work or records
the failure that was asked for (``op.fail``) with Heat's wording.
"""
from oslo_log import log as logging

from magnum.common import context as magnum_context
from magnum.common import exception
from magnum.conductor.handlers.common import cert_manager
from magnum import objects
from magnum.objects import fields

from devcloud.driver import cloud, endpoints, failures
from devcloud.driver import nodes as node_records
from devcloud.driver.kinds import Kind
from devcloud.driver.versions import DEFAULT_KUBE_VERSION, template_kube_version

LOG = logging.getLogger(__name__)
S = fields.ClusterStatus


def _fail(store, cluster, ng, status, reason):
    if ng is not None:
        ng.status, ng.status_reason = status, reason
        ng.save()
    store.fail_batch(cluster.uuid, reason)


def _create(store, ctx, cluster, op):
    ngs = objects.NodeGroup.list(ctx, cluster.uuid)
    if op.fail:
        cores = 2 * sum(ng.node_count for ng in ngs) or 2
        store.fail_batch(cluster.uuid, op.error or failures.create_quota("master", cores))
        for ng in ngs:
            ng.status = S.CREATE_FAILED
            ng.status_reason = op.error or failures.create_quota(ng.role, cores)
            ng.save()
        return
    version = cluster.coe_version or DEFAULT_KUBE_VERSION
    for ng in ngs:
        node_records.reconcile(store, ctx, cluster, ng, ng.node_count)
        ng.status, ng.status_reason = S.CREATE_COMPLETE, None
        ng.version = ng.version or version
        ng.save()


def _delete(store, ctx, cluster, op):
    if op.fail:
        reason = op.error or failures.delete_ports_in_use(cluster.uuid)
        for ng in objects.NodeGroup.list(ctx, cluster.uuid):
            ng.status, ng.status_reason = S.DELETE_FAILED, reason
            ng.save()
        store.fail_batch(cluster.uuid, reason)


def _rotate_ca(store, ctx, cluster, op):
    endpoints.rotate_tls(store, ctx, cluster)  # done already unless the conductor was restarted


def _noop(store, ctx, cluster, op):
    pass


def _resize(store, ctx, cluster, op, ng, nodes):
    if op.fail:
        if op.kind != Kind.NG_UPDATE and ng.node_count < len(nodes):
            reason = failures.drain_refused(nodes[-1] if nodes else ng.name)
        else:
            reason = failures.no_valid_host(ng.role, len(nodes))
            if not op.error and ng.node_count > len(nodes):
                # The new servers went to ERROR: Nova keeps them, with the fault.
                node_records.record_failed(store, cluster, ng, ng.node_count - len(nodes),
                                           failures.NO_VALID_HOST)
        _fail(store, cluster, ng, S.UPDATE_FAILED, op.error or reason)
        return
    if op.kind != Kind.NG_UPDATE:
        node_records.reconcile(store, ctx, cluster, ng, ng.node_count, op.nodes_to_remove)
    ng.status, ng.status_reason = S.UPDATE_COMPLETE, None
    ng.save()


def _upgrade(store, ctx, cluster, op, ng, nodes):
    template_uuid = op.template or cluster.cluster_template_id
    template = objects.ClusterTemplate.get_by_uuid(ctx, template_uuid)
    changes_template = template_uuid != cluster.cluster_template_id
    version = (template_kube_version(template) if changes_template
               else cluster.coe_version or template_kube_version(template))
    if op.fail:
        reason = failures.upgrade_drain_timeout(ng.name, version, nodes[0] if nodes else ng.name)
        _fail(store, cluster, ng, S.UPDATE_FAILED, op.error or reason)
        return
    if changes_template:
        cluster.cluster_template_id = template_uuid
        cluster.coe_version = version
        cluster.save()
        # The control plane follows the cluster template.
        for other in objects.NodeGroup.list(ctx, cluster.uuid):
            if other.role == "master" and other.uuid != ng.uuid:
                other.version, other.image_id = version, template.image_id
                other.save()
    ng.version, ng.image_id = version, template.image_id
    ng.status, ng.status_reason = S.UPDATE_COMPLETE, None
    ng.save()


def _ng_create(store, ctx, cluster, op, ng, nodes):
    if op.fail:
        _fail(store, cluster, ng, S.CREATE_FAILED,
              op.error or failures.node_group_instances_quota(ng.node_count))
        return
    node_records.reconcile(store, ctx, cluster, ng, ng.node_count)
    ng.version = ng.version or cluster.coe_version
    ng.status, ng.status_reason = S.CREATE_COMPLETE, None
    ng.save()


def _ng_delete(store, ctx, cluster, op, ng, nodes):
    if op.fail:
        _fail(store, cluster, ng, S.DELETE_FAILED,
              op.error or failures.server_delete_timeout(nodes[0] if nodes else ng.name))
        return
    ng.destroy()
    store.set_nodes(cluster.uuid, ng.uuid, None)


ON_CLUSTER = {Kind.CREATE: _create, Kind.DELETE: _delete, Kind.ROTATE_CA: _rotate_ca,
              Kind.NOOP: _noop}
ON_NODE_GROUP = {Kind.UPDATE: _resize, Kind.RESIZE: _resize, Kind.NG_UPDATE: _resize,
                 Kind.UPGRADE: _upgrade, Kind.NG_CREATE: _ng_create, Kind.NG_DELETE: _ng_delete}


def apply(store, ctx, cluster, op):
    LOG.info("devcloud driver: completing %s of cluster %s (%s)", op.kind, cluster.uuid,
             "failing" if op.fail else "success")
    if op.kind in ON_CLUSTER:
        ON_CLUSTER[op.kind](store, ctx, cluster, op)
        return
    try:
        ng = objects.NodeGroup.get_by_uuid(ctx, cluster.uuid, op.ng)
    except exception.NodeGroupNotFound:
        LOG.info("devcloud driver: nodegroup %s of %s is gone", op.ng, cluster.uuid)
        return
    if ng.status == S.DELETE_IN_PROGRESS and op.kind != Kind.NG_DELETE:
        LOG.info("devcloud driver: %s of nodegroup %s superseded by its deletion", op.kind, ng.name)
        return
    nodes = [n["name"] for n in node_records.nodes_for(store, cluster, ng)]
    ON_NODE_GROUP[op.kind](store, ctx, cluster, op, ng, nodes)


def _owner_context(cluster):
    """A context of the cluster's own project and user.  Magnum keeps each
    certificate under the project it was made in and reads it back only from
    that project's requests: certificates made under the runner's all-projects
    context are invisible to the owner's kubeconfig download."""
    return magnum_context.RequestContext(
        user_id=cluster.user_id, project_id=cluster.project_id, is_admin=True)


def _certificates_readable(cluster, ctx):
    if not (cluster.ca_cert_ref and cluster.magnum_cert_ref):
        return False
    try:
        for ca_type in (None, "etcd", "front_proxy"):
            cert_manager.get_cluster_ca_certificate(cluster, context=ctx, ca_cert_type=ca_type)
        cert_manager.get_cluster_magnum_cert(cluster, context=ctx)
    except Exception:  # Magnum's cert managers raise their own kinds
        return False
    return True


def finalize(store, ctx, cluster, kind, failed):
    """Set the cluster's status once every operation of a batch is done."""
    if kind == "create":
        if failed:
            cluster.status, cluster.status_reason = S.CREATE_FAILED, failed
            cluster.health_status = fields.ClusterHealthStatus.UNKNOWN
            cluster.health_status_reason = {
                "api": "The cluster %s is not accessible." % (cluster.name or cluster.uuid)}
            cluster.save()
            return
        try:
            owner = _owner_context(cluster)
            if not _certificates_readable(cluster, owner):
                # The conductor that took the create died before it made and
                # recorded the cluster's certificates (none, or a reference to
                # one it never stored): make them as it would have, so the
                # completed cluster works.
                cert_manager.generate_certificates_to_cluster(cluster, context=owner)
            cluster.api_address = endpoints.open_endpoint(store, ctx, cluster)
        except Exception as exc:
            LOG.exception("devcloud driver: cannot start the kube API of %s", cluster.uuid)
            cluster.status = S.CREATE_FAILED
            cluster.status_reason = failures.kube_api_unavailable(cluster.name, exc)
            cluster.save()
            return
        cloud.sync(store, ctx, cluster)
        cluster.status, cluster.status_reason = S.CREATE_COMPLETE, None
        cluster.health_status, cluster.health_status_reason = node_records.health(
            store, ctx, cluster)
        cluster.save()
        return
    if kind == "delete":
        if failed:
            cluster.status, cluster.status_reason = S.DELETE_FAILED, failed
        else:
            cluster.status, cluster.status_reason = S.DELETE_COMPLETE, None
            cloud.release(store, cluster)
            store.forget(cluster.uuid)
        cluster.save()
        return
    cluster.status = S.UPDATE_FAILED if failed else S.UPDATE_COMPLETE
    cluster.status_reason = failed or None
    if cluster.api_address:
        cluster.health_status, cluster.health_status_reason = node_records.health(
            store, ctx, cluster)
        endpoints.publish_view(store, ctx, cluster)
        cloud.sync(store, ctx, cluster)
    cluster.save()
