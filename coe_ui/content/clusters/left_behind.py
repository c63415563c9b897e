"""What a deleted cluster left in the cloud.

The Delete dialog lists the cluster's resources (coe_backend's
cluster_resources); when the delete starts, their IDs are kept in the
user's session (shared by every Horizon worker, as Horizon keeps its
sessions). The cluster's page is gone afterwards, so the Clusters list,
once Magnum no longer knows the cluster, asks once which of them are still
there and names them in a message with where to delete them in Horizon.
"""
import time

from django.urls import NoReverseMatch
from django.urls import reverse
from django.utils.html import format_html
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from horizon import messages

import coe_backend
from coe_backend import ResourceKind

SESSION_KEY = "coe_ui_deleted_cluster_resources"
FORGET_AFTER = 6 * 3600  # seconds: a delete still not done by then is not followed
MAX_KEPT = 10

KIND_WORDS = {
    ResourceKind.SERVER: _("Server"),
    ResourceKind.VOLUME: _("Volume"),
    ResourceKind.LOAD_BALANCER: _("Load balancer"),
    ResourceKind.FLOATING_IP: _("Floating IP"),
    ResourceKind.SECURITY_GROUP: _("Security group"),
}
KINDS_WORDS = {
    ResourceKind.SERVER: _("servers"),
    ResourceKind.VOLUME: _("volumes"),
    ResourceKind.LOAD_BALANCER: _("load balancers"),
    ResourceKind.FLOATING_IP: _("floating IPs"),
    ResourceKind.SECURITY_GROUP: _("security groups"),
}


def counted(kind, count):
    """"3 servers", "1 volume"..."""
    words = {
        ResourceKind.SERVER: ngettext("%(count)s server", "%(count)s servers", count),
        ResourceKind.VOLUME: ngettext("%(count)s volume", "%(count)s volumes", count),
        ResourceKind.LOAD_BALANCER: ngettext("%(count)s load balancer",
                                             "%(count)s load balancers", count),
        ResourceKind.FLOATING_IP: ngettext("%(count)s floating IP", "%(count)s floating IPs",
                                           count),
        ResourceKind.SECURITY_GROUP: ngettext("%(count)s security group",
                                              "%(count)s security groups", count),
    }
    return words[kind] % {"count": count}


# Horizon's own pages for each kind: (URL name, whether it takes the ID).
HORIZON_PAGES = {
    ResourceKind.SERVER: ("horizon:project:instances:detail", True),
    ResourceKind.VOLUME: ("horizon:project:volumes:detail", True),
    ResourceKind.LOAD_BALANCER: ("horizon:project:load_balancer:detail", True),
    ResourceKind.FLOATING_IP: ("horizon:project:floating_ips:index", False),
    ResourceKind.SECURITY_GROUP: ("horizon:project:security_groups:detail", True),
}


def horizon_page(resource):
    """The URL of Horizon's page for the resource, or None where this Horizon
    has none (Octavia's dashboard is a plugin of its own)."""
    name, takes_id = HORIZON_PAGES[resource.kind]
    try:
        return reverse(name, args=[resource.id] if takes_id else [])
    except NoReverseMatch:
        return None


def unchecked_words(unchecked):
    """"could not check load balancers: <why>" for each failed lookup."""
    return [_("Could not check %(kinds)s: %(reason)s") % {
        "kinds": ", ".join(str(KINDS_WORDS[k]) for k in item.kinds), "reason": item.reason}
        for item in unchecked]


def remember(request, cluster, radius):
    """Keep what the cluster owned, to check once it is gone."""
    pending = dict(request.session.get(SESSION_KEY) or {})
    pending[cluster.uuid] = {"name": cluster.name or cluster.uuid, "ids": radius.ids,
                             "project": request.user.project_id,
                             "region": request.user.services_region, "at": time.time()}
    # The newest few: a session may be a signed cookie.
    request.session[SESSION_KEY] = dict(sorted(pending.items(),
                                               key=lambda item: item[1]["at"])[-MAX_KEPT:])


def report_remaining(request, client):
    """On the Clusters list: for each cluster deleted from this project whose
    delete is done (Magnum no longer knows it), which of its resources are
    still there, said once in a message."""
    kept = request.session.get(SESSION_KEY) or {}
    if not kept:
        return
    pending = dict(kept)
    for uuid, entry in list(pending.items()):
        if (entry.get("project"), entry.get("region")) != (request.user.project_id,
                                                          request.user.services_region):
            continue  # the clouds asked are this project's in this region
        if time.time() - entry.get("at", 0) > FORGET_AFTER:
            del pending[uuid]
            continue
        try:
            client.get_cluster(uuid)
            continue  # still being deleted, or its delete failed (its page says so)
        except coe_backend.NotFound:
            pass
        except coe_backend.CoeError:
            continue  # ask again on the next visit
        del pending[uuid]
        if entry["ids"]:
            _say_remaining(request, entry["name"], client.remaining_resources(entry["ids"]))
    if pending != kept:
        request.session[SESSION_KEY] = pending


def _say_remaining(request, name, remaining):
    if remaining.resources:
        items = format_html_join("", "<li>{} {}{}</li>", (
            (KIND_WORDS[r.kind], _linked(r),
             format_html(" ({})", _("%s GiB") % r.size_gb) if r.size_gb else "")
            for r in remaining.resources))
        messages.warning(request, format_html(
            '<span class="coe-left-behind">{}</span><ul>{}</ul>{}',
            _('Cluster "%s" is deleted; these of its resources are still there, and '
              'still count against your quota:') % name, items,
            _("Delete them in Horizon's own panels (the links open them) once nothing "
              "uses them; load balancers with 'openstack loadbalancer delete --cascade' "
              "where Horizon has no Load Balancers panel.")))
    elif not remaining.unchecked:
        messages.info(request, _('Cluster "%s" is deleted; nothing it had in the cloud is '
                                 'left.') % name)
    for words in unchecked_words(remaining.unchecked):
        messages.warning(request, _('After deleting cluster "%(name)s": %(words)s') %
                         {"name": name, "words": words})


def _linked(resource):
    url = horizon_page(resource)
    if url is None:
        return format_html("<strong>{}</strong>", resource.shown_name)
    return format_html('<a href="{}"><strong>{}</strong></a>', url, resource.shown_name)
