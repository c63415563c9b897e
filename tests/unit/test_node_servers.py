"""Which of a project's Nova servers are a cluster's nodes (rules.node_servers)."""

from coe_backend.models.servers import Server, ServerAddress
from coe_backend.rules.node_servers import match_node_servers


def server(name, *ips, status="ACTIVE", id=None):
    return Server(id=id or f"id-{name}-{'-'.join(ips)}", name=name, status=status,
                  addresses=tuple(ServerAddress("private", ip, "fixed") for ip in ips))


def matched(reason, addresses, servers):
    return [(node.name, node.ready, node.server and node.server.id)
            for node in match_node_servers(reason, addresses, servers)]


def test_heat_nodes_are_matched_by_name_and_kubelets_domain_is_ignored():
    reason = {"api": "ok", "k8s-ab12-master-0.Ready": "True",
              "k8s-ab12-node-0.novalocal.Ready": "False"}
    servers = [server("k8s-ab12-master-0", "10.0.0.5"), server("k8s-ab12-node-0", "10.0.0.6"),
               server("other-vm", "10.0.0.9")]
    assert matched(reason, [], servers) == [
        ("k8s-ab12-master-0", True, "id-k8s-ab12-master-0-10.0.0.5"),
        ("k8s-ab12-node-0.novalocal", False, "id-k8s-ab12-node-0-10.0.0.6")]


def test_namesakes_are_told_apart_by_the_clusters_addresses():
    # Two clusters of the same name in one project: servers of the same names.
    reason = {"web-default-worker-0.Ready": "True"}
    ours, theirs = server("web-default-worker-0", "10.0.0.7"), server("web-default-worker-0",
                                                                      "10.0.0.8")
    assert matched(reason, ["10.0.0.7"], [theirs, ours])[0][2] == ours.id
    # One namesake elsewhere, none at the cluster's addresses: not ours.
    assert matched(reason, ["10.0.0.7"], [theirs])[0][2] is None
    # Neither told apart: no guess.
    assert matched(reason, [], [theirs, ours])[0][2] is None


def test_a_server_at_a_cluster_address_is_a_node_before_the_monitor_reports_it():
    servers = [server("capi-x-control-plane-7fq", "10.0.0.5"), server("unrelated", "10.0.0.99")]
    assert matched({}, ["10.0.0.5"], servers) == [
        ("capi-x-control-plane-7fq", None, "id-capi-x-control-plane-7fq-10.0.0.5")]
    # Two clusters' networks with the same CIDR: the address tells nothing.
    assert matched({}, ["10.0.0.5"], [*servers, server("capi-y-control-plane-2kd",
                                                       "10.0.0.5")]) == []


def test_other_clusters_servers_at_the_same_addresses_are_not_taken():
    reason = {"a-default-master-0.Ready": "True", "a-default-worker-0.Ready": "True"}
    servers = [server("a-default-master-0", "10.0.0.5"), server("a-default-worker-0", "10.0.0.6"),
               server("a-default-worker-1", "10.0.0.7"),  # not reported yet
               server("b-default-master-0", "10.0.0.5"), server("b-default-worker-0", "10.0.0.6")]
    assert [name for name, _, _ in matched(reason, ["10.0.0.5", "10.0.0.6", "10.0.0.7"],
                                           servers)] == [
        "a-default-master-0", "a-default-worker-0", "a-default-worker-1"]


def test_a_failed_server_without_address_is_found_by_the_clusters_name_prefix():
    reason = {"k8s-ab12-master-0.Ready": "True", "k8s-ab12-node-0.Ready": "True"}
    servers = [server("k8s-ab12-master-0", "10.0.0.5"), server("k8s-ab12-node-0", "10.0.0.6"),
               server("k8s-ab12-node-1", status="ERROR"),
               server("k8s-zz99-node-0", status="ERROR"),  # another cluster's
               server("k8s-ab12-bastion", "192.168.1.4")]  # ACTIVE, elsewhere: not a node
    assert [name for name, _, _ in matched(reason, [], servers)] == [
        "k8s-ab12-master-0", "k8s-ab12-node-0", "k8s-ab12-node-1"]


def test_nodes_without_servers_still_show_magnums_health():
    reason = {"api": "ok", "n-0.Ready": "True", "n-1.Ready": "False"}
    assert matched(reason, ["10.0.0.5"], []) == [("n-0", True, None), ("n-1", False, None)]
