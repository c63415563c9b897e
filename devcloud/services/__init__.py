"""Services only the production profile runs, each with install / start
(stop is devcloud.processes.stop, by PID): memcached, MariaDB, RabbitMQ.

Debian's packages provide the programs (CI and `make` install them with
apt-get); they run as devcloud's own processes on 127.0.0.1 with their state
under the state folder, never as the system's services.
"""
import shutil

from devcloud.processes import StartError

PACKAGES = {"memcached": "memcached", "mariadbd": "mariadb-server",
            "rabbitmq-server": "rabbitmq-server"}


def require(program, path=None):
    found = path if path and shutil.which(path) else shutil.which(program)
    if not found:
        raise StartError(f"{program} is not installed: apt-get install -y {PACKAGES[program]} "
                         "(the production profile needs it)")
    return found
