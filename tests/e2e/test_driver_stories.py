"""What differs between the three Magnum drivers, as demo meets it in the
browser (issue #18): a create that fails, and resizing the masters.

The devcloud plays each driver (devcloud.driver.personalities), picked per
template as on a real cloud: the Heat driver by the template's ``driver``,
the Cluster API drivers by their image's ``magnum_driver``. A create asked to
fail (label devcloud_fail=create) fails on Heat; a Cluster API driver keeps
retrying it and only its own forms say why. One cluster per driver is asked
to fail and one is built, side by side, for the whole module.
"""
import contextlib

import pytest
from magnumclient import exceptions as magnum_exc
from selenium.webdriver.common.by import By

from tests.e2e import pages
from tests.magnum_helpers import (
    IMAGE_V131, create_template, remove, unique_name, wait_visible, watch_cluster)

pytestmark = [pytest.mark.devcloud, pytest.mark.browser]

TEMPLATES = {"heat": {"image": IMAGE_V131, "driver": "k8s_fedora_coreos_v1"},
             "magnum-cluster-api": {"image": "ubuntu-2204-kube-v1.31.2-capi"},
             "capi-helm": {"image": "ubuntu-2204-kube-v1.31.2-capi-helm"}}
PERSONALITIES = list(TEMPLATES)
# What each driver's blocked create says in its own form (read from
# status_reason on magnum-cluster-api, from health on capi-helm).
DRIVER_REASON = {"magnum-cluster-api": "FailedCreateNetwork", "capi-helm": "UpdateError"}
HEAT_CANNOT = "The Heat driver cannot resize the master node group"


@pytest.fixture(scope="module")
def made(devcloud):
    """{(personality, fails): cluster uuid} and their templates, created side by side."""
    magnum = devcloud.magnum("demo")
    templates = {name: create_template(magnum, name=unique_name(f"drv-{name}"), **fields)
                 for name, fields in TEMPLATES.items()}
    clusters = {(name, fails): magnum.clusters.create(
        name=unique_name(f"{name}-{'doomed' if fails else 'ok'}"),
        cluster_template_id=template.uuid, keypair="demo-key", master_count=1, node_count=1,
        labels={"devcloud_fail": "create"} if fails else {}).uuid
        for name, template in templates.items() for fails in (True, False)}
    yield clusters
    for uuid in clusters.values():  # a blocked create never settles: deleted as it is
        with contextlib.suppress(magnum_exc.ClientException):
            magnum.clusters.delete(uuid)
    remove(magnum, clusters.values(), [t.uuid for t in templates.values()])


@pytest.mark.parametrize("personality", PERSONALITIES)
def test_a_failed_create_as_each_driver_reports_it(browser, devcloud, made, personality):
    magnum = devcloud.magnum("demo")
    uuid = made[personality, True]
    wait_visible(magnum, uuid)
    browser.login("demo")
    browser.open(f"/project/clusters/{uuid}/")

    def diagnosed(driver):
        found = driver.find_elements(By.CSS_SELECTOR, ".coe-diagnosis")
        if not found:
            browser.open(f"/project/clusters/{uuid}/")  # a detail page does not poll
        return found and found[0]
    diagnosis = pages.until(browser, diagnosed, pages.SETTLE, "no diagnosis was ever shown")
    overview = pages.overview(browser).text
    summary = diagnosis.find_element(By.CSS_SELECTOR, "strong").text
    next_step = diagnosis.find_element(By.CSS_SELECTOR, "p").text
    details = diagnosis.find_element(By.CSS_SELECTOR, "details").get_attribute("textContent")
    assert summary == "The project ran out of quota while building the cluster."
    if personality == "heat":
        assert "Create failed" in overview and "Quota exceeded for cores" in overview
        assert "create it again" in next_step, next_step
        assert magnum.clusters.get(uuid).status == "CREATE_FAILED"
    else:  # still creating, flagged at once with the driver's reason, no recreate
        assert "Creating" in overview
        assert "The driver keeps retrying: the cluster carries on by itself" in next_step
        assert "create it again" not in next_step
        assert DRIVER_REASON[personality] in details, details
        assert magnum.clusters.get(uuid).status == "CREATE_IN_PROGRESS"


def _help_of(browser, field_id):
    """What the form says beside a field (Horizon's help icon holds it as its title)."""
    return browser.driver.execute_script(
        "var group = document.querySelector('.modal #' + arguments[0]).closest('.form-group');"
        "return Array.from(group.querySelectorAll('[title], [data-original-title]'))"
        ".map(function (e) { return e.getAttribute('data-original-title') || e.title; })"
        ".join(' ') + ' ' + group.textContent;", field_id)


@pytest.mark.parametrize("personality", PERSONALITIES)
def test_a_master_resize_as_each_driver_takes_it(browser, devcloud, made, personality):
    magnum = devcloud.magnum("demo")
    uuid = made[personality, False]
    cluster, _ = watch_cluster(magnum, uuid)
    assert cluster.status == "CREATE_COMPLETE", cluster.status_reason
    browser.login("demo")
    browser.open(f"/project/clusters/{uuid}/?tab=cluster_details__node_groups")
    pages.open_row_form(browser, "default-master", "Edit Range and Size", table="node_groups")
    field = pages.visible(browser, ".modal #id_node_count")
    if personality == "heat":  # disabled, with the driver's reason; nothing to send
        assert not field.is_enabled()
        assert HEAT_CANNOT in _help_of(browser, "id_node_count")
        return
    assert field.is_enabled() and HEAT_CANNOT not in _help_of(browser, "id_node_count")
    pages.type_into(browser, ".modal #id_node_count", 3)
    pages.submit_modal(browser)
    pages.wait_message(browser, "Success", 'Changing node group "default-master"')
    pages.wait_row(browser, "default-master", {"Nodes": "3", "Status": "Active"},
                   table="node_groups")
    done, _ = watch_cluster(magnum, uuid)
    assert (done.status, done.master_count) == ("UPDATE_COMPLETE", 3), done.status_reason
