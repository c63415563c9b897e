"""Kubeconfig rendering and CSR checks: pure functions, no network."""
import io
import stat
import zipfile

import pytest
import yaml
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from coe_backend import InvalidInput
from coe_backend.render import kubeconfig
from coe_backend.render.kubeconfig import ClusterCredentials, CredentialMode, KeyType


def test_csr_names_the_user_and_the_cluster_admin_group():
    key = kubeconfig.generate_key(KeyType.ECDSA)
    csr = x509.load_pem_x509_csr(kubeconfig.build_csr(key, "alice").encode())
    assert csr.subject.rfc4514_string() == "O=system:masters,CN=alice"


@pytest.mark.parametrize("key_type", list(KeyType))
def test_keys_of_both_types_serialize_as_unencrypted_pkcs8(key_type):
    pem = kubeconfig.key_to_pem(kubeconfig.generate_key(key_type))
    assert pem.startswith("-----BEGIN PRIVATE KEY-----")
    serialization.load_pem_private_key(pem.encode(), password=None)


def test_names_are_per_cluster_so_kubeconfigs_merge():
    config = yaml.safe_load(kubeconfig.render_certificate_kubeconfig(
        "prod", "https://10.0.0.1:6443", "alice", "CA", "CERT", "KEY"))
    assert config["clusters"][0]["name"] == "prod"
    assert config["users"][0]["name"] == "alice@prod"
    assert config["current-context"] == "prod"
    assert config["contexts"][0]["context"] == {"cluster": "prod", "user": "alice@prod"}


def test_keystone_kubeconfig_holds_no_secret_and_names_the_cloud():
    text = kubeconfig.render_keystone_kubeconfig(
        "prod", "https://10.0.0.1:6443", "alice", "CA", auth_url="https://keystone/v3",
        project_id="p1", user_domain_name="Default")
    user = yaml.safe_load(text)["users"][0]["user"]
    assert set(user) == {"exec"}
    env = {e["name"]: e["value"] for e in user["exec"]["env"]}
    assert env == {"OS_AUTH_URL": "https://keystone/v3", "OS_PROJECT_ID": "p1",
                   "OS_USERNAME": "alice", "OS_USER_DOMAIN_NAME": "Default"}


def test_bundle_key_is_private_and_files_are_complete():
    credentials = ClusterCredentials("prod", CredentialMode.CERTIFICATE, "config", "CA", "CERT", "KEY")
    archive = zipfile.ZipFile(io.BytesIO(credentials.bundle()))
    modes = {i.filename: stat.S_IMODE(i.external_attr >> 16) for i in archive.infolist()}
    assert modes == {"config": 0o644, "ca.pem": 0o644, "cert.pem": 0o644, "key.pem": 0o600}
    assert archive.read("key.pem") == b"KEY"


def test_swarm_environment_points_docker_at_the_cluster():
    env = kubeconfig.render_docker_environment("tcp://10.0.0.1:2376", tls=True)
    assert env.splitlines() == ["export DOCKER_HOST=tcp://10.0.0.1:2376",
                                "export DOCKER_CERT_PATH=.", "export DOCKER_TLS_VERIFY=1"]


def test_a_valid_csr_is_accepted_with_its_subject():
    csr = kubeconfig.build_csr(kubeconfig.generate_key(), "bob")
    assert kubeconfig.check_csr(csr) == "O=system:masters,CN=bob"


@pytest.mark.parametrize("text, says", [
    ("", "starts with"),
    ("hello", "starts with"),
    ("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----", "damaged"),
])
def test_a_bad_csr_gets_a_clear_message_on_its_field(text, says):
    with pytest.raises(InvalidInput) as refused:
        kubeconfig.check_csr(text)
    assert says in refused.value.errors["csr"]
