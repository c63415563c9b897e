"""Authenticated clients for devcloud's demo users (seeding and tests)."""
from devcloud.config import REGION, USERS


def session(cfg, user):
    """A keystoneauth session for ``user``, scoped to the user's project."""
    from keystoneauth1 import session as ksa_session
    from keystoneauth1.identity import v3

    auth = v3.Password(auth_url=cfg.keystone_url, username=user, password=user,
                       project_name=USERS[user][0], user_domain_name="Default",
                       project_domain_name="Default")
    return ksa_session.Session(auth=auth)


def magnum(cfg, user, api_version="latest", region=REGION):
    """A real python-magnumclient for ``user``, through the Keystone catalog
    (``region``'s Magnum: RegionOne's unless told)."""
    from magnumclient.v1 import client

    return client.Client(session=session(cfg, user), service_type="container-infra",
                         region_name=region, api_version=api_version)
