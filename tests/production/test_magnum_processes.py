"""Magnum as clouds run it: magnum-api plus separate conductors over RabbitMQ,
on MariaDB. Each of those processes can die or restart while users work."""
import time

import pytest
from magnumclient import exceptions as magnum_exceptions

import coe_backend
from tests.e2e.pages import kubectl
from tests.magnum_helpers import create_template, remove, unique_name, watch_cluster

pytestmark = pytest.mark.devcloud


@pytest.fixture(scope="module")
def template(devcloud):
    """A template, removed with the clusters made from it."""
    magnum = devcloud.magnum("demo")
    made = create_template(magnum)
    yield made
    remove(magnum, clusters=[c.uuid for c in magnum.clusters.list()
                             if c.cluster_template_id == made.uuid], templates=[made.uuid])


def start_create(magnum, template, seconds, **labels):
    """A cluster whose create takes ``seconds``, under way."""
    created = magnum.clusters.create(
        name=unique_name("prod"), cluster_template_id=template.uuid, keypair="demo-key",
        master_count=1, node_count=1, labels={"devcloud_op_seconds": str(seconds), **labels})
    return created


def recorded(magnum, cluster_uuid):
    """Wait until Magnum has recorded the create its conductor took (its stack,
    called cluster_id from API 1.13). The conductor makes the cluster's row,
    then its node groups: until then Magnum answers 404, then 400 (it cannot
    count the cluster's nodes)."""
    deadline = time.monotonic() + 10
    while True:
        try:
            if getattr(magnum.clusters.get(cluster_uuid), "cluster_id", None):
                return
        except (magnum_exceptions.NotFound, magnum_exceptions.BadRequest):
            pass
        assert time.monotonic() < deadline, "the conductor never recorded the create"
        time.sleep(0.2)


def scheduled_by(cfg, cluster_uuid, conductors):
    """The conductor that accepted the cluster's create (it logs the scheduling)."""
    needle = f"create of cluster {cluster_uuid} scheduled"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for name in conductors:
            if needle in cfg.path("log", f"{name}.log").read_text():
                return name
        time.sleep(0.2)
    raise AssertionError("no conductor logged the create")


def works_with_kubectl(devcloud, cluster_uuid, tmp_path):
    config = tmp_path / "kubeconfig"
    demo = coe_backend.connect(devcloud.session("demo"))
    config.write_text(demo.render_kubeconfig(cluster_uuid).config)
    result = kubectl(config, "get", "nodes")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("dies", ["before Magnum recorded the create", "after"])
def test_a_create_completes_when_the_conductor_that_took_it_is_killed(
        devcloud, services, restore_services, template, tmp_path, dies):
    magnum = devcloud.magnum("demo")
    if dies == "after":
        cluster = start_create(magnum, template, seconds=4)
        recorded(magnum, cluster.uuid)
    else:
        # The conductor holds the create between scheduling it and Magnum
        # saving it (its certificates, its stack): killed in that window, the
        # cluster is completed by the other conductor, which makes them.
        cluster = start_create(magnum, template, seconds=4, devcloud_conductor_hold_seconds="30")
    conductors = [f"magnum-conductor-{n}" for n in range(1, devcloud.cfg.conductors + 1)]
    services.kill(scheduled_by(devcloud.cfg, cluster.uuid, conductors))

    final, seen = watch_cluster(magnum, cluster.uuid, timeout=90)
    assert final.status == "CREATE_COMPLETE", final.status_reason
    assert seen == ["CREATE_IN_PROGRESS", "CREATE_COMPLETE"]
    # The owner's kubeconfig works: its certificates are the owner project's.
    works_with_kubectl(devcloud, cluster.uuid, tmp_path)


def test_work_in_progress_survives_a_restart_of_every_conductor(
        devcloud, services, restore_services, template, tmp_path):
    magnum = devcloud.magnum("demo")
    cluster = start_create(magnum, template, seconds=6)
    conductors = [f"magnum-conductor-{n}" for n in range(1, devcloud.cfg.conductors + 1)]
    began = time.monotonic()
    services.stop(*conductors)
    stopping = time.monotonic() - began
    assert stopping < 6, f"stopping the conductors took {stopping:.1f} s"
    time.sleep(7 - stopping)  # the create falls due while no conductor runs
    assert magnum.clusters.get(cluster.uuid).status == "CREATE_IN_PROGRESS"

    services.start()
    final, _ = watch_cluster(magnum, cluster.uuid, timeout=90)
    assert final.status == "CREATE_COMPLETE", final.status_reason
    works_with_kubectl(devcloud, cluster.uuid, tmp_path)
