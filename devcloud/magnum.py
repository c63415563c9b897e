"""The real Magnum, in either profile.

embedded: the API and one conductor in one process (devcloud.magnum_server)
on SQLite and in-process messaging.  production: Magnum's own WSGI app
(``magnum.wsgi.api``) under gunicorn with several workers, and separate
``magnum-conductor`` processes, over RabbitMQ, on MariaDB migrated with
``magnum-db-manage``; the clusters' Kubernetes APIs in a process of their
own (devcloud.kube_api.host).  Every Magnum process loads the simulated
driver; only conductors do its work.

The embedded profile runs a second region too: RegionTwo's Magnum
(``REGION_TWO_SERVICE``), one more process of the same kind with its own
SQLite database, driver store, port and range of cluster API ports, beside
the first in Keystone's catalog.  The production profile keeps one region.
"""
import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from devcloud import config as dc
from devcloud import processes
from devcloud.services import mariadb, rabbitmq

MAGNUM_CONF = """\
[DEFAULT]
transport_url = {transport_url}
state_path = {state}
debug = {debug}
log_file = {log}
host = devcloud
# SIGTERM stops a conductor in seconds (oslo.service waits 60 s by default)
graceful_shutdown_timeout = 5

[database]
connection = {database}

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
memcached_servers = {memcached}

[keystone_auth]
auth_url = {keystone}
auth_type = password
username = {user}
password = {password}
project_name = service
user_domain_name = Default
project_domain_name = Default

{oslo_policy}"""

# Registers the simulated driver for Magnum's processes only: a dist-info on
# their sys.path, so installing coe-ui never adds a driver to Magnum.
# A request magnum-api cannot finish (RabbitMQ down: oslo.messaging retries a
# cast until the queue is back) is ended below coe-ui's REQUEST_TIMEOUT (30 s),
# so it is dropped, not delivered late; the operator guide says the same.
API_WORKER_TIMEOUT = 20

# One entry point per driver personality (devcloud.driver.personalities), named as
# the real drivers are; "devcloud" (Heat's behaviour) is Magnum's default, the
# first name, and comes last so that Magnum's (server_type, os, coe) look-ups,
# which all answer, find it too. k8s_fedora_coreos_v1 is Heat's under its real
# name, for a template that names it.
ENTRY_POINTS = ("[magnum.drivers]\n"
                "k8s_fedora_coreos_v1 = devcloud.driver.driver:HeatDriver\n"
                "k8s_capi_helm_v1 = devcloud.driver.driver:CapiHelmDriver\n"
                "k8s_cluster_api_ubuntu = devcloud.driver.driver:ClusterApiDriver\n"
                "devcloud = devcloud.driver.driver:Driver\n")
METADATA = "Metadata-Version: 2.1\nName: devcloud-magnum-driver\nVersion: 0\n"


REGION_TWO_SERVICE = "magnum-region-two"


def services(cfg):
    """The processes Magnum runs as, in start order."""
    if not cfg.production:
        return ["magnum", REGION_TWO_SERVICE]
    return (["magnum-api"] + [f"magnum-conductor-{n}" for n in range(1, cfg.conductors + 1)]
            + ["kube-api"])


def region_two(cfg):
    """The settings RegionTwo's Magnum runs with: its state (database, driver
    store, log) in a folder of its own, its port, and the upper half of this
    devcloud's cluster API ports (the first region takes them from the bottom)."""
    return dataclasses.replace(cfg, state_dir=cfg.path(REGION_TWO_SERVICE), profile="embedded",
                               magnum_port=cfg.magnum2_port,
                               kube_port_base=cfg.kube_port_base + dc.KUBE_PORT_COUNT // 2)


def install_and_start_region_two(cfg):
    """RegionTwo's Magnum, set up and started as the embedded first region's
    is (its PID recorded with the others)."""
    second = region_two(cfg)
    second.path("log").mkdir(parents=True, exist_ok=True)
    install(second)
    processes.start_service(
        cfg, REGION_TWO_SERVICE,
        processes.python("-m", "devcloud.magnum_server", "--config-file", str(_conf(second))),
        second.url(second.magnum_port, "/"), 60, env=_environment(second))


def _conf(cfg):
    return cfg.path("magnum", "magnum.conf")


def install(cfg):
    state = cfg.path("magnum")
    (state / "locks").mkdir(parents=True, exist_ok=True)
    production = cfg.production
    _conf(cfg).write_text(MAGNUM_CONF.format(
        state=state, log=cfg.path("log", "magnum-server.log"), host=cfg.host,
        port=cfg.magnum_port, keystone=cfg.keystone_url, user=dc.SERVICE_USER,
        password=dc.SERVICE_PASSWORD, region=dc.REGION,
        paste=Path(sys.prefix, "etc", "magnum", "api-paste.ini"), max_clusters=cfg.max_clusters,
        transport_url=rabbitmq.url(cfg) if production else "fake://",
        database=(mariadb.url(cfg) if production
                  else f"sqlite:///{state}/magnum.sqlite"),
        memcached=cfg.memcached_address if production else "", oslo_policy=cfg.oslo_policy_section,
        debug="true" if cfg.state_dir.joinpath("debug").exists() else "false"))
    dist = state / "plugins" / "devcloud_magnum_driver-0.dist-info"
    dist.mkdir(parents=True, exist_ok=True)
    (dist / "entry_points.txt").write_text(ENTRY_POINTS)
    (dist / "METADATA").write_text(METADATA)
    if production:
        for n in range(1, cfg.conductors + 1):  # each conductor is a host of its own
            state.joinpath(f"conductor-{n}.conf").write_text(
                f"[DEFAULT]\nhost = conductor-{n}\nlog_file = "
                f"{cfg.path('log', f'magnum-conductor-{n}.log')}\n")
        mariadb.create_database(cfg)
        _run(cfg, "magnum-db-manage", "--config-file", str(_conf(cfg)), "upgrade")
    elif not (state / "magnum.sqlite").exists():
        processes.run_python(cfg, "devcloud.magnum_server", "--init-db",
                             "--config-file", str(_conf(cfg)))


def _run(cfg, program, *args):
    with open(processes.log_file(cfg, "setup"), "ab") as log:
        subprocess.run([str(Path(sys.executable).with_name(program)), *args], check=True,
                       stdout=log, stderr=subprocess.STDOUT, env=_environment(cfg, full=True))


def _environment(cfg, full=False):
    env = {
        "PYTHONPATH": os.pathsep.join([str(cfg.path("magnum", "plugins")), str(dc.REPO_ROOT)]),
        "PYTHONPATH_EXTRA": str(cfg.path("magnum", "plugins")),
        "DEVCLOUD_STATE_DIR": str(cfg.state_dir),
        "DEVCLOUD_OP_SECONDS": str(cfg.op_seconds),
        "DEVCLOUD_CATALOG_URL": cfg.catalog_url,
        "DEVCLOUD_KEYSTONE_URL": cfg.keystone_url,
        "DEVCLOUD_SERVICE_AUTH": json.dumps(cfg.service_auth()),
        "DEVCLOUD_KUBE_PORT_BASE": str(cfg.kube_port_base),
    }
    return dict(os.environ, PYTHONWARNINGS="ignore", **env) if full else env


def start(cfg, only=None):
    """Start Magnum's processes (``only``: those named, e.g. a conductor that was stopped)."""
    env = _environment(cfg)
    conf = str(_conf(cfg))
    for name in only or services(cfg):
        if name == REGION_TWO_SERVICE:
            continue  # started by install_and_start_region_two, beside the first
        if name == "magnum":
            processes.start_service(
                cfg, name, processes.python("-m", "devcloud.magnum_server", "--config-file", conf),
                cfg.url(cfg.magnum_port, "/"), 60, env=env)
        elif name == "magnum-api":
            processes.start_service(
                cfg, name,
                [str(Path(sys.executable).with_name("gunicorn")), "--no-control-socket",
                 "--bind", f"{cfg.host}:{cfg.magnum_port}",
                 "--workers", str(cfg.magnum_api_workers), "--timeout", str(API_WORKER_TIMEOUT),
                 "devcloud.magnum_wsgi:application"],
                cfg.url(cfg.magnum_port, "/"), 90,
                env=dict(env, DEVCLOUD_MAGNUM_ARGS=json.dumps(
                    ["--config-file", conf,
                     "--log-file", str(cfg.path("log", "magnum-api-app.log"))])))
        elif name.startswith("magnum-conductor-"):
            n = name.rsplit("-", 1)[1]
            processes.start_service(
                cfg, name,
                [str(Path(sys.executable).with_name("magnum-conductor")), "--config-file", conf,
                 "--config-file", str(cfg.path("magnum", f"conductor-{n}.conf"))],
                None, 60, env=env)
        elif name == "kube-api":
            processes.start_service(cfg, name, processes.python("-m", "devcloud.kube_api.host"),
                                    None, 10, env=env)


def reset(cfg):
    """Forget every cluster and template: Magnum starts afresh (Magnum must be stopped)."""
    shutil.rmtree(cfg.path("magnum"), ignore_errors=True)
    shutil.rmtree(cfg.path(REGION_TWO_SERVICE), ignore_errors=True)
    if cfg.production and processes.running_pid(cfg, "mariadb"):
        mariadb.drop_database(cfg)
