"""Outgoing HTTP calls of this process, by service, for counting per page view.

Observation only: ``requests.Session.send`` is wrapped and every request
still goes out unchanged. keystoneauth, python-magnumclient, openstacksdk
and Horizon's own clients all send through it.
"""
import contextlib
import dataclasses
import re
import sys
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

import requests

from devcloud.config import REPO_ROOT

# Code of ours on the stack makes a call coe-ui's; anything else is Horizon's
# own page furniture (project switcher, panel checks).
OUR_CODE = tuple(str(REPO_ROOT / top) + "/" for top in ("coe_ui", "coe_backend"))
IDENTIFIER = re.compile(r"^([0-9a-f]{32}|[0-9a-f-]{36})$", re.IGNORECASE)


@dataclasses.dataclass(frozen=True)
class Call:
    service: str   # keystone, magnum, catalog (Glance/Nova/Neutron stand-in), other
    kind: str      # for Magnum: method and path with identifiers as {id}
    ours: bool     # made by coe-ui / coe_backend code
    started: float  # time.perf_counter() when it was sent
    seconds: float
    received: int = 0  # bytes of the answer's body


class Recorder:
    def __init__(self, cfg):
        self._services = {cfg.keystone_port: "keystone", cfg.magnum_port: "magnum",
                          cfg.catalog_port: "catalog"}
        if not cfg.production:  # RegionTwo's Magnum (the fleet's second region)
            self._services[cfg.magnum2_port] = "magnum RegionTwo"
        self._calls = None
        self._lock = threading.Lock()
        self._original = None

    def install(self):
        original = self._original = requests.Session.send
        recorder = self

        def send(session, request, **kwargs):
            ours = _called_from_our_code(sys._getframe(1))
            began, response = time.perf_counter(), None
            try:
                response = original(session, request, **kwargs)
                return response
            finally:
                # A streamed body is the caller's to read: not counted.
                received = (len(response.content)
                            if response is not None and not kwargs.get("stream") else 0)
                recorder._note(request, ours, began, time.perf_counter() - began, received)
        requests.Session.send = send

    def uninstall(self):
        requests.Session.send = self._original

    @contextlib.contextmanager
    def recording(self):
        """The calls made inside the block (from any thread), as a list."""
        calls = []
        with self._lock:
            self._calls = calls
        try:
            yield calls
        finally:
            with self._lock:
                self._calls = None

    def _note(self, request, ours, started, seconds, received):
        url = urlsplit(request.url)
        service = self._services.get(url.port, "other")
        kind = (f"{request.method} {magnum_path_kind(url.path)}" if service.startswith("magnum")
                else service)
        with self._lock:
            if self._calls is not None:
                self._calls.append(Call(service, kind, ours, started, seconds, received))


def _called_from_our_code(frame):
    while frame is not None:
        if frame.f_code.co_filename.startswith(OUR_CODE):
            return True
        frame = frame.f_back
    return False


def magnum_path_kind(path):
    """A Magnum path with its version left out and identifiers as {id}."""
    parts = [p for p in path.split("/") if p and p != "v1"]
    return "/" + "/".join("{id}" if IDENTIFIER.match(p) else p for p in parts)


def by_service(calls):
    return Counter(c.service for c in calls)


def magnum_kinds(calls):
    return Counter(c.kind for c in calls if c.service == "magnum")


def waited(calls):
    """Seconds during which at least one of ``calls`` was in flight: what
    the caller spent waiting, however the calls overlapped."""
    total, reached = 0.0, float("-inf")
    for call in sorted(calls, key=lambda c: c.started):
        end = call.started + call.seconds
        if end > reached:
            total += end - max(call.started, reached)
            reached = end
    return total
