"""Start, stop and inspect the whole devcloud."""
import json
import time

from devcloud import horizon, keystone, magnum, processes, seed
from devcloud.config import USERS

SERVICES = ("catalog", "keystone", "magnum", "horizon")


def _ports(cfg):
    return {"catalog": cfg.catalog_port, "keystone": cfg.keystone_port,
            "magnum": cfg.magnum_port, "horizon": cfg.horizon_port}


def _start_catalog(cfg):
    processes.start_service(cfg, "catalog", processes.python("-m", "devcloud.catalog"),
                            cfg.url(cfg.catalog_port, "/image"), 30,
                            env={"DEVCLOUD_STATE_DIR": str(cfg.state_dir)})


def _step(label, func, cfg, timings):
    began = time.monotonic()
    func(cfg)
    timings[label] = round(time.monotonic() - began, 1)


def start(cfg):
    """Start what is not running yet; harmless when everything already runs."""
    cfg.state_dir.mkdir(parents=True, exist_ok=True)
    ports = _ports(cfg)
    missing = [s for s in SERVICES if processes.running_pid(cfg, s) is None]
    for name in missing:
        if not processes.port_is_free(cfg.host, ports[name]):
            raise processes.StartError(
                f"port {ports[name]} for {name} is taken by another program; "
                f"set DEVCLOUD_{name.upper()}_PORT to use another port")
    timings = {}
    began = time.monotonic()
    if "catalog" in missing:
        _step("catalog", _start_catalog, cfg, timings)
    if "keystone" in missing:
        _step("keystone setup", keystone.install, cfg, timings)
        _step("keystone start", keystone.start, cfg, timings)
        _step("keystone seed", keystone.seed, cfg, timings)
    if "magnum" in missing:
        _step("magnum setup", magnum.install, cfg, timings)
        _step("magnum start", magnum.start, cfg, timings)
    if "horizon" in missing:
        _step("horizon setup", horizon.install, cfg, timings)
        _step("horizon start", horizon.start, cfg, timings)
    if cfg.seed_demo:
        _step("demo content", seed.seed, cfg, timings)
    timings["total"] = round(time.monotonic() - began, 1)
    (cfg.path("run", "timings.json")).write_text(json.dumps(timings))
    return timings


def stop(cfg):
    stopped = [name for name in reversed(SERVICES) if processes.stop(cfg, name)]
    return stopped


def status(cfg):
    rows = {}
    for name in SERVICES:
        pid = processes.running_pid(cfg, name)
        rows[name] = {"pid": pid, "port": _ports(cfg)[name],
                      "rss_mib": round(processes.rss_kib(pid) / 1024) if pid else 0}
    return rows


def describe(cfg):
    users = ", ".join(f"{u} ({p}, {r})" for u, (p, r) in USERS.items())
    return (f"Horizon   {cfg.horizon_url}\n"
            f"Keystone  {cfg.keystone_url}\n"
            f"Magnum    {cfg.magnum_url}\n"
            f"Logins    {users}; each password is the user name\n"
            f"State     {cfg.state_dir}  (logs in {cfg.path('log')})")
