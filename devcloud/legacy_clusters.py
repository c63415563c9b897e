"""Clusters of the engines Magnum has dropped (Docker Swarm, Mesos), recorded
in the devcloud's Magnum as a long-lived cloud still holds them: rows and a
CA, no driver. Tests use ``record()`` and ``forget()``; each runs in a
process of its own with Magnum's configuration (either profile's database).
Magnum 23 cannot read such rows back: listings that meet them fail."""
import importlib.util
import os
import subprocess
import sys

from devcloud.config import REPO_ROOT

# Where such a cluster's API was: Docker's TLS port for Swarm, Marathon's for Mesos.
API_ADDRESSES = {"swarm": "tcp://127.0.0.1:2376", "swarm-mode": "tcp://127.0.0.1:2376",
                 "mesos": "http://127.0.0.1:8080", "dcos": "http://127.0.0.1:8080"}


def record(cfg, coe, project_id, user_id, name):
    """Record a CREATE_COMPLETE ``coe`` cluster (and its template) owned by
    the user in the project; returns the cluster's UUID."""
    return _run(cfg, "record", coe, project_id, user_id, name).split()[-1]


def forget(cfg, cluster_uuid):
    """Remove a recorded cluster, its node groups and its template."""
    _run(cfg, "forget", cluster_uuid)


def _magnum_python():
    """The Python Magnum runs from: this one, or (tests of another Horizon
    series run from their own environment) the project's .venv."""
    if importlib.util.find_spec("magnum"):
        return sys.executable
    return str(REPO_ROOT / ".venv" / "bin" / "python")


def _run(cfg, *args):
    done = subprocess.run(
        [_magnum_python(), "-m", __name__, str(cfg.path("magnum", "magnum.conf")), *args],
        check=True, capture_output=True, text=True, cwd=str(REPO_ROOT),
        env=dict(os.environ, PYTHONPATH=str(REPO_ROOT), PYTHONWARNINGS="ignore"))
    return done.stdout


def _record(coe, project_id, user_id, name):
    from magnum import objects
    from magnum.common import context
    from magnum.conductor.handlers.common import cert_manager
    from magnum.db import api as db_api
    from oslo_utils import uuidutils

    ctx = context.make_admin_context()
    owner = {"project_id": project_id, "user_id": user_id}
    template = objects.ClusterTemplate(
        ctx, uuid=uuidutils.generate_uuid(), name=f"{name}-template", coe="kubernetes",
        image_id="fedora-atomic-27", server_type="vm", tls_disabled=False, public=False,
        master_lb_enabled=False, floating_ip_enabled=True, labels={}, **owner)
    template.create()
    # Magnum's objects take only "kubernetes" now; the database keeps what was there.
    db_api.get_instance().update_cluster_template(template.id, {"coe": coe})
    cluster = objects.Cluster(
        ctx, uuid=uuidutils.generate_uuid(), name=name, cluster_template_id=template.uuid,
        status="CREATE_COMPLETE", status_reason="Stack CREATE completed successfully",
        api_address=API_ADDRESSES[coe], keypair=None, labels={}, create_timeout=60,
        master_lb_enabled=False, floating_ip_enabled=True, **owner)
    cert_manager.generate_certificates_to_cluster(cluster, context=ctx)
    cluster.create()
    for role, count in (("master", 1), ("worker", 2)):
        objects.NodeGroup(
            ctx, uuid=uuidutils.generate_uuid(), name=f"default-{role}", cluster_id=cluster.uuid,
            role=role, node_count=count, min_node_count=1, is_default=True,
            image_id=template.image_id, labels={}, status="CREATE_COMPLETE", **owner).create()
    print(cluster.uuid)


def _forget(cluster_uuid):
    from magnum.common import context
    from magnum.db import api as db_api

    db, ctx = db_api.get_instance(), context.make_admin_context(all_tenants=True)
    cluster = db.get_cluster_by_uuid(ctx, cluster_uuid)
    for group in db.list_cluster_nodegroups(ctx, cluster.uuid):
        db.destroy_nodegroup(cluster.uuid, group.uuid)
    db.destroy_cluster(cluster.id)
    db.destroy_cluster_template(cluster.cluster_template_id)


if __name__ == "__main__":
    from magnum.common import service

    conf_file, command, *arguments = sys.argv[1:]
    service.prepare_service([sys.argv[0], "--config-file", conf_file])
    {"record": _record, "forget": _forget}[command](*arguments)
