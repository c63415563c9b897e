"""Magnum's API and conductor in one process, on in-process messaging.

magnum-api sends every database access to the conductor over RPC; with the
``fake://`` transport both must share a process.  This builds the conductor
exactly as ``magnum-conductor`` does and serves the API app as ``magnum-api``
does, minus the RPC indirection for objects (the API thread then writes the
database directly, as the conductor would).
"""
import os
import signal
import sqlite3
import sys

# The simulated driver's entry point lives outside the repo (see devcloud.magnum).
for _extra in filter(None, os.environ.get("PYTHONPATH_EXTRA", "").split(os.pathsep)):
    sys.path.insert(0, _extra)


def init_db(conf_file):
    """Create the schema from the models and stamp it (migrations need ALTER, which SQLite lacks)."""
    from magnum.common import service as magnum_service
    from magnum.db.sqlalchemy import migration, models
    from oslo_db.sqlalchemy import enginefacade
    import magnum.conf

    magnum_service.prepare_service([sys.argv[0], "--config-file", conf_file])
    models.Base.metadata.create_all(enginefacade.writer.get_engine())
    migration.stamp("head")
    db_path = magnum.conf.CONF.database.connection.split("sqlite:///", 1)[1]
    with sqlite3.connect(db_path) as conn:  # WAL: the API and conductor threads write concurrently
        conn.execute("PRAGMA journal_mode=WAL")


def serve(argv):
    from magnum.api import app as api_app
    from magnum.common import rpc_service
    from magnum.common import service as magnum_service
    from magnum.common import short_id
    from magnum.conductor.handlers import (ca_conductor, cluster_conductor, conductor_listener,
                                           credential_conductor, federation_conductor,
                                           indirection_api, nodegroup_conductor)
    import magnum.conf
    from werkzeug import serving

    conf = magnum.conf.CONF
    magnum_service.prepare_service(argv)
    endpoints = [
        indirection_api.Handler(),
        cluster_conductor.Handler(),
        conductor_listener.Handler(),
        credential_conductor.Handler(),
        ca_conductor.Handler(),
        federation_conductor.Handler(),
        nodegroup_conductor.Handler(),
    ]
    server = rpc_service.Service.create(conf.conductor.topic, short_id.generate_id(),
                                        endpoints, binary="magnum-conductor")
    server.create_periodic_tasks()
    server.start()
    # The clusters' Kubernetes APIs, served from the driver's store.
    from devcloud.kube_api import host
    host.start_thread()
    # Work left pending by a previous run resumes now, not at the first poll.
    from devcloud.driver import runner
    runner.runner().ensure_started()
    # The conductor ignores SIGTERM (it waits for threads forever); we own the
    # whole process, and SQLite in WAL mode survives an abrupt exit.
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    serving.run_simple(conf.api.host, conf.api.port, api_app.load_app(), threaded=True)


def main():
    argv = sys.argv
    if "--init-db" in argv:
        init_db(argv[argv.index("--config-file") + 1])
        return
    try:
        serve(argv)
    except BaseException:
        # The conductor's threads would keep a failed process alive forever.
        import traceback
        traceback.print_exc()
        os._exit(1)


if __name__ == "__main__":
    main()
