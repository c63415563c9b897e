"""Watching (not mocking) what this process asks of Magnum: its writes, or
any of its calls."""
import collections
import contextlib
import threading

import requests

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Write(collections.namedtuple("Write", "method path status created")):
    """A request to Magnum (most often a state-changing one): status None if
    it never got an answer; ``created`` the UUID a create answered with."""

    @property
    def refused(self):
        return self.status is None or self.status >= 400


def magnum_writes(magnum_url):
    """Every POST/PUT/PATCH/DELETE this process sends to Magnum."""
    return magnum_calls(magnum_url, WRITE_METHODS)


@contextlib.contextmanager
def magnum_calls(magnum_url, methods):
    """Every request of ``methods`` this process sends to Magnum, from any
    thread, while the block runs. requests-mock's faults sit below
    Session.send, so a call a fault answers is still seen."""
    seen = []
    original = requests.Session.send
    lock = threading.Lock()

    def send(session, request, **kwargs):
        if request.method not in methods or not request.url.startswith(magnum_url):
            return original(session, request, **kwargs)
        response = None
        try:
            response = original(session, request, **kwargs)
            return response
        finally:
            with lock:
                seen.append(Write(request.method, request.path_url,
                                  getattr(response, "status_code", None), _created(response)))

    requests.Session.send = send
    try:
        yield seen
    finally:
        requests.Session.send = original


def _created(response):
    if response is None or response.status_code >= 400:
        return None
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get("uuid") if isinstance(body, dict) else None
