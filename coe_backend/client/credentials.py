"""Cluster credentials: a kubeconfig that works the moment it is downloaded.

The private key is made here, per call, and only ever returned; Magnum signs
its CSR with the cluster's CA (POST /v1/certificates) and provides the CA.
Or the key is made where it will be used (the user's browser) and only its
CSR comes here: the kubeconfig is then the same, but for the key, whose
place ``ClusterCredentials.key_placeholder`` marks.
"""

from __future__ import annotations

from coe_backend.client.certificates import CertificateOperations
from coe_backend.errors import Conflict, Forbidden, Unsupported
from coe_backend.i18n import _
from coe_backend.models import Cluster
from coe_backend.render import kubeconfig
from coe_backend.render.kubeconfig import (
    ClusterCredentials, CredentialMode, KeyType)
from coe_backend.rules import engines
from coe_backend.rules.status import Action

NOT_THE_CREATOR = _(
    "Magnum's policy lets only the cluster's creator or an administrator get "
    "certificates for it. Ask one of them for a kubeconfig: its Keystone "
    "kind holds no secret, can be shared, and logs you in with your own "
    "OpenStack credentials.")


class CredentialOperations(CertificateOperations):
    """Kubeconfigs built from the certificates Magnum signs."""

    def render_kubeconfig(self, cluster: str | Cluster, *,
                          mode: CredentialMode | str = CredentialMode.CERTIFICATE,
                          key_type: KeyType | str = KeyType.ECDSA,
                          csr: str | None = None) -> ClusterCredentials:
        """Credentials for `cluster` (a name or UUID, or the Cluster just
        read, which saves reading it again): a kubeconfig (or, for a legacy
        Swarm cluster, the Docker environment) with everything embedded.

        With `csr` (PEM; a certificate kubeconfig only), the key is the
        caller's: the CSR is checked before Magnum is asked, Magnum signs it
        as it is, `key_type` is its key's, and the kubeconfig has
        `key_placeholder` where the key goes (`key_pem` stays empty)."""
        mode, key_type = CredentialMode(mode), KeyType(key_type)
        if csr is not None:
            if mode is not CredentialMode.CERTIFICATE:
                raise Unsupported(_("A certificate signing request makes a certificate "
                                    "kubeconfig only."))
            kubeconfig.check_csr(csr)
            key_type = kubeconfig.csr_key_type(csr)
        subject = (cluster if isinstance(cluster, Cluster)
                   else self.get_cluster(cluster))
        reason = subject.reason_for(Action.GET_CREDENTIALS)
        if reason:
            raise Conflict(reason)
        template = self.get_cluster_template(subject.cluster_template_id)
        name = subject.name or subject.uuid
        access = self._session.auth.get_access(self._session)
        user_name = access.username or access.user_id
        coe = template.coe or engines.KUBERNETES
        refusal = engines.no_client_configuration(coe)
        if refusal:
            raise Unsupported(refusal)
        kind = engines.client_configuration(coe)
        swarm = kind is engines.ClientConfiguration.DOCKER_ENVIRONMENT
        if template.tls_disabled:
            config = (kubeconfig.render_docker_environment(subject.api_address, tls=False)
                      if swarm else kubeconfig.render_tls_disabled_kubeconfig(
                          name, subject.api_address, user_name))
            return ClusterCredentials(name, mode, config, coe=coe)

        ca_pem = self._signing(lambda: self.get_ca_certificate(subject.uuid)).pem
        if mode is CredentialMode.KEYSTONE:
            if not subject.runs_keystone_auth(template.cluster_driver.family):
                raise Unsupported(_(
                    "This cluster does not run Keystone authentication (its "
                    "keystone_auth_enabled label is not true); download a "
                    "certificate kubeconfig instead."))
            config = kubeconfig.render_keystone_kubeconfig(
                name, subject.api_address, user_name, ca_pem,
                auth_url=self._session.get_endpoint(service_type="identity",
                                                    interface="public"),
                project_id=access.project_id,
                region_name=self._magnum.region)  # the cluster's, in a multi-region cloud
            return ClusterCredentials(name, mode, config, ca_pem=ca_pem, coe=coe)
        if mode is CredentialMode.OIDC:
            login = subject.oidc_login
            if login is None:
                raise Unsupported(_(
                    "This cluster trusts no OpenID Connect issuer (its oidc_issuer_url "
                    "and oidc_client_id labels are not set); download a certificate "
                    "or Keystone kubeconfig instead."))
            config = kubeconfig.render_oidc_kubeconfig(
                name, subject.api_address, ca_pem, issuer_url=login.issuer_url,
                client_id=login.client_id)
            return ClusterCredentials(name, mode, config, ca_pem=ca_pem, coe=coe)

        if csr is None:
            key = kubeconfig.generate_key(key_type)
            csr, key_pem = kubeconfig.build_csr(key, user_name), kubeconfig.key_to_pem(key)
        elif swarm:  # its files go in a zip made here, with the key
            raise Unsupported(_("This cluster's engine takes a zip of its certificate "
                                "files, which is made on the server with its key."))
        else:
            key_pem = None  # the caller's
        cert_pem = self._signing(lambda: self.sign_certificate(subject.uuid, csr)).pem
        if swarm:
            config = kubeconfig.render_docker_environment(subject.api_address, tls=True)
        else:
            config = kubeconfig.render_certificate_kubeconfig(
                name, subject.api_address, user_name, ca_pem, cert_pem, key_pem)
        return ClusterCredentials(
            name, mode, config, ca_pem=ca_pem, cert_pem=cert_pem, key_pem=key_pem or "",
            certificate=kubeconfig.describe_certificate(cert_pem, key_type), coe=coe)

    @staticmethod
    def _signing(call):
        try:
            return call()
        except Forbidden as error:
            raise Forbidden(NOT_THE_CREATOR, rule=error.rule,
                            status_code=error.status_code) from error
