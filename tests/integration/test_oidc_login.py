"""Clusters that trust an OpenID Connect issuer (issue #19 part 3): the
devcloud's issuer (devcloud.oidc_issuer) gives ID tokens to Keystone's users,
the simulated cluster API takes them as kube-apiserver's --oidc-* flags
would, and the OIDC kubeconfig coe_backend renders gets kubectl in."""
import subprocess

import pytest
import requests
import yaml

import coe_backend
from tests.magnum_helpers import create_cluster, create_template
from tests.oidc_helpers import id_token, kubelogin_env, kubelogin_stand_in, oidc_labels

pytestmark = pytest.mark.devcloud


@pytest.fixture(scope="module")
def oidc_cluster(devcloud):
    magnum = devcloud.magnum("demo")
    template = create_template(magnum, labels={"kube_tag": "v1.30.6", **oidc_labels(devcloud)})
    cluster, _ = create_cluster(magnum, template, node_count=1)
    return cluster


def api_get(cluster, ca_path, token):
    return requests.get(f"{cluster.api_address}/api/v1/nodes", verify=str(ca_path),
                        headers={"Authorization": f"Bearer {token}"}, timeout=20)


def kubectl(config, env):
    return subprocess.run(["kubectl", "--kubeconfig", str(config), "get", "nodes", "-o", "name"],
                          capture_output=True, text=True, timeout=60, env=env)


def test_the_issuer_gives_id_tokens_to_keystone_users_only(devcloud):
    assert id_token(devcloud, "demo").count(".") == 2
    with pytest.raises(Exception, match="invalid_grant"):
        id_token(devcloud, "demo", password="wrong")
    with pytest.raises(Exception, match="invalid_client"):
        id_token(devcloud, "demo", client_id="someone-else")


def test_the_cluster_api_takes_its_issuers_tokens_and_no_others(devcloud, oidc_cluster, tmp_path):
    ca = tmp_path / "ca.pem"
    ca.write_text(devcloud.magnum("demo").certificates.get(oidc_cluster.uuid).pem)
    assert api_get(oidc_cluster, ca, id_token(devcloud, "demo")).status_code == 200
    # A Keystone token is not an ID token, and this cluster has no Keystone auth.
    assert api_get(oidc_cluster, ca, devcloud.session("demo").get_token()).status_code == 401
    forged = id_token(devcloud, "demo")[:-4] + "AAAA"
    assert api_get(oidc_cluster, ca, forged).status_code == 401


def test_the_oidc_kubeconfig_gets_kubectl_in_through_oidc_login(devcloud, oidc_cluster,
                                                                 tmp_path):
    demo = coe_backend.connect(devcloud.session("demo"))
    credentials = demo.render_kubeconfig(oidc_cluster.uuid, mode="oidc")
    user = yaml.safe_load(credentials.config)["users"][0]["user"]
    assert user["exec"]["args"][:2] == ["oidc-login", "get-token"]
    assert f"--oidc-issuer-url={devcloud.cfg.oidc_issuer_url}" in user["exec"]["args"]
    assert "client-key-data" not in credentials.config
    config = tmp_path / "config"
    config.write_text(credentials.config)
    kubelogin_stand_in(tmp_path)

    nodes = kubectl(config, kubelogin_env(tmp_path, "demo"))
    assert nodes.returncode == 0, nodes.stderr
    assert len(nodes.stdout.split()) == 2  # a master and a worker
    assert kubectl(config, kubelogin_env(tmp_path, "demo", "wrong")).returncode != 0


def test_a_cluster_without_an_issuer_has_no_oidc_kubeconfig(devcloud):
    magnum = devcloud.magnum("demo")
    plain, _ = create_cluster(magnum, create_template(magnum, labels={"kube_tag": "v1.30.6"}),
                              node_count=1)
    with pytest.raises(coe_backend.Unsupported, match="oidc_issuer_url"):
        coe_backend.connect(devcloud.session("demo")).render_kubeconfig(plain.uuid, mode="oidc")
