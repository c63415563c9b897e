import dataclasses

from django.utils.translation import gettext_lazy as _
from horizon import tabs

import coe_backend
from coe_ui import lookups
from coe_ui.content.cluster_templates import catalog


@dataclasses.dataclass(frozen=True)
class Resource:
    """A catalog item a template names, as the Overview shows it."""

    name: str
    ident: str | None = None  # shown beside the name when it differs
    missing: bool = False  # the catalog does not list it (deleted, or not visible)


def _resource(choices, field, ref):
    if not ref:
        return None
    item = catalog.referenced(choices, field, ref)
    if item is None:
        return Resource(ref, missing=True)
    ident = catalog.item_id(item)
    return Resource(item.name or ident, None if ident == item.name else ident)


class OverviewTab(tabs.Tab):
    name = _("Overview")
    slug = "overview"
    template_name = "project/cluster_templates/_overview.html"

    def get_context_data(self, request):
        row, choices = self.tab_group.kwargs["row"], self.tab_group.kwargs["catalog"]
        image = catalog.referenced(choices, "image_id", row.template.image_id)
        return {"row": row, "template": row.template,
                "driver": coe_backend.template_driver(row.template.driver, image),
                "project_name": lookups.project_name(request, row.template.project_id),
                "user_name": lookups.user_name(request, row.template.user_id),
                "resources": {field: _resource(choices, field, getattr(row.template, field))
                              for field in catalog.REFERENCES}}


class LabelsTab(tabs.Tab):
    name = _("Labels")
    slug = "labels"
    template_name = "project/cluster_templates/_labels.html"

    def get_context_data(self, request):
        return {"labels": sorted(self.tab_group.kwargs["row"].template.labels.items())}


class ClustersTab(tabs.Tab):
    name = _("Clusters")
    slug = "clusters"
    template_name = "project/cluster_templates/_clusters.html"

    def get_context_data(self, request):
        return {"clusters": self.tab_group.kwargs["clusters"]}


class ClusterTemplateDetailTabs(tabs.DetailTabsGroup):
    slug = "cluster_template_details"
    tabs = (OverviewTab, LabelsTab, ClustersTab)
    sticky = True
