"""devcloud's Magnum cluster driver: simulated provisioning, real Magnum around it.

Loaded by Magnum through the ``magnum.drivers`` entry point
(``devcloud = devcloud.magnum_driver:Driver``).  Every operation Magnum's
conductor hands to the driver is recorded as a pending operation; a timer
thread completes it after ``DEVCLOUD_OP_SECONDS`` (default 3) by running
Magnum's own ``ClusterUpdateJob`` (the same code the 10 s periodic task runs),
whose ``update_cluster_status`` call lands here.  So completions, CADF
notifications and the clean-up after ``DELETE_COMPLETE`` follow one code path
whether the timer or the periodic task gets there first.

Each cluster that reaches ``CREATE_COMPLETE`` gets a Kubernetes API endpoint
(``devcloud.kube_apiserver``) on 127.0.0.1, with a serving certificate issued
from the cluster's Magnum CA; its ``api_address`` points there.

Failures on request: the label ``devcloud_fail`` (on the cluster, or for
node-group work also on the node group) holding any of ``create, update,
resize, upgrade, delete, nodegroup`` (comma-separated) makes that operation
end ``*_FAILED`` with a realistic ``status_reason`` and failed node groups
(Magnum's ``faults``).  ``delete`` and node-group deletes fail only on their
first attempt so that such clusters can still be removed.

Environment: DEVCLOUD_OP_SECONDS (per cluster: label devcloud_op_seconds), DEVCLOUD_STATE_DIR (node names and ports are
kept in ``<dir>/magnum-driver/clusters.json``), DEVCLOUD_CATALOG_URL (Glance
stand-in, for the image's ``kube_version``), DEVCLOUD_KEYSTONE_URL and
DEVCLOUD_SERVICE_AUTH (bearer-token validation), DEVCLOUD_KUBE_PORT_BASE
(first port tried for kube API endpoints; default 6443 when Magnum listens
on 9511, else derived from Magnum's port, see ``kube_port_base``).
"""
import dataclasses
import datetime
import ipaddress
import json
import os
import threading
import time
import urllib.parse
import urllib.request
import uuid as uuidlib

from oslo_log import log as logging

from magnum.common import context as magnum_context
from magnum.common import exception
from magnum.conductor.handlers.common import cert_manager
from magnum.conductor import monitors
from magnum.drivers.common import driver as base_driver
from magnum import objects
from magnum.objects import fields

from devcloud import kube_apiserver

LOG = logging.getLogger(__name__)
S = fields.ClusterStatus

DEFAULT_KUBE_VERSION = "v1.31.0"
IN_PROGRESS = (S.CREATE_IN_PROGRESS, S.UPDATE_IN_PROGRESS, S.DELETE_IN_PROGRESS,
               S.ROLLBACK_IN_PROGRESS)
# How long an operation may wait for the conductor to persist its *_IN_PROGRESS
# state before it is completed anyway.
READY_GRACE = 30.0
# An *_IN_PROGRESS cluster nobody is working on (e.g. after a restart) is
# completed once it has not changed for op_seconds + STUCK_AFTER.
STUCK_AFTER = 8.0
CONTAINER_VERSION = "1.7.22"


def op_seconds(labels=None):
    """How long an operation takes: the cluster's ``devcloud_op_seconds`` label,
    else DEVCLOUD_OP_SECONDS (a slow cluster lets tests watch it progress)."""
    for raw in ((labels or {}).get("devcloud_op_seconds"), os.environ.get("DEVCLOUD_OP_SECONDS")):
        try:
            return max(0.0, float(raw))
        except (TypeError, ValueError):
            continue
    return 3.0


def kube_port_base():
    """First port tried for kube API endpoints.

    DEVCLOUD_KUBE_PORT_BASE, else 6443 for a Magnum on its default port 9511,
    else a range derived from Magnum's port, so that devclouds running side
    by side (a demo and a test run) keep out of each other's way.
    """
    if os.environ.get("DEVCLOUD_KUBE_PORT_BASE"):
        return int(os.environ["DEVCLOUD_KUBE_PORT_BASE"])
    try:
        import magnum.conf
        api_port = int(magnum.conf.CONF.api.port)
    except Exception:
        api_port = 9511
    return 6443 if api_port == 9511 else 20000 + (api_port % 600) * 20


def _admin_ctx():
    return magnum_context.make_admin_context(all_tenants=True)


def _req_id():
    return "req-%s" % uuidlib.uuid4()


def _norm_version(value):
    value = (value or "").strip()
    if not value:
        return None
    return value if value.startswith("v") else "v" + value


def _fail_requested(what, *label_dicts):
    for labels in label_dicts:
        raw = (labels or {}).get("devcloud_fail") or ""
        if what in {p.strip().lower() for p in raw.replace(";", ",").split(",")}:
            return True
    return False


def _dns_label(text):
    out = "".join(c if c.isalnum() or c in "-." else "-" for c in (text or "").lower())
    return out.strip("-.") or "cluster"


def _when(value):
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value.timestamp()


_SERVICE_SESSION = None


def service_session():
    """A keystoneauth1 session for DEVCLOUD_SERVICE_AUTH's service user, or None."""
    global _SERVICE_SESSION
    if _SERVICE_SESSION is None:
        try:
            auth = json.loads(os.environ.get("DEVCLOUD_SERVICE_AUTH") or "null")
        except ValueError:
            LOG.warning("devcloud driver: DEVCLOUD_SERVICE_AUTH is not JSON")
            auth = None
        if not auth:
            return None
        from keystoneauth1.identity import v3
        from keystoneauth1 import session as ks_session
        _SERVICE_SESSION = ks_session.Session(auth=v3.Password(**auth), timeout=5)
    return _SERVICE_SESSION


def image_kube_version(image_id):
    """The Glance stand-in's ``kube_version`` property of an image, or None."""
    base = os.environ.get("DEVCLOUD_CATALOG_URL")
    if not base or not image_id:
        return None
    url = "%s/image/v2/images/%s" % (base.rstrip("/"), urllib.parse.quote(image_id, safe=""))
    try:
        sess = service_session()
        if sess is not None:
            resp = sess.get(url, raise_exc=False)
            if resp.status_code != 200:
                raise RuntimeError("HTTP %s" % resp.status_code)
            doc = resp.json()
        else:
            with urllib.request.urlopen(url, timeout=3) as resp:
                doc = json.load(resp)
        return _norm_version(doc.get("kube_version"))
    except Exception as exc:
        LOG.info("devcloud driver: no kube_version for image %s (%s)", image_id, exc)
        return None


def template_kube_version(template, cluster_labels=None):
    """kube_tag label (cluster, then template), else the image's kube_version."""
    for labels in (cluster_labels, getattr(template, "labels", None)):
        tag = _norm_version((labels or {}).get("kube_tag"))
        if tag:
            return tag
    return image_kube_version(getattr(template, "image_id", None)) or DEFAULT_KUBE_VERSION


@dataclasses.dataclass
class Op:
    # create update resize upgrade rotate_ca ng_create ng_update ng_delete delete noop
    kind: str
    cluster: str
    deadline: float
    ng: str = None       # nodegroup uuid
    fail: bool = False
    nodes_to_remove: tuple = ()
    template: str = None  # upgrade target template uuid
    force: bool = False  # skip the readiness check (recovery)
    errors: int = 0
    error: str = None
    created: float = dataclasses.field(default_factory=time.time)


class _Runtime(object):
    """Process-wide state: pending operations, kube API servers, node names."""

    def __init__(self):
        self.lock = threading.RLock()
        self.ops = {}        # cluster uuid -> [Op]
        self.batch = {}      # cluster uuid -> {"kind": ..., "failed": reason or None}
        self.servers = {}    # cluster uuid -> KubeAPIServer
        self.server_ca = {}  # cluster uuid -> ca_cert_ref the server uses
        self._view_cache = {}
        self._thread = None
        self._restored = False
        self._validator = None
        state_dir = os.environ.get("DEVCLOUD_STATE_DIR")
        self.state_file = (os.path.join(state_dir, "magnum-driver", "clusters.json")
                           if state_dir else None)
        self.state = {"clusters": {}}
        if self.state_file and os.path.exists(self.state_file):
            try:
                with open(self.state_file) as fh:
                    self.state = json.load(fh)
                self.state.setdefault("clusters", {})
            except Exception:
                LOG.warning("devcloud driver: unreadable %s, starting afresh", self.state_file)

    # -- start-up ------------------------------------------------------------

    def ensure_started(self):
        with self.lock:
            if self._thread is None:
                serialize_sqlite_writes()
                self._thread = threading.Thread(target=self._loop, name="devcloud-driver",
                                                daemon=True)
                self._thread.start()
            if not self._restored:
                self._restored = True
                threading.Thread(target=self.restore, name="devcloud-driver-restore",
                                 daemon=True).start()

    def restore(self):
        """Bring back the kube API servers of existing clusters (after a restart)."""
        try:
            ctx = _admin_ctx()
            for cluster in objects.Cluster.list(ctx):
                if not cluster.api_address or cluster.status in (
                        S.DELETE_COMPLETE, S.CREATE_IN_PROGRESS, S.CREATE_FAILED):
                    continue
                try:
                    with self.lock:
                        self.ensure_server(ctx, cluster)
                except Exception:
                    LOG.exception("devcloud driver: cannot restore the kube API of %s",
                                  cluster.uuid)
        except Exception:
            LOG.exception("devcloud driver: restoring kube API servers failed")

    # -- persistence ---------------------------------------------------------

    def cstate(self, cluster_uuid):
        return self.state["clusters"].setdefault(cluster_uuid, {"nodes": {}, "attempts": {}})

    def save_state(self):
        if not self.state_file:
            return
        try:
            os.makedirs(os.path.dirname(self.state_file), exist_ok=True)
            tmp = self.state_file + ".tmp"
            with open(tmp, "w") as fh:
                json.dump(self.state, fh, indent=1, sort_keys=True)
            os.replace(tmp, self.state_file)
        except Exception:
            LOG.warning("devcloud driver: cannot write %s", self.state_file, exc_info=True)

    # -- operations ----------------------------------------------------------

    def add_op(self, op, reset_batch=False):
        with self.lock:
            if reset_batch:
                self.ops[op.cluster] = []
            kind = ("delete" if op.kind == "delete" else
                    "create" if op.kind == "create" else "update")
            batch = self.batch.get(op.cluster)
            if reset_batch or not self.ops.get(op.cluster) or batch is None:
                self.batch[op.cluster] = {"kind": kind, "failed": None}
            self.ops.setdefault(op.cluster, []).append(op)
        self.ensure_started()
        LOG.info("devcloud driver: %s of cluster %s scheduled in %.1fs%s", op.kind, op.cluster,
                 max(0, op.deadline - time.time()), " (will fail)" if op.fail else "")

    def new_op(self, kind, cluster, **kw):
        return Op(kind=kind, cluster=cluster.uuid,
                  deadline=time.time() + op_seconds(cluster.labels), **kw)

    def _loop(self):
        last_sweep = 0.0
        while True:
            try:
                time.sleep(0.05)
                now = time.time()
                with self.lock:
                    due = [c for c, ops in self.ops.items() if any(o.deadline <= now for o in ops)]
                    for c in [c for c, ops in self.ops.items() if not ops]:
                        self.ops.pop(c, None)
                for cluster_uuid in due:
                    self._run_job(cluster_uuid)
                if now - last_sweep > 2.0:
                    last_sweep = now
                    self._sweep()
            except Exception:
                LOG.exception("devcloud driver: timer loop error")

    def _run_job(self, cluster_uuid):
        """Run Magnum's ClusterUpdateJob for one cluster (as the periodic task would)."""
        from oslo_service import loopingcall
        from magnum.service import periodic
        ctx = _admin_ctx()
        try:
            cluster = objects.Cluster.get_by_uuid(ctx, cluster_uuid)
        except exception.ClusterNotFound:
            with self.lock:
                self.ops.pop(cluster_uuid, None)
                self.batch.pop(cluster_uuid, None)
            self.forget(cluster_uuid)
            return
        except Exception:
            LOG.exception("devcloud driver: cannot load cluster %s", cluster_uuid)
            self._op_error(cluster_uuid, "cannot load the cluster")
            return
        try:
            if cluster.status in IN_PROGRESS:
                periodic.ClusterUpdateJob(ctx, cluster).update_status()
            # Not (yet, or any more) *_IN_PROGRESS in the DB: Magnum's job must
            # not see it, since it cleans up after any DELETE_COMPLETE object
            # (the transition may just have been made by the periodic task).
            elif self.process(ctx, cluster) and cluster.status == S.DELETE_COMPLETE:
                periodic.ClusterUpdateJob(ctx, cluster).update_status()
        except loopingcall.LoopingCallDone:
            pass
        except Exception as exc:
            LOG.exception("devcloud driver: completing an operation on %s failed", cluster_uuid)
            self._op_error(cluster_uuid, str(exc))

    def _op_error(self, cluster_uuid, message):
        with self.lock:
            for op in list(self.ops.get(cluster_uuid, ())):
                if op.deadline <= time.time():
                    op.errors += 1
                    op.deadline = time.time() + 1.0
                    if op.errors >= 5 and not op.error:
                        # Give up on the simulation: end the operation failed.
                        op.fail, op.force = True, True
                        op.error = ("Internal error in the devcloud cluster driver: %s"
                                    % message)
                    elif op.errors >= 10:
                        LOG.error("devcloud driver: dropping %s of %s after 10 errors",
                                  op.kind, cluster_uuid)
                        self.ops[cluster_uuid].remove(op)

    def _sweep(self):
        """Clusters *_IN_PROGRESS with no pending operation: complete them."""
        try:
            ctx = _admin_ctx()
            clusters = objects.Cluster.list(ctx, filters={"status": list(IN_PROGRESS)})
        except Exception:
            LOG.debug("devcloud driver: sweep failed", exc_info=True)
            return
        for cluster in clusters:
            with self.lock:
                busy = bool(self.ops.get(cluster.uuid))
            if not busy and self._stale(cluster):
                self._run_job(cluster.uuid)

    @staticmethod
    def _stale(cluster):
        changed = _when(cluster.updated_at) or _when(cluster.created_at) or 0
        return time.time() - changed > op_seconds(cluster.labels) + STUCK_AFTER

    def _recovery_ops(self, cluster):
        ctx = _admin_ctx()
        now = time.time()
        ops = []
        if cluster.status == S.CREATE_IN_PROGRESS:
            ops.append(Op("create", cluster.uuid, now, force=True,
                          fail=_fail_requested("create", cluster.labels)))
        elif cluster.status == S.DELETE_IN_PROGRESS:
            ops.append(Op("delete", cluster.uuid, now, force=True))
        else:
            for ng in objects.NodeGroup.list(ctx, cluster.uuid):
                kind = {S.CREATE_IN_PROGRESS: "ng_create", S.UPDATE_IN_PROGRESS: "resize",
                        S.DELETE_IN_PROGRESS: "ng_delete"}.get(ng.status)
                if kind:
                    ops.append(Op(kind, cluster.uuid, now, ng=ng.uuid, force=True))
            if not ops:
                ops.append(Op("noop", cluster.uuid, now, force=True))
        LOG.warning("devcloud driver: cluster %s was left %s with nothing pending; "
                    "completing it (%s)", cluster.uuid, cluster.status,
                    ", ".join(o.kind for o in ops))
        return ops

    def process(self, context, cluster):
        """update_cluster_status: complete due operations of one cluster.

        Returns True when this call moved the cluster to its final state (then,
        and only then, ``cluster`` carries the new state).
        """
        with self.lock:
            ctx = _admin_ctx()
            try:
                fresh = objects.Cluster.get_by_uuid(ctx, cluster.uuid)
            except exception.ClusterNotFound:
                return False
            ops = self.ops.get(cluster.uuid)
            if not ops:
                if fresh.status not in IN_PROGRESS or not self._stale(fresh):
                    return False
                for op in self._recovery_ops(fresh):
                    self.add_op(op)
                ops = self.ops[cluster.uuid]
            now = time.time()
            applied = False
            for op in [o for o in ops if o.deadline <= now]:
                verdict = "go" if op.force else self._ready(ctx, fresh, op)
                if verdict == "drop":
                    ops.remove(op)
                    continue
                if verdict == "wait":
                    if now - op.created < op_seconds() + READY_GRACE:
                        op.deadline = now + 0.2
                        continue
                    LOG.warning("devcloud driver: %s of %s: the conductor never recorded "
                                "the operation; completing it anyway", op.kind, fresh.uuid)
                self._apply(ctx, fresh, op)
                ops.remove(op)
                applied = True
            if ops or not applied:
                return False
            self.ops.pop(cluster.uuid, None)
            batch = self.batch.pop(cluster.uuid, {"kind": "update", "failed": None})
            self._finalize(ctx, fresh, batch)
            # Let the caller (Magnum's ClusterUpdateJob) see the transition, so
            # it notifies once and, after DELETE_COMPLETE, removes the cluster.
            for field in ("status", "status_reason", "api_address", "coe_version",
                          "cluster_template_id", "health_status", "health_status_reason",
                          "ca_cert_ref", "magnum_cert_ref"):
                setattr(cluster, field, getattr(fresh, field))
            cluster.obj_reset_changes()
            return True

    def _ready(self, ctx, cluster, op):
        status = cluster.status
        if op.kind != "delete" and status in (S.DELETE_IN_PROGRESS, S.DELETE_COMPLETE):
            return "drop"
        if op.kind == "create":
            return "go" if status == S.CREATE_IN_PROGRESS and cluster.stack_id else "wait"
        if op.kind == "delete":
            return "go" if status == S.DELETE_IN_PROGRESS else "wait"
        if status != S.UPDATE_IN_PROGRESS:
            return "wait"
        if op.kind in ("upgrade", "ng_update", "ng_delete", "ng_create"):
            try:
                ng = objects.NodeGroup.get_by_uuid(ctx, cluster.uuid, op.ng)
            except exception.NodeGroupNotFound:
                return "drop"
            want = {"ng_create": S.CREATE_IN_PROGRESS, "ng_delete": S.DELETE_IN_PROGRESS}.get(
                op.kind, S.UPDATE_IN_PROGRESS)
            if ng.status != want:
                return "wait"
        return "go"

    # -- applying one operation ------------------------------------------------

    def _fail_batch(self, cluster_uuid, reason):
        batch = self.batch.setdefault(cluster_uuid, {"kind": "update", "failed": None})
        if not batch["failed"]:
            batch["failed"] = reason

    def _ng(self, ctx, cluster, ng_uuid):
        try:
            return objects.NodeGroup.get_by_uuid(ctx, cluster.uuid, ng_uuid)
        except exception.NodeGroupNotFound:
            LOG.info("devcloud driver: nodegroup %s of %s is gone", ng_uuid, cluster.uuid)
            return None

    def _apply(self, ctx, cluster, op):
        LOG.info("devcloud driver: completing %s of cluster %s (%s)", op.kind, cluster.uuid,
                 "failing" if op.fail else "success")
        if op.kind == "create":
            ngs = objects.NodeGroup.list(ctx, cluster.uuid)
            if op.fail:
                requested = 2 * sum(ng.node_count for ng in ngs) or 2
                reason = op.error or (
                    "Resource CREATE failed: Forbidden: resources.kube_masters.resources[0]."
                    "resources.kube-master: Quota exceeded for cores: Requested %d, but already "
                    "used 20 of 20 cores (HTTP 403) (Request-ID: %s)" % (requested, _req_id()))
                self._fail_batch(cluster.uuid, reason)
                for ng in ngs:
                    path = ("kube_masters.resources[0].resources.kube-master"
                            if ng.role == "master" else
                            "kube_minions.resources[0].resources.kube-minion")
                    reason = op.error or (
                        "Resource CREATE failed: Forbidden: resources.%s: Quota exceeded for "
                        "cores: Requested %d, but already used 20 of 20 cores (HTTP 403) "
                        "(Request-ID: %s)" % (path, requested, _req_id()))
                    ng.status, ng.status_reason = S.CREATE_FAILED, reason
                    ng.save()
                return
            version = cluster.coe_version or DEFAULT_KUBE_VERSION
            for ng in ngs:
                self.reconcile_nodes(cluster, ng, ng.node_count)
                ng.status, ng.status_reason = S.CREATE_COMPLETE, None
                ng.version = ng.version or version
                ng.save()
            return

        if op.kind == "delete":
            if op.fail:
                reason = op.error or (
                    "Resource DELETE failed: Conflict: resources.network: Unable to complete "
                    "operation on network %s. There are one or more ports still in use on the "
                    "network. (HTTP 409) (Request-ID: %s)" % (
                        uuidlib.uuid5(uuidlib.NAMESPACE_URL, "net:" + cluster.uuid), _req_id()))
                for ng in objects.NodeGroup.list(ctx, cluster.uuid):
                    ng.status, ng.status_reason = S.DELETE_FAILED, reason
                    ng.save()
                self._fail_batch(cluster.uuid, reason)
                return
            self.stop_server(cluster.uuid)
            return

        if op.kind == "noop":
            return

        if op.kind == "rotate_ca":
            # ``cluster`` is fresh from the DB: make sure the endpoint uses its CA
            self.ensure_server(ctx, cluster, refresh_tls=True)
            return

        ng = self._ng(ctx, cluster, op.ng)
        if ng is None:
            return
        if ng.status == S.DELETE_IN_PROGRESS and op.kind != "ng_delete":
            LOG.info("devcloud driver: %s of nodegroup %s superseded by its deletion",
                     op.kind, ng.name)
            return
        nodes = [n["name"] for n in self.nodes_for(cluster, ng)]
        if op.kind in ("update", "resize", "ng_update"):
            if op.fail:
                current = len(nodes)
                if op.kind != "ng_update" and ng.node_count < current:
                    victim = nodes[-1] if nodes else ng.name
                    reason = ("Resource UPDATE failed: Failed to drain node %s: Cannot evict pod "
                              "as it would violate the pod's disruption budget." % victim)
                else:
                    path = ("kube_masters.resources[%d].resources.kube-master" % current
                            if ng.role == "master" else
                            "kube_minions.resources[%d].resources.kube-minion" % current)
                    reason = ('Resource UPDATE failed: ResourceInError: resources.%s: Went to '
                              'status ERROR due to "Message: No valid host was found. There are '
                              'not enough hosts available., Code: 500"' % path)
                reason = op.error or reason
                ng.status, ng.status_reason = S.UPDATE_FAILED, reason
                ng.save()
                self._fail_batch(cluster.uuid, reason)
                return
            if op.kind != "ng_update":
                self.reconcile_nodes(cluster, ng, ng.node_count, op.nodes_to_remove)
            ng.status, ng.status_reason = S.UPDATE_COMPLETE, None
            ng.save()
            return

        if op.kind == "upgrade":
            template_uuid = op.template or cluster.cluster_template_id
            template = objects.ClusterTemplate.get_by_uuid(ctx, template_uuid)
            if template_uuid != cluster.cluster_template_id:
                version = template_kube_version(template)
            else:
                version = cluster.coe_version or template_kube_version(template)
            if op.fail:
                victim = nodes[0] if nodes else ng.name
                reason = op.error or (
                    "Failed to upgrade nodegroup %s to %s: timed out draining node %s: Cannot "
                    "evict pod as it would violate the pod's disruption budget." % (
                        ng.name, version, victim))
                ng.status, ng.status_reason = S.UPDATE_FAILED, reason
                ng.save()
                self._fail_batch(cluster.uuid, reason)
                return
            if template_uuid != cluster.cluster_template_id:
                cluster.cluster_template_id = template_uuid
                cluster.coe_version = version
                cluster.save()
                # The control plane follows the cluster template.
                for other in objects.NodeGroup.list(ctx, cluster.uuid):
                    if other.role == "master" and other.uuid != ng.uuid:
                        other.version, other.image_id = version, template.image_id
                        other.save()
            ng.version, ng.image_id = version, template.image_id
            ng.status, ng.status_reason = S.UPDATE_COMPLETE, None
            ng.save()
            return

        if op.kind == "ng_create":
            if op.fail:
                reason = op.error or (
                    "Resource CREATE failed: Forbidden: resources.kube_minions.resources[0]."
                    "resources.kube-minion: Quota exceeded for instances: Requested %d, but "
                    "already used 10 of 10 instances (HTTP 403) (Request-ID: %s)" % (
                        max(1, ng.node_count), _req_id()))
                ng.status, ng.status_reason = S.CREATE_FAILED, reason
                ng.save()
                self._fail_batch(cluster.uuid, reason)
                return
            self.reconcile_nodes(cluster, ng, ng.node_count)
            ng.version = ng.version or cluster.coe_version
            ng.status, ng.status_reason = S.CREATE_COMPLETE, None
            ng.save()
            return

        if op.kind == "ng_delete":
            if op.fail:
                victim = nodes[0] if nodes else ng.name
                reason = op.error or (
                    "Resource DELETE failed: Error: resources.kube_minions.resources[0]."
                    "resources.kube-minion: Server %s delete failed: (500) Timed out waiting "
                    "for the server to be deleted" % victim)
                ng.status, ng.status_reason = S.DELETE_FAILED, reason
                ng.save()
                self._fail_batch(cluster.uuid, reason)
                return
            ng.destroy()
            self.cstate(cluster.uuid)["nodes"].pop(ng.uuid, None)
            self.save_state()
            return

        LOG.error("devcloud driver: unknown operation %s", op.kind)

    def _finalize(self, ctx, cluster, batch):
        failed = batch.get("failed")
        kind = batch.get("kind", "update")
        if kind == "create":
            if failed:
                cluster.status, cluster.status_reason = S.CREATE_FAILED, failed
                cluster.health_status = fields.ClusterHealthStatus.UNKNOWN
                cluster.health_status_reason = {
                    "api": "The cluster %s is not accessible." % (cluster.name or cluster.uuid)}
                cluster.save()
                return
            try:
                server = self.ensure_server(ctx, cluster)
            except Exception as exc:
                LOG.exception("devcloud driver: cannot start the kube API of %s", cluster.uuid)
                cluster.status = S.CREATE_FAILED
                cluster.status_reason = ("Timed out waiting for the Kubernetes API of cluster %s "
                                         "to become available: %s" % (cluster.name, exc))
                cluster.save()
                return
            cluster.api_address = server.url
            cluster.status, cluster.status_reason = S.CREATE_COMPLETE, None
            cluster.health_status, cluster.health_status_reason = self.health(ctx, cluster)
            cluster.save()
            return
        if kind == "delete":
            if failed:
                cluster.status, cluster.status_reason = S.DELETE_FAILED, failed
            else:
                cluster.status, cluster.status_reason = S.DELETE_COMPLETE, None
                self.forget(cluster.uuid)
            cluster.save()
            return
        cluster.status = S.UPDATE_FAILED if failed else S.UPDATE_COMPLETE
        cluster.status_reason = failed or None
        if cluster.api_address:
            cluster.health_status, cluster.health_status_reason = self.health(ctx, cluster)
        cluster.save()

    # -- nodes ---------------------------------------------------------------

    def nodes_for(self, cluster, ng):
        """The node records of a nodegroup, consistent with ng.node_addresses."""
        prefix = "%s-%s" % (_dns_label(cluster.name or cluster.uuid[:8]), _dns_label(ng.name))
        nodes = self.cstate(cluster.uuid)["nodes"].get(ng.uuid)
        addresses = list(ng.node_addresses or [])
        if nodes is not None and [n["address"] for n in nodes] == addresses:
            return nodes
        known = {n["address"]: n for n in nodes or ()}
        rebuilt = []
        for i, address in enumerate(addresses):
            node = known.get(address) or {
                "name": "%s-%d" % (prefix, i), "index": i, "address": address,
                "created": _when(cluster.created_at) or time.time(),
                "server_id": str(uuidlib.uuid5(uuidlib.NAMESPACE_URL,
                                               "%s:%s:%d" % (cluster.uuid, ng.uuid, i)))}
            rebuilt.append(node)
        self.cstate(cluster.uuid)["nodes"][ng.uuid] = rebuilt
        return rebuilt

    def reconcile_nodes(self, cluster, ng, target, remove=()):
        """Grow or shrink a nodegroup to ``target`` nodes; sets ng.node_addresses."""
        ctx = _admin_ctx()
        prefix = "%s-%s" % (_dns_label(cluster.name or cluster.uuid[:8]), _dns_label(ng.name))
        nodes = list(self.nodes_for(cluster, ng))
        if remove:
            wanted = {str(r) for r in remove}
            kept = [n for n in nodes if not ({n["name"], n["address"], n["server_id"]} & wanted)]
            if len(kept) != len(nodes):
                LOG.info("devcloud driver: removing nodes %s from %s", sorted(
                    n["name"] for n in nodes if n not in kept), ng.name)
            nodes = kept
        while len(nodes) > target:
            nodes.pop()
        used = set()
        for other in objects.NodeGroup.list(ctx, cluster.uuid):
            if other.uuid != ng.uuid:
                used.update(other.node_addresses or ())
        used.update(n["address"] for n in nodes)
        host = 5
        while len(nodes) < target:
            index = max([n.get("index", -1) for n in nodes] + [-1]) + 1
            while True:
                address = str(ipaddress.ip_address("10.0.0.0") + host)
                host += 1
                if address.endswith((".0", ".255", ".1", ".2")) or address in used:
                    continue
                break
            used.add(address)
            nodes.append({"name": "%s-%d" % (prefix, index), "index": index,
                          "address": address, "created": time.time(),
                          "server_id": str(uuidlib.uuid4())})
        self.cstate(cluster.uuid)["nodes"][ng.uuid] = nodes
        ng.node_addresses = [n["address"] for n in nodes]
        self.save_state()

    def health(self, ctx, cluster):
        reason = {"api": "ok"}
        for ng in objects.NodeGroup.list(ctx, cluster.uuid):
            for node in self.nodes_for(cluster, ng):
                reason["%s.Ready" % node["name"]] = "True"
        return fields.ClusterHealthStatus.HEALTHY, reason

    # -- kube API servers ----------------------------------------------------

    def _tls(self, ctx, cluster):
        ca = cert_manager.get_cluster_ca_certificate(cluster, context=ctx)
        cert, key = kube_apiserver.issue_serving_cert(
            ca.get_certificate(), ca.get_private_key(), ca.get_private_key_passphrase(),
            ips=("127.0.0.1", kube_apiserver.SERVICE_CLUSTER_IP),
            dns_names=("localhost", "kubernetes", "kubernetes.default",
                       "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"))
        return ca.get_certificate(), cert, key

    def validator(self):
        if self._validator is None:
            url = os.environ.get("DEVCLOUD_KEYSTONE_URL")
            if not url:
                return None
            service_auth = None
            try:
                service_auth = json.loads(os.environ.get("DEVCLOUD_SERVICE_AUTH") or "null")
            except ValueError:
                LOG.warning("devcloud driver: DEVCLOUD_SERVICE_AUTH is not JSON")
            self._validator = kube_apiserver.KeystoneTokenValidator(url, service_auth)
        return self._validator.validate

    def _claimed_ports(self):
        ports = {s.port for s in self.servers.values()}
        ports.update(c.get("port") for c in self.state["clusters"].values() if c.get("port"))
        return ports

    def ensure_server(self, ctx, cluster, refresh_tls=False):
        """Start the kube API endpoint of a cluster if it is not running.

        With refresh_tls, a running endpoint whose CA is not the cluster's
        current one (``cluster`` must be fresh) gets new TLS material.
        """
        server = self.servers.get(cluster.uuid)
        if server is not None and server.running:
            if (refresh_tls and server.tls
                    and self.server_ca.get(cluster.uuid) != cluster.ca_cert_ref):
                server.update_tls(*self._tls(ctx, cluster))
                self.server_ca[cluster.uuid] = cluster.ca_cert_ref
            return server
        tls_disabled = False
        try:
            tls_disabled = bool(objects.ClusterTemplate.get_by_uuid(
                ctx, cluster.cluster_template_id).tls_disabled)
        except Exception:
            LOG.debug("devcloud driver: template of %s unreadable", cluster.uuid, exc_info=True)
        tls = None if tls_disabled else self._tls(ctx, cluster)
        wanted = None
        if cluster.api_address:
            wanted = urllib.parse.urlsplit(cluster.api_address).port
        wanted = wanted or self.cstate(cluster.uuid).get("port")
        candidates = [wanted] if wanted else []
        base = kube_port_base()
        claimed = self._claimed_ports()
        candidates += [p for p in range(base, base + 1000) if p not in claimed]
        server = None
        for port in candidates:
            try:
                server = kube_apiserver.KubeAPIServer(
                    cluster.uuid, self._viewer(cluster.uuid), tls, port=port,
                    token_validator=self.validator())
                break
            except OSError:
                continue
        if server is None:
            raise RuntimeError("no free port for the Kubernetes API")
        server.start()
        self.servers[cluster.uuid] = server
        self.server_ca[cluster.uuid] = cluster.ca_cert_ref
        st = self.cstate(cluster.uuid)
        st["port"], st["name"] = server.port, cluster.name
        self.save_state()
        if cluster.api_address and cluster.api_address != server.url:
            LOG.warning("devcloud driver: port of %s moved: %s -> %s", cluster.uuid,
                        cluster.api_address, server.url)
            cluster.api_address = server.url
            if cluster.status not in IN_PROGRESS:
                cluster.save()
        return server

    def stop_server(self, cluster_uuid):
        server = self.servers.pop(cluster_uuid, None)
        self.server_ca.pop(cluster_uuid, None)
        if server is not None:
            try:
                server.stop()
            except Exception:
                LOG.exception("devcloud driver: stopping the kube API of %s", cluster_uuid)

    def forget(self, cluster_uuid):
        with self.lock:
            self.stop_server(cluster_uuid)
            if self.state["clusters"].pop(cluster_uuid, None) is not None:
                self.save_state()

    def _viewer(self, cluster_uuid):
        def view():
            cached = self._view_cache.get(cluster_uuid)
            if cached and cached[0] > time.monotonic():
                return cached[1]
            data = self.view(cluster_uuid)
            self._view_cache[cluster_uuid] = (time.monotonic() + 0.5, data)
            return data
        return view

    def view(self, cluster_uuid):
        ctx = _admin_ctx()
        try:
            cluster = objects.Cluster.get_by_uuid(ctx, cluster_uuid)
        except exception.ClusterNotFound:
            return None
        nodes = []
        with self.lock:
            for ng in objects.NodeGroup.list(ctx, cluster_uuid):
                for node in self.nodes_for(cluster, ng):
                    nodes.append({
                        "name": node["name"], "address": node["address"], "role": ng.role,
                        "nodegroup": ng.name, "ready": True, "created": node.get("created"),
                        "version": ng.version or cluster.coe_version,
                        "labels": dict(ng.node_labels or {}),
                        "taints": list(ng.node_taints or []),
                        "flavor": ng.flavor_id, "server_id": node.get("server_id")})
        return {"name": cluster.name, "project_id": cluster.project_id,
                "version": cluster.coe_version or DEFAULT_KUBE_VERSION,
                "created": _when(cluster.created_at) or time.time(), "nodes": nodes}


_SQLITE_DONE = False


def _in_writer_block():
    """True inside Magnum's ``with _session_for_write()`` on this thread."""
    try:
        from magnum.db.sqlalchemy import api as db_api
        from oslo_db.sqlalchemy import enginefacade
        local = getattr(db_api._CONTEXT, "_enginefacade_context", None)
        current = getattr(local, "current", None)
        return current is not None and current.mode is enginefacade._WRITER
    except Exception:
        return False


def serialize_sqlite_writes():
    """Let Magnum's read-modify-write transactions wait for SQLite instead of failing.

    Magnum updates a row with ``SELECT ... FOR UPDATE`` (a no-op on SQLite)
    followed by ``UPDATE`` inside oslo.db's deferred ``BEGIN``.  If another
    thread commits in between, SQLite in WAL mode refuses the upgrade at once
    with "database is locked" (no busy wait).  This driver writes from its own
    timer thread beside the API and conductor threads, which made that race
    visible (Magnum's destroys read before they delete, too).  When the first
    statement of a transaction runs inside Magnum's writer session block, or
    is such a SELECT, the still-empty deferred transaction is swapped for
    ``BEGIN IMMEDIATE``, which waits (busy timeout) for the write lock.
    Plain reads are left alone:
    Magnum's list queries run after their session's block has closed and keep
    a transaction open until garbage collection, so they must not hold locks.
    Disable with DEVCLOUD_SQLITE_IMMEDIATE=0.
    """
    global _SQLITE_DONE
    if _SQLITE_DONE or os.environ.get("DEVCLOUD_SQLITE_IMMEDIATE", "1") == "0":
        return
    _SQLITE_DONE = True
    try:
        import sqlalchemy
        from oslo_db.sqlalchemy import enginefacade
        engine = enginefacade.writer.get_engine()
        if engine.dialect.name != "sqlite":
            return
        control = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "PRAGMA")

        @sqlalchemy.event.listens_for(engine, "begin")
        def _reset(conn):
            conn.info["devcloud_statements"] = 0

        @sqlalchemy.event.listens_for(engine, "before_cursor_execute")
        def _lock_early(conn, cursor, statement, parameters, context, executemany):
            if statement.lstrip()[:9].upper().startswith(control):
                return
            count = conn.info.get("devcloud_statements", 0)
            conn.info["devcloud_statements"] = count + 1
            if count or not conn.in_transaction():
                return
            compiled = getattr(context, "compiled", None)
            if _in_writer_block() or (compiled is not None and getattr(
                    compiled.statement, "_for_update_arg", None) is not None):
                if getattr(cursor.connection, "in_transaction", False):
                    cursor.execute("COMMIT")       # the empty deferred transaction
                cursor.execute("BEGIN IMMEDIATE")  # waits for the write lock

        LOG.info("devcloud driver: SQLite read-modify-write transactions take the "
                 "write lock up front")
    except Exception:
        LOG.warning("devcloud driver: could not adjust SQLite transactions", exc_info=True)


_RUNTIME = None
_RUNTIME_LOCK = threading.Lock()


def runtime():
    global _RUNTIME
    with _RUNTIME_LOCK:
        if _RUNTIME is None:
            _RUNTIME = _Runtime()
        return _RUNTIME


def restore_kube_apiservers():
    """For the launcher: start the timer and bring back existing clusters' endpoints now."""
    rt = runtime()
    with rt.lock:
        rt._restored = True
    rt.ensure_started()
    rt.restore()


class DevcloudMonitor(monitors.MonitorBase):
    """Health as Magnum's Kubernetes monitor would report it for our clusters."""

    def __init__(self, context, cluster):
        super().__init__(context, cluster)
        self.data = {}

    @property
    def metrics_spec(self):
        return {}

    def pull_data(self):
        return None

    def poll_health_status(self):
        cluster = self.cluster
        labels = cluster.labels or {}
        if (str(labels.get("auto_healing_enabled", "")).lower() == "true"
                and labels.get("auto_healing_controller") == "magnum-auto-healer"):
            return
        if cluster.status == S.CREATE_FAILED:
            self.data["health_status"] = fields.ClusterHealthStatus.UNKNOWN
            self.data["health_status_reason"] = {
                "api": "The cluster %s is not accessible." % (cluster.name or cluster.uuid)}
            return
        if not cluster.api_address or cluster.status in (
                S.CREATE_IN_PROGRESS, S.DELETE_IN_PROGRESS, S.DELETE_COMPLETE):
            return
        rt = runtime()
        ctx = _admin_ctx()
        with rt.lock:
            rt.ensure_server(ctx, cluster)  # self-heal a lost listener
            status, reason = rt.health(ctx, cluster)
        self.data["health_status"] = status
        self.data["health_status_reason"] = reason


class Driver(base_driver.Driver):
    """Simulated Kubernetes clusters for devcloud (Ubuntu images)."""

    def __init__(self):
        super().__init__()
        runtime().ensure_started()

    @property
    def provides(self):
        return [{"server_type": "vm", "os": "ubuntu", "coe": "kubernetes"}]

    # -- periodic ------------------------------------------------------------

    def update_cluster_status(self, context, cluster, use_admin_ctx=False):
        runtime().process(context, cluster)

    def get_monitor(self, context, cluster):
        return DevcloudMonitor(context, cluster)

    def get_scale_manager(self, context, osclient, cluster):
        return None

    # -- validation ------------------------------------------------------------

    def validate_master_size(self, node_count):
        if node_count % 2 == 0 or node_count < 1:
            raise exception.MasterNGSizeInvalid(requested_size=node_count)

    def validate_master_resize(self, node_count):
        self.validate_master_size(node_count)

    # -- clusters ------------------------------------------------------------

    def create_cluster(self, context, cluster, cluster_create_timeout):
        rt = runtime()
        template = cluster.cluster_template
        cluster.coe_version = template_kube_version(template, cluster.labels)
        cluster.container_version = CONTAINER_VERSION
        cluster.stack_id = str(uuidlib.uuid4())
        rt.add_op(rt.new_op("create", cluster, fail=_fail_requested("create", cluster.labels)),
                  reset_batch=True)

    def update_cluster(self, context, cluster, scale_manager=None, rollback=False):
        rt = runtime()
        ng = cluster.default_ng_worker
        ng.status, ng.status_reason = S.UPDATE_IN_PROGRESS, None
        ng.save()
        rt.add_op(rt.new_op("update", cluster, ng=ng.uuid,
                            fail=_fail_requested("update", cluster.labels)))

    def resize_cluster(self, context, cluster, resize_manager, node_count, nodes_to_remove,
                       nodegroup=None):
        rt = runtime()
        if nodegroup is None:
            nodegroup = cluster.default_ng_worker
        if nodegroup.role == "master":
            self.validate_master_resize(node_count)
        rt.add_op(rt.new_op("resize", cluster, ng=nodegroup.uuid,
                            nodes_to_remove=tuple(nodes_to_remove or ()),
                            fail=_fail_requested("resize", cluster.labels, nodegroup.labels)))

    def upgrade_cluster(self, context, cluster, cluster_template, max_batch_size, nodegroup,
                        scale_manager=None, rollback=False):
        rt = runtime()
        rt.add_op(rt.new_op("upgrade", cluster, ng=nodegroup.uuid, template=cluster_template.uuid,
                            fail=_fail_requested("upgrade", cluster.labels, nodegroup.labels)))

    def delete_cluster(self, context, cluster):
        rt = runtime()
        with rt.lock:
            attempts = rt.cstate(cluster.uuid)["attempts"]
            fail = _fail_requested("delete", cluster.labels) and not attempts.get("delete")
            attempts["delete"] = attempts.get("delete", 0) + 1
            rt.save_state()
            rt.add_op(rt.new_op("delete", cluster, fail=fail), reset_batch=True)

    def rotate_ca_certificate(self, context, cluster):
        # The conductor has just generated the new CA (cluster.ca_cert_ref, not
        # yet saved): switch the endpoint now, so that certificates of the old
        # CA are refused and a kubeconfig fetched from now on works.
        rt = runtime()
        with rt.lock:
            server = rt.servers.get(cluster.uuid)
            if server is not None and server.tls:
                server.update_tls(*rt._tls(_admin_ctx(), cluster))
                rt.server_ca[cluster.uuid] = cluster.ca_cert_ref
        rt.add_op(rt.new_op("rotate_ca", cluster))

    def rotate_credential(self, context, cluster):
        LOG.info("devcloud driver: credential of cluster %s rotated", cluster.uuid)

    # -- nodegroups ------------------------------------------------------------

    def create_nodegroup(self, context, cluster, nodegroup):
        rt = runtime()
        rt.add_op(rt.new_op("ng_create", cluster, ng=nodegroup.uuid,
                            fail=_fail_requested("nodegroup", cluster.labels, nodegroup.labels)))

    def update_nodegroup(self, context, cluster, nodegroup):
        rt = runtime()
        rt.add_op(rt.new_op("ng_update", cluster, ng=nodegroup.uuid,
                            fail=_fail_requested("nodegroup", cluster.labels, nodegroup.labels)))

    def delete_nodegroup(self, context, cluster, nodegroup):
        rt = runtime()
        # nodegroup_conductor.nodegroup_delete never saves DELETE_IN_PROGRESS.
        nodegroup.status = S.DELETE_IN_PROGRESS
        nodegroup.status_reason = None
        nodegroup.save()
        with rt.lock:
            attempts = rt.cstate(cluster.uuid)["attempts"]
            key = "ng_delete:" + nodegroup.uuid
            fail = (_fail_requested("nodegroup", cluster.labels, nodegroup.labels)
                    and not attempts.get(key))
            attempts[key] = attempts.get(key, 0) + 1
            rt.save_state()
            rt.add_op(rt.new_op("ng_delete", cluster, ng=nodegroup.uuid, fail=fail))

    # -- federations (not functional in Magnum) ----------------------------------

    def create_federation(self, context, federation):
        raise exception.NotSupported(operation="Federations")

    def update_federation(self, context, federation):
        raise exception.NotSupported(operation="Federations")

    def delete_federation(self, context, federation):
        raise exception.NotSupported(operation="Federations")
