"""Shared fixtures: one devcloud for the whole test session.

The tests use their own state folder and ports, so a running `make demo` is
left alone.  DEVCLOUD_KEEP=1 reuses a running test devcloud as it is and
leaves it running afterwards (for debugging, and for several test runs at
once: `DEVCLOUD_STATE_DIR=.devcloud-test python -m devcloud status`).
"""
import os
import sys

import pytest

from devcloud import clients, lifecycle
from devcloud.config import Config

# Fixtures more than one folder uses, each in one place (a conftest would
# have to import another's).
pytest_plugins = ["tests.browser_fixtures", "tests.horizon_fixtures"]

PROFILE = os.environ.get("DEVCLOUD_PROFILE", "embedded")
# tests/production kills and restarts the production profile's processes:
# collected in a run on that profile (`make test` runs both profiles).
collect_ignore = [] if PROFILE == "production" else ["production"]
TEST_ENV = {
    # .devcloud-test (the production profile's state, MariaDB and RabbitMQ,
    # apart in .devcloud-test-production); Keystone on 15000, Magnum on 19511...
    **Config.isolated_environment("test", 10000, PROFILE),
    "DEVCLOUD_OP_SECONDS": "0.5",
    "DEVCLOUD_SEED": "0",
    # The suite creates more clusters than Magnum's default quota of 20 allows.
    "DEVCLOUD_MAX_CLUSTERS": "500",
}


class Devcloud:
    """The running test devcloud and authenticated clients for its users."""

    def __init__(self, cfg):
        self.cfg = cfg

    def session(self, user):
        return clients.session(self.cfg, user)

    def magnum(self, user, api_version="latest"):
        return clients.magnum(self.cfg, user, api_version)

    @property
    def horizon_url(self):
        return self.cfg.url(self.cfg.horizon_port)


@pytest.fixture(scope="session")
def devcloud():
    for key, value in TEST_ENV.items():
        os.environ.setdefault(key, value)
    cfg = Config.from_env()
    keep = os.environ.get("DEVCLOUD_KEEP") == "1"
    if not keep:
        # Keystone's database and Horizon's compiled static files are kept
        # between runs (slow to build, never changed by the tests); Magnum
        # starts empty every session.
        lifecycle.stop(cfg)
    timings = lifecycle.start(cfg, fresh_magnum=not keep)
    print(f"\ndevcloud started for the tests: {timings}")
    yield Devcloud(cfg)
    if not keep:
        lifecycle.stop(cfg)


@pytest.fixture(autouse=True)
def english_after_each_test():
    """Django's test client leaves the language of the last page it rendered
    active in this thread (LocaleMiddleware activates, nothing deactivates):
    after a page in the pseudo-locale, later tests' messages would read in it."""
    yield
    if "django.utils.translation" in sys.modules:  # not where only coe_backend is installed
        from django.conf import settings
        if settings.configured:
            sys.modules["django.utils.translation"].deactivate()
