"""TLS of the simulated clusters' API: serving certificates from a cluster's CA,
and the server context that verifies client certificates against that CA."""
import datetime
import ipaddress
import os
import ssl
import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives.asymmetric import ed448
from cryptography.x509.oid import ExtendedKeyUsageOID
from cryptography.x509.oid import NameOID

SERVICE_CLUSTER_IP = "10.254.0.1"

def _as_bytes(value):
    return value.encode() if isinstance(value, str) else value


def issue_serving_cert(ca_cert_pem, ca_key_pem, ca_key_password=None,
                       ips=("127.0.0.1",), dns_names=("localhost",),
                       common_name="kube-apiserver", days=365):
    """Issue a TLS server certificate from a CA; return (cert_pem, key_pem) as bytes.

    The key is ECDSA P-256 (fast to make); the CA may be RSA or EC.
    """
    ca_cert = x509.load_pem_x509_certificate(_as_bytes(ca_cert_pem))
    ca_key = serialization.load_pem_private_key(
        _as_bytes(ca_key_pem),
        password=_as_bytes(ca_key_password) if ca_key_password else None)
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.timezone.utc)
    not_after = min(now + datetime.timedelta(days=days),
                    ca_cert.not_valid_after_utc)
    sans = [x509.DNSName(n) for n in dns_names]
    sans += [x509.IPAddress(ipaddress.ip_address(ip)) for ip in ips]
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(not_after)
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=False,
            crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()),
                       critical=False)
    )
    algorithm = None if isinstance(ca_key, (ed25519.Ed25519PrivateKey, ed448.Ed448PrivateKey)) \
        else hashes.SHA256()
    cert = builder.sign(ca_key, algorithm)
    key_pem = key.private_bytes(serialization.Encoding.PEM,
                                serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


def build_ssl_context(ca_pem, cert_pem, key_pem):
    """Server context: our cert, client certs optional but verified against ca_pem."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    with tempfile.TemporaryDirectory(prefix="devcloud-kube-") as tmp:
        cert_file = os.path.join(tmp, "tls.crt")
        key_file = os.path.join(tmp, "tls.key")
        for path, data in ((cert_file, cert_pem), (key_file, key_pem)):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(_as_bytes(data))
        ctx.load_cert_chain(cert_file, key_file)
    ca_text = ca_pem.decode() if isinstance(ca_pem, bytes) else ca_pem
    ctx.load_verify_locations(cadata=ca_text)
    ctx.verify_mode = ssl.CERT_OPTIONAL
    ctx.set_alpn_protocols(["http/1.1"])
    return ctx


def subject_attr(peercert, oid_name):
    values = []
    for rdn in peercert.get("subject", ()):
        for key, value in rdn:
            if key == oid_name:
                values.append(value)
    return values
