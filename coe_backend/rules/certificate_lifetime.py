"""How long a certificate kubeconfig made now will work, told from the CA.

Magnum signs every certificate, its CA's included, for `[x509]
term_of_validity` days from the moment of signing, backdated by one day
(`magnum/common/x509/operations.sign`). That setting is not in the API, but
the CA carries it: its lifetime minus the day. A certificate never outlives
the CA that signed it in practice, since clients stop trusting both together.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from cryptography import x509

from coe_backend.errors import InvalidInput
from coe_backend.i18n import _

BACKDATED = datetime.timedelta(days=1)


@dataclass(frozen=True)
class CertificateLifetime:
    term_days: int  # Magnum's term_of_validity when it made this CA
    valid_until: datetime.datetime  # a certificate signed at `now` (UTC)
    ca_expires: datetime.datetime

    @property
    def capped_by_ca(self) -> bool:
        return self.valid_until == self.ca_expires


def certificate_lifetime(ca_pem: str, now: datetime.datetime) -> CertificateLifetime:
    """The lifetime of a certificate Magnum signs at `now` (aware, UTC) with
    the cluster CA `ca_pem`; InvalidInput if `ca_pem` is not a certificate."""
    try:
        ca = x509.load_pem_x509_certificate(ca_pem.encode())
    except ValueError as error:
        raise InvalidInput(_("The cluster's CA from Magnum is not a PEM certificate, so "
                             "how long a certificate lasts cannot be told.")) from error
    not_before, ca_expires = ca.not_valid_before_utc, ca.not_valid_after_utc
    term = max(ca_expires - not_before - BACKDATED, datetime.timedelta(0))
    term_days = round(term / datetime.timedelta(days=1))
    return CertificateLifetime(
        term_days=term_days,
        valid_until=min(now + datetime.timedelta(days=term_days), ca_expires),
        ca_expires=ca_expires)
