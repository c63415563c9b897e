"""Serves every simulated cluster's Kubernetes API, as the driver's store describes it.

One host owns all the listeners, whichever conductor created a cluster: it
binds the port the driver chose, with the TLS material the driver issued,
shows the view the driver published, and records in the store which version
of each endpoint it serves (the driver waits for that before it sets a
cluster's ``api_address``, or after a CA rotation before it answers).  It
never writes Magnum's database.

Run as its own process in the production profile (``python -m
devcloud.kube_api.host``); the embedded profile runs it as a thread of the
one Magnum process.
"""
import json
import logging
import os
import signal
import threading
import time

from devcloud.driver import store as driver_store
from devcloud.kube_api import auth
from devcloud.kube_api.server import KubeAPIServer

LOG = logging.getLogger(__name__)
POLL_SECONDS = 0.2
VIEW_SECONDS = 0.5


class Host:
    def __init__(self, store, token_validator=None):
        self.store = store
        self.token_validator = token_validator
        self.servers = {}   # cluster uuid -> (KubeAPIServer, tls_version served)
        self._views = {}
        self._failed = {}   # cluster uuid -> tls_version that could not be served

    def _view(self, cluster_uuid):
        def view():
            cached = self._views.get(cluster_uuid)
            if cached and cached[0] > time.monotonic():
                return cached[1]
            data = self.store.view(cluster_uuid)
            self._views[cluster_uuid] = (time.monotonic() + VIEW_SECONDS, data)
            return data
        return view

    def sync(self):
        """Serve what the store says: start, re-key, move or stop listeners."""
        wanted = {row["uuid"]: row for row in self.store.endpoints()}
        for cluster_uuid in set(self.servers) - set(wanted):
            self._stop(cluster_uuid)
        for cluster_uuid, row in wanted.items():
            running = self.servers.get(cluster_uuid)
            if running and running[1] == row["tls_version"]:
                continue
            if self._failed.get(cluster_uuid) == row["tls_version"]:
                continue  # the driver moves it (a new version) when it sees the error
            try:
                self._serve(cluster_uuid, running)
            except Exception as exc:
                LOG.warning("devcloud kube API host: cannot serve %s: %s", cluster_uuid, exc)
                self._failed[cluster_uuid] = row["tls_version"]
                self.store.mark_listening(cluster_uuid, 0, str(exc))

    def _serve(self, cluster_uuid, running):
        endpoint = self.store.endpoint(cluster_uuid)
        if endpoint is None:
            return
        tls = ((endpoint["ca_pem"], endpoint["cert_pem"], endpoint["key_pem"])
               if endpoint["tls"] else None)
        if tls and not all(tls):
            return  # the driver has not issued the certificate yet
        server = running[0] if running else None
        if server is not None and server.port == endpoint["port"]:
            if tls:
                server.update_tls(*tls)
        else:
            if server is not None:
                self._stop(cluster_uuid)
            try:
                server = KubeAPIServer(cluster_uuid, self._view(cluster_uuid), tls,
                                       port=endpoint["port"], token_validator=self.token_validator)
            except OSError as exc:
                raise RuntimeError("port %d cannot be bound: %s" % (endpoint["port"], exc))
            server.start()
        self.servers[cluster_uuid] = (server, endpoint["tls_version"])
        self.store.mark_listening(cluster_uuid, endpoint["tls_version"])

    def _stop(self, cluster_uuid):
        server, _version = self.servers.pop(cluster_uuid)
        self._views.pop(cluster_uuid, None)
        try:
            server.stop()
        except Exception:
            LOG.exception("devcloud kube API host: stopping %s", cluster_uuid)

    def run_forever(self, stop=None):
        while stop is None or not stop.is_set():
            try:
                self.sync()
            except Exception:
                LOG.exception("devcloud kube API host: sync failed")
            time.sleep(POLL_SECONDS)


def from_environment():
    """A host for this devcloud (DEVCLOUD_STATE_DIR, DEVCLOUD_KEYSTONE_URL, DEVCLOUD_SERVICE_AUTH)."""
    store = driver_store.Store(driver_store.path_for(os.environ["DEVCLOUD_STATE_DIR"]))
    keystone = os.environ.get("DEVCLOUD_KEYSTONE_URL")
    validator = None
    if keystone:
        service_auth = json.loads(os.environ.get("DEVCLOUD_SERVICE_AUTH") or "null")
        validator = auth.KeystoneTokenValidator(keystone, service_auth).validate
    return Host(store, validator)


def start_thread():
    """Run the host inside the calling process (the embedded profile)."""
    thread = threading.Thread(target=from_environment().run_forever, name="devcloud-kube-api",
                              daemon=True)
    thread.start()
    return thread


def main():
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    from_environment().run_forever()


if __name__ == "__main__":
    main()
