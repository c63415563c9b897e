"""Fixtures that mock only the HTTP boundary: a real keystoneauth session
with a real Keystone v3 token plugin, and requests-mock answering as
Keystone and Magnum would (their answers are built by tests/unit/fake.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

import coe_backend
from tests.unit import fake


@pytest.fixture
def keystone(requests_mock):
    """Keystone issuing a project-scoped token with a Magnum endpoint."""
    return requests_mock.post(
        f"{fake.KEYSTONE}/auth/tokens", json=fake.token_body(),
        headers={"X-Subject-Token": "user-token"}, status_code=201)


@pytest.fixture
def session(keystone):
    auth = v3.Token(auth_url=fake.KEYSTONE, token="horizon-token",
                    project_id=fake.PROJECT_ID)
    return ks_session.Session(auth=auth)


@pytest.fixture
def magnum_at(requests_mock) -> Callable[..., Any]:
    """Make Magnum's /v1 document announce a maximum microversion."""
    def announce(maximum: str = "1.14", service: str = "container-infra",
                 url: str = fake.MAGNUM):
        return requests_mock.get(url, json={"id": "v1"}, headers={
            "Content-Type": "application/json",
            **fake.version_headers(maximum, service)})
    return announce


@pytest.fixture
def client(session, magnum_at, requests_mock):
    magnum_at("1.14")
    # The clusters' template (resizes and node-group changes ask its driver);
    # a test registering its own takes precedence.
    requests_mock.get(f"{fake.MAGNUM}/clustertemplates/{fake.TEMPLATE_UUID}",
                      **fake.json(fake.template()))
    return coe_backend.connect(session, region_name="RegionOne")
