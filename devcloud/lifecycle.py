"""Start, stop and inspect the whole devcloud."""
import dataclasses
import json
import threading
import time

from devcloud import horizon, keystone, magnum, processes, seed
from devcloud.config import USERS
from devcloud.services import mariadb, memcached, rabbitmq

# Only the production profile runs these, before the rest.
BACKING_SERVICES = ("memcached", "mariadb", "epmd", "rabbitmq")


def services(cfg):
    """Every process devcloud runs for this profile, in start order."""
    backing = list(BACKING_SERVICES) if cfg.production else []
    return backing + ["catalog", "keystone"] + magnum.services(cfg) + ["horizon"]


def _ports(cfg):
    return {"catalog": cfg.catalog_port, "keystone": cfg.keystone_port,
            "magnum": cfg.magnum_port, "magnum-api": cfg.magnum_port,
            magnum.REGION_TWO_SERVICE: cfg.magnum2_port,
            "horizon": cfg.horizon_port, "memcached": cfg.memcached_port,
            "mariadb": cfg.mariadb_port, "rabbitmq": cfg.rabbitmq_port,
            "epmd": cfg.rabbitmq_port + 1}


def _start_backing(cfg, missing, timings):
    if "memcached" in missing:
        _step("memcached", memcached.start, cfg, timings)
    if "mariadb" in missing:
        _step("mariadb setup", mariadb.install, cfg, timings)
        _step("mariadb start", mariadb.start, cfg, timings)
    if "rabbitmq" in missing or "epmd" in missing:
        processes.stop(cfg, "rabbitmq")
        processes.stop(cfg, "epmd")
        _step("rabbitmq setup", rabbitmq.install, cfg, timings)
        _step("rabbitmq start", rabbitmq.start, cfg, timings)


def _start_catalog(cfg):
    processes.start_service(cfg, "catalog", processes.python("-m", "devcloud.catalog"),
                            cfg.url(cfg.catalog_port, "/image"), 30,
                            env={"DEVCLOUD_STATE_DIR": str(cfg.state_dir)})


def _step(label, func, cfg, timings):
    began = time.monotonic()
    func(cfg)
    timings[label] = round(time.monotonic() - began, 1)


class _Beside(threading.Thread):
    """A step run beside the others (its own processes, its own ports);
    ``finish()`` waits for it and raises what it raised."""

    def __init__(self, label, func, cfg, timings):
        super().__init__(name=f"devcloud {label}", daemon=True)
        self.error = None
        self._run_step = lambda: _step(label, func, cfg, timings)

    def run(self):
        try:
            self._run_step()
        except BaseException as error:  # handed to finish()
            self.error = error

    def finish(self):
        self.join()
        if self.error is not None:
            raise self.error


def start(cfg, fresh_magnum=False):
    """Start what is not running yet; harmless when everything already runs.

    ``fresh_magnum``: Magnum starts with no template or cluster (its
    processes must be stopped; the tests and benchmarks start this way)."""
    cfg.state_dir.mkdir(parents=True, exist_ok=True)
    ports = _ports(cfg)
    missing = [s for s in services(cfg) if processes.running_pid(cfg, s) is None]
    for name in missing:
        if name in ports and not processes.port_is_free(cfg.host, ports[name]):
            setting = {"epmd": "RABBITMQ", magnum.REGION_TWO_SERVICE: "MAGNUM2"}.get(
                name, name.split("-")[0].upper())
            raise processes.StartError(
                f"port {ports[name]} for {name} is taken by another program; "
                f"set DEVCLOUD_{setting}_PORT to use another port")
    timings = {}
    began = time.monotonic()
    _start_backing(cfg, missing, timings)
    if fresh_magnum:
        magnum.reset(cfg)
    if "catalog" in missing:
        _step("catalog", _start_catalog, cfg, timings)
    # RegionTwo's Magnum needs nothing else to start (Keystone only once
    # asked): it comes up while Keystone and the first Magnum do.
    region_two = None
    if magnum.REGION_TWO_SERVICE in missing:
        region_two = _Beside("magnum RegionTwo", magnum.install_and_start_region_two, cfg, timings)
        region_two.start()
    if "keystone" in missing:
        _step("keystone setup", keystone.install, cfg, timings)
        _step("keystone start", keystone.start, cfg, timings)
        _step("keystone seed", keystone.seed, cfg, timings)
    magnum_missing = [s for s in magnum.services(cfg)
                      if s in missing and s != magnum.REGION_TWO_SERVICE]
    if magnum_missing:
        if {"magnum", "magnum-api"} & set(magnum_missing):
            _step("magnum setup", magnum.install, cfg, timings)
        _step("magnum start", lambda c: magnum.start(c, only=magnum_missing), cfg, timings)
    if region_two is not None:
        began_waiting = time.monotonic()
        region_two.finish()
        timings["magnum RegionTwo: waited for"] = round(time.monotonic() - began_waiting, 1)
    if "horizon" in missing:
        _step("horizon setup", horizon.install, cfg, timings)
        _step("horizon start", horizon.start, cfg, timings)
    if cfg.seed_demo:
        _step("demo content", seed.seed, cfg, timings)
    timings["total"] = round(time.monotonic() - began, 1)
    (cfg.path("run", "timings.json")).write_text(json.dumps(timings))
    return timings


def stop(cfg):
    """Stop what either profile may have started in this state folder."""
    everything = dict.fromkeys(services(cfg) + services(_other_profile(cfg)))
    return processes.stop_all(cfg, reversed(everything))


def _other_profile(cfg):
    return dataclasses.replace(cfg, profile="embedded" if cfg.production else "production")


def status(cfg):
    rows = {}
    for name in services(cfg):
        pid = processes.running_pid(cfg, name)
        rows[name] = {"pid": pid, "port": _ports(cfg).get(name),
                      "processes": len(processes.group_pids(pid)) if pid else 0,
                      "rss_mib": round(processes.rss_kib(pid) / 1024) if pid else 0}
    return rows


def describe(cfg):
    users = ", ".join(f"{u} ({p}, {r})" for u, (p, r) in USERS.items())
    rbac = ("on (new defaults, scope checked)" if cfg.secure_rbac
            else "off (deprecated rules too)")
    return (f"Profile   {cfg.profile}\n"
            f"RBAC      {rbac}\n"
            f"Horizon   {cfg.horizon_url}\n"
            f"Keystone  {cfg.keystone_url}\n"
            f"Magnum    {cfg.magnum_url}"
            + ("" if cfg.production else f"  (RegionTwo: {cfg.magnum2_url})") + "\n"
            f"Logins    {users}; each password is the user name\n"
            f"State     {cfg.state_dir}  (logs in {cfg.path('log')})")
