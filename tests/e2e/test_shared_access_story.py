"""A teammate gets into demo's cluster (issue #19, part 4). Magnum's default
policy lets only a cluster's creator or an admin have certificates, so the
teammate's Access tab says why they get none and who can help; demo hands
them the Keystone kubeconfig from their own Access tab, and kubectl lets the
teammate in with a Keystone token of their own, and no one from another
project."""
import pytest
from selenium.webdriver.common.by import By

from tests.e2e import pages
from tests.magnum_helpers import create_cluster, create_template, new_member, remove

pytestmark = [pytest.mark.devcloud, pytest.mark.browser]


@pytest.fixture
def keystone_cluster(devcloud):
    magnum = devcloud.magnum("demo")
    template = create_template(magnum, labels={"kube_tag": "v1.30.6",
                                               "keystone_auth_enabled": "true"})
    cluster, _ = create_cluster(magnum, template, node_count=1)
    yield cluster
    remove(magnum, [cluster.uuid], [template.uuid])


def access_tab(browser, cluster):
    browser.open(f"/project/clusters/{cluster.uuid}/")
    pages.click(browser, '.nav-tabs a[data-target$="__access"]')
    return pages.visible(browser, ".coe-access")


def test_a_teammate_uses_the_keystone_kubeconfig_the_creator_hands_them(
        browser, devcloud, keystone_cluster, tmp_path):
    browser.login("demo")
    tab = access_tab(browser, keystone_cluster)
    assert "names you as user demo in group system:masters" in tab.text
    assert "It holds no secret" in tab.text

    # demo downloads the Keystone kind from the tab and hands the file on.
    pages.allow_downloads(browser, tmp_path)
    tab.find_element(By.PARTIAL_LINK_TEXT, "Download Kubeconfig").click()
    pages.click(browser, '.modal label[for="id_format_2"]')
    assert browser.driver.find_element(By.ID, "id_format_2").get_attribute("value") == "keystone"
    pages.submit_modal(browser)
    shared = pages.wait_for_download(browser, tmp_path, f"{keystone_cluster.name}.kubeconfig")
    assert "client-key-data" not in shared.read_text()

    with new_member(devcloud, "demo") as (user, _project, teammate):
        browser.login(user.name)
        tab = access_tab(browser, keystone_cluster)
        assert ("only the cluster's creator or an administrator get certificates"
                in tab.text), tab.text
        assert keystone_cluster.user_id in tab.text  # who the creator is
        assert not tab.find_elements(By.PARTIAL_LINK_TEXT, "Download Kubeconfig")

        own_token = teammate.http_client.session.get_token()
        nodes = pages.kubectl(shared, "get", "nodes", "-o", "name", env={"OS_TOKEN": own_token})
        assert nodes.returncode == 0, nodes.stderr
        assert len(nodes.stdout.split()) == 2  # a master and a worker

    stranger = devcloud.session("other").get_token()
    refused = pages.kubectl(shared, "get", "nodes", env={"OS_TOKEN": stranger})
    assert refused.returncode != 0
