"""Start, watch and stop devcloud's own processes, each recorded by PID."""
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

from devcloud.config import REPO_ROOT


class StartError(RuntimeError):
    pass


def pid_file(cfg, name):
    return cfg.path("run", f"{name}.pid")


def log_file(cfg, name):
    return cfg.path("log", f"{name}.log")


def running_pid(cfg, name):
    """The PID of service ``name`` if the process we recorded is still alive."""
    try:
        pid = int(pid_file(cfg, name).read_text())
    except (FileNotFoundError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    # We start every service as a session leader; a recycled PID would not be one.
    try:
        if os.getpgid(pid) != pid:
            return None
    except ProcessLookupError:
        return None
    return pid


def spawn(cfg, name, argv, env=None):
    """Start ``argv`` in its own session, output to log/<name>.log."""
    cfg.path("run").mkdir(parents=True, exist_ok=True)
    cfg.path("log").mkdir(parents=True, exist_ok=True)
    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = os.pathsep.join(
        p for p in [str(REPO_ROOT), full_env.get("PYTHONPATH", "")] if p)
    full_env["PYTHONWARNINGS"] = "ignore"
    full_env.update(env or {})
    with open(log_file(cfg, name), "ab") as log:
        proc = subprocess.Popen(
            argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env=full_env, cwd=str(REPO_ROOT), start_new_session=True)
    pid_file(cfg, name).write_text(str(proc.pid))
    return proc


def start_service(cfg, name, argv, ready_url, timeout, env=None):
    """Start a service and wait until ``ready_url`` answers (an http URL, or a
    port number for a service that does not speak HTTP, or None for one that
    listens on nothing: then it must still run a second later); on failure
    stop it and forget its PID, so a later start begins clean."""
    proc = spawn(cfg, name, argv, env)
    try:
        if ready_url is None:
            time.sleep(1.0)
            if proc.poll() is not None:
                raise StartError(f"{name} exited with code {proc.returncode}; see its log")
        elif isinstance(ready_url, int):
            wait_port(cfg.host, ready_url, timeout, proc, name)
        else:
            wait_http(ready_url, timeout, proc, name)
    except StartError:
        stop(cfg, name, grace=2.0)
        raise
    return proc


def python(*args):
    return [sys.executable, *args]


def wait_http(url, timeout, proc=None, name=""):
    """Wait until ``url`` answers any HTTP status; fail early if ``proc`` died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise StartError(f"{name} exited with code {proc.returncode}; see its log")
        try:
            urllib.request.urlopen(url, timeout=5).close()
            return
        except urllib.error.HTTPError:
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise StartError(f"{name} did not answer at {url} within {timeout:.0f} s; see its log")


def wait_port(host, port, timeout, proc=None, name=""):
    """Wait until something accepts connections on ``port``."""
    import socket
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise StartError(f"{name} exited with code {proc.returncode}; see its log")
        try:
            socket.create_connection((host, port), timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise StartError(f"{name} did not listen on port {port} within {timeout:.0f} s; see its log")


def port_is_free(host, port):
    import socket
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def stop(cfg, name, grace=5.0):
    """Stop the process group we started for ``name``; True if one was running."""
    return bool(stop_all(cfg, [name], grace))


def stop_all(cfg, names, grace=5.0):
    """Stop the process groups of ``names`` together (SIGTERM, then SIGKILL
    after ``grace`` seconds); returns the names that were running."""
    groups = {}
    for name in names:
        pid = running_pid(cfg, name)
        pid_file(cfg, name).unlink(missing_ok=True)
        if pid is None:
            continue
        try:
            os.killpg(pid, signal.SIGTERM)
            groups[name] = pid
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(_alive(pid) for pid in groups.values()):
        time.sleep(0.1)
    for pid in groups.values():
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return list(groups)


def _alive(pid):
    """Running, not merely a zombie waiting for init to reap it (which can take seconds here)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def group_pids(pid):
    """The processes of the group a service was started as (its workers too)."""
    out = subprocess.run(["ps", "-e", "-o", "pid=,pgid="], capture_output=True, text=True)
    rows = (line.split() for line in out.stdout.splitlines())
    return [int(p) for p, g in rows if int(g) == pid]


def rss_kib(pid):
    """Resident memory of a service's processes, in KiB."""
    total = 0
    for p in group_pids(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def run_python(cfg, module, *args):
    """Run ``python -m module`` to completion; its output goes to log/setup.log."""
    cfg.path("log").mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), PYTHONWARNINGS="ignore")
    with open(log_file(cfg, "setup"), "ab") as log:
        subprocess.run(python("-m", module, *args), check=True, stdout=log,
                       stderr=subprocess.STDOUT, env=env, cwd=str(REPO_ROOT))
