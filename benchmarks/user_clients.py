"""keystoneauth sessions and coe_backend clients for one devcloud user, made
the way coe_ui makes one per page view: from the user's token (no Keystone
call), with fresh endpoint discovery, Magnum's maximum microversion known."""
from keystoneauth1 import session as ksa_session
from keystoneauth1.identity import access as access_plugin

import coe_backend
from devcloud import clients


class UserClients:
    def __init__(self, cfg, user):
        self._auth_url = cfg.keystone_url
        password = clients.session(cfg, user)
        self._access = password.auth.get_access(password)
        self.server_max_version = coe_backend.connect(self.session()).server_max_version

    def session(self):
        auth = access_plugin.AccessInfoPlugin(self._access, auth_url=self._auth_url)
        return ksa_session.Session(auth=auth)

    def client(self):
        return coe_backend.connect(self.session(), server_max_version=self.server_max_version)
