"""The connection to Magnum: endpoint, microversion negotiation, and every
HTTP call, made through python-magnumclient's SessionClient.

Negotiation happens on first use, not at construction: find the
container-infra endpoint, read Magnum's maximum microversion from it, and
use the highest version both sides (and the operator's ceiling) know. The
SessionClient then sends ``OpenStack-API-Version: container-infra X.Y`` on
every request; without it Magnum would answer as 1.1.

Calls go through ``http_client.json_request`` with our own paths rather
than the managers: the managers' client-side attribute lists differ between
python-magnumclient 4.x and 5.x (neither accepts apiserver_port, 4.x lacks
node_labels/node_taints), and their list() hides the next-page marker.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from keystoneauth1 import exceptions as ks_exceptions
from keystoneauth1.session import Session
from magnumclient.v1 import client as magnum_v1

from coe_backend.magnum.error_translation import (
    error_from_response, translated_errors)
from coe_backend.rules.api_versions import (
    CLIENT_MAX_VERSION, APIVersion, Features, require, server_maximum)

SERVICE_TYPE = "container-infra"


# Magnum's ids grow with creation; sorting on them keeps page markers valid.
NEWEST_FIRST = {"sort_key": "id", "sort_dir": "desc"}
OLDEST_FIRST = {"sort_key": "id", "sort_dir": "asc"}


@dataclass(frozen=True)
class _Negotiated:
    endpoint: str
    version: APIVersion
    server_maximum: APIVersion
    client: Any  # magnumclient.v1.client.Client


class MagnumConnection:
    def __init__(self, session: Session, *, region_name: str | None,
                 interface: str, endpoint_override: str | None,
                 max_api_version: APIVersion | None,
                 server_maximum: APIVersion | None = None):
        self._session = session
        self._known_server_maximum = server_maximum
        self._region_name = region_name
        self._interface = interface
        self._endpoint_override = endpoint_override
        self._ceiling = max_api_version
        self._lock = threading.Lock()
        self._negotiated: _Negotiated | None = None

    @property
    def api_version(self) -> APIVersion:
        return self._negotiate().version

    @property
    def server_maximum(self) -> APIVersion:
        return self._negotiate().server_maximum

    @property
    def region(self) -> str | None:
        """The region of the Magnum in use: the one asked for, else the
        catalog's region of the endpoint in use (None if it names none)."""
        if self._region_name:
            return self._region_name
        endpoint = self._negotiate().endpoint.rstrip("/")
        catalog = self._session.auth.get_access(self._session).service_catalog
        found = catalog.get_endpoints(service_type=SERVICE_TYPE, interface=self._interface)
        return next((entry.get("region_id") or entry.get("region")
                     for entry in found.get(SERVICE_TYPE, [])
                     if str(entry.get("url", "")).rstrip("/") == endpoint), None)

    @property
    def features(self) -> Features:
        return Features.for_version(self.api_version)

    def require(self, needed: APIVersion, what: str) -> None:
        """Raise Unsupported before a call the negotiated version lacks."""
        require(self.api_version, needed, what)

    def call(self, method: str, path: str, body: Any = None) -> Any:
        """One Magnum request; returns the decoded JSON body (or None)."""
        client = self._negotiate().client
        options = {} if body is None else {"body": body}
        with translated_errors(method=method):
            _response, data = client.http_client.json_request(
                method, path, **options)
        return data or None

    def list_page(self, path: str, key: str, *, limit: int | None = None,
                  marker: str | None = None, marker_field: str = "uuid",
                  query: Mapping[str, str] | None = None
                  ) -> tuple[list[dict[str, Any]], str | None]:
        """One page and the marker of the next (Magnum sends "next" only
        when the page came back full)."""
        params = dict(query or {})
        if limit is not None:
            params["limit"] = str(limit)
        if marker is not None:
            params["marker"] = marker
        url = f"{path}?{urlencode(params)}" if params else path
        data = self.call("GET", url) or {}
        items = list(data.get(key) or [])
        next_marker = (str(items[-1][marker_field])
                       if data.get("next") and items else None)
        return items, next_marker

    def list_all(self, path: str, key: str, *, marker_field: str = "uuid",
                 query: Mapping[str, str] | None = None
                 ) -> list[dict[str, Any]]:
        """Every item, following the pages."""
        items: list[dict[str, Any]] = []
        marker = None
        while True:
            page, next_marker = self.list_page(
                path, key, marker=marker, marker_field=marker_field,
                query=query)
            items += page
            if next_marker is None or next_marker == marker:
                return items
            marker = next_marker

    def _negotiate(self) -> _Negotiated:
        with self._lock:
            if self._negotiated is None:
                self._negotiated = self._negotiate_now()
            return self._negotiated

    def _negotiate_now(self) -> _Negotiated:
        with translated_errors():
            endpoint = self._endpoint_override or self._session.get_endpoint(
                service_type=SERVICE_TYPE, interface=self._interface,
                region_name=self._region_name)
            if not endpoint:
                # The same answer as an empty catalog gets from keystoneauth.
                raise ks_exceptions.EndpointNotFound()
        maximum = self._known_server_maximum or self._read_server_maximum(endpoint)
        version = min(maximum, CLIENT_MAX_VERSION, self._ceiling or CLIENT_MAX_VERSION)
        client = magnum_v1.Client(
            session=self._session, endpoint_override=endpoint,
            service_type=SERVICE_TYPE, region_name=self._region_name,
            interface=self._interface, api_version=str(version))
        return _Negotiated(endpoint, version, maximum, client)

    def _read_server_maximum(self, endpoint: str) -> APIVersion:
        with translated_errors():
            response = self._session.get(
                endpoint, headers={"Accept": "application/json"},
                raise_exc=False)
        if response.status_code >= 400:
            raise error_from_response(response)
        try:
            body = response.json()
        except ValueError:
            body = None
        return server_maximum(response.headers, body)


def path_part(ident: str) -> str:
    """A name or UUID made safe for a URL path segment."""
    return quote(str(ident), safe="")
