"""Django's cache as coe-ui uses it: shared by every Horizon worker.

Operators run Horizon in several processes with memcached (or Redis) as the
cache, so whatever coe-ui keeps there is seen, and forgotten, by all of
them. memcached refuses keys with spaces or control characters and keys of
more than 250 bytes (a region called "Region One" would be one): every key
is built here, from parts quoted so that any region, interface or ID fits.
"""
import hashlib
import urllib.parse

from django.core.cache import cache

PREFIX = "coe-ui"
MAX_KEY_LENGTH = 200  # memcached allows 250; Django adds its prefix and version


def key(*parts):
    text = ":".join([PREFIX, *(urllib.parse.quote(str(part), safe="") for part in parts)])
    if len(text) > MAX_KEY_LENGTH:
        text = f"{PREFIX}:sha256:{hashlib.sha256(text.encode()).hexdigest()}"
    return text


def get(*parts):
    return cache.get(key(*parts))


def set(value, seconds, *parts):  # noqa: A001 - the cache's own verb
    cache.set(key(*parts), value, seconds)


def delete(*parts):
    cache.delete(key(*parts))


def add(value, seconds, *parts):
    """Set only if absent, in one step on the cache server: True if this
    call set it (a lock every worker sees)."""
    return cache.add(key(*parts), value, seconds)
