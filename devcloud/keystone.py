"""The real Keystone: SQLite, fernet tokens, seeded with devcloud's users and catalog."""
import contextlib
import json
import subprocess
import sys
from pathlib import Path

from devcloud import config as dc
from devcloud import processes

KEYSTONE_CONF = """\
[DEFAULT]
debug = false
[database]
connection = sqlite:///{state}/keystone.sqlite
[token]
provider = fernet
expiration = 14400
[fernet_tokens]
key_repository = {state}/fernet-keys
[fernet_receipts]
key_repository = {state}/fernet-keys
[credential]
key_repository = {state}/credential-keys
{oslo_policy}{cache}"""

# The production profile: tokens validated by one worker are cached for all.
CACHE = """[cache]
enabled = true
backend = dogpile.cache.pymemcache
memcache_servers = {servers}
"""


def _manage(cfg, *args):
    conf = cfg.path("keystone", "keystone.conf")
    subprocess.run(
        [str(Path(sys.executable).with_name("keystone-manage")), "--config-file", str(conf), *args],
        check=True, capture_output=True, cwd=str(cfg.state_dir))


def install(cfg):
    """Create the database and keys once; later starts reuse them."""
    state = cfg.path("keystone")
    state.mkdir(parents=True, exist_ok=True)
    (state / "keystone.conf").write_text(KEYSTONE_CONF.format(
        state=state, oslo_policy=cfg.oslo_policy_section, cache=CACHE.format(servers=cfg.memcached_address) if cfg.production else ""))
    if (state / "bootstrapped").exists():
        return
    for sub in ("fernet-keys", "credential-keys"):
        (state / sub).mkdir(parents=True, exist_ok=True)
        (state / sub).chmod(0o700)
    _manage(cfg, "db_sync")
    _manage(cfg, "fernet_setup", "--keystone-user", "root", "--keystone-group", "root")
    _manage(cfg, "credential_setup", "--keystone-user", "root", "--keystone-group", "root")
    _manage(cfg, "bootstrap", "--bootstrap-password", "admin",
            "--bootstrap-username", "admin", "--bootstrap-project-name", "admin",
            "--bootstrap-role-name", "admin", "--bootstrap-service-name", "keystone",
            "--bootstrap-region-id", dc.REGION,
            *[f"--bootstrap-{i}-url={cfg.keystone_url}" for i in ("admin", "internal", "public")])
    (state / "bootstrapped").write_text("")


def start(cfg):
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    processes.start_service(
        cfg, "keystone",
        [gunicorn, "--no-control-socket", "--bind", f"{cfg.host}:{cfg.keystone_port}",
         "--workers", str(cfg.keystone_workers if cfg.production else 1), "--threads", "8",
         "--timeout", "120",
         "devcloud.keystone_wsgi:application"],
        cfg.keystone_url, 60, env={"OS_KEYSTONE_CONFIG_DIR": str(cfg.path("keystone"))})


def catalog_entries(cfg):
    """(region, service type, name, URL) of every service devcloud offers:
    in RegionTwo (the embedded profile) its own Magnum, beside the same
    catalog stand-in; Keystone itself is RegionOne's, for both."""
    cat = cfg.catalog_url
    stand_in = [
        ("image", "glance", f"{cat}/image"),
        ("compute", "nova", f"{cat}/compute/v2.1"),
        ("network", "neutron", f"{cat}/network"),
        ("volumev3", "cinderv3", f"{cat}/volume/v3/%(project_id)s"),
        ("block-storage", "cinder", f"{cat}/volume/v3/%(project_id)s"),
        ("load-balancer", "octavia", f"{cat}/load-balancer"),
    ]
    entries = [(dc.REGION, "container-infra", "magnum", cfg.magnum_url)]
    entries += [(dc.REGION, *entry) for entry in stand_in]
    if dc.REGION_TWO in cfg.regions:
        entries.append((dc.REGION_TWO, "container-infra", "magnum", cfg.magnum2_url))
        entries += [(dc.REGION_TWO, *entry) for entry in stand_in]
    return entries


def admin_session(cfg):
    from keystoneauth1 import session
    from keystoneauth1.identity import v3
    auth = v3.Password(auth_url=cfg.keystone_url, username="admin", password="admin",
                       project_name="admin", user_domain_name="Default",
                       project_domain_name="Default")
    return session.Session(auth=auth)


@contextlib.contextmanager
def extra_region(cfg, region, magnum_url):
    """``region`` in Keystone's catalog, its Magnum at ``magnum_url``, for the
    block only (tokens issued meanwhile list it; a test's or benchmark's)."""
    from keystoneclient.v3 import client

    ks = client.Client(session=admin_session(cfg), interface="public")
    service = ks.services.list(type="container-infra")[0]
    ks.regions.create(id=region)
    try:
        endpoint = ks.endpoints.create(service=service, url=magnum_url, interface="public",
                                       region=region)
        try:
            yield
        finally:
            ks.endpoints.delete(endpoint)
    finally:
        ks.regions.delete(region)


def seed(cfg):
    """Projects, users, roles and the service catalog; safe to run again,
    and skipped when this state folder was seeded for the same catalog."""
    from keystoneclient.v3 import client

    stamp = cfg.path("keystone", "seeded")
    wanted = json.dumps(catalog_entries(cfg))
    if stamp.exists() and stamp.read_text() == wanted:
        return

    ks = client.Client(session=admin_session(cfg))
    roles = {r.name: r for r in ks.roles.list()}

    def ensure(manager, name, **kwargs):
        found = manager.list(name=name)
        return found[0] if found else manager.create(name=name, **kwargs)

    projects = {p: ensure(ks.projects, p, domain="default")
                for p in ("admin", "demo", "other", "service")}
    for user, (project, role) in dc.USERS.items():
        u = ensure(ks.users, user, domain="default", password=user,
                   default_project=projects[project])
        ks.roles.grant(roles[role], user=u, project=projects[project])
    svc = ensure(ks.users, dc.SERVICE_USER, domain="default", password=dc.SERVICE_PASSWORD)
    for role in ("admin", "service"):
        ks.roles.grant(roles[role], user=svc, project=projects["service"])

    known_regions = {region.id for region in ks.regions.list()}
    for region, stype, name, url in catalog_entries(cfg):
        if region not in known_regions:
            ks.regions.create(id=region)
            known_regions.add(region)
        service = next(iter(ks.services.list(type=stype)), None) or \
            ks.services.create(name=name, type=stype)
        existing = {e.interface: e for e in ks.endpoints.list(service=service, region=region)}
        for interface in ("public", "internal", "admin"):
            if interface in existing:
                if existing[interface].url != url:
                    ks.endpoints.update(existing[interface], url=url)
            else:
                ks.endpoints.create(service=service, url=url, interface=interface,
                                    region=region)
    stamp.write_text(wanted)
