"""Magnum quotas, statistics and service status (mostly for administrators:
see the default policies in magnum/common/policies)."""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from coe_backend.client.base import ClientBase
from coe_backend.errors import CoeError, Forbidden, InvalidInput, NotFound
from coe_backend.i18n import _
from coe_backend.magnum.connection import path_part
from coe_backend.magnum.error_translation import translated_errors
from coe_backend.models import MagnumService, Quota, Stats
from coe_backend.rules.fields import Integer, Text, clean_value

_QUOTAS = "/v1/quotas"
# Magnum has a single quota resource: the number of clusters per project.
_RESOURCE = "Cluster"
# Concurrent calls to Magnum for one page (as many as a Horizon page's look-ups).
_PARALLEL_READS = 8


class AdminOperations(ClientBase):
    def list_quotas(self, all_projects: bool = False) -> list[Quota]:
        query = {"all_tenants": "True"} if all_projects else None
        return [Quota.from_api(item) for item in self._magnum.list_all(
            _QUOTAS, "quotas", marker_field="id", query=query)]

    def get_quota(self, project_id: str) -> Quota:
        """The project's cluster quota; Magnum's default when none is set."""
        return Quota.from_api(
            self._magnum.call("GET", _quota_path(project_id)))

    def create_quota(self, project_id: str, hard_limit: int) -> Quota:
        body = {"project_id": clean_value("project_id", project_id, Text()),
                "resource": _RESOURCE,
                "hard_limit": _hard_limit(hard_limit)}
        self._look_up_project(body["project_id"])
        return Quota.from_api(self._magnum.call("POST", _QUOTAS, body))

    def _look_up_project(self, project_id: str) -> None:
        """Magnum looks the project up in Keystone, as the caller, before
        its own policy check, and answers 500 when Keystone refuses; the
        same look-up made first gives the real answer."""
        try:
            with translated_errors("Keystone"):
                self._sdk("identity").get_project(project_id)
        except Forbidden as error:
            if error.status_code != 403:
                raise  # not a refusal but an expired login
            raise Forbidden(_(
                "Keystone does not let you look this project up, and Magnum "
                "must: setting a project's cluster quota takes an "
                "administrator."), rule="quota:create",
                status_code=error.status_code) from error
        except NotFound as error:
            raise InvalidInput({"project_id": _("There is no project with this "
                                                "ID.")}, status_code=error.status_code) from error

    def update_quota(self, project_id: str, hard_limit: int) -> Quota:
        # Magnum's quota PATCH takes a plain object, not a JSON Patch.
        body = {"hard_limit": _hard_limit(hard_limit)}
        return Quota.from_api(
            self._magnum.call("PATCH", _quota_path(project_id), body))

    def delete_quota(self, project_id: str) -> None:
        self._magnum.call("DELETE", _quota_path(project_id))

    def get_stats(self, project_id: str | None = None) -> Stats:
        """Cluster and node counts (nodes include masters)."""
        path = "/v1/stats"
        if project_id:
            path += f"?project_id={path_part(project_id)}"
        return Stats.from_api(self._magnum.call("GET", path) or {})

    def clusters_in_use(self, project_ids: Iterable[str]) -> dict[str, int | None]:
        """{project ID: its number of clusters} (None where Magnum did not
        say), read in parallel: one stats call per project."""
        wanted = list(dict.fromkeys(project_ids))
        if not wanted:
            return {}

        def count(project_id: str) -> int | None:
            try:
                return self.get_stats(project_id).clusters
            except CoeError:
                return None
        with ThreadPoolExecutor(max_workers=min(len(wanted), _PARALLEL_READS)) as pool:
            return dict(zip(wanted, pool.map(count, wanted)))

    def list_services(self) -> list[MagnumService]:
        data = self._magnum.call("GET", "/v1/mservices") or {}
        return [MagnumService.from_api(item)
                for item in data.get("mservices") or []]


def _hard_limit(value: int) -> int:
    return clean_value("hard_limit", value, Integer(0))


def _quota_path(project_id: str) -> str:
    return f"{_QUOTAS}/{path_part(project_id)}/{_RESOURCE}"

