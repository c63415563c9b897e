"""The real Horizon with coe-ui enabled, configured outside site-packages."""
import hashlib
import os
import secrets
import subprocess
import sys

from devcloud import processes, translations
from devcloud.config import REPO_ROOT


def environment(cfg):
    """What a process needs to load Horizon with devcloud's settings."""
    return {
        "DJANGO_SETTINGS_MODULE": "openstack_dashboard.settings",
        "DEVCLOUD_STATE_DIR": str(cfg.state_dir),
        "PYTHONPATH": os.pathsep.join([str(cfg.path("horizon")), str(REPO_ROOT)]),
    }


def _python(cfg, *args):
    """Horizon's Python: DEVCLOUD_HORIZON_PYTHON (another Horizon series'
    environment, `make test-horizon`) or the one running devcloud."""
    return [cfg.horizon_python or sys.executable, *args]


def _horizon_version(cfg):
    return subprocess.run(
        _python(cfg, "-c", "import importlib.metadata as m; print(m.version('horizon'))"),
        check=True, capture_output=True, text=True).stdout.strip()


def _static_fingerprint(cfg):
    """Changes whenever a file that collectstatic or compress reads changes,
    Horizon's own files included (its version)."""
    digest = hashlib.sha256(f"horizon {_horizon_version(cfg)}".encode())
    for top in ("coe_ui", "enabled"):
        for path in sorted((REPO_ROOT / top).rglob("*")):
            if path.is_file() and path.suffix in (".js", ".css", ".scss", ".html", ".py"):
                st = path.stat()
                digest.update(f"{path}:{st.st_size}:{st.st_mtime_ns}".encode())
    return digest.hexdigest()


def _django(cfg, *args):
    env = dict(os.environ, PYTHONWARNINGS="ignore", **environment(cfg))
    with open(processes.log_file(cfg, "setup"), "ab") as log:
        subprocess.run(_python(cfg, "-m", "django", *args), check=True, env=env,
                       stdout=log, stderr=subprocess.STDOUT, cwd=str(REPO_ROOT))


def install(cfg):
    state = cfg.path("horizon")
    (state / "local").mkdir(parents=True, exist_ok=True)
    (state / "sessions").mkdir(exist_ok=True)
    (state / "local" / "__init__.py").write_text("")
    (state / "local" / "local_settings.py").write_text("from devcloud.horizon_settings import *  # noqa\n")
    key = state / "secret_key"
    if not key.exists():
        key.write_text(secrets.token_urlsafe(48))
        key.chmod(0o600)
    translations.compile_catalogs()  # coe-ui's, in place, as an operator's compilemessages
    stamp = state / "static.stamp"
    fingerprint = _static_fingerprint(cfg)
    if not stamp.exists() or stamp.read_text() != fingerprint:
        # --clear: collectstatic keeps a collected file that is newer than
        # its source, which may be another Horizon version's.
        _django(cfg, "collectstatic", "--noinput", "--clear", "-v0")
        _django(cfg, "compress", "--force", "-v0")
        stamp.write_text(fingerprint)


# A request may wait on Magnum (up to ~20 s between node-group steps): threads
# keep such a wait from holding a whole worker, and the timeout is above it.
WORKER_THREADS = 4
WORKER_TIMEOUT = 60


def start(cfg):
    if cfg.production:
        argv = _python(cfg, "-m", "gunicorn", "--no-control-socket",
                       "--bind", f"{cfg.host}:{cfg.horizon_port}",
                       "--workers", str(cfg.horizon_workers), "--threads", str(WORKER_THREADS),
                       "--timeout", str(WORKER_TIMEOUT), "devcloud.horizon_wsgi:application")
    else:
        argv = _python(cfg, "-m", "django", "runserver", "--noreload", "--insecure",
                       f"{cfg.host}:{cfg.horizon_port}")
    processes.start_service(cfg, "horizon", argv, cfg.url(cfg.horizon_port, "/auth/login/"), 90,
                            env=environment(cfg))


def configure_this_process(cfg):
    """Run Horizon inside the calling process (tests, benchmarks): install
    its settings and static files, then take on its environment."""
    install(cfg)
    for key, value in environment(cfg).items():
        if key == "PYTHONPATH":
            for path in reversed(value.split(os.pathsep)):
                if path not in sys.path:
                    sys.path.insert(0, path)
        else:
            os.environ[key] = value
