"""Faults only the production profile has: Horizon's workers, Magnum's
conductors, RabbitMQ and MariaDB as separate processes that can die.

Collected only when the test devcloud runs the production profile
(DEVCLOUD_PROFILE=production, `make test` runs both); the fixtures of
tests/ui (Horizon in this process) are shared, and the browser's are
tests/browser_fixtures.py's.
"""
import os
import signal
import time

import pytest
import requests

from devcloud import lifecycle, processes


class Services:
    """Stop, kill and start the devcloud's processes as a failure would."""

    def __init__(self, cfg):
        self.cfg = cfg

    def pid(self, name):
        pid = processes.running_pid(self.cfg, name)
        assert pid, f"{name} is not running"
        return pid

    def workers(self, name):
        """The worker processes of a service started as a pre-forking master."""
        master = self.pid(name)
        return [p for p in processes.group_pids(master) if p != master]

    def kill_workers(self, name):
        """SIGKILL every worker (as the OOM killer would); the master forks new ones."""
        killed = self.workers(name)
        for pid in killed:
            os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            fresh = [p for p in self.workers(name) if p not in killed]
            if len(fresh) >= len(killed):
                return killed
            time.sleep(0.2)
        raise AssertionError(f"{name} did not replace its killed workers")

    def kill(self, name):
        os.killpg(self.pid(name), signal.SIGKILL)
        processes.stop(self.cfg, name, grace=0)  # forget its PID

    def stop(self, *names):
        processes.stop_all(self.cfg, names)

    def start(self):
        """Start whatever is not running (as an operator's service manager would)."""
        lifecycle.start(self.cfg)


@pytest.fixture(scope="session")
def services(devcloud):
    assert devcloud.cfg.production, "tests/production needs DEVCLOUD_PROFILE=production"
    return Services(devcloud.cfg)


@pytest.fixture
def restore_services(services):
    """Whatever a test stops is running again after it, even if it fails."""
    yield services
    services.start()


class HorizonOverHTTP:
    """A user of the Horizon that devcloud serves (gunicorn's workers), each
    request on a new connection, so that requests spread over the workers."""

    def __init__(self, base_url, user):
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.headers["Connection"] = "close"
        self.get("/auth/login/")
        answer = self.session.post(self.base_url + "/auth/login/", allow_redirects=False, data={
            "username": user, "password": user, "region": "default",
            "csrfmiddlewaretoken": self.session.cookies["csrftoken"]}, timeout=60)
        assert answer.status_code == 302, f"login of {user} failed"

    def get(self, path):
        return self.session.get(self.base_url + path, timeout=60)

    def post(self, path, data):
        self.get(path)  # the form's page, as a browser opens it first
        return self.session.post(self.base_url + path, timeout=60, data={
            **data, "csrfmiddlewaretoken": self.session.cookies["csrftoken"]})


@pytest.fixture
def over_http(devcloud):
    return lambda user: HorizonOverHTTP(devcloud.horizon_url, user)
