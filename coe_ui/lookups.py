"""Names shown in place of IDs.

A cluster table polls its busy rows; caching the template names per project
keeps those polls at one Magnum call each instead of two. Owners' names are
read where a detail page shows one, as far as Keystone lets the viewer.
"""
from horizon import exceptions
from openstack_dashboard.api import keystone

import coe_backend
from coe_ui import api, shared_cache

TTL_SECONDS = 60


def _key(request):
    return ("template-summaries-with-driver", request.user.token.project["id"])


def _template_summaries(request, wanted):
    """{template uuid: (name, engine, driver family)} for the project;
    re-read when a wanted one is missing."""
    known = shared_cache.get(*_key(request))
    if known is None or any(uuid not in known for uuid in wanted if uuid):
        templates = api.client(request).list_cluster_templates().items
        known = {t.uuid: (t.name or t.uuid, t.coe, t.cluster_driver.family.value)
                 for t in templates}
        for uuid in wanted:  # not visible to this project: don't ask again
            known.setdefault(uuid, (uuid, None, coe_backend.DriverFamily.OTHER.value))
        shared_cache.set(known, TTL_SECONDS, *_key(request))
    return known


def template_names(request, wanted=()):
    """{template uuid: name} for the project."""
    return {uuid: summary[0] for uuid, summary in _template_summaries(request, wanted).items()}


def template_engine(request, uuid):
    """The COE of the template `uuid` (None where this project cannot see it)."""
    return _template_summaries(request, [uuid])[uuid][1]


def template_driver_family(request, uuid):
    """The family of the driver that builds the template `uuid`'s clusters
    (OTHER where this project cannot see it, or it names none)."""
    return coe_backend.DriverFamily(_template_summaries(request, [uuid])[uuid][2])


def forget_template_names(request):
    """Call after creating, renaming or deleting a template."""
    shared_cache.delete(*_key(request))



def user_name(request, user_id):
    """The user's name, or None where Keystone does not let the viewer read
    it (its default policy: an admin, or the user themself)."""
    return _keystone_name(request, user_id, (request.user.id, request.user.username),
                          lambda: keystone.user_get(request, user_id, admin=False))


def project_name(request, project_id):
    """The project's name, or None where Keystone does not let the viewer read it."""
    return _keystone_name(request, project_id,
                          (request.user.project_id, request.user.project_name),
                          lambda: keystone.tenant_get(request, project_id, admin=False))


def _keystone_name(request, ident, viewers_own, read):
    if not ident:
        return None
    if ident == viewers_own[0]:  # known without asking Keystone
        return viewers_own[1]
    try:
        return read().name
    except Exception:
        exceptions.handle(request, ignore=True)
        return None
