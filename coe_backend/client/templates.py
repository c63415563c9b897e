"""Cluster template operations of the client."""

from __future__ import annotations

from typing import Any

from coe_backend.client.base import CLUSTERS, TEMPLATES, ClientBase
from coe_backend.errors import Conflict
from coe_backend.i18n import ngettext_lazy
from coe_backend.magnum import half_built
from coe_backend.magnum.connection import NEWEST_FIRST
from coe_backend.magnum.json_patch import patch_operations
from coe_backend.models import ClusterTemplate, Page
from coe_backend.rules.validation import (
    TEMPLATE_RULES, validate_cluster_template, validate_template_update)

# A clone belongs to its creator: publishing needs an administrator.
_NOT_CLONED = frozenset({"name", "public", "hidden"})


class TemplateOperations(ClientBase):
    def list_cluster_templates(self, limit: int | None = None,
                               marker: str | None = None,
                               newest_first: bool = False
                               ) -> Page[ClusterTemplate]:
        items, next_marker = self._magnum.list_page(
            TEMPLATES, "clustertemplates", limit=limit, marker=marker,
            query=NEWEST_FIRST if newest_first else None)
        return Page([ClusterTemplate.from_api(item) for item in items],
                    next_marker)

    def create_cluster_template(self, **fields: Any) -> ClusterTemplate:
        body = validate_cluster_template(fields)
        template = ClusterTemplate.from_api(
            self._magnum.call("POST", TEMPLATES, body))
        self._remember_created(template.uuid)
        return template

    def update_cluster_template(self, ident: str,
                                **changes: Any) -> ClusterTemplate:
        """Change fields (None removes one). A template that clusters use
        only takes a rename, or one change of tags, hidden or public=true;
        anything else is refused before calling, naming the field."""
        template = self.get_cluster_template(ident)
        in_use = template.uuid in self.templates_in_use()
        changed = validate_template_update(template, changes, in_use=in_use)
        if not changed:
            return template
        return ClusterTemplate.from_api(self._magnum.call(
            "PATCH", f"{TEMPLATES}/{template.uuid}",
            patch_operations(changed)))

    def delete_cluster_template(self, ident: str) -> None:
        template = self.get_cluster_template(ident)
        users = self.templates_in_use().get(template.uuid)
        if users:
            raise Conflict(ngettext_lazy(
                'The cluster template "{template}" is used by {count} cluster: '
                "{clusters}. Delete it, or upgrade it to another template, first.",
                'The cluster template "{template}" is used by {count} clusters: '
                "{clusters}. Delete them, or upgrade them to another template, "
                "first.", len(users), template=template.name,
                clusters=", ".join(sorted(users))))
        self._magnum.call("DELETE", f"{TEMPLATES}/{template.uuid}")

    def clone_cluster_template(self, ident: str,
                               new_name: str) -> ClusterTemplate:
        """A private copy of a template under a new name."""
        template = self.get_cluster_template(ident)
        fields = {name: getattr(template, name) for name in TEMPLATE_RULES
                  if name not in _NOT_CLONED}
        return self.create_cluster_template(name=new_name, **fields)

    def templates_in_use(self) -> dict[str, list[str]]:
        """Template UUID -> names of the clusters built from it, from one
        cluster listing. It covers the clusters the caller can see (their
        project; every project for an administrator)."""
        users: dict[str, list[str]] = {}
        clusters = half_built.listing(
            lambda: self._magnum.list_all(CLUSTERS, "clusters"))
        for cluster in clusters:
            users.setdefault(cluster.get("cluster_template_id") or "", []
                             ).append(cluster.get("name") or cluster["uuid"])
        return users
