"""RabbitMQ: the messaging between magnum-api and the conductors.

Run as devcloud's own node (not the system's service): its port mapper
(epmd) is a devcloud process of its own, so that both stop by PID.
"""
import os
import subprocess

from devcloud import processes
from devcloud.services import require

USER = "magnum"
PASSWORD = "magnum-devcloud"
SERVER = "/usr/lib/rabbitmq/bin/rabbitmq-server"  # the /usr/sbin wrapper switches user
CTL = "/usr/lib/rabbitmq/bin/rabbitmqctl"


def url(cfg):
    return f"rabbit://{USER}:{PASSWORD}@{cfg.host}:{cfg.rabbitmq_port}/"


def _ports(cfg):
    return {"epmd": cfg.rabbitmq_port + 1, "dist": cfg.rabbitmq_port + 2}


def environment(cfg):
    state = cfg.path("rabbitmq")
    return {
        "HOME": str(state),
        "RABBITMQ_NODENAME": f"devcloud{cfg.rabbitmq_port}@localhost",
        "RABBITMQ_NODE_IP_ADDRESS": cfg.host,
        "RABBITMQ_NODE_PORT": str(cfg.rabbitmq_port),
        "RABBITMQ_DIST_PORT": str(_ports(cfg)["dist"]),
        "ERL_EPMD_ADDRESS": cfg.host,
        "ERL_EPMD_PORT": str(_ports(cfg)["epmd"]),
        "RABBITMQ_MNESIA_BASE": str(state / "mnesia"),
        "RABBITMQ_LOG_BASE": str(cfg.path("log", "rabbitmq")),
        "RABBITMQ_CONFIG_FILE": str(state / "rabbitmq.conf"),
        "RABBITMQ_ENABLED_PLUGINS_FILE": str(state / "enabled_plugins"),
        "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": "-kernel inet_dist_use_interface {127,0,0,1}",
    }


def install(cfg):
    state = cfg.path("rabbitmq")
    state.mkdir(parents=True, exist_ok=True)
    (state / "rabbitmq.conf").write_text(
        f"listeners.tcp.default = {cfg.host}:{cfg.rabbitmq_port}\nloopback_users = none\n")
    (state / "enabled_plugins").write_text("[].\n")


def _ctl(cfg, *args):
    return subprocess.run([CTL, *args], env=dict(os.environ, **environment(cfg)),
                          capture_output=True, text=True, timeout=60)


def start(cfg):
    require("rabbitmq-server", SERVER)
    env = environment(cfg)
    processes.start_service(
        cfg, "epmd", ["epmd", "-port", env["ERL_EPMD_PORT"], "-address", cfg.host],
        _ports(cfg)["epmd"], 10, env=env)
    processes.start_service(cfg, "rabbitmq", [SERVER], cfg.rabbitmq_port, 90, env=env)
    if _ctl(cfg, "authenticate_user", USER, PASSWORD).returncode != 0:
        for args in (("add_user", USER, PASSWORD),
                     ("set_permissions", "-p", "/", USER, ".*", ".*", ".*")):
            done = _ctl(cfg, *args)
            if done.returncode != 0:
                raise processes.StartError(f"rabbitmqctl {args[0]} failed: {done.stderr.strip()}")
