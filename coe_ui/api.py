"""The one bridge from a Django request to coe_backend.

The user's Horizon token, with the service catalog it came with, becomes a
keystoneauth session without another call to Keystone; every view gets its
coe_backend client from ``client(request)``.
"""
from django.conf import settings
from horizon.utils.memoized import memoized
from keystoneauth1 import access
from keystoneauth1 import session as ksa_session
from keystoneauth1.identity import access as access_plugin

import coe_backend
from coe_ui import plugin_settings, shared_cache

VERSION_TTL_SECONDS = 300


def _access_info(token):
    """Rebuild keystoneauth's AccessInfo from what Horizon keeps of the token."""
    body = {"token": {
        "catalog": token.serviceCatalog,
        "project": {"id": token.project["id"], "name": token.project["name"],
                    "domain": {"id": token.project.get("domain_id")}},
        "user": {"id": token.user["id"], "name": token.user["name"],
                 "domain": {"id": token.user_domain_id, "name": token.user_domain_name}},
        "roles": token.roles,
        "expires_at": token.expires.isoformat() if token.expires else None,
    }}
    return access.AccessInfoV3(body, auth_token=token.id)


def session(request):
    options = plugin_settings.current()
    auth = access_plugin.AccessInfoPlugin(_access_info(request.user.token),
                                          auth_url=settings.OPENSTACK_KEYSTONE_URL)
    return ksa_session.Session(auth=auth,
                               verify=options.ssl_verify, timeout=options.request_timeout)


@memoized
def client(request):
    """The request's coe_backend client, made once per request.

    Magnum's maximum microversion is remembered for a few minutes per region
    and interface, so that pages do not each spend a request negotiating it.
    Never raises: when Magnum cannot be reached to negotiate, the client's
    calls raise coe_backend.CoeError, inside the views' error handling.
    """
    options = plugin_settings.current()
    region = request.user.services_region
    key = ("magnum-max-version", region, options.endpoint_interface)
    known = shared_cache.get(*key)
    made = coe_backend.connect(session(request), region_name=region,
                               interface=options.endpoint_interface,
                               max_api_version=options.max_api_version,
                               server_max_version=known)
    if known is None:
        try:
            shared_cache.set(made.server_max_version, VERSION_TTL_SECONDS, *key)
        except coe_backend.CoeError:
            pass  # Magnum unreachable: each call raises it where the view handles it
    return made


def fleet(request, all_projects=False):
    """Every region's clusters (coe_backend.read_fleet) on the request's
    token: the project's, or every project's Magnum lists to an admin.
    Each region's Magnum maximum microversion is shared with client()'s."""
    options = plugin_settings.current()
    on_token = session(request)
    regions = coe_backend.container_infra_regions(on_token, options.endpoint_interface)
    keys = {region: ("magnum-max-version", region, options.endpoint_interface)
            for region in regions}
    known = {region: shared_cache.get(*key) for region, key in keys.items()}
    found = coe_backend.read_fleet(
        on_token, interface=options.endpoint_interface, all_projects=all_projects,
        deadline=options.fleet_region_timeout, max_api_version=options.max_api_version,
        known_max_versions={region: v for region, v in known.items() if v},
        stalled_after_seconds=options.stalled_after_minutes * 60)
    for region, maximum in found.server_max_versions.items():
        if known.get(region) is None:
            shared_cache.set(maximum, VERSION_TTL_SECONDS, *keys[region])
    return found
