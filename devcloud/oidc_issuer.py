"""A small OpenID Connect issuer for the devcloud, so that clusters with the
``oidc_issuer_url`` and ``oidc_client_id`` labels have an issuer to trust.

It serves OpenID Connect discovery, its signing keys (JWKS) and a token
endpoint for the resource-owner password grant, checking the user's name and
password with the real Keystone: a devcloud user logs in to it as to Horizon.
ID tokens are signed and checked with joserfc (the JOSE library Authlib is
built on), never by hand. The key is made when the process starts, so tokens
outlive neither it nor a restart: clients read the keys again by key ID.

Mounted by the catalog stand-in under ``/oidc``; its issuer URL is
``Config.oidc_issuer_url``.
"""
import json
import time
import uuid
from urllib.parse import parse_qs

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

PREFIX = "/oidc"
CLIENTS = ("kubernetes",)  # public clients, as kubelogin is one
LIFETIME = 3600


class OidcIssuer:
    def __init__(self, cfg):
        self.cfg = cfg
        self.issuer = cfg.oidc_issuer_url
        self.key = RSAKey.generate_key(2048, parameters={
            "kid": uuid.uuid4().hex, "use": "sig", "alg": "RS256"})

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")[len(PREFIX):]
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/.well-known/openid-configuration" and method == "GET":
            return self._reply(start_response, 200, self.discovery())
        if path == "/jwks" and method == "GET":
            return self._reply(start_response, 200, KeySet([self.key]).as_dict(private=False))
        if path == "/token" and method == "POST":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            form = {k: v[0] for k, v in parse_qs(environ["wsgi.input"].read(size).decode()).items()}
            return self._reply(start_response, *self.token(form))
        return self._reply(start_response, 404, {"error": "not_found"})

    def discovery(self):
        return {
            "issuer": self.issuer,
            "jwks_uri": f"{self.issuer}/jwks",
            "token_endpoint": f"{self.issuer}/token",
            "authorization_endpoint": f"{self.issuer}/authorize",  # not served: no browser here
            "grant_types_supported": ["password"],
            "response_types_supported": ["id_token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "profile", "groups"],
            "claims_supported": ["sub", "preferred_username", "groups"],
        }

    def token(self, form):
        """RFC 6749 §4.3 with OpenID Connect's id_token in the answer."""
        if form.get("grant_type") != "password":
            return 400, {"error": "unsupported_grant_type"}
        if form.get("client_id") not in CLIENTS:
            return 401, {"error": "invalid_client"}
        user = self._keystone_user(form.get("username", ""), form.get("password", ""))
        if user is None:
            return 400, {"error": "invalid_grant",
                         "error_description": "wrong user name or password"}
        now = int(time.time())
        claims = {"iss": self.issuer, "sub": user["id"], "aud": form["client_id"],
                  "iat": now, "exp": now + LIFETIME, "preferred_username": user["name"],
                  "groups": ["devcloud-users"]}
        signed = jwt.encode({"alg": "RS256", "kid": self.key.kid}, claims, self.key)
        return 200, {"access_token": signed, "id_token": signed, "token_type": "Bearer",
                     "expires_in": LIFETIME, "scope": form.get("scope", "openid")}

    def _keystone_user(self, name, password):
        from keystoneauth1 import exceptions, session
        from keystoneauth1.identity import v3
        auth = v3.Password(auth_url=self.cfg.keystone_url, username=name, password=password,
                           user_domain_name="Default", unscoped=True)
        try:
            access = auth.get_access(session.Session(timeout=10))
        except exceptions.Unauthorized:
            return None
        return {"id": access.user_id, "name": access.username}

    @staticmethod
    def _reply(start_response, status, body):
        data = json.dumps(body).encode()
        start_response(f"{status} {'OK' if status < 400 else 'Error'}",
                       [("Content-Type", "application/json"), ("Cache-Control", "no-store"),
                        ("Content-Length", str(len(data)))])
        return [data]


def mounted(app, issuer):
    """``app`` with ``issuer`` answering every path under PREFIX."""
    def dispatch(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == PREFIX or path.startswith(PREFIX + "/"):
            return issuer(environ, start_response)
        return app(environ, start_response)
    return dispatch
