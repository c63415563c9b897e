"""Clusters written straight into Magnum's SQLite database.

Creating 1000 clusters through the API would take many minutes, since
Magnum's conductor makes a CA and certificates for each. Pages only read
rows, so copies of a real cluster (created through the API by devcloud's
seed) and of its two node groups are inserted with new ids, UUIDs and
names; the columns come from the rows themselves, so the copies follow
whatever schema this Magnum has.

Copies must not outlive the benchmark: when Magnum starts, devcloud's
driver brings up a simulated Kubernetes API server for every cluster with
an API address (cloud.start empties Magnum for that reason too).
"""
import contextlib
import sqlite3
import uuid

COPY_PREFIX = "bench-copy-"


def _database(cfg):
    # Magnum writes concurrently (WAL mode); wait for its locks rather than fail.
    db = sqlite3.connect(cfg.path("magnum", "magnum.sqlite"), timeout=30)
    db.row_factory = sqlite3.Row
    return contextlib.closing(db)


def fill_project(cfg, model_name, total, **changes):
    """Copy cluster ``model_name``, with ``changes`` to its columns, until its
    project holds ``total`` clusters; returns the new copies' UUIDs."""
    copies = []
    with _database(cfg) as db, db:
        model = dict(db.execute("SELECT * FROM cluster WHERE name = ?", (model_name,)).fetchone())
        groups = [dict(g) for g in db.execute(
            "SELECT * FROM nodegroup WHERE cluster_id = ?", (model["uuid"],))]
        (present,) = db.execute("SELECT count(*) FROM cluster WHERE project_id = ?",
                                (model["project_id"],)).fetchone()
        for number in range(present, total):
            copies.append(str(uuid.uuid4()))
            _insert(db, "cluster", dict(model, **changes, id=None, uuid=copies[-1],
                                        name=f"{COPY_PREFIX}{number:04d}"))
            for group in groups:
                _insert(db, "nodegroup", dict(group, id=None, uuid=str(uuid.uuid4()),
                                              cluster_id=copies[-1]))
    return copies


def remove_copies(cfg):
    with _database(cfg) as db, db:
        copies = "SELECT uuid FROM cluster WHERE name LIKE ?"
        db.execute(f"DELETE FROM nodegroup WHERE cluster_id IN ({copies})", (COPY_PREFIX + "%",))
        db.execute("DELETE FROM cluster WHERE name LIKE ?", (COPY_PREFIX + "%",))


def _insert(db, table, row):
    names = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    db.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(row.values()))
