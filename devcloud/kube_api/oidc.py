"""OpenID Connect ID tokens, checked as kube-apiserver's --oidc-* flags do:
the issuer's keys from its discovery document, the signature, ``iss``,
``aud`` (the client ID), ``exp``; then the user from the username claim and
the groups from the groups claim, with their prefixes. joserfc checks the
signature and Authlib's IDToken the claims: no JWT is taken apart by hand."""
import logging
import threading
import time

import requests
from authlib.oidc.core import IDToken
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

LOG = logging.getLogger(__name__)
KEYS_TTL = 300.0


class OidcValidator:
    def __init__(self, timeout=5):
        self.timeout = timeout
        self._keys = {}  # issuer -> (read at, KeySet)
        self._lock = threading.Lock()

    def _key_set(self, issuer, fresh=False):
        with self._lock:
            hit = self._keys.get(issuer)
        if hit and not fresh and time.monotonic() - hit[0] < KEYS_TTL:
            return hit[1]
        discovery = requests.get(issuer.rstrip("/") + "/.well-known/openid-configuration",
                                 timeout=self.timeout).json()
        if discovery.get("issuer") != issuer:
            raise ValueError(f"the discovery document names issuer {discovery.get('issuer')!r}")
        keys = KeySet.import_key_set(requests.get(discovery["jwks_uri"],
                                                  timeout=self.timeout).json())
        with self._lock:
            self._keys[issuer] = (time.monotonic(), keys)
        return keys

    def _decode(self, token, issuer):
        try:
            return jwt.decode(token, self._key_set(issuer), algorithms=["RS256", "ES256"])
        except JoseError:  # a key the issuer made after we read its keys?
            return jwt.decode(token, self._key_set(issuer, fresh=True),
                              algorithms=["RS256", "ES256"])

    def validate(self, token, settings):
        """{"user", "groups"} for a valid ID token under ``settings`` (the
        view's "oidc"), else None."""
        issuer = settings["issuer_url"]
        try:
            decoded = self._decode(token, issuer)
            claims = IDToken(decoded.claims, decoded.header, options={
                "iss": {"essential": True, "value": issuer},
                "aud": {"essential": True, "value": settings["client_id"]}})
            claims.validate(now=int(time.time()))
        except (JoseError, ValueError, KeyError, requests.RequestException) as error:
            LOG.info("devcloud kube API: OIDC token refused: %s", error)
            return None
        user = claims.get(settings["username_claim"])
        if not user:
            return None
        prefix = settings["username_prefix"]
        groups = claims.get(settings["groups_claim"]) if settings["groups_claim"] else []
        return {"user": user if prefix == "-" else prefix + user,
                "groups": [settings["groups_prefix"] + g for g in groups or []]}
