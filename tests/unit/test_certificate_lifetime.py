"""How long a certificate kubeconfig made now works, read from the cluster's CA."""
import datetime

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

import coe_backend

NOW = datetime.datetime(2026, 12, 4, 12, 0, tzinfo=datetime.timezone.utc)
DAY = datetime.timedelta(days=1)


def ca_made(at, term_days):
    """A CA as Magnum signs one: from a day before `at`, for `term_days` after it."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "cluster")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1)
            .not_valid_before(at - DAY).not_valid_after(at + term_days * DAY)
            .sign(key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def test_a_new_certificate_lasts_magnums_term_from_now():
    lifetime = coe_backend.certificate_lifetime(ca_made(NOW - 30 * DAY, 1825), NOW)
    assert lifetime.term_days == 1825
    # Made now, it outlives the CA by 30 days on paper: the CA's end is its end.
    assert lifetime.valid_until == NOW - 30 * DAY + 1825 * DAY
    assert lifetime.capped_by_ca


def test_a_short_term_is_read_as_the_operator_set_it():
    lifetime = coe_backend.certificate_lifetime(ca_made(NOW, 30), NOW)
    assert lifetime.term_days == 30
    assert lifetime.valid_until == NOW + 30 * DAY


def test_a_ca_that_is_not_a_certificate_is_refused_with_a_reason():
    with pytest.raises(coe_backend.InvalidInput, match="not a PEM certificate"):
        coe_backend.certificate_lifetime("-----BEGIN NOTHING-----", NOW)
