"""Horizon in this process, on devcloud's settings, as tests/ui sets it up:
pages come from Django's test client, logged in for real through Keystone,
and every call they make goes to the bench devcloud."""
import logging
import warnings

from devcloud import horizon as devcloud_horizon


def setup(cfg):
    devcloud_horizon.configure_this_process(cfg)  # static files current with the code measured
    import django
    # Horizon's settings turn deprecation warnings back on; keep them out of the tables.
    with warnings.catch_warnings(record=True):
        django.setup()
    # Horizon's complaints about services the stand-in lacks (Cinder's service
    # list, logged as errors) would be printed on every page view, between the tables.
    logging.getLogger().setLevel(logging.CRITICAL)


def login(user):
    from django.test import Client
    client = Client(HTTP_HOST="127.0.0.1")
    response = client.post("/auth/login/", {"username": user, "password": user,
                                            "region": "default"})
    if response.status_code != 302:
        raise RuntimeError(f"Horizon login of {user} failed (HTTP {response.status_code})")
    return client


def checked(response):
    """The response, if it is the page asked for rather than an error or a redirect."""
    if response.status_code != 200:
        raise RuntimeError(f"{response.wsgi_request.path} answered HTTP {response.status_code}")
    return response
