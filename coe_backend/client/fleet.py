"""The fleet: the clusters of every region in the session's catalog that has
Magnum (a ``container-infra`` endpoint), read side by side.

Each region gets the same deadline, for all its reads together and for each
HTTP request: a region that fails or does not answer in time is named in the
result with why, and the others are shown all the same. A region's reads
are three, whatever its number of clusters: its clusters (every page), its
templates and its images (for the Kubernetes version an image carries), side
by side; the judging is rules.fleet's, with no further call.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from concurrent.futures import ALL_COMPLETED, ThreadPoolExecutor, wait
from datetime import datetime, timezone
from typing import Any

from keystoneauth1.session import Session

from coe_backend.client.clusters import ClusterOperations
from coe_backend.client.planning import PlanningOperations
from coe_backend.errors import CoeError
from coe_backend.i18n import _
from coe_backend.magnum.connection import SERVICE_TYPE
from coe_backend.rules.api_versions import APIVersion
from coe_backend.rules.cluster_search import ClusterSearch
from coe_backend.rules.fleet import Fleet, FleetCluster, RegionProblem, region_clusters

DEFAULT_DEADLINE_SECONDS = 5.0
DEFAULT_STALLED_AFTER_SECONDS = 3600.0


def container_infra_regions(session: Session, interface: str = "public") -> list[str | None]:
    """The regions of the session's catalog with a Magnum endpoint, in the
    catalog's order (None: an endpoint that names no region)."""
    catalog = session.auth.get_access(session).service_catalog
    found = catalog.get_endpoints(service_type=SERVICE_TYPE, interface=interface)
    return list(dict.fromkeys(entry.get("region_id") or entry.get("region")
                              for entry in found.get(SERVICE_TYPE, [])))


class _RegionReads(PlanningOperations, ClusterOperations):
    """One region's Magnum (and Glance), on the fleet's session."""

    def clusters_templates_images(self, project_id: str | None) -> tuple[list, list, Any]:
        with ThreadPoolExecutor(max_workers=3) as pool:
            # Every cluster (all pages; of one project, for an admin too).
            clusters = pool.submit(lambda: self.search_clusters(
                ClusterSearch(), project_id=project_id).items)
            templates = pool.submit(self._every_template)
            images = pool.submit(self._images_if_readable)
            return clusters.result(), templates.result(), images.result()

    def _images_if_readable(self) -> Any:
        """The images, or None: without them only versions an image alone
        tells stay unknown."""
        try:
            return self.list_images()
        except CoeError:
            return None

    @property
    def server_max_version(self) -> str:
        return str(self._magnum.server_maximum)


def read_fleet(session: Session, *, interface: str = "public",
               all_projects: bool = False,
               deadline: float = DEFAULT_DEADLINE_SECONDS,
               max_api_version: str | None = None,
               known_max_versions: Mapping[str | None, str] | None = None,
               stalled_after_seconds: float = DEFAULT_STALLED_AFTER_SECONDS,
               now: datetime | None = None) -> Fleet:
    """Every region's clusters: the session's project's, or with
    `all_projects` every project's Magnum lists to the caller (an admin's).
    Returns within about `deadline` seconds whatever the regions do.

    `known_max_versions` ({region: Magnum's maximum microversion}, as an
    earlier Fleet.server_max_versions gave) saves each region a request."""
    regions = container_infra_regions(session, interface)
    if not regions:
        return Fleet()
    project_id = None if all_projects else session.get_project_id()
    timed = copy.copy(session)  # shares the auth and the connection pool
    timed.timeout = float(deadline)
    ceiling = _version_or_none(max_api_version)
    known = known_max_versions or {}
    now = now or datetime.now(timezone.utc)

    def read(region: str | None) -> tuple[list[FleetCluster], str]:
        reads = _RegionReads(timed, region_name=region, interface=interface,
                             endpoint_override=None, max_api_version=ceiling,
                             server_max_version=_version_or_none(known.get(region)))
        clusters, templates, images = reads.clusters_templates_images(project_id)
        return (region_clusters(region, clusters, templates, images, now=now,
                                stalled_after_seconds=stalled_after_seconds),
                reads.server_max_version)

    pool = ThreadPoolExecutor(max_workers=len(regions), thread_name_prefix="coe-fleet")
    try:
        futures = {region: pool.submit(read, region) for region in regions}
        wait(futures.values(), timeout=deadline, return_when=ALL_COMPLETED)
    finally:
        # A region still reading is left to its own request timeout (the
        # deadline), not waited for.
        pool.shutdown(wait=False, cancel_futures=True)
    fleet = Fleet()
    for region, future in futures.items():
        if not future.done():
            fleet.problems.append(RegionProblem(region, _(
                "It did not answer within {seconds:g} seconds.", seconds=deadline),
                timed_out=True))
            continue
        try:
            clusters, maximum = future.result()
        except CoeError as error:
            fleet.problems.append(RegionProblem(region, error.message or str(error)))
            continue
        fleet.clusters.extend(clusters)
        fleet.regions.append(region)
        fleet.server_max_versions[region] = maximum
    return fleet


def _version_or_none(text: str | None) -> APIVersion | None:
    try:
        return APIVersion.parse(text) if text else None
    except ValueError:
        return None
