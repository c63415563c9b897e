"""The simulated servers of a node group: names, addresses, server IDs.

Each record also names the project, flavor and image of its server, which
devcloud's catalog stand-in serves as Nova's servers.  A server that failed
to come up (see ``record_failed``) has no address and is no node: it is kept
apart from the node group's live nodes until the group is next changed.
"""
import datetime
import ipaddress
import time
import uuid as uuidlib

from oslo_log import log as logging

from magnum.common import context as magnum_context
from magnum import objects
from magnum.objects import fields

from devcloud.driver import personalities

LOG = logging.getLogger(__name__)
S = fields.ClusterStatus
FIRST_HOST = 5  # 10.0.0.5 is the first node address handed out


def dns_label(text):
    out = "".join(c if c.isalnum() or c in "-." else "-" for c in (text or "").lower())
    return out.strip("-.") or "cluster"


def epoch(value):
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value.timestamp()


def _prefix(cluster, ng):
    personality = personalities.of_cluster(
        magnum_context.make_admin_context(all_tenants=True), cluster)
    base = (cluster.stack_id if personality.servers_named_by_stack_id and cluster.stack_id
            else cluster.name or cluster.uuid[:8])
    return "%s-%s" % (dns_label(base), dns_label(ng.name))


def _server(cluster, ng):
    """What the catalog stand-in needs to serve a node group's servers."""
    return {"project": cluster.project_id, "flavor": ng.flavor_id, "image": ng.image_id}


def nodes_for(store, cluster, ng):
    """The node records of a node group, consistent with ng.node_addresses."""
    records = store.nodes(cluster.uuid).get(ng.uuid)
    nodes = None if records is None else [n for n in records if n.get("address")]
    addresses = list(ng.node_addresses or [])
    if (nodes is not None and [n["address"] for n in nodes] == addresses
            and all("project" in n for n in nodes)):
        return nodes
    known = {n["address"]: n for n in nodes or ()}
    rebuilt = []
    for i, address in enumerate(addresses):
        rebuilt.append({**(known.get(address) or {
            "name": "%s-%d" % (_prefix(cluster, ng), i), "index": i, "address": address,
            "created": epoch(cluster.created_at) or time.time(),
            "server_id": str(uuidlib.uuid5(uuidlib.NAMESPACE_URL,
                                           "%s:%s:%d" % (cluster.uuid, ng.uuid, i)))}),
            **_server(cluster, ng)})
    store.set_nodes(cluster.uuid, ng.uuid, rebuilt)
    return rebuilt


def record_failed(store, cluster, ng, count, fault):
    """``count`` new servers of the node group that went to ERROR with
    ``fault`` (Nova's message) before they had an address; the next change
    of the group replaces them, as Heat replaces failed resources."""
    nodes = nodes_for(store, cluster, ng)
    first = max([n.get("index", -1) for n in nodes] + [-1]) + 1
    failed = [{"name": "%s-%d" % (_prefix(cluster, ng), first + i), "index": first + i,
               "address": None, "created": time.time(), "server_id": str(uuidlib.uuid4()),
               "status": "ERROR", "fault": fault, **_server(cluster, ng)}
              for i in range(max(1, count))]
    store.set_nodes(cluster.uuid, ng.uuid, nodes + failed)


def reconcile(store, ctx, cluster, ng, target, remove=()):
    """Grow or shrink a node group to ``target`` nodes; sets ng.node_addresses."""
    nodes = list(nodes_for(store, cluster, ng))
    if remove:
        wanted = {str(r) for r in remove}
        kept = [n for n in nodes if not ({n["name"], n["address"], n["server_id"]} & wanted)]
        if len(kept) != len(nodes):
            LOG.info("devcloud driver: removing nodes %s from %s",
                     sorted(n["name"] for n in nodes if n not in kept), ng.name)
        nodes = kept
    del nodes[target:]
    used = {n["address"] for n in nodes}
    for other in objects.NodeGroup.list(ctx, cluster.uuid):
        if other.uuid != ng.uuid:
            used.update(other.node_addresses or ())
    host = FIRST_HOST
    while len(nodes) < target:
        index = max([n.get("index", -1) for n in nodes] + [-1]) + 1
        while True:
            address = str(ipaddress.ip_address("10.0.0.0") + host)
            host += 1
            if not address.endswith((".0", ".255", ".1", ".2")) and address not in used:
                break
        used.add(address)
        nodes.append({"name": "%s-%d" % (_prefix(cluster, ng), index), "index": index,
                      "address": address, "created": time.time(),
                      "server_id": str(uuidlib.uuid4()), **_server(cluster, ng)})
    store.set_nodes(cluster.uuid, ng.uuid, nodes)
    ng.node_addresses = [n["address"] for n in nodes]


def health(store, ctx, cluster):
    """What the cluster's driver's monitor reports: the nodes that are up, and
    the machines a group in progress still lacks (a Cluster API driver shows
    those), each in its driver's shape."""
    reason, pending = {"api": "ok"}, []
    for ng in objects.NodeGroup.list(ctx, cluster.uuid):
        nodes = nodes_for(store, cluster, ng)
        for node in nodes:
            reason["%s.Ready" % node["name"]] = "True"
        missing = (ng.node_count or 0) - len(nodes)
        if ng.status in (S.CREATE_IN_PROGRESS, S.UPDATE_IN_PROGRESS) and missing > 0:
            first = max([n.get("index", -1) for n in nodes] + [-1]) + 1
            pending.append((ng, ["%s-%d" % (_prefix(cluster, ng), first + i)
                                 for i in range(missing)]))
    return personalities.of_cluster(ctx, cluster).health(reason, pending)
