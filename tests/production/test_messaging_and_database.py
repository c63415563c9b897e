"""RabbitMQ and MariaDB, which Magnum depends on, restarting under the users."""
import time

import pytest

from tests.magnum_helpers import create_cluster, create_template, remove, watch_cluster
from tests.horizon_fixtures import messages_of

pytestmark = pytest.mark.devcloud

INDEX = "/project/clusters/"


@pytest.fixture(scope="module")
def cluster(horizon):
    magnum = horizon.magnum("demo")
    template = create_template(magnum)
    made, _ = create_cluster(magnum, template, node_count=1)
    yield made
    remove(magnum, clusters=[made.uuid], templates=[template.uuid])


def resize(login, cluster, count):
    return login("demo").post(f"{INDEX}{cluster.uuid}/resize/",
                              {"nodegroup": "default-worker", "node_count": count})


def test_while_rabbitmq_is_down_actions_say_magnum_cannot_act_and_change_nothing(
        horizon, login, services, restore_services, cluster):
    magnum = horizon.magnum("demo")
    services.stop("rabbitmq")
    refused = resize(login, cluster, 3)
    said = " ".join(messages_of(refused))
    # magnum-api's worker is ended before coe-ui stops waiting (devcloud.magnum):
    # gunicorn answers 500, or closes the connection.
    assert said.startswith("Unable to resize the cluster: "), said
    assert ("Magnum failed to handle the request" in said
            or "Could not reach Magnum" in said), said
    assert "try again later" in said.lower() and "<" not in said, said

    services.start()
    time.sleep(10)  # a request Magnum had kept would have arrived by now
    assert magnum.clusters.get(cluster.uuid).node_count == 1

    # The next action works, once Magnum has its messaging back.
    deadline = time.monotonic() + 60
    while True:
        accepted = resize(login, cluster, 2)
        if accepted.status_code == 302 and any(
                m.startswith("Resizing node group") for m in messages_of(accepted)):
            break
        assert time.monotonic() < deadline, messages_of(accepted)
        time.sleep(2)
    resized, _ = watch_cluster(magnum, cluster.uuid)
    assert (resized.status, resized.node_count) == ("UPDATE_COMPLETE", 2)


def test_while_mariadb_is_down_pages_say_magnum_is_unavailable_then_recover(
        horizon, login, services, restore_services, cluster):
    services.stop("mariadb")
    page = login("demo").get(INDEX)
    said = " ".join(messages_of(page))
    assert page.status_code == 200
    assert "Magnum failed to handle the request" in said and "Try again later" in said, said

    services.start()  # Horizon is not restarted
    page = login("demo").get(INDEX)
    assert page.status_code == 200 and not messages_of(page)
    assert cluster.name in page.content.decode()
