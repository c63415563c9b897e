"""The real Magnum: configuration, schema, and the one-process API + conductor."""
import json
import sys
from pathlib import Path

from devcloud import config as dc
from devcloud import processes

MAGNUM_CONF = """\
[DEFAULT]
transport_url = fake://
state_path = {state}
debug = {debug}
log_file = {log}
host = devcloud

[database]
connection = sqlite:///{state}/magnum.sqlite

[api]
host = {host}
port = {port}
workers = 1
api_paste_config = {paste}

[conductor]
workers = 1

[certificates]
cert_manager_type = x509keypair

[quotas]
max_clusters_per_project = {max_clusters}

[oslo_messaging_rpc]
rpc_response_timeout = 30

[oslo_concurrency]
lock_path = {state}/locks

[keystone_authtoken]
www_authenticate_uri = {keystone}
auth_url = {keystone}
auth_type = password
username = {user}
password = {password}
project_name = service
user_domain_name = Default
project_domain_name = Default
region_name = {region}

[keystone_auth]
auth_url = {keystone}
auth_type = password
username = {user}
password = {password}
project_name = service
user_domain_name = Default
project_domain_name = Default
"""

# Registers the simulated driver for the Magnum process only: a dist-info on
# that process's sys.path, so installing coe-ui never adds a driver to Magnum.
ENTRY_POINTS = "[magnum.drivers]\ndevcloud = devcloud.driver.driver:Driver\n"
METADATA = "Metadata-Version: 2.1\nName: devcloud-magnum-driver\nVersion: 0\n"


def install(cfg):
    state = cfg.path("magnum")
    (state / "locks").mkdir(parents=True, exist_ok=True)
    conf = state / "magnum.conf"
    conf.write_text(MAGNUM_CONF.format(
        state=state, log=cfg.path("log", "magnum-server.log"), host=cfg.host,
        port=cfg.magnum_port, keystone=cfg.keystone_url, user=dc.SERVICE_USER,
        password=dc.SERVICE_PASSWORD, region=dc.REGION,
        paste=Path(sys.prefix, "etc", "magnum", "api-paste.ini"), max_clusters=cfg.max_clusters,
        debug="true" if cfg.state_dir.joinpath("debug").exists() else "false"))
    dist = state / "plugins" / "devcloud_magnum_driver-0.dist-info"
    dist.mkdir(parents=True, exist_ok=True)
    (dist / "entry_points.txt").write_text(ENTRY_POINTS)
    (dist / "METADATA").write_text(METADATA)
    if not (state / "magnum.sqlite").exists():
        processes.run_python(cfg, "devcloud.magnum_server", "--init-db", "--config-file", str(conf))


def start(cfg):
    state = cfg.path("magnum")
    processes.start_service(
        cfg, "magnum",
        processes.python("-m", "devcloud.magnum_server", "--config-file", str(state / "magnum.conf")),
        env={
            "PYTHONPATH_EXTRA": str(state / "plugins"),
            "DEVCLOUD_STATE_DIR": str(cfg.state_dir),
            "DEVCLOUD_OP_SECONDS": str(cfg.op_seconds),
            "DEVCLOUD_CATALOG_URL": cfg.catalog_url,
            "DEVCLOUD_KEYSTONE_URL": cfg.keystone_url,
            "DEVCLOUD_SERVICE_AUTH": json.dumps(cfg.service_auth()),
        }, ready_url=cfg.url(cfg.magnum_port, "/"), timeout=60)
