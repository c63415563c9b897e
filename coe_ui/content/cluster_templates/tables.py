import dataclasses
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.utils.translation import ngettext_lazy
from horizon import tables

import coe_backend
from coe_ui import api
from coe_ui.batch_delete import SaysWhyDeleteMixin
from coe_ui import lookups
from coe_ui import policy
from coe_ui.table_options import TableOptions
from coe_ui.content.cluster_templates import catalog


@dataclasses.dataclass(frozen=True)
class TemplateRow:
    """A template with what its row shows from other look-ups."""

    template: coe_backend.ClusterTemplate
    kubernetes_version: str | None
    image: str | None  # names rather than the IDs the template may hold
    flavors: str
    used_by: tuple | None  # names of the clusters built from it; None: unknown

    @classmethod
    def build(cls, template, images, flavors, in_use):
        """From one page's look-ups: the images and flavors (empty when they
        could not be read) and coe_backend's templates_in_use (or None)."""
        version = coe_backend.kubernetes_version(template, images)
        image = catalog.find(images, template.image_id)
        master, worker = (catalog.find(flavors, ref) for ref in
                          (template.master_flavor_id, template.flavor_id))
        return cls(template, str(version) if version else None,
                   image.name if image else template.image_id,
                   f"{_name_or(master, template.master_flavor_id)} / "
                   f"{_name_or(worker, template.flavor_id)}",
                   None if in_use is None else tuple(sorted(in_use.get(template.uuid, ()))))


def _name_or(item, ref):
    return item.name if item else ref or "-"


class OwnerTargetMixin(policy.RememberedPolicyMixin):
    """Magnum checks update and delete against the template's owner."""

    def get_policy_target(self, request, datum=None):
        return policy.owner_target(datum.template) if datum is not None else {}


class CreateClusterTemplate(tables.LinkAction):
    name = "create"
    verbose_name = _("Create Cluster Template")
    url = "horizon:project:cluster_templates:create"
    classes = ("ajax-modal",)
    icon = "plus"
    policy_rules = policy.rules("clustertemplate:create")


class CreateClusterFromTemplate(policy.RememberedPolicyMixin, tables.LinkAction):
    name = "create_cluster"
    verbose_name = _("Create Cluster")
    classes = ("ajax-modal",)
    icon = "plus"
    policy_rules = policy.rules("cluster:create")

    def get_link_url(self, datum):
        # The Clusters wizard starts with this template chosen.
        return (reverse("horizon:project:clusters:create") + "?"
                + urlencode({"template": datum.template.uuid}))


class EditClusterTemplate(OwnerTargetMixin, tables.LinkAction):
    name = "update"
    verbose_name = _("Edit")
    url = "horizon:project:cluster_templates:update"
    classes = ("ajax-modal",)
    icon = "pencil"
    policy_rules = policy.rules("clustertemplate:update")


class CloneClusterTemplate(policy.RememberedPolicyMixin, tables.LinkAction):
    name = "clone"
    verbose_name = _("Clone")
    url = "horizon:project:cluster_templates:clone"
    classes = ("ajax-modal",)
    icon = "clone"
    policy_rules = policy.rules("clustertemplate:create")


class DeleteClusterTemplates(SaysWhyDeleteMixin, OwnerTargetMixin, tables.DeleteAction):
    policy_rules = policy.rules("clustertemplate:delete")

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Delete Cluster Template", "Delete Cluster Templates", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Deleted Cluster Template", "Deleted Cluster Templates", count)

    def delete_one(self, request, obj_id):
        # A refusal names the clusters that still use the template.
        try:
            api.client(request).delete_cluster_template(obj_id)
        finally:
            lookups.forget_template_names(request)


class TemplateFilter(tables.FilterAction):
    filter_type = "query"  # filters the rows on this page, as the user types

    def filter(self, table, rows, filter_string):
        needle = filter_string.lower()
        return [row for row in rows if needle in " ".join(
            str(text or "") for text in (row.template.name, row.image, row.kubernetes_version,
                                         row.template.network_driver, row.template.tags)).lower()]


def _name(row):
    return row.template.name or row.template.uuid


def _visibility(row):
    shown = _("Public") if row.template.public else _("Project")
    return format_lazy("{}, {}", shown, _("hidden")) if row.template.hidden else shown


def _tags(row):
    return ", ".join(row.template.tag_list)


def _used_by(row):
    if row.used_by is None:
        return _("unknown")
    if not row.used_by:
        return _("No clusters")
    return ngettext("%(count)d cluster", "%(count)d clusters", len(row.used_by)) % {
        "count": len(row.used_by)}


class ClusterTemplatesTable(tables.DataTable):
    name = tables.WrappingColumn(_name, verbose_name=_("Name"),
                                 link="horizon:project:cluster_templates:detail")
    coe = tables.Column(lambda row: row.template.coe, verbose_name=_("COE"))
    kubernetes = tables.Column("kubernetes_version", verbose_name=_("Kubernetes"),
                               empty_value="-")
    image = tables.Column("image", verbose_name=_("Image"), empty_value="-")
    flavors = tables.Column("flavors", verbose_name=_("Flavors (master / worker)"))
    network_driver = tables.Column(lambda row: row.template.network_driver,
                                   verbose_name=_("Network Driver"), empty_value="-")
    visibility = tables.Column(_visibility, verbose_name=_("Visibility"))
    tags = tables.Column(_tags, verbose_name=_("Tags"), empty_value="-")
    used_by = tables.Column(_used_by, verbose_name=_("In Use By"))

    def get_object_id(self, row):
        return row.template.uuid

    def get_object_display(self, row):
        # None for a row not on this page (a batch action names it by ID)
        return row and _name(row)

    def get_empty_message(self):
        return _("No cluster templates yet. Create one with \"Create Cluster Template\": "
                 "choose an image (it sets the Kubernetes version), flavors and a network, "
                 "then create clusters from it.")

    class Meta(TableOptions):
        name = "cluster_templates"
        verbose_name = _("Cluster Templates")
        table_actions = (TemplateFilter, CreateClusterTemplate, DeleteClusterTemplates)
        row_actions = (CreateClusterFromTemplate, EditClusterTemplate, CloneClusterTemplate,
                       DeleteClusterTemplates)
