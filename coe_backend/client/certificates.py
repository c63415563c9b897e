"""The cluster CA and certificate signing, the Magnum half of a kubeconfig.

Under Magnum's default policy only the cluster's creator and administrators
may read the CA or have a CSR signed; others get Forbidden. These calls are
synchronous in Magnum, so its errors come back directly.
"""

from __future__ import annotations

from coe_backend.client.base import ClientBase
from coe_backend.magnum.connection import path_part
from coe_backend.models import Certificate


class CertificateOperations(ClientBase):
    def get_ca_certificate(self, cluster: str,
                           ca_cert_type: str | None = None) -> Certificate:
        """The cluster's CA (or its "etcd" / "front_proxy" CA)."""
        path = f"/v1/certificates/{path_part(cluster)}"
        if ca_cert_type:
            path += f"?ca_cert_type={path_part(ca_cert_type)}"
        return Certificate.from_api(self._magnum.call("GET", path))

    def sign_certificate(self, cluster: str, csr: str,
                         ca_cert_type: str | None = None) -> Certificate:
        """Have the cluster's CA sign a PEM CSR; Magnum copies the subject
        unchanged. ``pem`` of the result is the signed certificate."""
        body = {"cluster_uuid": cluster, "csr": csr}
        if ca_cert_type:
            body["ca_cert_type"] = ca_cert_type
        return Certificate.from_api(
            self._magnum.call("POST", "/v1/certificates", body))
