"""MariaDB: Magnum's database, created with Magnum's own migrations."""
import subprocess

from devcloud import processes
from devcloud.services import require

DATABASE = "magnum"
USER = "magnum"
PASSWORD = "magnum-devcloud"


def url(cfg):
    return (f"mysql+pymysql://{USER}:{PASSWORD}@{cfg.host}:{cfg.mariadb_port}/{DATABASE}"
            "?charset=utf8mb4")


def _socket(cfg):
    return cfg.path("mariadb", "mariadb.sock")


def install(cfg):
    data = cfg.path("mariadb", "data")
    if (data / "mysql").exists():
        return
    data.mkdir(parents=True, exist_ok=True)
    with open(processes.log_file(cfg, "setup"), "ab") as log:
        subprocess.run([require("mariadb-install-db", "/usr/bin/mariadb-install-db"),
                        "--no-defaults", "--user=root", f"--datadir={data}",
                        "--auth-root-authentication-method=socket", "--skip-test-db"],
                       check=True, stdout=log, stderr=subprocess.STDOUT)


def start(cfg):
    processes.start_service(
        cfg, "mariadb",
        [require("mariadbd", "/usr/sbin/mariadbd"), "--no-defaults", "--user=root",
         f"--datadir={cfg.path('mariadb', 'data')}", f"--socket={_socket(cfg)}",
         f"--port={cfg.mariadb_port}", f"--bind-address={cfg.host}", "--skip-name-resolve",
         f"--pid-file={cfg.path('mariadb', 'mariadbd.pid')}", "--innodb-buffer-pool-size=64M"],
        cfg.mariadb_port, 60)


def create_database(cfg):
    """Magnum's database and user; harmless when they exist."""
    sql = (f"CREATE DATABASE IF NOT EXISTS {DATABASE} CHARACTER SET utf8mb4; "
           f"CREATE USER IF NOT EXISTS '{USER}'@'{cfg.host}' IDENTIFIED BY '{PASSWORD}'; "
           f"GRANT ALL ON {DATABASE}.* TO '{USER}'@'{cfg.host}';")
    subprocess.run([require("mariadb", "/usr/bin/mariadb"), f"--socket={_socket(cfg)}",
                    "-uroot", "-e", sql], check=True, capture_output=True)


def drop_database(cfg):
    """Start Magnum afresh (the tests do, each session)."""
    subprocess.run([require("mariadb", "/usr/bin/mariadb"), f"--socket={_socket(cfg)}", "-uroot",
                    "-e", f"DROP DATABASE IF EXISTS {DATABASE}"], check=True, capture_output=True)
