"""The cluster page's Access tab, through the real Horizon, Keystone and Magnum:
what each user may download, what it makes them, how long it lasts."""
import datetime
import html
import re

import pytest

from tests.magnum_helpers import create_cluster, create_template
from tests.oidc_helpers import oidc_labels

pytestmark = pytest.mark.devcloud


@pytest.fixture(scope="module")
def keystone_cluster(horizon):
    magnum = horizon.magnum("demo")
    template = create_template(magnum, labels={"kube_tag": "v1.30.6",
                                               "keystone_auth_enabled": "true"})
    cluster, _ = create_cluster(magnum, template, node_count=1)
    return cluster


def access_tab(login, user, cluster):
    response = login(user).ajax(f"/project/clusters/{cluster.uuid}/?tab=cluster_details__access")
    assert response.status_code == 200
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_the_creator_reads_who_the_file_makes_them_and_until_when(login, keystone_cluster):
    page = access_tab(login, "demo", keystone_cluster)
    assert "names you as user demo in group system:masters" in page
    assert "cluster-admin" in page
    # The devcloud's Magnum runs with Magnum's default term: five years from now.
    assert "Magnum signs certificates for 1825 days" in page, page
    until = re.search(r"Made now, it works until (.+?): Magnum", page).group(1)
    assert str(datetime.date.today().year + 5) in until
    assert "Rotating the cluster's CA revokes every certificate kubeconfig" in page
    assert "You may do that with Rotate CA" in page
    assert "It holds no secret" in page and "RegionOne" in page


def test_a_reader_is_told_why_and_who_can_give_them_access(login, keystone_cluster):
    page = access_tab(login, "viewer", keystone_cluster)
    assert "only the cluster's creator or an administrator get certificates" in page
    assert keystone_cluster.user_id in page  # Keystone keeps demo's name from a reader
    assert "its creator or an administrator can download it and give it to you" in page
    assert "Download Kubeconfig" not in page
    assert "Made now" not in page  # no CA read for someone who may not sign


def test_a_cluster_without_keystone_auth_says_so(login, horizon):
    magnum = horizon.magnum("demo")
    plain, _ = create_cluster(magnum, create_template(magnum, labels={"kube_tag": "v1.30.6"}),
                              node_count=1)
    page = access_tab(login, "demo", plain)
    assert "does not take Keystone tokens" in page
    assert "names you as user demo" in page and "Download Kubeconfig" in page


def test_a_cluster_that_trusts_an_issuer_offers_its_oidc_kubeconfig(login, horizon):
    magnum = horizon.magnum("demo")
    trusting, _ = create_cluster(magnum, create_template(
        magnum, labels={"kube_tag": "v1.30.6", **oidc_labels(horizon)}), node_count=1)
    page = access_tab(login, "demo", trusting)
    assert f"trusts the identity provider at {horizon.cfg.oidc_issuer_url}" in page
    assert "kubectl krew install oidc-login" in page
    dialog = login("demo").get(f"/project/clusters/{trusting.uuid}/kubeconfig/").content.decode()
    assert 'value="oidc"' in dialog and "kubelogin" in dialog
    response = login("demo").post(f"/project/clusters/{trusting.uuid}/kubeconfig/",
                                  {"format": "oidc", "key_type": "ecdsa"})
    assert "no-store" in response["Cache-Control"]
    config = response.content.decode()
    assert f"--oidc-issuer-url={horizon.cfg.oidc_issuer_url}" in config
    assert "client-key-data" not in config
    # A reader may not have the CA under Magnum's default policy: told who can.
    assert "Its creator or an administrator can download the file" in access_tab(
        login, "viewer", trusting)
