"""Names shown in place of IDs, fetched once and shared across page views.

A cluster table polls its busy rows; caching the template names per project
keeps those polls at one Magnum call each instead of two.
"""
from coe_ui import api, shared_cache

TTL_SECONDS = 60


def _key(request):
    return ("template-names", request.user.token.project["id"])


def template_names(request, wanted=()):
    """{template uuid: name} for the project; re-read when a wanted one is missing."""
    names = shared_cache.get(*_key(request))
    if names is None or any(uuid not in names for uuid in wanted if uuid):
        templates = api.client(request).list_cluster_templates().items
        names = {t.uuid: t.name or t.uuid for t in templates}
        for uuid in wanted:  # not visible to this project: don't ask again
            names.setdefault(uuid, uuid)
        shared_cache.set(names, TTL_SECONDS, *_key(request))
    return names


def forget_template_names(request):
    """Call after creating, renaming or deleting a template."""
    shared_cache.delete(*_key(request))
