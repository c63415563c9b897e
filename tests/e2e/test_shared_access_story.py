"""Getting into a cluster without a certificate (issue #19, parts 3 and 4).

A teammate gets into demo's cluster. Magnum's default
policy lets only a cluster's creator or an admin have certificates, so the
teammate's Access tab says why they get none and who can help; demo hands
them the Keystone kubeconfig from their own Access tab, and kubectl lets the
teammate in with a Keystone token of their own, and no one from another
project."""
import pytest
from selenium.webdriver.common.by import By

from tests.e2e import pages
from tests.magnum_helpers import create_cluster, create_template, new_member, remove
from tests.oidc_helpers import kubelogin_env, kubelogin_stand_in, oidc_labels

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


def test_the_creator_gets_in_through_the_clusters_identity_provider(browser, devcloud, tmp_path):
    """Issue #19 part 3: a cluster that trusts an OpenID Connect issuer (its
    oidc_* labels) offers a kubeconfig that runs kubelogin; kubectl gets in
    with the issuer's login, and not with a wrong password."""
    magnum = devcloud.magnum("demo")
    template = create_template(magnum, labels={"kube_tag": "v1.30.6", **oidc_labels(devcloud)})
    cluster, _ = create_cluster(magnum, template, node_count=1)
    try:
        browser.login("demo")
        tab = access_tab(browser, cluster)
        assert devcloud.cfg.oidc_issuer_url in tab.text
        pages.allow_downloads(browser, tmp_path)
        tab.find_element(By.PARTIAL_LINK_TEXT, "Download Kubeconfig").click()
        oidc = browser.wait_for('.modal input[name="format"][value="oidc"]')
        pages.click(browser, f'.modal label[for="{oidc.get_attribute("id")}"]')
        assert "kubectl krew install oidc-login" in pages.visible(browser, ".modal").text
        pages.submit_modal(browser)
        config = pages.wait_for_download(browser, tmp_path, f"{cluster.name}.kubeconfig")
        kubelogin_stand_in(tmp_path)

        nodes = pages.kubectl(config, "get", "nodes", "-o", "name",
                              env=kubelogin_env(tmp_path, "demo"))
        assert nodes.returncode == 0, nodes.stderr
        assert len(nodes.stdout.split()) == 2
        assert pages.kubectl(config, "get", "nodes",
                             env=kubelogin_env(tmp_path, "demo", "wrong")).returncode != 0
    finally:
        remove(magnum, [cluster.uuid], [template.uuid])
