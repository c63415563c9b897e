"""Each simulated cluster's API answers only clients whose certificate its Magnum CA signed."""
import ssl

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.magnum_helpers import create_cluster, create_template

pytestmark = pytest.mark.devcloud


def signed_client_cert(magnum, cluster, tmp_path, name):
    """Key + CSR made here, certificate signed through POST /v1/certificates."""
    key = ec.generate_private_key(ec.SECP256R1())
    csr = (x509.CertificateSigningRequestBuilder()
           .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "demo"),
                                    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "system:masters")]))
           .sign(key, hashes.SHA256()))
    signed = magnum.certificates.create(
        cluster_uuid=cluster.uuid, csr=csr.public_bytes(serialization.Encoding.PEM).decode())
    cert_file, key_file = tmp_path / f"{name}.crt", tmp_path / f"{name}.key"
    cert_file.write_text(signed.pem)
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_file), str(key_file)


def ca_file(magnum, cluster, tmp_path):
    path = tmp_path / f"{cluster.name}-ca.crt"
    path.write_text(magnum.certificates.get(cluster.uuid).pem)
    return str(path)


@pytest.fixture(scope="module")
def two_clusters(devcloud):
    demo = devcloud.magnum("demo")
    template = create_template(demo)
    first, _ = create_cluster(demo, template, node_count=2)
    second, _ = create_cluster(demo, template, node_count=1)
    return demo, first, second


def refused(url, **kwargs):
    try:
        response = requests.get(url, timeout=10, **kwargs)
    except (requests.exceptions.SSLError, requests.exceptions.ConnectionError, ssl.SSLError):
        return True
    return response.status_code in (401, 403)


def test_a_certificate_signed_by_magnum_lists_the_clusters_nodes(two_clusters, tmp_path):
    demo, cluster, _ = two_clusters
    cert = signed_client_cert(demo, cluster, tmp_path, "client")

    response = requests.get(f"{cluster.api_address}/api/v1/nodes", cert=cert,
                            verify=ca_file(demo, cluster, tmp_path), timeout=10)

    assert response.status_code == 200
    nodes = [item["metadata"]["name"] for item in response.json()["items"]]
    assert len(nodes) == 3  # one master and two workers
    assert all(name.startswith(cluster.name) for name in nodes)


def test_no_client_certificate_is_refused(two_clusters, tmp_path):
    demo, cluster, _ = two_clusters
    assert refused(f"{cluster.api_address}/api/v1/nodes", verify=ca_file(demo, cluster, tmp_path))


def test_a_certificate_from_another_clusters_ca_is_refused(two_clusters, tmp_path):
    demo, cluster, other = two_clusters
    foreign = signed_client_cert(demo, other, tmp_path, "foreign")
    assert refused(f"{cluster.api_address}/api/v1/nodes", cert=foreign,
                   verify=ca_file(demo, cluster, tmp_path))
