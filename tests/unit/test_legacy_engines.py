"""Clusters of the engines Magnum has dropped, as an older Magnum still
serves them (Magnum 23, the devcloud's, refuses to read such templates at
all: tests/ui/test_legacy_engines.py), answered at the HTTP
boundary: Swarm gets its Docker environment, Mesos nothing, with the reason."""
import datetime
import io
import zipfile

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from coe_backend import Unsupported
from tests.unit import fake


def self_signed():
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "ca")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1)
            .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.PEM).decode()


@pytest.fixture
def legacy(client, requests_mock):
    """A cluster of `coe` at the fake Magnum, with its CA and signing."""
    def serve(coe, api_address, **template):
        cluster = fake.cluster(api_address=api_address)
        for ident in (cluster["name"], cluster["uuid"]):
            requests_mock.get(f"{fake.MAGNUM}/clusters/{ident}", **fake.json(cluster))
        requests_mock.get(f"{fake.MAGNUM}/clustertemplates/{fake.TEMPLATE_UUID}",
                          **fake.json(fake.template(coe=coe, **template)))
        pem = self_signed()
        requests_mock.get(f"{fake.MAGNUM}/certificates/{fake.CLUSTER_UUID}",
                          **fake.json({"cluster_uuid": fake.CLUSTER_UUID, "pem": pem}))
        requests_mock.post(f"{fake.MAGNUM}/certificates",
                           **fake.json({"cluster_uuid": fake.CLUSTER_UUID, "pem": pem}, 201))
        return cluster["uuid"]
    return serve


@pytest.mark.parametrize("coe", ["swarm", "swarm-mode"])
def test_a_swarm_cluster_gets_a_docker_environment_and_its_certificates(client, legacy, coe):
    uuid = legacy(coe, "tcp://10.0.0.5:2376")
    credentials = client.render_kubeconfig(uuid)
    assert credentials.filename.endswith(".env")
    assert "export DOCKER_HOST=tcp://10.0.0.5:2376" in credentials.config
    assert "DOCKER_TLS_VERIFY=1" in credentials.config
    names = zipfile.ZipFile(io.BytesIO(credentials.bundle())).namelist()
    assert sorted(names) == ["ca.pem", "cert.pem", "docker.env", "key.pem"]


def test_a_swarm_cluster_without_tls_gets_an_environment_without_it(client, legacy):
    uuid = legacy("swarm", "tcp://10.0.0.5:2375", tls_disabled=True)
    config = client.render_kubeconfig(uuid).config
    assert "DOCKER_HOST=tcp://10.0.0.5:2375" in config and "TLS_VERIFY" not in config


@pytest.mark.parametrize("coe, name", [("mesos", "Mesos"), ("dcos", "DC/OS")])
def test_a_mesos_cluster_gets_no_file_and_is_told_why(client, legacy, requests_mock, coe, name):
    uuid = legacy(coe, "http://10.0.0.5:8080")
    with pytest.raises(Unsupported, match=f"never rendered a client configuration for {name}"):
        client.render_kubeconfig(uuid)
    assert not [r for r in requests_mock.request_history  # nothing was signed
                if r.method == "POST" and "magnum" in r.hostname]
