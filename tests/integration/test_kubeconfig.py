"""Downloaded kubeconfigs work with the real kubectl, the moment they are made."""
import io
import os
import stat
import subprocess
import zipfile

import pytest
import yaml
from magnumclient.common.utils import config_cluster

import coe_backend
from coe_backend.render.kubeconfig import CredentialMode, KeyType
from tests.magnum_helpers import create_cluster, create_template, watch_cluster

pytestmark = pytest.mark.devcloud


def kubectl(config_path, *args, env=None):
    return subprocess.run(["kubectl", "--kubeconfig", str(config_path), *args],
                          capture_output=True, text=True, timeout=30,
                          env={**os.environ, **(env or {})})


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.fixture(scope="module")
def demo(devcloud):
    return coe_backend.connect(devcloud.session("demo"))


@pytest.fixture(scope="module")
def cluster(devcloud):
    magnum = devcloud.magnum("demo")
    template = create_template(magnum, labels={"keystone_auth_enabled": "true"})
    cluster, _ = create_cluster(magnum, template, node_count=2)
    return cluster


@pytest.mark.parametrize("key_type", [KeyType.ECDSA, KeyType.RSA])
def test_certificate_kubeconfig_lists_the_nodes_with_kubectl(demo, cluster, tmp_path, key_type):
    credentials = demo.render_kubeconfig(cluster.uuid, key_type=key_type)
    config = write(tmp_path, "config", credentials.config)

    result = kubectl(config, "get", "nodes", "-o", "name")

    assert result.returncode == 0, result.stderr
    assert len(result.stdout.split()) == 3  # 1 master + 2 workers
    assert credentials.certificate.subject == "demo"
    assert credentials.certificate.groups == ("system:masters",)
    assert credentials.certificate.key_type is key_type


def test_bundle_holds_working_files_and_a_private_key_readable_only_by_its_owner(demo, cluster, tmp_path):
    credentials = demo.render_kubeconfig(cluster.uuid)
    archive = zipfile.ZipFile(io.BytesIO(credentials.bundle()))
    assert sorted(archive.namelist()) == ["ca.pem", "cert.pem", "config", "key.pem"]
    key_mode = stat.S_IMODE(archive.getinfo("key.pem").external_attr >> 16)
    assert key_mode == 0o600
    archive.extractall(tmp_path)
    assert kubectl(tmp_path / "config", "get", "nodes").returncode == 0
    check = subprocess.run(["kubectl", "--server", cluster.api_address,
                            "--certificate-authority", str(tmp_path / "ca.pem"),
                            "--client-certificate", str(tmp_path / "cert.pem"),
                            "--client-key", str(tmp_path / "key.pem"), "get", "nodes"],
                           capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr


def test_two_kubeconfigs_merge_into_one_view_with_both_clusters(devcloud, demo, cluster, tmp_path):
    magnum = devcloud.magnum("demo")
    other, _ = create_cluster(magnum, create_template(magnum), node_count=1)
    first = write(tmp_path, "a", demo.render_kubeconfig(cluster.uuid).config)
    second = write(tmp_path, "b", demo.render_kubeconfig(other.uuid).config)

    result = subprocess.run(["kubectl", "config", "view", "-o", "yaml"], capture_output=True,
                            text=True, env={**os.environ, "KUBECONFIG": f"{first}:{second}"})

    view = yaml.safe_load(result.stdout)
    assert {c["name"] for c in view["clusters"]} == {cluster.name, other.name}
    assert len(view["contexts"]) == 2 and len(view["users"]) == 2
    for context in (cluster.name, other.name):
        used = subprocess.run(["kubectl", "--context", context, "get", "nodes", "-o", "name"],
                              capture_output=True, text=True, timeout=30,
                              env={**os.environ, "KUBECONFIG": f"{first}:{second}"})
        assert used.returncode == 0, used.stderr


def test_keystone_kubeconfig_runs_its_exec_plugin_with_a_keystone_token(devcloud, demo, cluster,
                                                                         tmp_path):
    credentials = demo.render_kubeconfig(cluster.uuid, mode=CredentialMode.KEYSTONE)
    assert "client-key-data" not in credentials.config  # nothing secret inside
    config = write(tmp_path, "config", credentials.config)
    token = devcloud.session("demo").get_token()

    ok = kubectl(config, "get", "nodes", "-o", "name", env={"OS_TOKEN": token})
    assert ok.returncode == 0, ok.stderr
    assert len(ok.stdout.split()) == 3

    refused = kubectl(config, "get", "nodes", env={"OS_TOKEN": "not-a-token", "PATH": "/usr/bin:/bin"})
    assert refused.returncode != 0


def test_keystone_kubeconfig_is_refused_for_a_cluster_without_keystone_auth(devcloud, demo,
                                                                          tmp_path):
    magnum = devcloud.magnum("demo")
    template = create_template(magnum)
    plain, _ = create_cluster(magnum, template, node_count=1)
    with pytest.raises(coe_backend.Unsupported, match="keystone_auth_enabled"):
        demo.render_kubeconfig(plain.uuid, mode=CredentialMode.KEYSTONE)

    # `openstack coe cluster config --use-keystone` writes one anyway: the
    # cluster's API does not know Keystone tokens, so kubectl is refused...
    ca = magnum.certificates.get(plain.uuid).pem
    keystone = write(tmp_path, "keystone", config_cluster(
        plain, template, str(tmp_path), certs={"ca": ca}, use_keystone=True, direct_output=True))
    token = devcloud.session("demo").get_token()
    refused = kubectl(keystone, "get", "nodes", env={"OS_TOKEN": token})
    assert refused.returncode != 0
    assert "You must be logged in to the server" in refused.stderr, refused.stderr
    # ... while a certificate kubeconfig works.
    certificate = write(tmp_path, "certificate", demo.render_kubeconfig(plain.uuid).config)
    result = kubectl(certificate, "get", "nodes")
    assert result.returncode == 0, result.stderr


def test_after_a_ca_rotation_the_old_file_is_refused_and_a_new_one_works(devcloud, demo, tmp_path):
    magnum = devcloud.magnum("demo")
    subject, _ = create_cluster(magnum, create_template(magnum), node_count=1)
    old = write(tmp_path, "old", demo.render_kubeconfig(subject.uuid).config)
    assert kubectl(old, "get", "nodes").returncode == 0

    demo.rotate_ca(subject.uuid)
    watch_cluster(magnum, subject.uuid)

    assert kubectl(old, "get", "nodes").returncode != 0
    new = write(tmp_path, "new", demo.render_kubeconfig(subject.uuid).config)
    result = kubectl(new, "get", "nodes")
    assert result.returncode == 0, result.stderr


def test_a_user_who_did_not_create_the_cluster_is_told_what_works_instead(devcloud, cluster):
    viewer = coe_backend.connect(devcloud.session("viewer"))
    with pytest.raises(coe_backend.Forbidden) as refused:
        viewer.render_kubeconfig(cluster.uuid)
    assert "creator" in refused.value.message
    assert "Keystone" in refused.value.message


def test_tls_disabled_cluster_gets_a_kubeconfig_with_only_the_server(devcloud, demo):
    magnum = devcloud.magnum("demo")
    subject, _ = create_cluster(magnum, create_template(magnum, tls_disabled=True), node_count=1)
    config = yaml.safe_load(demo.render_kubeconfig(subject.uuid).config)
    assert config["clusters"][0]["cluster"] == {"server": subject.api_address}
    assert config["users"][0]["user"] == {}
