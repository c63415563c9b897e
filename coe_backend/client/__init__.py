"""The client object: connect() and everything it can do.

CoeClient is one class split by subject, one module each (templates.py,
clusters.py, node_groups.py, certificates.py, credentials.py, catalog.py,
admin.py, planning.py, checkup.py). Each subject inherits what it builds
on, starting from base.ClientBase (the connections and the three basic
reads), so every method a module calls is defined in that module or one it
imports. Nothing here touches the network until a method needs Magnum or
another service.
"""

from __future__ import annotations

import copy

from keystoneauth1.session import Session

from coe_backend.client.checkup import CheckupOperations
from coe_backend.client.cloud_resources import CloudResourceLookups
from coe_backend.client.clusters import ClusterOperations
from coe_backend.client.credentials import CredentialOperations
from coe_backend.client.node_groups import NodeGroupOperations
from coe_backend.client.templates import TemplateOperations
from coe_backend.errors import InvalidInput
from coe_backend.i18n import _
from coe_backend.rules.api_versions import BASE_VERSION, APIVersion, Features


class CoeClient(TemplateOperations, ClusterOperations, NodeGroupOperations,
                CredentialOperations, CheckupOperations, CloudResourceLookups):
    """Provisioning through Magnum, plus the catalog look-ups the wizards
    need. Build it with connect()."""

    @property
    def api_version(self) -> str:
        """The negotiated Magnum microversion, e.g. "1.14" (negotiates on
        first use)."""
        return str(self._magnum.api_version)

    @property
    def server_max_version(self) -> str:
        """Magnum's own maximum microversion (negotiates on first use); a
        caller may remember it and pass it to connect() next time."""
        return str(self._magnum.server_maximum)

    @property
    def features(self) -> Features:
        """What the negotiated microversion allows."""
        return self._magnum.features


def connect(session: Session, *, region_name: str | None = None,
            interface: str = "public", endpoint_override: str | None = None,
            max_api_version: str | None = None,
            timeout: float | None = None,
            server_max_version: str | None = None) -> CoeClient:
    """A client on a keystoneauth1 session (Horizon builds one from the
    user's token). No network call happens here.

    max_api_version caps the negotiated microversion (e.g. "1.10");
    timeout (seconds) applies to each HTTP request of this client only;
    server_max_version, Magnum's maximum as an earlier client reported it
    (``CoeClient.server_max_version``), saves the negotiation request.
    """
    ceiling = _api_version_argument("max_api_version", max_api_version)
    known_maximum = _api_version_argument("server_max_version", server_max_version)
    if timeout is not None:
        # A shallow copy shares the auth plugin and connection pool but
        # keeps the caller's session untouched.
        session = copy.copy(session)
        session.timeout = float(timeout)
    return CoeClient(session, region_name=region_name, interface=interface,
                     endpoint_override=endpoint_override,
                     max_api_version=ceiling, server_max_version=known_maximum)


def _api_version_argument(name: str, value: str | None) -> APIVersion | None:
    if value is None:
        return None
    try:
        version = APIVersion.parse(str(value))
    except ValueError:
        version = None
    if version is None or version < BASE_VERSION:
        raise InvalidInput({name: _(
            '"{value}" is not a Magnum API version; use one like 1.10 '
            "(1.1 or higher).", value=value)})
    return version
