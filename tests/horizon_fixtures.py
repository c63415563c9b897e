"""Horizon in this process, with coe-ui enabled, against the test devcloud
(a pytest plugin: tests/ui, tests/reliability and tests/production use it).

Pages are requested through Django's test client, logged in for real through
Keystone, and every call goes to the real Magnum. Faults Magnum cannot
produce on demand (a 500, a timeout) are injected at the HTTP boundary with
requests-mock (``magnum_fault``), passing every other request through.
"""
import re

import pytest
import requests_mock

from devcloud import horizon as devcloud_horizon


@pytest.fixture(scope="session")
def horizon(devcloud):
    """Django set up with devcloud's Horizon settings (once per session)."""
    devcloud_horizon.configure_this_process(devcloud.cfg)  # static files current with the code
    import django
    django.setup()
    from django.test.utils import setup_test_environment
    setup_test_environment()  # records templates and contexts on responses
    return devcloud


class LoggedIn:
    """A test client logged into Horizon as one devcloud user."""

    def __init__(self, user, enforce_csrf_checks=False):
        from django.test import Client
        self.user = user
        self.client = Client(enforce_csrf_checks=enforce_csrf_checks, HTTP_HOST="127.0.0.1")
        response = self.client.post("/auth/login/", {"username": user, "password": user,
                                                      "region": "default"})
        assert response.status_code == 302, f"login of {user} failed"

    def get(self, path, **kwargs):
        return self.client.get(path, **kwargs)

    def post(self, path, data=None, **kwargs):
        return self.client.post(path, data or {}, **kwargs)

    def ajax(self, path):
        return self.client.get(path, HTTP_X_REQUESTED_WITH="XMLHttpRequest")


@pytest.fixture(scope="session")
def login(horizon):
    sessions = {}

    def logged_in(user):
        if user not in sessions:
            sessions[user] = LoggedIn(user)
        return sessions[user]
    return logged_in


@pytest.fixture
def magnum_fault(horizon):
    """``magnum_fault(method, path_regex, status=500, exc=None)``: make matching
    Magnum calls fail; everything else reaches the real services."""
    magnum = horizon.cfg.magnum_url
    with requests_mock.Mocker(real_http=True) as mocker:
        def inject(method, path_regex, status=500, exc=None, json=None):
            url = re.compile(re.escape(magnum) + path_regex)
            if exc is not None:
                mocker.register_uri(method, url, exc=exc)
            else:
                mocker.register_uri(method, url, status_code=status,
                                    headers={"Content-Type": "application/json"}, json=json or {
                    "errors": [{"status": status, "code": "server", "title": "Injected fault",
                                "detail": f"injected HTTP {status}"}]})
            return mocker
        yield inject


def messages_of(response):
    """The Horizon messages a page would show, as text."""
    from django.contrib.messages import get_messages
    return [str(m) for m in get_messages(response.wsgi_request)]
