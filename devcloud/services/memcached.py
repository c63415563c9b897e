"""memcached: Horizon's cache and sessions, Keystone's and Magnum's token caches."""
from devcloud import processes
from devcloud.services import require


def start(cfg):
    processes.start_service(
        cfg, "memcached",
        [require("memcached"), "-l", cfg.host, "-p", str(cfg.memcached_port), "-U", "0",
         "-m", "64", "-u", "root"],
        cfg.memcached_port, 10)
