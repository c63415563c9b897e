"""Who a request to a simulated cluster's API is: a client certificate of the
cluster's CA, or (where the cluster runs Keystone auth) a Keystone token of
the cluster's project."""
import datetime
import hashlib
import logging
import threading
import time

LOG = logging.getLogger(__name__)

class KeystoneTokenValidator(object):
    """Validates Keystone tokens (``GET /v3/auth/tokens``), caching results briefly.

    ``service_auth`` is a dict for keystoneauth1's v3 Password plugin
    (auth_url, username, password, project_name, user_domain_name,
    project_domain_name).  Without it, or if the service user may not validate
    tokens, a token validates itself (Keystone's policy lets a token's owner do
    that).  ``validate`` returns {"user", "user_id", "project_id", "roles"} or None.
    """

    def __init__(self, keystone_url, service_auth=None, ttl=60, negative_ttl=5, timeout=5):
        base = keystone_url.rstrip("/")
        if base.endswith("/v3"):
            base = base[:-3]
        self.url = base + "/v3/auth/tokens"
        self.service_auth = service_auth
        self.ttl = ttl
        self.negative_ttl = negative_ttl
        self.timeout = timeout
        self._cache = {}
        self._lock = threading.Lock()
        self._service_session = None

    def _session(self):
        from keystoneauth1 import session as ks_session
        if self._service_session is None and self.service_auth:
            from keystoneauth1.identity import v3
            auth = v3.Password(**self.service_auth)
            self._service_session = ks_session.Session(auth=auth, timeout=self.timeout)
        return self._service_session

    def _ask(self, token):
        from keystoneauth1 import session as ks_session
        resp = None
        sess = None
        try:
            sess = self._session()
        except Exception:
            LOG.warning("devcloud kube API: cannot build the Keystone service session",
                        exc_info=True)
        if sess is not None:
            try:
                resp = sess.get(self.url, headers={"X-Subject-Token": token},
                                raise_exc=False)
            except Exception as exc:
                LOG.warning("devcloud kube API: token validation with the service "
                            "user failed: %s", exc)
                resp = None
        if resp is None or resp.status_code in (401, 403):
            # Self-validation: a token may always look at itself.
            resp = ks_session.Session(timeout=self.timeout).get(
                self.url, headers={"X-Subject-Token": token, "X-Auth-Token": token},
                authenticated=False, raise_exc=False)
        if resp.status_code != 200:
            return None
        body = resp.json().get("token", {})
        project = body.get("project") or {}
        user = body.get("user") or {}
        return {
            "user": user.get("name"),
            "user_id": user.get("id"),
            "project_id": project.get("id"),
            "project": project.get("name"),
            "roles": [r.get("name") for r in body.get("roles") or ()],
            "expires_at": body.get("expires_at"),
        }

    def validate(self, token):
        key = hashlib.sha256(token.encode()).hexdigest()
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(key)
            if hit and hit[0] > now:
                return hit[1]
        try:
            info = self._ask(token)
        except Exception as exc:
            LOG.warning("devcloud kube API: Keystone token validation failed: %s", exc)
            return None
        ttl = self.ttl if info else self.negative_ttl
        if info and info.get("expires_at"):
            try:
                exp = datetime.datetime.fromisoformat(info["expires_at"].replace("Z", "+00:00"))
                left = (exp - datetime.datetime.now(datetime.timezone.utc)).total_seconds()
                ttl = max(0, min(ttl, left))
            except ValueError:
                pass
        with self._lock:
            if len(self._cache) > 1000:
                self._cache.clear()
            self._cache[key] = (now + ttl, info)
        return info
