"""Where devcloud keeps its state and which loopback ports it uses.

Everything is overridable from the environment so that the test suite can run
its own devcloud beside a running demo.
"""
import dataclasses
import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

# The demo logins: every user's password is its own name (loopback only).
USERS = {
    # user: (project, role)
    "admin": ("admin", "admin"),
    "demo": ("demo", "member"),
    "viewer": ("demo", "reader"),
    "other": ("other", "member"),
}
SERVICE_USER = "magnum"
SERVICE_PASSWORD = "magnum-devcloud"
REGION = "RegionOne"
# The embedded profile's second region: a Magnum of its own (devcloud.magnum),
# the same driver and catalog stand-in, the same Keystone.
REGION_TWO = "RegionTwo"


PROFILES = ("embedded", "production")
# How many ports, from Config.kube_port_base, the simulated clusters' APIs may take.
KUBE_PORT_COUNT = 1000
# The ports of a devcloud of its own (Config.isolated_environment): these
# plus its port base, so that the tests' (base 10000) have Keystone on 15000
# and Magnum on 19511, and their clusters' APIs 16443 on.
ISOLATED_PORTS = {"KEYSTONE": 5000, "MAGNUM": 9511, "CATALOG": 9990, "HORIZON": 8080,
                  "MEMCACHED": 5211, "RABBITMQ": 5672, "MARIADB": 5306, "MAGNUM2": 9512}


def _switch(name, value):
    if value not in ("on", "off"):
        raise ValueError(f"{name} must be on or off, not {value!r}")
    return value == "on"


def _profile(name):
    if name not in PROFILES:
        raise ValueError(f"DEVCLOUD_PROFILE must be one of {', '.join(PROFILES)}, not {name!r}")
    return name


@dataclasses.dataclass(frozen=True)
class Config:
    state_dir: Path
    host: str = "127.0.0.1"
    keystone_port: int = 5000
    magnum_port: int = 9511
    # RegionTwo's Magnum (the embedded profile only).
    magnum2_port: int = 9512
    catalog_port: int = 9990
    horizon_port: int = 8080
    # The first simulated cluster API port: unless set, beside Keystone's (6443
    # for 5000), so that devclouds whose Keystone ports lie KUBE_PORT_COUNT
    # apart have ranges of their own.
    kube_port_base: int = 6443
    # How long a simulated Magnum operation stays *_IN_PROGRESS.
    op_seconds: float = 3.0
    # Magnum's default quota of clusters per project.
    max_clusters: int = 20
    seed_demo: bool = True
    # The Python that runs Horizon (an environment with another Horizon
    # series, `make test-horizon`); None: the one running devcloud.
    horizon_python: str | None = None
    # embedded: one process per service (Magnum's API and conductor together,
    # on SQLite); production: the shape clouds run (WSGI workers, memcached,
    # magnum-api + conductors over RabbitMQ, MariaDB).
    profile: str = "embedded"
    memcached_port: int = 11211
    rabbitmq_port: int = 5672      # its port mapper and distribution port are the next two
    mariadb_port: int = 3306
    horizon_workers: int = 4
    keystone_workers: int = 2
    magnum_api_workers: int = 2
    conductors: int = 2
    # oslo.policy's enforce_new_defaults and enforce_scope in Keystone and
    # Magnum: on, as from 2024.2 (oslo.policy 4.4) they are by default; off,
    # the deprecated rules as well (how 2024.1's services run by default).
    secure_rbac: bool = True

    @classmethod
    def from_env(cls, env=os.environ):
        def port(name, default):
            return int(env.get(f"DEVCLOUD_{name}_PORT", default))

        keystone_port = port("KEYSTONE", 5000)
        return cls(
            state_dir=Path(env.get("DEVCLOUD_STATE_DIR", REPO_ROOT / ".devcloud")).resolve(),
            keystone_port=keystone_port,
            kube_port_base=int(env.get("DEVCLOUD_KUBE_PORT_BASE", keystone_port + 1443)),
            magnum_port=port("MAGNUM", 9511),
            magnum2_port=port("MAGNUM2", 9512),
            catalog_port=port("CATALOG", 9990),
            horizon_port=port("HORIZON", 8080),
            op_seconds=float(env.get("DEVCLOUD_OP_SECONDS", 3.0)),
            max_clusters=int(env.get("DEVCLOUD_MAX_CLUSTERS", 20)),
            seed_demo=env.get("DEVCLOUD_SEED", "1") != "0",
            horizon_python=env.get("DEVCLOUD_HORIZON_PYTHON") or None,
            profile=_profile(env.get("DEVCLOUD_PROFILE", "embedded")),
            memcached_port=port("MEMCACHED", 11211),
            rabbitmq_port=port("RABBITMQ", 5672),
            mariadb_port=port("MARIADB", 3306),
            horizon_workers=int(env.get("DEVCLOUD_HORIZON_WORKERS", 4)),
            keystone_workers=int(env.get("DEVCLOUD_KEYSTONE_WORKERS", 2)),
            magnum_api_workers=int(env.get("DEVCLOUD_MAGNUM_API_WORKERS", 2)),
            conductors=int(env.get("DEVCLOUD_CONDUCTORS", 2)),
            secure_rbac=_switch("DEVCLOUD_SECURE_RBAC", env.get("DEVCLOUD_SECURE_RBAC", "on")),
        )

    @staticmethod
    def isolated_environment(name, port_base, profile="embedded"):
        """The DEVCLOUD_* variables of a devcloud of its own beside the demo's
        (the tests', the benchmarks'): its state in .devcloud-NAME (and
        -PROFILE but for the embedded profile, whose state is kept apart), its
        ports ISOLATED_PORTS plus ``port_base``. Exported with setdefault, what
        the environment already says wins."""
        suffix = "" if _profile(profile) == "embedded" else f"-{profile}"
        return {"DEVCLOUD_STATE_DIR": str(REPO_ROOT / f".devcloud-{name}{suffix}"),
                **{f"DEVCLOUD_{service}_PORT": str(port_base + port)
                   for service, port in ISOLATED_PORTS.items()}}

    def url(self, port, path=""):
        return f"http://{self.host}:{port}{path}"

    @property
    def keystone_url(self):
        return self.url(self.keystone_port, "/v3")

    @property
    def magnum_url(self):
        return self.url(self.magnum_port, "/v1")

    @property
    def magnum2_url(self):
        return self.url(self.magnum2_port, "/v1")

    @property
    def regions(self):
        """The regions with a Magnum: RegionTwo in the embedded profile only."""
        return (REGION,) if self.production else (REGION, REGION_TWO)

    @property
    def catalog_url(self):
        return self.url(self.catalog_port)

    @property
    def oidc_issuer_url(self):
        """The devcloud's OpenID Connect issuer (devcloud.oidc_issuer), in the catalog's process."""
        return self.url(self.catalog_port, "/oidc")

    @property
    def horizon_url(self):
        return self.url(self.horizon_port, "/")

    @property
    def production(self):
        return self.profile == "production"

    @property
    def memcached_address(self):
        return f"{self.host}:{self.memcached_port}"

    @property
    def oslo_policy_section(self):
        """Keystone's and Magnum's [oslo_policy], as secure_rbac says."""
        value = str(self.secure_rbac).lower()
        return f"[oslo_policy]\nenforce_new_defaults = {value}\nenforce_scope = {value}\n"

    def path(self, *parts):
        return self.state_dir.joinpath(*parts)

    def service_auth(self):
        """Credentials of the service user the simulated parts validate tokens with."""
        return {
            "auth_url": self.keystone_url,
            "username": SERVICE_USER,
            "password": SERVICE_PASSWORD,
            "project_name": "service",
            "user_domain_name": "Default",
            "project_domain_name": "Default",
        }
