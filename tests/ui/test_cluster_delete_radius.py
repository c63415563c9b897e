"""The Delete dialog names what a cluster owns in the cloud and what will be
left behind; after the delete the Clusters list names what is still there.
Through the real Horizon and Magnum; the volumes, load balancers, floating
IPs and security groups are the simulated driver's, served by devcloud's
catalog stand-in as Cinder's, Octavia's and Neutron's."""
import html
import re

import pytest
import requests

from tests.horizon_fixtures import messages_of
from tests.magnum_helpers import create_cluster, create_template, remove, watch_cluster

pytestmark = pytest.mark.devcloud

INDEX = "/project/clusters/"
TAG = re.compile(r"<[^>]+>")


def items(page, css):
    """The list items of <ul class="css">, as text."""
    block = re.search(rf'<ul class="{css}">(.*?)</ul>', page, re.S)
    return [" ".join(html.unescape(TAG.sub("", li)).split())
            for li in re.findall(r"<li>(.*?)</li>", block.group(1), re.S)] if block else []


@pytest.fixture(scope="module")
def made(horizon):
    clusters, templates = [], []
    yield clusters, templates
    remove(horizon.magnum("demo"), clusters=clusters, templates=templates)


@pytest.fixture(scope="module")
def cluster(horizon, made):
    """Docker volumes, the API's load balancer, floating IPs; Kubernetes made a
    CSI volume and a Service's load balancer; its delete leaves the docker
    volumes and the API's load balancer behind."""
    magnum = horizon.magnum("demo")
    template = create_template(magnum, docker_volume_size=10, floating_ip_enabled=True)
    made[1].append(template.uuid)
    cluster, _ = create_cluster(magnum, template, node_count=1, labels={
        "devcloud_kube_made": "volumes,loadbalancers",
        "devcloud_leave_behind": "volumes,loadbalancers"})
    made[0].append(cluster.uuid)
    assert cluster.status == "CREATE_COMPLETE"
    return cluster


def test_the_dialog_lists_what_goes_and_apart_what_kubernetes_made_that_stays(login, cluster):
    page = login("demo").ajax(f"{INDEX}{cluster.uuid}/delete/").content.decode()
    outlives = items(page, "coe-outlives")
    assert outlives[0].startswith("Volume pvc-") and "(5 GiB) — claim default/data" in outlives[0]
    assert outlives[1] == f"Load balancer kube_service_{cluster.uuid}_default_web"
    assert re.fullmatch(r"Floating IP 172\.24\.4\.\d+", outlives[2]) and len(outlives) == 3
    goes = items(page, "coe-goes")
    prefix = cluster.name
    assert goes[:2] == [f"Server {prefix}-default-master-0", f"Server {prefix}-default-worker-0"]
    assert f"Volume {prefix}-default-worker-0-docker-volume (10 GiB)" in goes
    assert f"Load balancer {prefix}-api-lb" in goes
    assert f"Security group {prefix}-secgroup-kube" in goes
    assert sum(g.startswith("Floating IP") for g in goes) == 3  # two nodes', the API's
    assert ("Deleted with the cluster:</strong> 2 servers, 2 volumes (20 GiB), 1 load balancer, "
            "3 floating IPs, 1 security group</summary>") in page
    # Horizon's own pages, where it has them (no Octavia dashboard here).
    assert re.search(r'<a href="/project/volumes/[0-9a-f-]{36}/">pvc-', page)
    assert "Could not check" not in page


def test_the_links_open_horizons_own_pages_of_the_resources(login, cluster):
    client = login("demo")
    page = client.ajax(f"{INDEX}{cluster.uuid}/delete/").content.decode()
    links = dict((name, url) for url, name in re.findall(r'<a href="([^"]+)">([^<]+)</a>', page))
    volume = next(name for name in links if name.startswith("pvc-"))
    group, address = f"{cluster.name}-secgroup-kube", next(n for n in links if n.startswith("172."))
    for name, url in ((volume, links[volume]), (group, links[group]), (address, links[address])):
        response = client.get(url)
        assert response.status_code == 200 and name in response.content.decode(), url
        assert not messages_of(response), (url, messages_of(response))


def test_a_failing_cinder_and_an_unreachable_octavia_are_could_not_check(login, horizon, magnum_fault,
                                                                     cluster):
    mocker = magnum_fault("GET", r"/never-called$")
    catalog = re.escape(horizon.cfg.catalog_url)
    mocker.register_uri("GET", re.compile(catalog + r"/volume/v3/[^/]+/volumes/detail"),
                        status_code=500, json={"computeFault": {"code": 500, "message": "down"}})
    mocker.register_uri("GET", re.compile(catalog + r"/load-balancer.*"),
                        exc=requests.exceptions.ConnectionError("no Octavia"))
    response = login("demo").ajax(f"{INDEX}{cluster.uuid}/delete/")
    assert response.status_code == 200
    page = response.content.decode()
    unchecked = [html.unescape(TAG.sub("", m)).strip()
                 for m in re.findall(r'<div class="alert alert-info coe-unchecked">(.*?)</div>',
                                     page, re.S)]
    assert sorted(u.split(":")[0] for u in unchecked) == [
        "Could not check load balancers", "Could not check volumes"], unchecked
    assert f"Server {cluster.name}-default-master-0" in items(page, "coe-goes")
    assert 'name="confirm_name"' in page


def test_names_from_the_apis_are_escaped(login, horizon, magnum_fault, cluster):
    mocker = magnum_fault("GET", r"/never-called$")
    mocker.register_uri("GET", re.compile(re.escape(horizon.cfg.catalog_url)
                                          + r"/load-balancer/v2(\.0)?/lbaas/loadbalancers"),
                        json={"loadbalancers": [{
                            "id": "0f0e0d0c-0b0a-4908-8706-050403020100",
                            "name": f"kube_service_{cluster.uuid}_<script>alert(1)</script>",
                            "provisioning_status": "ACTIVE", "description": ""}]})
    page = login("demo").ajax(f"{INDEX}{cluster.uuid}/delete/").content.decode()
    assert "<script>alert(1)" not in page
    assert f"kube_service_{cluster.uuid}_&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_after_the_delete_the_list_names_what_is_still_there(login, horizon, cluster):
    client = login("demo")
    response = client.post(f"{INDEX}{cluster.uuid}/delete/", {"confirm_name": cluster.name})
    assert response.status_code == 302
    gone, _ = watch_cluster(horizon.magnum("demo"), cluster.uuid, deleting=True)
    assert gone is None
    said = [html.unescape(TAG.sub(" ", m)) for m in messages_of(client.get(INDEX))]
    notices = [" ".join(m.split()) for m in said if f'Cluster "{cluster.name}" is deleted' in m]
    assert len(notices) == 1, said
    notice = notices[0]
    assert "these of its resources are still there" in notice
    for remains in (f"{cluster.name}-default-master-0-docker-volume (10 GiB)",
                    f"{cluster.name}-api-lb", f"kube_service_{cluster.uuid}_default_web",
                    "pvc-"):
        assert remains in notice
    assert "secgroup" not in notice and notice.count("Floating IP") == 1  # the Service's
    # Said once.
    assert not [m for m in messages_of(client.get(INDEX)) if cluster.name in m]
