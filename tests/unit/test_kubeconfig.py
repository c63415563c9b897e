"""Kubeconfig rendering and CSR checks: pure functions, no network; and the
client's kubeconfig for a CSR made elsewhere, against a fake Magnum that signs."""
import base64
import datetime
import io
import stat
import zipfile

import pytest
import yaml
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from coe_backend import InvalidInput, Unsupported
from coe_backend.render import kubeconfig
from coe_backend.render.kubeconfig import ClusterCredentials, CredentialMode, KeyType
from tests.unit import fake


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


def test_keystone_kubeconfig_holds_no_secret_and_names_the_cloud_not_the_user():
    text = kubeconfig.render_keystone_kubeconfig(
        "prod", "https://10.0.0.1:6443", "alice", "CA", auth_url="https://keystone/v3",
        project_id="p1", region_name="RegionTwo")
    user = yaml.safe_load(text)["users"][0]["user"]
    assert set(user) == {"exec"}
    env = {e["name"]: e["value"] for e in user["exec"]["env"]}
    # Handed on, it logs its holder in as themself: no OS_USERNAME of alice's.
    assert env == {"OS_AUTH_URL": "https://keystone/v3", "OS_PROJECT_ID": "p1",
                   "OS_REGION_NAME": "RegionTwo"}


def test_oidc_kubeconfig_runs_kubelogin_with_the_clusters_issuer():
    text = kubeconfig.render_oidc_kubeconfig(
        "prod", "https://10.0.0.1:6443", "CA", issuer_url="https://sso.example/realms/k8s",
        client_id="kubernetes")
    config = yaml.safe_load(text)
    exec_ = config["users"][0]["user"]["exec"]
    assert exec_["command"] == "kubectl"
    assert exec_["args"] == ["oidc-login", "get-token",
                             "--oidc-issuer-url=https://sso.example/realms/k8s",
                             "--oidc-client-id=kubernetes"]
    assert "krew install oidc-login" in exec_["installHint"]
    assert config["clusters"][0]["cluster"]["certificate-authority-data"]


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


# -- a key made elsewhere: only its CSR comes to coe_backend -------------------

def _issuer():
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "k8s")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1)
            .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1825))
            .sign(key, hashes.SHA256()))
    return key, cert


@pytest.fixture
def signing_magnum(client, requests_mock):
    """A cluster whose CA signs what it is sent as Magnum does: the subject
    copied unchanged, five years (Magnum's default term_of_validity)."""
    ca_key, ca = _issuer()
    cluster = fake.cluster()
    for ident in (cluster["name"], cluster["uuid"]):
        requests_mock.get(f"{fake.MAGNUM}/clusters/{ident}", **fake.json(cluster))
    requests_mock.get(f"{fake.MAGNUM}/clustertemplates/{fake.TEMPLATE_UUID}",
                      **fake.json(fake.template()))
    ca_pem = ca.public_bytes(serialization.Encoding.PEM).decode()
    requests_mock.get(f"{fake.MAGNUM}/certificates/{fake.CLUSTER_UUID}",
                      **fake.json({"cluster_uuid": fake.CLUSTER_UUID, "pem": ca_pem}))

    def sign(request, context):
        csr = x509.load_pem_x509_csr(request.json()["csr"].encode())
        now = datetime.datetime.now(datetime.timezone.utc)
        cert = (x509.CertificateBuilder().subject_name(csr.subject).issuer_name(ca.subject)
                .public_key(csr.public_key()).serial_number(2)
                .not_valid_before(now - datetime.timedelta(days=1))
                .not_valid_after(now + datetime.timedelta(days=1825)).sign(ca_key, hashes.SHA256()))
        context.status_code = 201
        context.headers["Content-Type"] = "application/json"
        return {"cluster_uuid": fake.CLUSTER_UUID,
                "pem": cert.public_bytes(serialization.Encoding.PEM).decode()}
    requests_mock.post(f"{fake.MAGNUM}/certificates", json=sign)
    return fake.CLUSTER_UUID


def magnum_calls(requests_mock, method):
    return [r for r in requests_mock.request_history if r.method == method and "magnum" in r.hostname]


@pytest.mark.parametrize("key_type", list(KeyType))
def test_a_csr_made_elsewhere_gets_the_same_kubeconfig_but_for_its_key(client, signing_magnum,
                                                                      key_type):
    key = kubeconfig.generate_key(key_type)
    credentials = client.render_kubeconfig(signing_magnum, csr=kubeconfig.build_csr(key, "demo"))
    assert credentials.key_pem == "" and credentials.key_placeholder
    assert credentials.config.count(credentials.key_placeholder) == 1
    user = yaml.safe_load(credentials.config)["users"][0]["user"]
    assert user["client-key-data"] == credentials.key_placeholder
    signed = x509.load_pem_x509_certificate(base64.b64decode(user["client-certificate-data"]))
    assert signed.public_key().public_numbers() == key.public_key().public_numbers()
    # One renderer: with the key in its place, the file is the one the server path writes.
    key_pem = kubeconfig.key_to_pem(key)
    assert credentials.config.replace(credentials.key_placeholder,
                                      base64.b64encode(key_pem.encode()).decode()) == \
        kubeconfig.render_certificate_kubeconfig(
            "k8s", "https://10.0.0.5:6443", "demo", credentials.ca_pem, credentials.cert_pem,
            key_pem)
    issued = credentials.certificate
    assert (issued.subject, issued.groups, issued.key_type) == ("demo", ("system:masters",),
                                                                key_type)
    assert issued.grants_cluster_admin
    assert issued.not_after > datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(
        days=1800)


def test_the_server_path_embeds_its_key_and_leaves_no_placeholder(client, signing_magnum):
    credentials = client.render_kubeconfig(signing_magnum, key_type="rsa")
    assert credentials.key_placeholder == "" and "PRIVATE KEY" in credentials.key_pem
    assert credentials.certificate.key_type is KeyType.RSA


@pytest.mark.parametrize("csr, says", [
    ("not a request", "starts with"),
    (kubeconfig.build_csr(ec.generate_private_key(ec.SECP384R1()), "demo"), "P-256"),
])
def test_a_csr_refused_here_never_reaches_magnums_signer(client, signing_magnum, requests_mock,
                                                         csr, says):
    with pytest.raises(InvalidInput) as refused:
        client.render_kubeconfig(signing_magnum, csr=csr)
    assert says in refused.value.errors["csr"]
    assert not magnum_calls(requests_mock, "POST")


def test_a_csr_cannot_make_a_keystone_kubeconfig(client, signing_magnum, requests_mock):
    with pytest.raises(Unsupported):
        client.render_kubeconfig(signing_magnum, mode=CredentialMode.KEYSTONE,
                                 csr=kubeconfig.build_csr(kubeconfig.generate_key(), "demo"))
    assert not magnum_calls(requests_mock, "GET") and not magnum_calls(requests_mock, "POST")
