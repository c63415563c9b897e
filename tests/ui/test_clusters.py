"""The Clusters panel, through the real Horizon, Keystone and Magnum."""
import io
import re
import subprocess
import zipfile

import pytest
from cryptography import x509

import coe_backend
import coe_backend.render.kubeconfig

from tests.magnum_helpers import (create_cluster, create_template, remove, unique_name,
                                  wait_visible, watch_cluster)
from tests.horizon_fixtures import messages_of

pytestmark = pytest.mark.devcloud

INDEX = "/project/clusters/"


@pytest.fixture(scope="module")
def template(horizon):
    return create_template(horizon.magnum("demo"), labels={"kube_tag": "v1.30.6"})


@pytest.fixture(scope="module")
def cluster(horizon, template):
    cluster, _ = create_cluster(horizon.magnum("demo"), template, node_count=2)
    return cluster


def test_index_lists_the_projects_clusters_with_template_names(login, cluster, template):
    response = login("demo").get(INDEX)
    assert response.status_code == 200
    page = response.content.decode()
    assert cluster.name in page
    assert template.name in page  # the name, not the template's UUID
    assert "Create Cluster" in page


def row_classes(login, cluster_uuid):
    """The classes Horizon gives a cluster's row: "warning" rows are polled."""
    row = login("demo").ajax(f"{INDEX}?action=row_update&table=clusters&obj_id={cluster_uuid}")
    return re.search(r'<tr class="([^"]*)"', row.content.decode()).group(1).split()


def test_a_busy_row_refreshes_itself_and_a_settled_row_does_not_poll(login, horizon, template,
                                                                     cluster):
    busy = horizon.magnum("demo").clusters.create(
        name=unique_name("busy"), cluster_template_id=template.uuid, node_count=1,
        labels={"devcloud_op_seconds": "30"})
    wait_visible(horizon.magnum("demo"), busy.uuid)
    assert {"ajax-update", "warning"} <= set(row_classes(login, busy.uuid))
    assert "warning" not in row_classes(login, cluster.uuid)
    assert "status_up" in row_classes(login, cluster.uuid)


def test_ajax_row_update_of_a_deleted_cluster_is_404(login):
    response = login("demo").ajax(f"{INDEX}?action=row_update&table=clusters&obj_id=does-not-exist")
    assert response.status_code == 404


def test_detail_shows_status_template_and_health(login, cluster, template):
    response = login("demo").get(f"{INDEX}{cluster.uuid}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert template.name in page
    assert "v1.30.6" in page
    # The list's words, Magnum's own on hover.
    assert '<span class="coe-status" title="CREATE_COMPLETE">Active</span>' in page
    assert '<span class="coe-status" title="HEALTHY">Healthy</span>' in page
    # Every worker group's flavor, not only the default one's.
    assert re.search(r"Workers(&#x27;|') flavors</dt><dd>m1\.\w+ <span[^>]*>\(default-worker\)", page)
    # The owner by name where Keystone lets the viewer read it.
    assert re.search(r"Owner</dt><dd>demo <span[^>]*>\(ID [0-9a-f]{32}\)", page)


def test_a_reader_sees_the_owners_id_where_keystone_keeps_the_name_from_them(login, cluster):
    page = login("viewer").get(f"{INDEX}{cluster.uuid}/").content.decode()
    assert re.search(r"Owner</dt><dd>[0-9a-f]{32}</dd>", page)


def test_the_templates_clusters_tab_names_status_and_kubernetes_version(login, cluster, template):
    tab = login("demo").ajax(f"/project/cluster_templates/{template.uuid}/"
                             "?tab=cluster_template_details__clusters").content.decode()
    row = tab[tab.index(cluster.name):]
    row = row[:row.index("</tr>")]
    assert "Active" in row and "v1.30.6" in row, row


def test_viewer_sees_clusters_but_no_create_or_delete(login, cluster):
    page = login("viewer").get(INDEX).content.decode()
    assert cluster.name in page
    assert "Create Cluster" not in page
    assert "Delete Cluster" not in page


def test_viewer_cannot_create_by_posting_the_wizard(login, horizon, template):
    name = unique_name("viewer")
    login("viewer").post(f"{INDEX}create/", _wizard_data(name, template))
    assert name not in [c.name for c in horizon.magnum("demo").clusters.list()]


def _wizard_data(name, template, **overrides):
    data = {"name": name, "cluster_template_id": template.uuid, "keypair": "demo-key",
            "master_count": 1, "node_count": 1, "master_flavor_id": "", "flavor_id": "",
            "fixed_network": "", "fixed_subnet": "", "master_lb_enabled": "",
            "floating_ip_enabled": "", "labels": "", "labels_mode": "merge"}
    data.update(overrides)
    return data


def test_create_wizard_creates_a_cluster(login, horizon, template):
    name = unique_name("wiz")
    response = login("demo").post(f"{INDEX}create/", _wizard_data(name, template, node_count=2,
                                                                  labels="team=blue"))
    assert response.status_code == 302, messages_of(response)
    created = {c.name: c for c in horizon.magnum("demo").clusters.list()}[name]
    cluster, _ = watch_cluster(horizon.magnum("demo"), created.uuid)
    assert cluster.node_count == 2
    assert cluster.labels["team"] == "blue"
    assert cluster.labels["kube_tag"] == "v1.30.6"  # merged with the template's


def test_create_wizard_refuses_bad_input_beside_the_fields(login, horizon, template):
    name = "1-starts-with-a-digit"
    response = login("demo").post(f"{INDEX}create/", _wizard_data(name, template, master_count=2,
                                                                  labels="novalue"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "odd" in page  # master count
    assert "novalue" in page  # the label fragment that has no '='
    assert name not in [c.name for c in horizon.magnum("demo").clusters.list()]


def test_create_preselects_the_template_from_its_row(login, template):
    page = login("demo").get(f"{INDEX}create/?template={template.uuid}").content.decode()
    chosen = re.search(r'name="cluster_template_id".*?<option value="([^"]*)" selected', page, re.S)
    assert chosen and chosen.group(1) == template.uuid


def test_the_wizards_speak_alike(login, cluster, template):
    """Flavors in GiB of RAM and the labels editor, as in the template wizard."""
    page = login("demo").get(f"{INDEX}create/").content.decode()
    assert "m1.medium (2 vCPU, 4 GiB RAM, 40 GB disk)" in page
    assert re.search(r'<textarea name="labels"[^>]*data-labels-editor', page)
    resize = login("demo").get(f"{INDEX}{cluster.uuid}/resize/").content.decode()
    select = resize.index('id="id_nodegroup"')
    assert "themable-select" in resize[resize.rindex('class="form-group', 0, select):select]


def test_review_shows_the_quota_check_and_the_cli(login, template):
    response = login("demo").post(f"{INDEX}create/review/",
                                  _wizard_data("rev", template, node_count=3))
    page = response.content.decode()
    assert "Quota check" in page
    assert "openstack coe cluster create" in page
    assert "does not fit" not in page


def test_review_speaks_the_wizards_words(login, template):
    page = login("demo").post(f"{INDEX}create/review/", _wizard_data(
        "words", template, node_count=2, flavor_id="m1.large", master_lb_enabled="no")).content.decode()
    for label, value in (("Key pair", "demo-key"), ("Masters", "1"), ("Workers", "2"),
                         ("Worker flavor", "m1.large"), ("Load balancer for the API", "No")):
        assert f"<dt>{label}</dt><dd>{value}</dd>" in page, label
    assert "<dt>keypair</dt>" not in page and "<dt>master_lb_enabled</dt>" not in page
    assert "<td>Floating IPs</td>" in page and "<td>floating_ips</td>" not in page


def test_review_blocks_what_cannot_fit(login, template):
    page = login("demo").post(f"{INDEX}create/review/",
                              _wizard_data("big", template, node_count=30,
                                           flavor_id="m1.xlarge")).content.decode()
    assert "does not fit" in page
    # Create waits, with the reason (coe_ui.js reads it) and advice for what is short.
    assert 'data-coe-blocks-create="The cluster does not fit in what the project has left' in page
    assert "Choose smaller flavors or fewer nodes" in page
    assert "Delete a cluster" not in page  # the cluster count is not what is short
    assert "<td>RAM</td>" in page and " GiB</td>" in page


def test_quotas_are_read_at_review_which_says_the_one_it_could_not_read(login, horizon, template,
                                                                       magnum_fault):
    mocker = magnum_fault("GET", r"/never-called$")
    mocker.register_uri("GET", re.compile(re.escape(horizon.cfg.catalog_url) + r"/compute/.*/limits"),
                        status_code=500, json={"computeFault": {"message": "nova-api is down"}})
    opened = login("demo").get(f"{INDEX}create/")
    assert opened.status_code == 200 and messages_of(opened) == []  # no quota read on open
    page = login("demo").post(f"{INDEX}create/review/",
                              _wizard_data("nova-down", template)).content.decode()
    assert "Could not read the quota of the compute service (Nova)" in page
    assert "<td>Floating IPs</td>" in page


def test_an_over_quota_create_stays_on_review_and_creates_nothing(login, horizon, template):
    name = unique_name("big")
    response = login("demo").post(f"{INDEX}create/", _wizard_data(
        name, template, node_count=30, flavor_id="m1.xlarge"))
    assert response.status_code == 200
    workflow = response.context["workflow"]
    assert workflow.get_entry_point() == "reviewaction"
    assert any("Choose smaller flavors" in m for m in messages_of(response)), messages_of(response)
    assert name not in [c.name for c in horizon.magnum("demo").clusters.list()]


def test_resize_changes_the_default_workers(login, horizon, template):
    cluster, _ = create_cluster(horizon.magnum("demo"), template, node_count=1)
    response = login("demo").post(f"{INDEX}{cluster.uuid}/resize/",
                                  {"nodegroup": "default-worker", "node_count": 3})
    assert response.status_code == 302, messages_of(response)
    assert any(m.startswith("Resizing node group") for m in messages_of(response))
    # Magnum answers before its conductor starts: the list the user lands on
    # must already show the resize, since settled rows are not polled.
    row = login("demo").ajax(f"{INDEX}?action=row_update&table=clusters&obj_id={cluster.uuid}")
    assert "1 / 3" in row.content.decode()
    resized, _ = watch_cluster(horizon.magnum("demo"), cluster.uuid)
    assert resized.node_count == 3


@pytest.mark.parametrize("action", ["resize", "upgrade", "rotate-ca", "delete"])
def test_cluster_forms_work_as_pages_without_javascript(login, cluster, action):
    page = login("demo").get(f"{INDEX}{cluster.uuid}/{action}/").content.decode()
    form = re.search(rf'<form [^>]*action="{INDEX}{cluster.uuid}/{action}/"[^>]*>', page)
    assert form, "the form posts to its own page"
    assert re.search(r'id="\w+_form"', form.group(0)), form.group(0)


def test_a_resize_magnum_accepts_but_never_starts_is_reported(login, cluster, magnum_fault):
    magnum_fault("POST", r"/clusters/.*/actions/resize", status=202, json={"uuid": cluster.uuid})
    response = login("demo").post(f"{INDEX}{cluster.uuid}/resize/",
                                  {"nodegroup": "default-worker", "node_count": 4})
    assert response.status_code == 302
    assert any("has not started it yet" in m for m in messages_of(response)), \
        messages_of(response)


def test_resize_to_an_even_master_count_is_refused_beside_the_field(login, cluster):
    response = login("demo").post(f"{INDEX}{cluster.uuid}/resize/",
                                  {"nodegroup": "default-master", "node_count": 2})
    assert response.status_code == 200
    assert "odd" in response.content.decode()


def test_delete_needs_the_name_typed(login, horizon, template):
    cluster, _ = create_cluster(horizon.magnum("demo"), template, node_count=1)
    response = login("demo").post(f"{INDEX}{cluster.uuid}/delete/", {"confirm_name": "wrong"})
    assert response.status_code == 200
    assert "not the cluster" in response.content.decode()
    response = login("demo").post(f"{INDEX}{cluster.uuid}/delete/", {"confirm_name": cluster.name})
    assert response.status_code == 302
    gone, _ = watch_cluster(horizon.magnum("demo"), cluster.uuid, deleting=True)
    assert gone is None


def test_magnum_failing_shows_a_message_not_a_500(login, magnum_fault):
    magnum_fault("GET", r"/clusters/detail.*", status=503)
    response = login("demo").get(INDEX)
    assert response.status_code == 200
    assert any("Unable to list clusters" in m and "503" in m for m in messages_of(response))


def test_kubeconfig_download_is_a_private_attachment_that_kubectl_accepts(login, cluster, tmp_path):
    response = login("demo").post(f"{INDEX}{cluster.uuid}/kubeconfig/",
                                  {"format": "certificate", "key_type": "ecdsa"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{cluster.name}.kubeconfig"'
    assert response["Cache-Control"] == "no-store"
    config = tmp_path / "config"
    config.write_bytes(response.content)
    result = subprocess.run(["kubectl", "--kubeconfig", str(config), "get", "nodes", "-o", "name"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.split()) == 3


def test_kubeconfig_bundle_is_a_zip(login, cluster):
    response = login("demo").post(f"{INDEX}{cluster.uuid}/kubeconfig/",
                                  {"format": "bundle", "key_type": "rsa"})
    assert response["Content-Type"] == "application/zip"
    assert sorted(zipfile.ZipFile(io.BytesIO(response.content)).namelist()) == [
        "ca.pem", "cert.pem", "config", "key.pem"]


def test_a_non_creator_is_told_why_no_certificate_is_offered(login, cluster):
    page = login("viewer").get(f"{INDEX}{cluster.uuid}/kubeconfig/").content.decode()
    assert "only the cluster's creator or an administrator" in page
    response = login("viewer").post(f"{INDEX}{cluster.uuid}/kubeconfig/",
                                    {"format": "certificate", "key_type": "ecdsa"})
    assert "Content-Disposition" not in response


def test_the_kubeconfig_dialog_describes_only_what_it_offers(login, horizon, cluster):
    magnum = horizon.magnum("demo")
    keystone, _ = create_cluster(magnum, create_template(
        magnum, labels={"kube_tag": "v1.30.6", "keystone_auth_enabled": "true"}), node_count=1)
    plain = login("demo").get(f"{INDEX}{cluster.uuid}/kubeconfig/").content.decode()
    assert "client certificate signed by it" in plain
    assert "Keystone kubeconfig" not in plain and 'value="keystone"' not in plain
    offered = login("demo").get(f"{INDEX}{keystone.uuid}/kubeconfig/").content.decode()
    assert 'value="keystone"' in offered
    assert "Keystone kubeconfig" in offered and "POSIX shell" in offered


def test_upgrade_moves_the_cluster_to_the_next_minor_version(login, horizon, template):
    magnum = horizon.magnum("demo")
    newer = create_template(magnum, image="ubuntu-2204-kube-v1.31.2", labels={"kube_tag": "v1.31.2"})
    subject, _ = create_cluster(magnum, template, node_count=1)
    page = login("demo").get(f"{INDEX}{subject.uuid}/upgrade/").content.decode()
    assert newer.name in page
    # The diff leads with the version, then names fields as the template wizard does.
    changes = page[page.index("coe-upgrade-changes"):]
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", changes)
    assert rows[0] == ("Kubernetes", "v1.30.6", "v1.31.2"), rows
    assert ("Image", "ubuntu-2204-kube-v1.30.6", "ubuntu-2204-kube-v1.31.2") in rows, rows
    response = login("demo").post(f"{INDEX}{subject.uuid}/upgrade/",
                                  {"cluster_template": newer.uuid, "nodegroup": "",
                                   "max_batch_size": 1})
    assert response.status_code == 302, messages_of(response)
    upgraded, _ = watch_cluster(magnum, subject.uuid)
    assert upgraded.cluster_template_id == newer.uuid
    assert upgraded.coe_version == "v1.31.2"


def test_upgrade_names_the_labels_set_at_create_that_the_cluster_keeps(login, horizon, cluster):
    magnum = horizon.magnum("demo")
    newer = create_template(magnum, image="ubuntu-2204-kube-v1.31.2",
                            labels={"kube_tag": "v1.31.2", "fixed_subnet_cidr": "10.1.0.0/24"})
    try:
        page = login("demo").get(f"{INDEX}{cluster.uuid}/upgrade/").content.decode()
        assert ("These labels are set when a cluster is created and cannot change: the "
                "cluster keeps its own fixed_subnet_cidr.") in page
    finally:
        remove(magnum, templates=[newer.uuid])


def test_rotate_ca_needs_the_impact_acknowledged(login, cluster):
    response = login("demo").post(f"{INDEX}{cluster.uuid}/rotate-ca/", {})
    assert response.status_code == 200
    assert "stops working" in response.content.decode()


def test_a_failed_resize_keeps_the_form_and_says_why(login, cluster, magnum_fault):
    magnum_fault("POST", r"/clusters/.*/actions/resize", status=500)
    response = login("demo").post(f"{INDEX}{cluster.uuid}/resize/",
                                  {"nodegroup": "default-worker", "node_count": 4})
    assert response.status_code == 200
    assert any("Unable to resize the cluster" in m for m in messages_of(response))


def test_a_failed_create_keeps_what_was_entered(login, template, magnum_fault):
    magnum_fault("POST", r"/clusters/?$", status=503)
    name = unique_name("keep")
    response = login("demo").post(f"{INDEX}create/", _wizard_data(name, template, labels="team=red"))
    assert response.status_code == 200
    page = response.content.decode()
    assert name in page and "team=red" in page
    assert any("Unable to create the cluster" in m for m in messages_of(response))


def test_unreachable_magnum_is_a_message_on_the_detail_page_not_a_500(login, cluster, magnum_fault):
    import requests
    magnum_fault("GET", r"/clusters/" + cluster.uuid, exc=requests.exceptions.ConnectTimeout)
    response = login("demo").get(f"{INDEX}{cluster.uuid}/")
    assert response.status_code == 302
    assert any("Unable to read the cluster" in m for m in messages_of(response))


def test_ca_certificate_can_be_read_and_downloaded(login, cluster):
    page = login("demo").ajax(f"{INDEX}{cluster.uuid}/ca/").content.decode()
    assert "BEGIN CERTIFICATE" in page
    download = login("demo").get(f"{INDEX}{cluster.uuid}/ca/download/")
    assert download["Content-Disposition"] == f'attachment; filename="{cluster.name}-ca.pem"'
    assert download["Cache-Control"] == "no-store"


def test_my_csr_is_signed_by_the_clusters_ca(login, cluster):
    key = coe_backend.render.kubeconfig.generate_key()
    csr = coe_backend.render.kubeconfig.build_csr(key, "alice")
    response = login("demo").post(f"{INDEX}{cluster.uuid}/sign/", {"csr": csr})
    assert response["Cache-Control"] == "no-store"
    cert = x509.load_pem_x509_certificate(response.content)
    assert cert.subject.rfc4514_string() == "O=system:masters,CN=alice"
    assert cert.issuer.rfc4514_string() == f"CN={cluster.name}"


def test_a_damaged_csr_is_refused_beside_the_field(login, cluster):
    response = login("demo").post(f"{INDEX}{cluster.uuid}/sign/", {"csr": "not a request"})
    assert response.status_code == 200
    assert "BEGIN CERTIFICATE REQUEST" in response.content.decode()
    assert "Content-Disposition" not in response


def test_a_reader_may_not_have_certificates_signed(login, cluster):
    csr = coe_backend.render.kubeconfig.build_csr(coe_backend.render.kubeconfig.generate_key(), "mallory")
    response = login("viewer").post(f"{INDEX}{cluster.uuid}/sign/", {"csr": csr})
    assert response.status_code == 302
    assert "Content-Disposition" not in response


def test_destructive_dialogs_confirm_in_danger_red(login, cluster):
    for action in ("delete/", "rotate-ca/"):
        dialog = login("demo").ajax(f"{INDEX}{cluster.uuid}/{action}").content.decode()
        footer = dialog[dialog.index('class="modal-footer"'):]
        assert '<input class="btn btn-danger" type="submit"' in footer, action
        assert "btn-primary" not in footer and "cancel" in footer, action
