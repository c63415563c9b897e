"""The simulated driver's state, shared by every process that runs it.

Magnum may run several conductors (and each forks workers), and the kube API
endpoints live in a process of their own, so nothing here is kept in one
process's memory: pending operations, node records, each cluster's endpoint
(port, TLS material, what ``kubectl`` sees) are rows in one SQLite file under
the state folder.  A conductor works on a cluster only while it holds that
cluster's lease, so each cluster has one writer at a time, and an operation
outlives the conductor that accepted it.
"""
import contextlib
import json
import os
import sqlite3
import threading
import time

from devcloud.driver.kinds import Kind, Op

SCHEMA = """
CREATE TABLE IF NOT EXISTS ops (
    id INTEGER PRIMARY KEY, cluster TEXT NOT NULL, kind TEXT NOT NULL, ng TEXT,
    due REAL NOT NULL, fail INTEGER NOT NULL DEFAULT 0, nodes_to_remove TEXT NOT NULL DEFAULT '[]',
    template TEXT, force INTEGER NOT NULL DEFAULT 0, errors INTEGER NOT NULL DEFAULT 0,
    error TEXT, created REAL NOT NULL);
CREATE INDEX IF NOT EXISTS ops_due ON ops (due);
CREATE TABLE IF NOT EXISTS clusters (
    uuid TEXT PRIMARY KEY, batch_kind TEXT, batch_failed TEXT,
    attempts TEXT NOT NULL DEFAULT '{}', nodes TEXT NOT NULL DEFAULT '{}',
    lease_owner TEXT, lease_until REAL NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS endpoints (
    uuid TEXT PRIMARY KEY, port INTEGER NOT NULL UNIQUE, tls INTEGER NOT NULL,
    ca_pem TEXT, cert_pem TEXT, key_pem TEXT, ca_ref TEXT,
    tls_version INTEGER NOT NULL DEFAULT 1, view TEXT,
    listening_version INTEGER NOT NULL DEFAULT 0, listen_error TEXT);
CREATE TABLE IF NOT EXISTS cloud_resources (
    id TEXT PRIMARY KEY, cluster TEXT NOT NULL, made_by TEXT NOT NULL, kind TEXT NOT NULL,
    orphaned INTEGER NOT NULL DEFAULT 0, record TEXT NOT NULL);
"""

LEASE_SECONDS = 30.0


def path_for(state_dir):
    # Beside Magnum's own state, so that starting Magnum afresh starts this afresh too.
    return os.path.join(state_dir, "magnum", "driver.sqlite")


def nodes_of_every_cluster(path):
    """{cluster uuid: {node group uuid: [node records]}}, read without writing
    (for devcloud's catalog stand-in, which serves them as Nova's servers);
    empty before any driver made the file."""
    if not os.path.exists(path):
        return {}
    conn = sqlite3.connect("file:%s?mode=ro" % path, uri=True, timeout=30)
    try:
        return {uuid: json.loads(nodes)
                for uuid, nodes in conn.execute("SELECT uuid, nodes FROM clusters")}
    finally:
        conn.close()


def cloud_resources(path):
    """The records of devcloud.driver.cloud (with ``orphaned``: the cluster is
    gone), read without writing, for the catalog stand-in; those of clusters
    deleted long ago too, as the cloud keeps what a delete left behind."""
    if not os.path.exists(path):
        return []
    conn = sqlite3.connect("file:%s?mode=ro" % path, uri=True, timeout=30)
    try:
        return [{**json.loads(record), "orphaned": bool(orphaned)} for record, orphaned in
                conn.execute("SELECT record, orphaned FROM cloud_resources ORDER BY rowid")]
    except sqlite3.OperationalError:  # a file from before the table
        return []
    finally:
        conn.close()


class Store:
    def __init__(self, path):
        self.path = path
        self._local = threading.local()
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with self.write() as db:
            for statement in filter(str.strip, SCHEMA.split(";")):
                db.execute(statement)
        os.chmod(path, 0o600)  # it holds the endpoints' private keys

    # -- connections ---------------------------------------------------------

    def _conn(self):
        conn = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "pid", None) != os.getpid():
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA busy_timeout=30000")
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    @contextlib.contextmanager
    def write(self):
        """A transaction that holds the write lock from its start."""
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def read(self, sql, *args):
        return self._conn().execute(sql, args).fetchall()

    # -- leases: one writer per cluster ----------------------------------------

    def take_lease(self, cluster, owner, seconds=LEASE_SECONDS):
        now = time.time()
        with self.write() as db:
            db.execute("INSERT OR IGNORE INTO clusters (uuid) VALUES (?)", (cluster,))
            taken = db.execute(
                "UPDATE clusters SET lease_owner = ?, lease_until = ? WHERE uuid = ? AND "
                "(lease_until < ? OR lease_owner = ?)", (owner, now + seconds, cluster, now, owner))
            return taken.rowcount == 1

    def release_lease(self, cluster, owner):
        with self.write() as db:
            db.execute("UPDATE clusters SET lease_owner = NULL, lease_until = 0 "
                       "WHERE uuid = ? AND lease_owner = ?", (cluster, owner))

    # -- operations ----------------------------------------------------------

    def add_op(self, op, new_batch=False):
        """Record an operation; ``new_batch`` starts the cluster's outcome afresh
        (a create or a delete supersedes whatever was pending)."""
        with self.write() as db:
            db.execute("INSERT OR IGNORE INTO clusters (uuid) VALUES (?)", (op.cluster,))
            pending = db.execute("SELECT COUNT(*) FROM ops WHERE cluster = ?",
                                 (op.cluster,)).fetchone()[0]
            if new_batch:
                db.execute("DELETE FROM ops WHERE cluster = ?", (op.cluster,))
            if new_batch or not pending:
                db.execute("UPDATE clusters SET batch_kind = ?, batch_failed = NULL WHERE uuid = ?",
                           (op.kind.batch, op.cluster))
            db.execute(
                "INSERT INTO ops (cluster, kind, ng, due, fail, nodes_to_remove, template, force, "
                "error, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (op.cluster, op.kind.value, op.ng, op.due, int(op.fail),
                 json.dumps(list(op.nodes_to_remove)), op.template, int(op.force), op.error,
                 op.created))

    @staticmethod
    def _op(row):
        return Op(kind=Kind(row["kind"]), cluster=row["cluster"], due=row["due"], ng=row["ng"],
                  fail=bool(row["fail"]), nodes_to_remove=tuple(json.loads(row["nodes_to_remove"])),
                  template=row["template"], force=bool(row["force"]), errors=row["errors"],
                  error=row["error"], created=row["created"], id=row["id"])

    def ops(self, cluster):
        return [self._op(r) for r in self.read(
            "SELECT * FROM ops WHERE cluster = ? ORDER BY id", cluster)]

    def due_clusters(self, now):
        return [r[0] for r in self.read(
            "SELECT DISTINCT ops.cluster FROM ops JOIN clusters ON clusters.uuid = ops.cluster "
            "WHERE ops.due <= ? AND clusters.lease_until < ?", now, now)]

    def busy_clusters(self):
        return {r[0] for r in self.read("SELECT DISTINCT cluster FROM ops")}

    def done(self, op):
        with self.write() as db:
            db.execute("DELETE FROM ops WHERE id = ?", (op.id,))

    def postpone(self, op, due, errors=None, fail=None, force=None, error=None):
        with self.write() as db:
            db.execute("UPDATE ops SET due = ?, errors = COALESCE(?, errors), "
                       "fail = COALESCE(?, fail), force = COALESCE(?, force), "
                       "error = COALESCE(?, error) WHERE id = ?",
                       (due, errors, None if fail is None else int(fail),
                        None if force is None else int(force), error, op.id))

    def fail_batch(self, cluster, reason):
        with self.write() as db:
            db.execute("UPDATE clusters SET batch_failed = COALESCE(batch_failed, ?) "
                       "WHERE uuid = ?", (reason, cluster))

    def take_batch(self, cluster):
        """The outcome of the operations just completed: (kind, failure reason or None)."""
        with self.write() as db:
            row = db.execute("SELECT batch_kind, batch_failed FROM clusters WHERE uuid = ?",
                             (cluster,)).fetchone()
            db.execute("UPDATE clusters SET batch_kind = NULL, batch_failed = NULL "
                       "WHERE uuid = ?", (cluster,))
        if row is None or row["batch_kind"] is None:
            return "update", None
        return row["batch_kind"], row["batch_failed"]

    # -- per-cluster records ----------------------------------------------------

    def count_attempt(self, cluster, key):
        """How many times ``key`` was tried before this one."""
        with self.write() as db:
            db.execute("INSERT OR IGNORE INTO clusters (uuid) VALUES (?)", (cluster,))
            attempts = json.loads(db.execute("SELECT attempts FROM clusters WHERE uuid = ?",
                                             (cluster,)).fetchone()[0])
            before = attempts.get(key, 0)
            attempts[key] = before + 1
            db.execute("UPDATE clusters SET attempts = ? WHERE uuid = ?",
                       (json.dumps(attempts), cluster))
        return before

    def nodes(self, cluster):
        rows = self.read("SELECT nodes FROM clusters WHERE uuid = ?", cluster)
        return json.loads(rows[0][0]) if rows else {}

    def set_nodes(self, cluster, ng, nodes):
        with self.write() as db:
            db.execute("INSERT OR IGNORE INTO clusters (uuid) VALUES (?)", (cluster,))
            current = json.loads(db.execute("SELECT nodes FROM clusters WHERE uuid = ?",
                                            (cluster,)).fetchone()[0])
            if nodes is None:
                current.pop(ng, None)
            else:
                current[ng] = nodes
            db.execute("UPDATE clusters SET nodes = ? WHERE uuid = ?",
                       (json.dumps(current), cluster))

    def forget(self, cluster):
        with self.write() as db:
            for table in ("ops WHERE cluster", "clusters WHERE uuid", "endpoints WHERE uuid"):
                db.execute(f"DELETE FROM {table} = ?", (cluster,))

    # -- what the cluster owns in the cloud (devcloud.driver.cloud) ---------------

    def set_cloud_resources(self, cluster, made_by, records):
        """Replace what ``made_by`` made for the cluster with ``records``."""
        with self.write() as db:
            db.execute("DELETE FROM cloud_resources WHERE cluster = ? AND made_by = ? AND "
                       "orphaned = 0", (cluster, made_by))
            self._insert_resources(db, cluster, made_by, records)

    def add_cloud_resources(self, cluster, made_by, records):
        """Add ``records`` the cluster does not have yet."""
        with self.write() as db:
            self._insert_resources(db, cluster, made_by, records)

    @staticmethod
    def _insert_resources(db, cluster, made_by, records):
        db.executemany("INSERT OR IGNORE INTO cloud_resources (id, cluster, made_by, kind, "
                       "record) VALUES (?, ?, ?, ?, ?)",
                       [(r["id"], cluster, made_by, r["kind"], json.dumps(r)) for r in records])

    def release_cloud_resources(self, cluster, leave_kinds):
        """The cluster is deleted: remove the driver's records but of
        ``leave_kinds``; what remains is orphaned."""
        kinds = sorted(leave_kinds)
        with self.write() as db:
            db.execute("DELETE FROM cloud_resources WHERE cluster = ? AND made_by = 'driver' "
                       "AND kind NOT IN (%s)" % ",".join("?" * len(kinds)), (cluster, *kinds))
            db.execute("UPDATE cloud_resources SET orphaned = 1 WHERE cluster = ?", (cluster,))

    # -- endpoints (written by the driver, served by devcloud.kube_api.host) -----

    def endpoint(self, cluster):
        rows = self.read("SELECT * FROM endpoints WHERE uuid = ?", cluster)
        return rows[0] if rows else None

    def endpoints(self):
        return self.read("SELECT uuid, port, tls, tls_version, listening_version FROM endpoints")

    def unserved(self):
        """Clusters whose API the host could not serve (its port is held, say)."""
        return [r[0] for r in self.read(
            "SELECT uuid FROM endpoints WHERE listen_error IS NOT NULL")]

    @staticmethod
    def _untaken(db, candidates):
        """The first candidate port no cluster has."""
        taken = {r[0] for r in db.execute("SELECT port FROM endpoints")}
        for port in candidates:
            if port not in taken:
                return port
        raise RuntimeError("no free port for the Kubernetes API")

    def claim_port(self, cluster, candidates, tls):
        """Give ``cluster`` the first candidate port no other cluster has."""
        with self.write() as db:
            port = self._untaken(db, candidates)
            db.execute("INSERT INTO endpoints (uuid, port, tls) VALUES (?, ?, ?)",
                       (cluster, port, int(tls)))
        return port

    def move_endpoint(self, cluster, candidates):
        """Serve ``cluster`` on the first candidate port no cluster has."""
        with self.write() as db:
            db.execute("UPDATE endpoints SET port = ?, listen_error = NULL, "
                       "tls_version = tls_version + 1 WHERE uuid = ?",
                       (self._untaken(db, candidates), cluster))

    def set_tls(self, cluster, ca_pem, cert_pem, key_pem, ca_ref):
        with self.write() as db:
            db.execute("UPDATE endpoints SET ca_pem = ?, cert_pem = ?, key_pem = ?, ca_ref = ?, "
                       "tls_version = tls_version + 1 WHERE uuid = ?",
                       (ca_pem, cert_pem, key_pem, ca_ref, cluster))
            return db.execute("SELECT tls_version FROM endpoints WHERE uuid = ?",
                              (cluster,)).fetchone()[0]

    def set_view(self, cluster, view):
        with self.write() as db:
            db.execute("UPDATE endpoints SET view = ? WHERE uuid = ?", (json.dumps(view), cluster))

    def view(self, cluster):
        rows = self.read("SELECT view FROM endpoints WHERE uuid = ?", cluster)
        return json.loads(rows[0][0]) if rows and rows[0][0] else None

    def mark_listening(self, cluster, version, error=None):
        with self.write() as db:
            db.execute("UPDATE endpoints SET listening_version = ?, listen_error = ? "
                       "WHERE uuid = ?", (version, error, cluster))
