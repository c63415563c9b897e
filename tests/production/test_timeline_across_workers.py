"""A cluster's timeline lives in Horizon's cache, memcached here: what one
worker saw is on the page that another worker serves."""
import pytest

from tests.magnum_helpers import create_template, remove, unique_name, wait_visible, watch_cluster
from tests.ui.test_timeline import timeline

pytestmark = pytest.mark.devcloud


def test_what_a_worker_saw_is_shown_by_the_next_after_every_worker_died(
        devcloud, services, over_http, request):
    magnum = devcloud.magnum("demo")
    demo = over_http("demo")  # logged in first: it takes seconds
    template = create_template(magnum)
    created = magnum.clusters.create(name=unique_name("tl-prod"), cluster_template_id=template.uuid,
                                     keypair="demo-key", master_count=1, node_count=1,
                                     labels={"devcloud_op_seconds": "4"})
    request.addfinalizer(lambda: remove(magnum, clusters=[created.uuid],
                                        templates=[template.uuid]))
    wait_visible(magnum, created.uuid)
    listed = demo.get("/project/clusters/")
    assert created.uuid in listed.text and "Creating" in listed.text
    services.kill_workers("horizon")  # none that saw it in progress is left
    assert watch_cluster(magnum, created.uuid)[0].status == "CREATE_COMPLETE"

    page = demo.get(f"/project/clusters/{created.uuid}/?tab=cluster_details__timeline")
    assert [status for status, _, _ in timeline(page)] == ["CREATE_COMPLETE",
                                                            "CREATE_IN_PROGRESS"]
