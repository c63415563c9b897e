"""The benchmarks' own devcloud, beside a running demo (:5000...) or test
run (:15000...): its own state folder, ports and a Magnum quota large
enough for the 1000-cluster page."""
import os
import time

from magnumclient import exceptions as magnum_errors

from devcloud import clients, lifecycle, seed
from devcloud.config import Config

PROFILE = os.environ.get("DEVCLOUD_PROFILE", "embedded")
BENCH_ENV = {
    # .devcloud-bench (the production profile's in .devcloud-bench-production);
    # Keystone on 25000, Magnum on 29511...
    **Config.isolated_environment("bench", 20000, PROFILE),
    "DEVCLOUD_OP_SECONDS": "0.5",
    "DEVCLOUD_SEED": "0",  # seeded below, once Magnum is known to be empty
    "DEVCLOUD_MAX_CLUSTERS": "5000",
}


def where(cfg):
    """What a figure was measured on, in words (every report says it)."""
    if cfg.production:
        return (f"devcloud's production profile on loopback: Horizon under gunicorn "
                f"({cfg.horizon_workers} workers) with memcached, Keystone "
                f"({cfg.keystone_workers} workers), magnum-api ({cfg.magnum_api_workers} "
                f"workers) and {cfg.conductors} conductors over RabbitMQ on MariaDB, "
                "simulated driver; one 2-core machine")
    return ("devcloud's embedded profile on loopback: Horizon's development server, Magnum's "
            "API and conductor in one process on SQLite, simulated driver; not production")


def config():
    """The bench devcloud's Config; the environment may still move its ports."""
    for key, value in BENCH_ENV.items():
        os.environ.setdefault(key, value)
    return Config.from_env()


def start(cfg):
    """A running devcloud with an empty Magnum plus devcloud's demo content
    (two public templates and `demo-cluster`, created by `demo` through the
    API). Magnum's state from an earlier run is dropped: Magnum would load
    its leftover clusters, and their simulated servers, at start."""
    lifecycle.stop(cfg)
    timings = lifecycle.start(cfg, fresh_magnum=True)
    try:
        seed.seed(cfg)
    except magnum_errors.BadRequest:
        pass  # seed's own wait met the 400 described in clusters(); wait here instead
    wait_until(clients.magnum(cfg, "demo"), f"{seed.CLUSTER_NAME} CREATE_COMPLETE",
               lambda found: any(c.name == seed.CLUSTER_NAME and c.status == "CREATE_COMPLETE"
                                 for c in found))
    return timings


def stop(cfg):
    return lifecycle.stop(cfg)


def clusters(magnum):
    """The project's clusters. Magnum answers a list with 400 while a cluster
    just created has no node groups yet (its conductor adds them a moment
    after the POST): ask again then."""
    for _ in range(20):
        try:
            return magnum.clusters.list()
        except magnum_errors.BadRequest:
            time.sleep(0.5)
    return magnum.clusters.list()


def wait_until(magnum, what, condition, timeout=120):
    deadline = time.monotonic() + timeout
    while not condition(clusters(magnum)):
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout} s in vain for {what}")
        time.sleep(0.5)
