"""The catalog (images, flavors, key pairs, networks, subnets) as the
template pages use it.

Magnum takes a name or an ID for a template's image, flavors, networks and
subnet, and keeps what it was given, so pages look each one up by either.
"""
from horizon import messages
from horizon.utils.memoized import memoized

from coe_ui import api, shared_cache

CACHE_SECONDS = 300

# Template field -> the WizardChoices list its value names an item of.
REFERENCES = {
    "image_id": "images", "flavor_id": "flavors", "master_flavor_id": "flavors",
    "keypair_id": "keypairs", "external_network_id": "networks",
    "fixed_network": "networks", "fixed_subnet": "subnets",
}


@memoized
def wizard_choices(request):
    """coe_backend's concurrent catalog look-ups, shared by a wizard's requests.

    A page (GET: opening a wizard, a detail page) loads them; the wizard's
    posts (each Next, the Review, the submit) reuse them for a few minutes.
    A batch with a failed look-up is shown as warnings and not kept, so the
    next request tries again.
    """
    key = ("template-catalog", request.user.token.project["id"], request.user.id)
    loaded = None if request.method == "GET" else shared_cache.get(*key)
    if loaded is None:
        loaded = api.client(request).wizard_choices()
        for warning in loaded.warnings:
            messages.warning(request, warning)
        if not loaded.warnings:
            shared_cache.set(loaded, CACHE_SECONDS, *key)
    return loaded


def item_id(item):
    """Key pairs are known by name only."""
    return getattr(item, "id", None) or item.name


def find(items, ref):
    """The item `ref` names, by ID first then by name; None if none does."""
    if not ref:
        return None
    return (next((item for item in items if item_id(item) == ref), None)
            or next((item for item in items if item.name == ref), None))


def referenced(choices, field, ref):
    """The catalog item a template field's value names."""
    return find(getattr(choices, REFERENCES[field]), ref)
