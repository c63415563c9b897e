"""Horizon's local settings for devcloud (imported as ``local.local_settings``).

Everything Horizon would otherwise write into site-packages (static files,
the secret key, sessions) goes to devcloud's state folder, and coe-ui's
``enabled/`` folder is added to Horizon's local enabled package in place.
"""
import os

import openstack_dashboard.local.enabled as _local_enabled

from devcloud.config import REGION, REPO_ROOT, Config

_cfg = Config.from_env()
_state = _cfg.path("horizon")

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SECRET_KEY = (_state / "secret_key").read_text().strip()
OPENSTACK_HOST = _cfg.host
OPENSTACK_KEYSTONE_URL = _cfg.keystone_url
OPENSTACK_KEYSTONE_DEFAULT_ROLE = "member"
# Two regions have Magnum (the embedded profile): Horizon starts in RegionOne
# whatever order Keystone's catalog lists them in.
DEFAULT_SERVICE_REGIONS = {"*": REGION}
if _cfg.production:
    # Several worker processes: cache and sessions every worker sees, as
    # operators configure Horizon (Kolla, OpenStack-Ansible).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
                          "LOCATION": _cfg.memcached_address}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.file"
    SESSION_FILE_PATH = str(_state / "sessions")
# coe-ui's machine-made pseudo-locale (devcloud/translations.py), which the
# translation tests choose with Horizon's language cookie; beside Horizon's
# own languages, defined before it reads these settings.
from openstack_dashboard.settings import LANGUAGES as _HORIZON_LANGUAGES  # noqa: E402

LANGUAGES = (*_HORIZON_LANGUAGES, ("en-xa", "Pseudo-locale (coe-ui tests)"))
STATIC_ROOT = str(_state / "static")
COMPRESS_OFFLINE = True
# The stand-in has no Nova servers: land on coe-ui's Clusters rather than on
# Project > Compute > Overview, which would only show errors here.
LOGIN_REDIRECT_URL = "/project/clusters/"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DEVCLOUD_HORIZON_LOG_LEVEL", "WARNING")},
}

_enabled = str(REPO_ROOT / "enabled")
if _enabled not in _local_enabled.__path__:
    _local_enabled.__path__.append(_enabled)
