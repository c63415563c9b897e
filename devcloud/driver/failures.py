"""The failure reasons the simulated driver reports, worded as Heat and Nova word them.

Requested with the label ``devcloud_fail`` (on the cluster, or for node-group
work also on the node group) holding any of ``create, update, resize,
upgrade, delete, nodegroup`` (comma-separated).
"""
import uuid as uuidlib

from devcloud.driver.kinds import Kind

# Which devcloud_fail word makes each kind of operation fail.
REQUESTED_BY = {
    Kind.CREATE: "create", Kind.UPDATE: "update", Kind.RESIZE: "resize",
    Kind.UPGRADE: "upgrade", Kind.DELETE: "delete", Kind.NG_CREATE: "nodegroup",
    Kind.NG_UPDATE: "nodegroup", Kind.NG_DELETE: "nodegroup",
}


def requested(kind, *label_dicts):
    word = REQUESTED_BY.get(kind)
    for labels in label_dicts:
        raw = (labels or {}).get("devcloud_fail") or ""
        if word in {p.strip().lower() for p in raw.replace(";", ",").split(",")}:
            return True
    return False


def _request_id():
    return "req-%s" % uuidlib.uuid4()


def _resource_path(role, index):
    return ("kube_masters.resources[%d].resources.kube-master" % index if role == "master"
            else "kube_minions.resources[%d].resources.kube-minion" % index)


def create_quota(role, requested_cores):
    return ("Resource CREATE failed: Forbidden: resources.%s: Quota exceeded for cores: "
            "Requested %d, but already used 20 of 20 cores (HTTP 403) (Request-ID: %s)"
            % (_resource_path(role, 0), requested_cores, _request_id()))


def delete_ports_in_use(cluster_uuid):
    network = uuidlib.uuid5(uuidlib.NAMESPACE_URL, "net:" + cluster_uuid)
    return ("Resource DELETE failed: Conflict: resources.network: Unable to complete operation "
            "on network %s. There are one or more ports still in use on the network. "
            "(HTTP 409) (Request-ID: %s)" % (network, _request_id()))


def drain_refused(node):
    return ("Resource UPDATE failed: Failed to drain node %s: Cannot evict pod as it would "
            "violate the pod's disruption budget." % node)


# Nova's fault on a server the scheduler found no host for.
NO_VALID_HOST = {"message": "No valid host was found. There are not enough hosts available.",
                 "code": 500}


def no_valid_host(role, index):
    return ('Resource UPDATE failed: ResourceInError: resources.%s: Went to status ERROR due '
            'to "Message: %s, Code: %d"'
            % (_resource_path(role, index), NO_VALID_HOST["message"], NO_VALID_HOST["code"]))


def upgrade_drain_timeout(node_group, version, node):
    return ("Failed to upgrade nodegroup %s to %s: timed out draining node %s: Cannot evict "
            "pod as it would violate the pod's disruption budget." % (node_group, version, node))


def node_group_instances_quota(node_count):
    return ("Resource CREATE failed: Forbidden: resources.%s: Quota exceeded for instances: "
            "Requested %d, but already used 10 of 10 instances (HTTP 403) (Request-ID: %s)"
            % (_resource_path("worker", 0), max(1, node_count), _request_id()))


def server_delete_timeout(node):
    return ("Resource DELETE failed: Error: resources.%s: Server %s delete failed: (500) Timed "
            "out waiting for the server to be deleted" % (_resource_path("worker", 0), node))


def kube_api_unavailable(cluster_name, why):
    return ("Timed out waiting for the Kubernetes API of cluster %s to become available: %s"
            % (cluster_name, why))


def internal(message):
    return "Internal error in the devcloud cluster driver: %s" % message
