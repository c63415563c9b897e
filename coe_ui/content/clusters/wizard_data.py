"""What the create-cluster wizard offers and what it sends, shared by the
wizard's steps and its Review.

Choices come from one concurrent batch of look-ups per request: Magnum's
templates beside the catalog (images, flavors, key pairs, networks, quotas).
"""
from django.utils.translation import gettext_lazy as _
from horizon.utils.memoized import memoized

import coe_backend
from coe_ui import api
from coe_ui import errors
from coe_ui import parallel
from coe_ui.content.cluster_templates import catalog as template_catalog

INHERIT = ""  # "keep the template's value" in a choice


@memoized
def choices(request):
    """(the templates, the catalog) for the request's wizard, read once; the
    catalog as the template wizard keeps it (one loader: its Next steps and
    Review reuse what opening it read)."""
    client = api.client(request)
    reads = parallel.side_by_side(templates=client.list_cluster_templates,
                                  catalog=lambda: template_catalog.wizard_choices(request))
    try:
        listed = reads.result("templates").items
    except coe_backend.CoeError:
        errors.report(request, _("Unable to list cluster templates"))
        listed = []
    return listed, reads.result("catalog")


def template_defaults(request):
    """{template uuid: {field: what "From the template" means for it}}: the
    wizard's steps name the value a choice left to the template would take."""
    templates, catalog = choices(request)
    flavors = {key: f.name for f in catalog.flavors for key in (f.id, f.name)}
    networks = {key: n.name or n.id for n in catalog.networks for key in (n.id, n.name)}
    subnets = {key: s.name or s.id for s in catalog.subnets for key in (s.id, s.name)}

    def shown(value, names=None):
        if value is None or value == "":
            return str(_("none"))
        if isinstance(value, bool):
            return str(_("Yes") if value else _("No"))
        return str((names or {}).get(value, value))

    return {t.uuid: {"master_flavor_id": shown(t.master_flavor_id, flavors),
                     "flavor_id": shown(t.flavor_id, flavors),
                     "keypair": shown(t.keypair_id),
                     "fixed_network": shown(t.fixed_network, networks),
                     "fixed_subnet": shown(t.fixed_subnet, subnets),
                     "master_lb_enabled": shown(t.master_lb_enabled),
                     "floating_ip_enabled": shown(t.floating_ip_enabled),
                     "labels": coe_backend.format_labels(t.labels) or str(_("none"))}
            for t in templates}


def template_by_id(request, uuid):
    return next((t for t in choices(request)[0] if t.uuid == uuid), None)


def quota_check(request, template, fields, merge_labels):
    """coe_backend's pre-flight on the project's quotas as they are now, with
    the flavors the wizard has already read."""
    _templates, catalog = choices(request)
    return api.client(request).preflight(
        template, {**fields, "merge_labels": merge_labels}, flavors=catalog.flavors)


RESOURCE_NAMES = {
    "instances": _("Instances"), "cores": _("vCPUs"), "ram": _("RAM"), "volumes": _("Volumes"),
    "gigabytes": _("Volume storage"), "floating_ips": _("Floating IPs"),
    "load_balancers": _("Load balancers"), "clusters": _("Clusters"),
}


def quota_rows(preflight):
    """The pre-flight's checks in people's words and units."""
    return [{"name": RESOURCE_NAMES.get(check.resource, check.resource),
             "needed": _amount(check.resource, check.needed, "?"),
             "available": _amount(check.resource, check.available, _("unlimited or unknown")),
             "fits": check.fits, "note": check.note} for check in preflight.checks]


def _amount(resource, value, unknown):
    if value is None:
        return unknown
    if resource == "ram":  # Nova counts MiB
        return _("%(amount)s GiB") % {"amount": f"{value / 1024:.3g}"}
    if resource == "gigabytes":
        return _("%(amount)s GB") % {"amount": value}
    return value



def _tristate(value):
    return {"yes": True, "no": False}.get(value)


def creation_fields(data):
    """(fields for coe_backend.create_cluster, merge_labels) from the wizard's data."""
    fields = {
        "name": data.get("name"),
        "cluster_template_id": data.get("cluster_template_id"),
        "keypair": data.get("keypair") or None,
        "master_count": data.get("master_count"),
        "node_count": data.get("node_count"),
        "master_flavor_id": data.get("master_flavor_id") or None,
        "flavor_id": data.get("flavor_id") or None,
        "fixed_network": data.get("fixed_network") or None,
        "fixed_subnet": data.get("fixed_subnet") or None,
        "master_lb_enabled": _tristate(data.get("master_lb_enabled")),
        "floating_ip_enabled": _tristate(data.get("floating_ip_enabled")),
    }
    labels = dict(data.get("labels") or {})
    if data.get("auto_scaling_enabled"):
        labels["auto_scaling_enabled"] = "true"
        for bound in ("min_node_count", "max_node_count"):
            if data.get(bound) is not None:
                labels[bound] = str(data[bound])
    fields["labels"] = labels
    merge = data.get("labels_mode", "merge") == "merge"
    return {k: v for k, v in fields.items() if v is not None and v != {}}, merge
