"""Completes pending operations, in whichever conductor process gets there first.

Every process that Magnum runs the driver in for real work (a conductor and
its workers: never magnum-api, which only asks the driver to validate) starts
one ``Runner`` thread.  It completes an operation once it is due by running
Magnum's own ``ClusterUpdateJob`` (the code of Magnum's 10 s periodic task),
whose ``update_cluster_status`` call lands in ``process``; so completions,
notifications and the clean-up after ``DELETE_COMPLETE`` follow one path
whether the runner or the periodic task gets there first.  ``process`` works
on a cluster only under that cluster's lease in the store.  Under the same
lease it moves a cluster's API whose port the host could not bind.
"""
import contextlib
import os
import socket
import threading
import time

from oslo_log import log as logging

from magnum.common import context as magnum_context
from magnum.common import exception
from magnum import objects
from magnum.objects import fields

from devcloud.driver import endpoints, failures, operations, personalities, settings
from devcloud.driver import nodes as node_records
from devcloud.driver import store as driver_store
from devcloud.driver.kinds import Kind, Op
from devcloud.driver.sqlite_writes import serialize_sqlite_writes

LOG = logging.getLogger(__name__)
S = fields.ClusterStatus
IN_PROGRESS = (S.CREATE_IN_PROGRESS, S.UPDATE_IN_PROGRESS, S.DELETE_IN_PROGRESS,
               S.ROLLBACK_IN_PROGRESS)
# How long an operation may wait for the conductor to persist its *_IN_PROGRESS
# state before it is completed anyway.
READY_GRACE = 30.0
# An *_IN_PROGRESS cluster nobody is working on (its conductor died before it
# recorded the operation) is completed once it has not changed for op_seconds + STUCK_AFTER.
STUCK_AFTER = 8.0
TICK = 0.05
SWEEP_EVERY = 2.0
GIVE_UP_AFTER_ERRORS = 5


def admin_ctx():
    return magnum_context.make_admin_context(all_tenants=True)


class Runner:
    def __init__(self, store):
        self.store = store
        self._thread = None
        self._lock = threading.Lock()

    def ensure_started(self):
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                serialize_sqlite_writes()
                self._thread = threading.Thread(target=self._loop, name="devcloud-driver",
                                                daemon=True)
                self._thread.start()

    def new_op(self, kind, cluster, **kw):
        return Op(kind=kind, cluster=cluster.uuid,
                  due=time.time() + settings.op_seconds(cluster.labels), **kw)

    def add(self, op, new_batch=False):
        self.store.add_op(op, new_batch=new_batch)
        self.ensure_started()
        LOG.info("devcloud driver: %s of cluster %s scheduled in %.1fs%s", op.kind, op.cluster,
                 max(0, op.due - time.time()), " (will fail)" if op.fail else "")

    # -- the loop ----------------------------------------------------------------

    def _loop(self):
        last_sweep = 0.0
        while True:
            try:
                time.sleep(TICK)
                now = time.time()
                for cluster_uuid in self.store.due_clusters(now):
                    self.run_job(cluster_uuid)
                if now - last_sweep > SWEEP_EVERY:
                    last_sweep = now
                    self._sweep()
                    for cluster_uuid in self.store.unserved():
                        self.reopen(cluster_uuid)
            except Exception:
                LOG.exception("devcloud driver: runner loop error")

    def run_job(self, cluster_uuid):
        """Run Magnum's ClusterUpdateJob for one cluster (as the periodic task would)."""
        from oslo_service import loopingcall
        from magnum.service import periodic
        ctx = admin_ctx()
        try:
            cluster = self._load(ctx, cluster_uuid)
        except Exception as exc:
            LOG.exception("devcloud driver: cannot load cluster %s", cluster_uuid)
            self._op_error(cluster_uuid, "cannot load the cluster: %s" % exc)
            return
        if cluster is None:
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

    def _load(self, ctx, cluster_uuid):
        """The cluster, or None when it is gone (then its records here go too)."""
        try:
            return objects.Cluster.get_by_uuid(ctx, cluster_uuid)
        except exception.ClusterNotFound:
            self.store.forget(cluster_uuid)
            return None

    def _op_error(self, cluster_uuid, message):
        now = time.time()
        for op in self.store.ops(cluster_uuid):
            if op.due > now:
                continue
            errors = op.errors + 1
            if errors >= 2 * GIVE_UP_AFTER_ERRORS:
                LOG.error("devcloud driver: dropping %s of %s after %d errors", op.kind,
                          cluster_uuid, errors)
                self.store.done(op)
            elif errors >= GIVE_UP_AFTER_ERRORS and not op.error:
                # Give up on the simulation: end the operation failed.
                self.store.postpone(op, now + 1.0, errors=errors, fail=True, force=True,
                                    error=failures.internal(message))
            else:
                self.store.postpone(op, now + 1.0, errors=errors)

    def _sweep(self):
        """Clusters *_IN_PROGRESS with no pending operation: complete them."""
        try:
            clusters = objects.Cluster.list(admin_ctx(), filters={"status": list(IN_PROGRESS)})
            busy = self.store.busy_clusters()
        except Exception:
            LOG.debug("devcloud driver: sweep failed", exc_info=True)
            return
        for cluster in clusters:
            if cluster.uuid not in busy and _stale(cluster):
                self.run_job(cluster.uuid)

    def reopen(self, cluster_uuid):
        """Serve a cluster's API on another port when the host cannot bind its own
        (another program took it while the API was down); ``api_address`` follows."""
        with self._lease(cluster_uuid) as leased:
            if not leased:
                return
            ctx = admin_ctx()
            cluster = self._load(ctx, cluster_uuid)
            if cluster is None or not cluster.api_address:
                return  # gone, not created yet (its creation opens it) or failed
            try:
                cluster.api_address = endpoints.open_endpoint(self.store, ctx, cluster)
            except endpoints.NotListening as exc:
                LOG.warning("devcloud driver: the API of %s cannot be served: %s",
                            cluster_uuid, exc)
                return
            cluster.save()

    # -- completing operations ---------------------------------------------------

    @contextlib.contextmanager
    def _lease(self, cluster_uuid):
        """Whether this thread holds the cluster's lease (another thread or
        process may be working on it), released on leaving."""
        # The runner and Magnum's periodic task work from threads of one
        # process too: a lease is a thread's.
        owner = "%s:%d:%d" % (socket.gethostname(), os.getpid(), threading.get_ident())
        leased = self.store.take_lease(cluster_uuid, owner)
        try:
            yield leased
        finally:
            if leased:
                self.store.release_lease(cluster_uuid, owner)

    def process(self, context, cluster):
        """update_cluster_status: complete the due operations of one cluster.

        Returns True when this call moved the cluster to its final state (then,
        and only then, ``cluster`` carries the new state).
        """
        with self._lease(cluster.uuid) as leased:
            return leased and self._process(cluster)

    def _process(self, cluster):
        ctx = admin_ctx()
        try:
            fresh = objects.Cluster.get_by_uuid(ctx, cluster.uuid)
        except exception.ClusterNotFound:
            return False
        ops = self.store.ops(cluster.uuid)
        if not ops:
            if fresh.status not in IN_PROGRESS or not _stale(fresh):
                return False
            for op in _recovery_ops(ctx, fresh):
                self.store.add_op(op)
            ops = self.store.ops(cluster.uuid)
        now = time.time()
        applied = False
        for op in [o for o in ops if o.due <= now]:
            verdict = "go" if op.force else _ready(ctx, fresh, op)
            if verdict == "drop":
                self.store.done(op)
                # What is left of the batch may now be done: end it (a
                # deleting cluster's own delete ends it).
                applied = applied or fresh.status not in (S.DELETE_IN_PROGRESS,
                                                          S.DELETE_COMPLETE)
                continue
            if verdict == "wait":
                if now - op.created < settings.op_seconds() + READY_GRACE:
                    self.store.postpone(op, now + 0.2)
                    continue
                LOG.warning("devcloud driver: %s of %s: the conductor never recorded the "
                            "operation; completing it anyway", op.kind, fresh.uuid)
            if op.fail and op.kind in STALLS_ON_FAILURE:
                personality = personalities.of_cluster(ctx, fresh)
                if personality.stays_in_progress_on_failure:
                    _stall(self.store, ctx, fresh, op, personality)
                    self.store.postpone(op, now + personalities.RECONCILE_SECONDS)
                    continue
            operations.apply(self.store, ctx, fresh, op)
            self.store.done(op)
            applied = True
        if not applied or self.store.ops(cluster.uuid):
            return False
        operations.finalize(self.store, ctx, fresh, *self.store.take_batch(cluster.uuid))
        # Let the caller (Magnum's ClusterUpdateJob) see the transition, so it
        # notifies once and, after DELETE_COMPLETE, removes the cluster.
        for field in ("status", "status_reason", "api_address", "coe_version",
                      "cluster_template_id", "health_status", "health_status_reason",
                      "ca_cert_ref", "magnum_cert_ref"):
            setattr(cluster, field, getattr(fresh, field))
        cluster.obj_reset_changes()
        return True


# What a Cluster API driver never fails: it keeps reconciling until the
# cause is gone or the cluster is deleted (node-group deletion fails as on Heat).
STALLS_ON_FAILURE = frozenset((Kind.CREATE, Kind.UPDATE, Kind.RESIZE, Kind.UPGRADE,
                               Kind.NG_CREATE, Kind.NG_UPDATE))


def _stall(store, ctx, cluster, op, personality):
    """A requested failure on a Cluster API driver: the cluster and the node
    group stay *_IN_PROGRESS; the driver's forms say why (a create: the
    personality's reason; node-group work: health, from the machines the
    group still lacks)."""
    if op.kind == Kind.CREATE:
        personalities.stall_create(cluster, personality)
        return
    health = node_records.health(store, ctx, cluster)
    if (cluster.health_status, cluster.health_status_reason) != health:
        cluster.health_status, cluster.health_status_reason = health
        cluster.save()


def _stale(cluster):
    changed = node_records.epoch(cluster.updated_at) or node_records.epoch(cluster.created_at) or 0
    return time.time() - changed > settings.op_seconds(cluster.labels) + STUCK_AFTER


def _ready(ctx, cluster, op):
    """go, wait (the conductor has not saved the state the operation expects) or drop."""
    status = cluster.status
    if op.kind != Kind.DELETE and status in (S.DELETE_IN_PROGRESS, S.DELETE_COMPLETE):
        return "drop"
    if op.kind == Kind.CREATE:
        return "go" if status == S.CREATE_IN_PROGRESS and cluster.stack_id else "wait"
    if op.kind == Kind.DELETE:
        return "go" if status == S.DELETE_IN_PROGRESS else "wait"
    if status != S.UPDATE_IN_PROGRESS:
        return "wait"
    if op.kind in (Kind.UPGRADE, Kind.NG_UPDATE, Kind.NG_DELETE, Kind.NG_CREATE):
        try:
            ng = objects.NodeGroup.get_by_uuid(ctx, cluster.uuid, op.ng)
        except exception.NodeGroupNotFound:
            return "drop"
        want = {Kind.NG_CREATE: S.CREATE_IN_PROGRESS,
                Kind.NG_DELETE: S.DELETE_IN_PROGRESS}.get(op.kind, S.UPDATE_IN_PROGRESS)
        if ng.status in (S.DELETE_IN_PROGRESS, S.DELETE_FAILED) and op.kind != Kind.NG_DELETE:
            return "drop"  # superseded by the group's deletion (a stalled create, say)
        if ng.status != want:
            return "wait"
    return "go"


def _recovery_ops(ctx, cluster):
    now = time.time()
    ops = []
    if cluster.status == S.CREATE_IN_PROGRESS:
        ops.append(Op(Kind.CREATE, cluster.uuid, now, force=True,
                      fail=failures.requested(Kind.CREATE, cluster.labels)))
    elif cluster.status == S.DELETE_IN_PROGRESS:
        ops.append(Op(Kind.DELETE, cluster.uuid, now, force=True))
    else:
        for ng in objects.NodeGroup.list(ctx, cluster.uuid):
            kind = {S.CREATE_IN_PROGRESS: Kind.NG_CREATE, S.UPDATE_IN_PROGRESS: Kind.RESIZE,
                    S.DELETE_IN_PROGRESS: Kind.NG_DELETE}.get(ng.status)
            if kind:
                ops.append(Op(kind, cluster.uuid, now, ng=ng.uuid, force=True))
        if not ops:
            ops.append(Op(Kind.NOOP, cluster.uuid, now, force=True))
    LOG.warning("devcloud driver: cluster %s was left %s with nothing pending; completing it "
                "(%s)", cluster.uuid, cluster.status, ", ".join(o.kind for o in ops))
    return ops


_RUNNERS = {}
_RUNNERS_LOCK = threading.Lock()


def runner():
    """This process's runner (a forked worker gets its own)."""
    with _RUNNERS_LOCK:
        pid = os.getpid()
        if pid not in _RUNNERS:
            path = driver_store.path_for(settings.state_dir())
            _RUNNERS[pid] = Runner(driver_store.Store(path))
        return _RUNNERS[pid]
