"""Clusters written straight into Magnum's database (SQLite, or MariaDB in
the production profile).

Creating 1000 clusters through the API would take many minutes, since
Magnum's conductor makes a CA and certificates for each. Pages only read
rows, so copies of a real cluster (created through the API by devcloud's
seed) and of its two node groups are inserted with new ids, UUIDs and
names; the columns come from the rows themselves, so the copies follow
whatever schema this Magnum has.

Copies must not outlive the benchmark (cloud.start empties Magnum too):
they have no simulated servers behind them.
"""
import contextlib
import sqlite3
import uuid

from devcloud.services import mariadb

COPY_PREFIX = "bench-copy-"


class _Database:
    """Magnum's database through DB-API, with one placeholder style (?)."""

    def __init__(self, cfg):
        if cfg.production:
            import pymysql
            self.conn = pymysql.connect(
                host=cfg.host, port=cfg.mariadb_port, user=mariadb.USER,
                password=mariadb.PASSWORD, database=mariadb.DATABASE,
                cursorclass=pymysql.cursors.DictCursor)
            self.mark = "%s"
        else:
            # Magnum writes concurrently (WAL mode); wait for its locks rather than fail.
            self.conn = sqlite3.connect(cfg.path("magnum", "magnum.sqlite"), timeout=30)
            self.conn.row_factory = sqlite3.Row
            self.mark = "?"

    def execute(self, sql, args=()):
        cursor = self.conn.cursor()
        cursor.execute(sql.replace("?", self.mark), args)
        return cursor

    def rows(self, sql, args=()):
        return [dict(row) for row in self.execute(sql, args).fetchall()]


@contextlib.contextmanager
def _database(cfg):
    db = _Database(cfg)
    try:
        yield db
        db.conn.commit()
    finally:
        db.conn.close()


def fill_project(cfg, model_name, total, **changes):
    """Copy cluster ``model_name``, with ``changes`` to its columns, until its
    project holds ``total`` clusters; returns the new copies' UUIDs."""
    return _fill(cfg, model_name, total, None, changes)


def fill_projects(cfg, model_name, total, project_ids, **changes):
    """As fill_project, until Magnum holds ``total`` clusters in all, the
    copies dealt out to ``project_ids`` in turn (what an admin lists)."""
    return _fill(cfg, model_name, total, project_ids, changes)


def _fill(cfg, model_name, total, project_ids, changes):
    copies = []
    with _database(cfg) as db:
        model = db.rows("SELECT * FROM cluster WHERE name = ?", (model_name,))[0]
        groups = db.rows("SELECT * FROM nodegroup WHERE cluster_id = ?", (model["uuid"],))
        if project_ids is None:
            project_ids = [model["project_id"]]
            present = db.rows("SELECT id FROM cluster WHERE project_id = ?", (model["project_id"],))
        else:
            present = db.rows("SELECT id FROM cluster")
        for number in range(len(present), total):
            # A node group's project is its cluster's.
            placed = {"project_id": project_ids[number % len(project_ids)]}
            copies.append(str(uuid.uuid4()))
            _insert(db, "cluster", dict(model, **changes, **placed, id=None, uuid=copies[-1],
                                        name=f"{COPY_PREFIX}{number:04d}"))
            for group in groups:
                _insert(db, "nodegroup", dict(group, **placed, id=None, uuid=str(uuid.uuid4()),
                                              cluster_id=copies[-1]))
    return copies


def rename_copies(cfg, names):
    """Give copies ({uuid: name}) other names; keep COPY_PREFIX in them."""
    with _database(cfg) as db:
        for uuid_, name in names.items():
            assert name.startswith(COPY_PREFIX), name
            db.execute("UPDATE cluster SET name = ? WHERE uuid = ?", (name, uuid_))


def remove_copies(cfg):
    with _database(cfg) as db:
        copies = "SELECT uuid FROM cluster WHERE name LIKE ?"
        db.execute(f"DELETE FROM nodegroup WHERE cluster_id IN ({copies})", (COPY_PREFIX + "%",))
        db.execute("DELETE FROM cluster WHERE name LIKE ?", (COPY_PREFIX + "%",))


def _insert(db, table, row):
    names = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    db.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(row.values()))
