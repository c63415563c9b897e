"""Horizon as operators run it: several worker processes, sessions and cache
in memcached. A worker can die at any moment (a deploy, the OOM killer); the
user's next request is served by another and must lose nothing."""
import pytest
from selenium.webdriver.common.by import By

from tests.e2e import pages
from tests.e2e.pages import kubectl
from tests.magnum_helpers import create_cluster, create_template, remove, unique_name, watch_cluster

pytestmark = [pytest.mark.devcloud, pytest.mark.browser]

TEMPLATES = "/project/cluster_templates/"


def test_a_wizard_loses_nothing_when_every_worker_dies_between_its_steps(
        browser, devcloud, services, leftovers):
    magnum = devcloud.magnum("demo")
    template = create_template(magnum, name=unique_name("prod-tpl"))
    name = unique_name("prod")
    leftovers.templates.append(template.name)
    leftovers.clusters.append(name)

    browser.login("demo")
    pages.page_with_row(browser, TEMPLATES, template.name, "cluster_templates")
    pages.row_action(browser, template.name, "Create Cluster", table="cluster_templates")
    pages.type_into(browser, ".modal #id_name", name)
    pages.choose(browser, "id_keypair", "demo-key")
    replaced = set(services.kill_workers("horizon"))

    pages.next_step(browser, ".modal #id_node_count")
    pages.type_into(browser, ".modal #id_node_count", 2)
    replaced |= set(services.kill_workers("horizon"))
    pages.next_step(browser, pages.dropdown("id_fixed_network"))
    pages.next_step(browser, ".modal .coe-labels-add").click()  # the labels editor
    pages.visible(browser, ".modal .coe-label-key").send_keys("team=blue")
    replaced |= set(services.kill_workers("horizon"))
    review = pages.next_step(browser, ".modal .coe-review .coe-preflight")
    assert "fits" in review.text and "does not fit" not in review.text
    replaced |= set(services.kill_workers("horizon"))
    pages.mark_page(browser)
    pages.finish_wizard(browser)
    pages.until(browser, lambda d: pages.page_reloaded(browser) and d.find_elements(
        By.CSS_SELECTOR, "#clusters"), message="the wizard did not land on the clusters list")

    # Still logged in (the session lives in memcached), and what was typed arrived.
    assert pages.visible(browser, ".user-menu").text.strip() == "demo"
    assert not replaced & set(services.workers("horizon")), "every worker was a new one"
    cluster, _seen = watch_cluster(magnum, name)
    assert (cluster.node_count, cluster.keypair) == (2, "demo-key")
    assert cluster.labels.get("team") == "blue"


def test_after_a_ca_rotation_old_kubeconfigs_are_refused_and_new_ones_work_from_any_worker(
        devcloud, over_http, request, tmp_path):
    magnum = devcloud.magnum("demo")
    template = create_template(magnum)
    cluster, _ = create_cluster(magnum, template, node_count=1)
    request.addfinalizer(lambda: remove(magnum, clusters=[cluster.uuid], templates=[template.uuid]))
    demo = over_http("demo")
    page = f"/project/clusters/{cluster.uuid}/"

    def downloads(prefix, count=4):
        """Kubeconfigs downloaded through Horizon, each on a new connection."""
        files = []
        for number in range(count):
            answer = demo.post(f"{page}kubeconfig/", {"format": "certificate",
                                                      "key_type": "ecdsa"})
            assert answer.status_code == 200, answer.status_code
            assert answer.headers["Cache-Control"] == "no-store"
            files.append(tmp_path / f"{prefix}-{number}")
            files[-1].write_bytes(answer.content)
        return files

    before = downloads("old")
    for config in before:
        assert kubectl(config, "get", "nodes").returncode == 0

    rotated = demo.post(f"{page}rotate-ca/", {"understood": "on"})
    assert rotated.history, "Horizon did not accept the rotation"
    watch_cluster(magnum, cluster.uuid)

    for config in before:
        assert kubectl(config, "get", "nodes").returncode != 0, "an old kubeconfig still works"
    for config in downloads("new"):
        result = kubectl(config, "get", "nodes")
        assert result.returncode == 0, result.stderr
