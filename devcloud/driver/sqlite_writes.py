"""Magnum on SQLite (the embedded profile): make its read-modify-write transactions wait."""
import os

from oslo_log import log as logging

LOG = logging.getLogger(__name__)

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
