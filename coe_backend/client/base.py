"""What every subject of the client shares: the keystoneauth session, the
Magnum connection, the openstacksdk connection for the catalog, the memory of
resources this client just created, and the reads of the three resources
every other operation builds on (cluster, template, node group).

Magnum writes a new cluster's or node group's row in the conductor, after
answering the POST, so a GET right after a create can briefly answer 404.
Reads of something this client created moments ago are therefore retried
for a few seconds before NotFound is believed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from keystoneauth1.session import Session
from openstack import connection

from coe_backend.errors import CoeError, NotFound
from coe_backend.i18n import _
from coe_backend.magnum import half_built
from coe_backend.magnum.connection import MagnumConnection, path_part
from coe_backend.models import Cluster, ClusterTemplate, NodeGroup
from coe_backend.rules import api_versions
from coe_backend.rules.api_versions import APIVersion
from coe_backend.rules.drivers import DriverFamily

T = TypeVar("T")

# Seconds to wait between retries; about four seconds in all.
_NOT_YET_VISIBLE_DELAYS = (0.2, 0.5, 1.0, 2.0)
_JUST_CREATED_SECONDS = 60.0

# Between reads while waiting for the conductor to start a cast operation:
# usually a fraction of a second, about five seconds at most.
_START_VISIBLE_DELAYS = (0.1, 0.2, 0.3, 0.4, 0.5, 1.0, 1.0, 1.5)


CLUSTERS = "/v1/clusters"
TEMPLATES = "/v1/clustertemplates"


class ClientBase:
    def __init__(self, session: Session, *, region_name: str | None,
                 interface: str, endpoint_override: str | None,
                 max_api_version: APIVersion | None,
                 server_max_version: APIVersion | None = None):
        self._session = session
        self._region_name = region_name
        self._interface = interface
        self._magnum = MagnumConnection(
            session, region_name=region_name, interface=interface,
            endpoint_override=endpoint_override,
            max_api_version=max_api_version, server_maximum=server_max_version)
        self._created_at: dict[str, float] = {}
        self._sdk_lock = threading.Lock()
        self._sdk_connection: connection.Connection | None = None
        self._proxy_locks: dict[str, threading.Lock] = {}

    def get_cluster(self, ident: str) -> Cluster:
        try:
            return Cluster.from_api(half_built.waiting_out(
                lambda: self._read(f"{CLUSTERS}/{path_part(ident)}", ident)))
        except CoeError as error:
            # Still refused after the wait: the end of a delete, whose node
            # groups are gone before the cluster row.
            if error.status_code == 400:
                raise NotFound(f'The cluster "{ident}" is being deleted.',
                               status_code=400,
                               request_id=error.request_id) from error
            raise

    def get_cluster_template(self, ident: str) -> ClusterTemplate:
        return ClusterTemplate.from_api(
            self._read(f"{TEMPLATES}/{path_part(ident)}", ident))

    def driver_family(self, cluster: Cluster) -> DriverFamily:
        """The family of the driver that builds `cluster`, from its template's
        driver field (Magnum resolves it from 18.0.0 on); OTHER where the
        template cannot be read or names none: Magnum then decides alone."""
        try:
            template = self.get_cluster_template(cluster.cluster_template_id)
        except CoeError:
            return DriverFamily.OTHER
        return template.cluster_driver.family

    def list_node_groups(self, cluster: str) -> list[NodeGroup]:
        """The cluster's node groups, in Magnum's summary form (no min/max,
        labels or status_reason; get_node_group has those)."""
        self._require_node_groups()
        return [NodeGroup.from_api(item) for item in self._magnum.list_all(
            node_groups_path(cluster), "nodegroups")]

    def get_node_group(self, cluster: str, ng: str) -> NodeGroup:
        self._require_node_groups()
        return NodeGroup.from_api(
            self._read(f"{node_groups_path(cluster)}{path_part(ng)}", ng))

    def _require_node_groups(self) -> None:
        self._magnum.require(api_versions.NODE_GROUPS, _("Node groups"))

    def _sdk(self, service: str) -> Any:
        """openstacksdk's proxy of `service` ("compute", "network"...) on the
        same session, each made once. openstacksdk makes a proxy, with its
        version discovery (CPU and HTTP calls), in every thread that asks for
        a service not made yet; the lock of each service keeps it to one
        while different services are still made side by side."""
        with self._sdk_lock:
            if self._sdk_connection is None:
                self._sdk_connection = connection.Connection(
                    session=self._session, region_name=self._region_name,
                    interface=self._interface)
            lock = self._proxy_locks.setdefault(service, threading.Lock())
        with lock:
            return getattr(self._sdk_connection, service)

    def _project_id(self) -> str:
        return self._session.get_project_id()

    def _remember_created(self, *idents: str | None) -> None:
        now = time.monotonic()
        self._created_at.update({ident: now for ident in idents if ident})

    def _read(self, path: str, ident: str) -> dict[str, Any]:
        """GET `path`, allowing for a just-created `ident` to show up late."""
        delays = iter(_NOT_YET_VISIBLE_DELAYS)
        while True:
            try:
                return self._magnum.call("GET", path) or {}
            except NotFound:
                created = self._created_at.get(ident)
                delay = next(delays, None)
                if created is None or delay is None or (
                        time.monotonic() - created > _JUST_CREATED_SECONDS):
                    raise
                time.sleep(delay)


def node_groups_path(cluster: str) -> str:
    # With the trailing slash, as python-magnumclient sends it.
    return f"{CLUSTERS}/{path_part(cluster)}/nodegroups/"


def wait_until(check: Callable[[], T | None],
               delays: Iterable[float]) -> T | None:
    """Call `check` until it returns something, sleeping `delays` between."""
    for delay in (0.0, *delays):
        time.sleep(delay)
        result = check()
        if result is not None:
            return result
    return None


def wait_until_started(read: Callable[[], T], changed: Callable[[T], bool]) -> bool:
    """After a cast (which Magnum answers before its conductor starts it),
    wait until `read()` shows the resource `changed` or gone, so whoever
    reads it next sees the operation under way rather than the old state.
    False if that has not happened within a few seconds: the conductor is
    busy or dropped the work, and the caller should say it is pending."""
    def started() -> bool | None:
        try:
            return True if changed(read()) else None
        except NotFound:
            return True
        except CoeError:
            return None  # the request was accepted all the same; keep looking

    return bool(wait_until(started, _START_VISIBLE_DELAYS))
