"""COE client configuration: kubeconfigs (and the legacy Docker environment).

Pure functions: key and CSR generation, and rendering once Magnum has signed.
The client (``CoeClient.render_kubeconfig``) does the Magnum round trips.
Private keys exist only in memory, for the one response they are made for.

Where the key is made elsewhere (in the user's browser) and only its CSR
comes here, the certificate kubeconfig is rendered all the same, with
``CLIENT_KEY_PLACEHOLDER`` where ``client-key-data`` goes: its owner puts
the base64 of the PEM key there, and nothing else changes.
"""
import base64
import dataclasses
import datetime
import enum
import io
import zipfile

import yaml
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from coe_backend.errors import InvalidInput
from coe_backend.i18n import _

# The group Magnum's Kubernetes clusters bind to cluster-admin.
ADMIN_GROUP = "system:masters"
EXEC_API_VERSION = "client.authentication.k8s.io/v1"
# Stands where client-key-data goes when the key is not ours to know: a plain
# YAML scalar that no base64 text or PEM can contain, replaced by its owner.
CLIENT_KEY_PLACEHOLDER = "coe-ui.client-key-data.placeholder"
# libyaml's dumper writes the same YAML about 15 times faster than the pure-Python one.
_YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class CredentialMode(str, enum.Enum):
    CERTIFICATE = "certificate"  # a client certificate signed by the cluster's CA
    KEYSTONE = "keystone"        # a Keystone token fetched at use time; nothing stored
    OIDC = "oidc"                # an ID token from the cluster's OpenID Connect issuer (kubelogin)


class KeyType(str, enum.Enum):
    ECDSA = "ecdsa"  # P-256: fast to generate, accepted by every supported cluster
    RSA = "rsa"      # 2048 bit, for older clusters and tooling


@dataclasses.dataclass(frozen=True)
class IssuedCertificate:
    """What a downloaded certificate grants, so the UI can say it."""
    subject: str
    groups: tuple
    not_after: datetime.datetime
    key_type: KeyType

    @property
    def grants_cluster_admin(self):
        """Magnum's Kubernetes clusters bind ADMIN_GROUP to cluster-admin."""
        return ADMIN_GROUP in self.groups


@dataclasses.dataclass(frozen=True)
class ClusterCredentials:
    """A rendered configuration and the material it embeds."""
    cluster_name: str
    mode: CredentialMode
    config: str                      # kubeconfig YAML, or the Docker environment for Swarm
    ca_pem: str = ""
    cert_pem: str = ""
    key_pem: str = dataclasses.field(default="", repr=False)
    certificate: IssuedCertificate | None = None
    coe: str = "kubernetes"

    @property
    def key_placeholder(self):
        """CLIENT_KEY_PLACEHOLDER where ``config`` awaits a key made
        elsewhere (its owner replaces it with the base64 of the PEM key), else ""."""
        return CLIENT_KEY_PLACEHOLDER if CLIENT_KEY_PLACEHOLDER in self.config else ""

    @property
    def filename(self):
        return f"{self.cluster_name}.kubeconfig" if self.coe == "kubernetes" else f"{self.cluster_name}.env"

    def bundle(self):
        """A zip with ``config`` (or ``docker.env``), ``ca.pem``, ``cert.pem`` and ``key.pem`` (mode 0600)."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            _add(archive, "config" if self.coe == "kubernetes" else "docker.env", self.config, 0o644)
            for name, pem, mode in (("ca.pem", self.ca_pem, 0o644), ("cert.pem", self.cert_pem, 0o644),
                                    ("key.pem", self.key_pem, 0o600)):
                if pem:
                    _add(archive, name, pem, mode)
        return buffer.getvalue()

    @property
    def bundle_filename(self):
        return f"{self.cluster_name}-credentials.zip"


def _add(archive, name, text, mode):
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.external_attr = (0o100000 | mode) << 16  # a regular file with these permissions
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, text)


def generate_key(key_type=KeyType.ECDSA):
    if KeyType(key_type) is KeyType.RSA:
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return ec.generate_private_key(ec.SECP256R1())


def key_to_pem(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def build_csr(key, user_name):
    """A CSR naming the OpenStack user and the cluster-admin group."""
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, user_name),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, ADMIN_GROUP)])
    csr = x509.CertificateSigningRequestBuilder().subject_name(subject).sign(key, hashes.SHA256())
    return csr.public_bytes(serialization.Encoding.PEM).decode()


def check_csr(pem):
    """The subject of a PEM certificate signing request; InvalidInput if it is not one.

    Checked here so that a pasted file gets a clear message before Magnum is asked.
    """
    text = (pem or "").strip()
    if "BEGIN CERTIFICATE REQUEST" not in text:
        raise InvalidInput({"csr": _("Paste a PEM certificate signing request: it starts "
                                     "with -----BEGIN CERTIFICATE REQUEST-----.")})
    try:
        csr = x509.load_pem_x509_csr(text.encode())
    except ValueError as error:
        raise InvalidInput({"csr": _("This certificate signing request is damaged or "
                                     "incomplete; create it again (for example with "
                                     "openssl req -new).")}) from error
    if not csr.is_signature_valid:
        raise InvalidInput({"csr": _("The request's signature does not match its key; "
                                     "create it again with the private key you will "
                                     "use.")})
    return csr.subject.rfc4514_string()


def csr_key_type(pem):
    """The KeyType of a checked CSR's public key; InvalidInput for any key
    this dashboard would not make itself (EC P-256, RSA of 2048 bits or more)."""
    key = x509.load_pem_x509_csr(pem.strip().encode()).public_key()
    if isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1):
        return KeyType.ECDSA
    if isinstance(key, rsa.RSAPublicKey) and key.key_size >= 2048:
        return KeyType.RSA
    raise InvalidInput({"csr": _("The request's key is neither ECDSA P-256 nor RSA of "
                                 "2048 bits or more; make a new key of one of these "
                                 "types.")})


def describe_certificate(cert_pem, key_type):
    cert = x509.load_pem_x509_certificate(cert_pem.encode())
    subject = cert.subject
    common_names = subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    groups = tuple(a.value for a in subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME))
    return IssuedCertificate(subject=common_names[0].value if common_names else subject.rfc4514_string(),
                             groups=groups, not_after=cert.not_valid_after_utc,
                             key_type=KeyType(key_type))


def _b64(text):
    return base64.b64encode(text.encode()).decode()


def _names(cluster_name, user_name):
    """Names unique per cluster, so several kubeconfigs merge without clashes."""
    return cluster_name, f"{user_name}@{cluster_name}", cluster_name


def _document(cluster_name, api_address, user_name, ca_pem, user):
    cluster_key, user_key, context_key = _names(cluster_name, user_name)
    cluster = {"server": api_address}
    if ca_pem:
        cluster["certificate-authority-data"] = _b64(ca_pem)
    doc = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": cluster_key, "cluster": cluster}],
        "users": [{"name": user_key, "user": user}],
        "contexts": [{"name": context_key, "context": {"cluster": cluster_key, "user": user_key}}],
        "current-context": context_key,
        "preferences": {},
    }
    return yaml.dump(doc, Dumper=_YAML_DUMPER, sort_keys=False, default_flow_style=False)


def render_certificate_kubeconfig(cluster_name, api_address, user_name, ca_pem, cert_pem,
                                  key_pem=None):
    """With ``key_pem`` None (the key was made elsewhere), client-key-data
    is CLIENT_KEY_PLACEHOLDER."""
    key_data = CLIENT_KEY_PLACEHOLDER if key_pem is None else _b64(key_pem)
    user = {"client-certificate-data": _b64(cert_pem), "client-key-data": key_data}
    return _document(cluster_name, api_address, user_name, ca_pem, user)


def render_tls_disabled_kubeconfig(cluster_name, api_address, user_name):
    """A cluster without TLS needs, and can use, nothing but its address."""
    return _document(cluster_name, api_address, user_name, "", {})


# Runs at use time, on the user's machine: a token from $OS_TOKEN, or from the
# OpenStack client with the user's usual credentials (clouds.yaml or OS_* vars).
KEYSTONE_TOKEN_SCRIPT = """\
token="${OS_TOKEN:-}"
if [ -z "$token" ]; then
  if ! command -v openstack >/dev/null 2>&1; then
    echo "kubeconfig: set OS_TOKEN or install python-openstackclient to get a Keystone token" >&2
    exit 1
  fi
  token="$(openstack token issue -f value -c id)" || exit 1
fi
printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"%s"}}\\n' \\
  "client.authentication.k8s.io/v1" "$token"
"""


def render_keystone_kubeconfig(cluster_name, api_address, user_name, ca_pem, *, auth_url,
                               project_id, region_name=None):
    """Kubeconfig whose user is an exec plugin fetching a Keystone token at use time.

    It pins the cloud, the cluster's project and region, never the user:
    whoever is handed the file logs in as themself (their OS_TOKEN, or their
    own openrc or clouds.yaml credentials). ``user_name`` only names its entries."""
    env = [{"name": "OS_AUTH_URL", "value": auth_url},
           {"name": "OS_PROJECT_ID", "value": project_id}]
    if region_name:
        env.append({"name": "OS_REGION_NAME", "value": region_name})
    user = {"exec": {
        "apiVersion": EXEC_API_VERSION,
        "command": "sh",
        "args": ["-c", KEYSTONE_TOKEN_SCRIPT],
        "env": env,
        "interactiveMode": "IfAvailable",
        "installHint": "Set OS_TOKEN to a Keystone token for this project, or install "
                       "python-openstackclient (pip install python-openstackclient) with "
                       "your own credentials (your openrc's OS_USERNAME and OS_PASSWORD, "
                       "or OS_CLOUD and clouds.yaml).",
        "provideClusterInfo": False,
    }}
    return _document(cluster_name, api_address, user_name, ca_pem, user)


OIDC_INSTALL_HINT = (
    "This kubeconfig logs in with OpenID Connect through kubelogin, the kubectl plugin "
    "oidc-login: install it with `kubectl krew install oidc-login` (or see "
    "int128/kubelogin's releases), then run kubectl again; it opens your browser to log in.")


def render_oidc_kubeconfig(cluster_name, api_address, ca_pem, *, issuer_url, client_id):
    """Kubeconfig whose user is kubelogin (`kubectl oidc-login get-token`)
    asking the cluster's OpenID Connect issuer for an ID token at use time:
    nothing secret inside, and the cluster knows the user by the issuer's
    account, whoever downloaded the file."""
    user = {"exec": {
        "apiVersion": EXEC_API_VERSION,
        "command": "kubectl",
        "args": ["oidc-login", "get-token", f"--oidc-issuer-url={issuer_url}",
                 f"--oidc-client-id={client_id}"],
        "interactiveMode": "IfAvailable",
        "installHint": OIDC_INSTALL_HINT,
        "provideClusterInfo": False,
    }}
    return _document(cluster_name, api_address, "oidc", ca_pem, user)


def render_docker_environment(api_address, tls):
    """Legacy Swarm clusters: the Docker client's environment; certificates go alongside."""
    lines = [f"export DOCKER_HOST={api_address}", "export DOCKER_CERT_PATH=."]
    if tls:
        lines.append("export DOCKER_TLS_VERIFY=1")
    return "\n".join(lines) + "\n"
