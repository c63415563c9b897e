"""The Cluster Templates panel, through the real Horizon, Keystone and Magnum."""
import json
import re

import pytest

from devcloud.catalog import IMAGES, NETWORKS, SUBNETS, VOLUME_TYPES
from tests.magnum_helpers import create_cluster, create_template, unique_name
from tests.horizon_fixtures import messages_of

pytestmark = pytest.mark.devcloud

INDEX = "/project/cluster_templates/"
CREATE = f"{INDEX}create/"
IMAGE_V130, IMAGE_V131, CIRROS = (image["id"] for image in IMAGES[:3])
PUBLIC_NET, PRIVATE_NET = (network["id"] for network in NETWORKS)
PUBLIC_SUBNET, PRIVATE_SUBNET = (subnet["id"] for subnet in SUBNETS)
MEDIUM, LARGE, DISKLESS = "2", "3", "5"  # flavor IDs
INFO, NODE_SPEC, NETWORK, LABELS, REVIEW = range(5)  # wizard steps
PAGE_SIZE = "API_RESULT_PAGE_SIZE"  # Horizon's per-user setting, read from a cookie


def wizard_data(name, **overrides):
    """Everything the create wizard posts; None leaves a checkbox unticked."""
    data = {"name": name, "coe": "kubernetes", "tags": "", "server_type": "vm",
            "image_id": IMAGE_V130, "master_flavor_id": MEDIUM, "flavor_id": MEDIUM,
            "keypair_id": "demo-key", "docker_volume_size": "",
            "docker_storage_driver": "overlay2", "volume_driver": "cinder",
            "boot_volume_size": "", "boot_volume_type": "", "etcd_volume_size": "",
            "etcd_volume_type": "",
            "network_driver": "flannel", "external_network_id": PUBLIC_NET,
            "fixed_network": "", "fixed_subnet": "", "dns_nameserver": "", "http_proxy": "",
            "https_proxy": "", "no_proxy": "", "floating_ip_enabled": "on", "labels": ""}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def edit_data(template, **overrides):
    """What the edit wizard posts for a template made by create_template."""
    return wizard_data(template.name, **{
        "keypair_id": "", "docker_storage_driver": "", "volume_driver": "",
        "master_lb_enabled": "on", "labels": _labels(template), "tags": template.tags or "",
        **overrides})


def _labels(template):
    return "\n".join(f"{key}={value}" for key, value in template.labels.items())


def validate_step(client, path, data, step):
    """What the wizard's Next asks: the errors of one step, as Horizon's JSON."""
    response = client.post(path, data, HTTP_X_HORIZON_VALIDATE_STEP_START=str(step),
                           HTTP_X_HORIZON_VALIDATE_STEP_END=str(step))
    return json.loads(response.content)["errors"]


def templates_named(magnum, name):
    return [t for t in magnum.cluster_templates.list(detail=True) if t.name == name]


def page_of(response):
    return response.content.decode()


@pytest.fixture(scope="module", autouse=True)
def one_page_for_all(login):
    """Every template on the first page, however many the other tests made."""
    clients = [login(user).client for user in ("demo", "viewer")]
    for client in clients:
        client.cookies[PAGE_SIZE] = "1000"
    yield
    for client in clients:
        del client.cookies[PAGE_SIZE]


@pytest.fixture(scope="module")
def magnum(horizon):
    return horizon.magnum("demo")


@pytest.fixture(scope="module")
def template(magnum):
    return create_template(magnum, labels={"kube_tag": "v1.30.6", "team": "blue"},
                           keypair_id="demo-key", tags="prod,web")


@pytest.fixture(scope="module")
def used_template(magnum):
    """A template a running cluster uses (cluster_name records which)."""
    template = create_template(magnum, image=IMAGES[1]["name"], tags="edge")
    cluster, _ = create_cluster(magnum, template, node_count=1)
    template.cluster_name = cluster.name
    template.cluster_uuid = cluster.uuid
    return template


# The table

def test_index_shows_versions_names_and_use(login, template, used_template):
    page = page_of(login("demo").get(INDEX))
    row = page[page.index(f'id="cluster_templates__row__{template.uuid}"'):][:4000]
    assert template.name in row
    assert "v1.30.6" in row  # the kube_tag label
    assert "m1.medium / m1.medium" in row
    assert "prod, web" in row
    assert "No clusters" in row
    used_row = page[page.index(f'id="cluster_templates__row__{used_template.uuid}"'):][:4000]
    assert "v1.31.2" in used_row  # no kube_tag: the image's kube_version
    assert "1 cluster" in used_row


def test_index_reads_clusters_and_images_once_per_page(login, magnum_fault, template,
                                                        used_template):
    mocker = magnum_fault("GET", r"/never-called$")
    login("demo").get(INDEX)
    paths = [request.path for request in mocker.request_history]
    assert sum(path.endswith("/v1/clusters") for path in paths) == 1
    assert sum(path.endswith("/images") for path in paths) == 1
    assert sum(path.startswith("/v1/clustertemplates/") for path in paths) == 0


def test_index_pages_with_magnums_marker(login, template, used_template):
    client = login("demo").client
    client.cookies[PAGE_SIZE] = "1"
    try:
        first = page_of(client.get(INDEX))
        marker = re.search(r'href="\?marker=([^"]+)"', first).group(1)
        second = page_of(client.get(f"{INDEX}?marker={marker}"))
    finally:
        client.cookies[PAGE_SIZE] = "1000"
    assert first.count('id="cluster_templates__row__') == 1
    assert second.count('id="cluster_templates__row__') == 1
    assert f'cluster_templates__row__{marker}"' not in second


def test_the_newest_template_comes_first(login, magnum):
    """The wizard lands on the first page: the template just made is there,
    however many the project has (the page holds 20)."""
    newest = create_template(magnum)
    client = login("demo").client
    client.cookies[PAGE_SIZE] = "1"
    try:
        first = page_of(client.get(INDEX))
    finally:
        client.cookies[PAGE_SIZE] = "1000"
    assert f'cluster_templates__row__{newest.uuid}"' in first


def test_index_filter_keeps_matching_rows(login, template, used_template):
    page = page_of(login("demo").post(INDEX, {"cluster_templates__filter__q": "prod"}))
    assert template.name in page
    assert used_template.name not in page


def test_index_without_templates_says_what_to_do(login, magnum_fault):
    magnum_fault("GET", r"/clustertemplates(\?.*)?$", status=200, json={"clustertemplates": []})
    page = page_of(login("demo").get(INDEX))
    assert "No cluster templates yet" in page
    assert "Create Cluster Template" in page


def test_index_escapes_template_names(login, magnum):
    hostile = create_template(magnum, name=f"<b>{unique_name('x')}</b>")
    page = page_of(login("demo").get(INDEX))
    assert hostile.name not in page
    assert hostile.name.replace("<", "&lt;").replace(">", "&gt;") in page


def test_row_action_creates_a_cluster_from_the_template(login, template):
    page = page_of(login("demo").get(INDEX))
    assert f"/project/clusters/create/?template={template.uuid}" in page


def test_index_failure_is_a_message(login, magnum_fault):
    magnum_fault("GET", r"/clustertemplates(\?.*)?$", status=500)
    response = login("demo").get(INDEX)
    assert response.status_code == 200
    assert any("Unable to list cluster templates" in m for m in messages_of(response))


def test_index_survives_a_failing_image_service(login, magnum_fault, horizon, template):
    mocker = magnum_fault("GET", r"/never-called$")
    mocker.register_uri("GET", re.compile(re.escape(horizon.cfg.catalog_url) + r"/image/.*"),
                        status_code=500)
    response = login("demo").get(INDEX)
    assert template.name in page_of(response)
    assert any("are not shown" in m for m in messages_of(response))


# The detail page

def test_detail_resolves_names_and_lists_labels_and_clusters(login, used_template, template):
    page = page_of(login("demo").get(f"{INDEX}{template.uuid}/"))
    assert IMAGES[0]["name"] in page and IMAGE_V130 in page
    assert "m1.medium" in page
    assert PUBLIC_NET in page  # the external network, by name and ID
    assert "demo-key" in page
    assert "<code>team</code>" in page and "<code>blue</code>" in page
    for field, name in (("Project", "demo"), ("User", "demo")):  # names, not bare IDs
        assert re.search(rf"{field}</dt><dd>{name} <span[^>]*>\(ID [0-9a-f]{{32}}\)", page)
    used = page_of(login("demo").get(f"{INDEX}{used_template.uuid}/"))
    assert f'href="/project/clusters/{used_template.cluster_uuid}/"' in used
    assert used_template.cluster_name in used


def test_detail_failure_redirects_with_a_message(login, magnum_fault, template):
    magnum_fault("GET", rf"/clustertemplates/{template.uuid}$", status=500)
    response = login("demo").get(f"{INDEX}{template.uuid}/")
    assert response.status_code == 302
    assert any("Unable to read the cluster template" in m for m in messages_of(response))


# The create wizard

def test_wizard_offers_magnum_ready_images_sized_flavors_and_external_networks(login):
    page = page_of(login("demo").get(CREATE))
    assert IMAGE_V130 in page and "Kubernetes v1.30.6" in page
    assert CIRROS not in page  # no os_distro: Magnum refuses it
    assert "2 vCPU, 4 GiB RAM, 40 GB disk" in page
    assert "no root disk" in page
    external = page[page.index('name="external_network_id"'):]
    external = external[:external.index("</select>")]
    assert PUBLIC_NET in external and PRIVATE_NET not in external
    assert f'data-network_id="{PRIVATE_NET}"' in page  # subnets carry their network
    assert 'name="public"' not in page  # demo may not publish
    assert "data-labels-editor" in page and "kube_tag" in page  # suggestions
    assert f'data-coe-review-url="{CREATE}review/"' in page


def test_wizard_offers_public_and_hidden_to_publishers(login):
    page = page_of(login("admin").get(CREATE))
    assert 'name="public"' in page and 'name="hidden"' in page


def test_wizard_creates_the_template(login, magnum):
    name = unique_name("wiz")
    response = login("demo").post(CREATE, wizard_data(
        name, tags="a,b", flavor_id=LARGE, docker_volume_size="10", network_driver="calico",
        fixed_network=PRIVATE_NET, fixed_subnet=PRIVATE_SUBNET, dns_nameserver="8.8.8.8",
        master_lb_enabled="on",
        labels='team=red\nmaster_lb_allowed_cidrs="10.0.0.0/8,192.168.0.0/16"'))
    assert response.status_code == 302, messages_of(response)
    [created] = templates_named(magnum, name)
    assert created.image_id == IMAGE_V130
    assert (created.flavor_id, created.master_flavor_id) == (LARGE, MEDIUM)
    assert (created.fixed_network, created.fixed_subnet) == (PRIVATE_NET, PRIVATE_SUBNET)
    assert created.external_network_id == PUBLIC_NET
    assert created.network_driver == "calico" and created.docker_volume_size == 10
    assert created.master_lb_enabled and created.floating_ip_enabled
    assert created.labels == {"team": "red", "master_lb_allowed_cidrs": "10.0.0.0/8,192.168.0.0/16"}
    assert created.tags == "a,b" and not created.public


def test_admin_creates_a_public_template(login, horizon):
    name = unique_name("pub")
    response = login("admin").post(CREATE, wizard_data(name, keypair_id="", public="on"))
    assert response.status_code == 302, messages_of(response)
    admin = horizon.magnum("admin")
    [created] = templates_named(admin, name)
    try:
        assert created.public
    finally:
        admin.cluster_templates.delete(created.uuid)


def test_each_step_is_checked_with_magnums_rules(login):
    client = login("demo").client
    errors = validate_step(client, CREATE, wizard_data(
        "x", docker_storage_driver="devicemapper", docker_volume_size="1"), NODE_SPEC)
    assert "at least 3 GB" in errors["node_spec"]["docker_volume_size"][0]
    errors = validate_step(client, CREATE, wizard_data("x", dns_nameserver="8.8.8"), NETWORK)
    assert "8.8.8" in errors["network"]["dns_nameserver"][0]
    errors = validate_step(client, CREATE, wizard_data("x", labels="team=red\nnovalue"), LABELS)
    assert "novalue" in errors["labels"]["labels"][0]
    errors = validate_step(client, CREATE, wizard_data(
        "x", fixed_network="", fixed_subnet=PRIVATE_SUBNET), NETWORK)
    assert "Choose the network the subnet belongs to" in errors["network"]["fixed_network"][0]
    assert validate_step(client, CREATE, wizard_data("x"), NODE_SPEC) == {}


def test_a_diskless_flavor_needs_a_boot_volume_on_the_same_step(login):
    client = login("demo").client
    data = wizard_data("x", flavor_id=DISKLESS)
    errors = validate_step(client, CREATE, data, NODE_SPEC)
    assert "no root disk" in errors["node_spec"]["flavor_id"][0]
    assert validate_step(client, CREATE, {**data, "boot_volume_size": "20"}, NODE_SPEC) == {}


def test_step_errors_are_escaped_for_the_wizard(login):
    errors = validate_step(login("demo").client, CREATE,
                           wizard_data("x", labels="<b>=1\n<b>=2"), LABELS)
    assert "&lt;b&gt;" in errors["labels"]["labels"][0]


def test_bad_input_is_shown_beside_the_fields_and_kept(login, magnum):
    name = unique_name("bad")
    response = login("demo").post(CREATE, wizard_data(name, dns_nameserver="8.8.8",
                                                      labels="team=red\nnovalue"))
    assert response.status_code == 200
    page = page_of(response)
    assert "IPv4" in page and "novalue" in page
    assert f'value="{name}"' in page  # what was entered stays
    assert not templates_named(magnum, name)


def test_review_shows_what_is_sent_and_the_cli(login):
    page = page_of(login("demo").post(f"{CREATE}review/", wizard_data(
        "web tpl", labels='cidrs="10.0.0.0/8,192.168.0.0/16"\nnote=hello world')))
    assert "openstack coe cluster template create" in page
    assert "--image " + IMAGE_V130 in page
    assert "--labels cidrs=10.0.0.0/8,192.168.0.0/16 --labels &#x27;note=hello world&#x27;" in page
    assert "&#x27;web tpl&#x27;" in page  # shell-quoted
    assert "ubuntu-2204-kube-v1.30.6 (" in page  # names beside the IDs
    assert "8.8.8.8" in page  # the CLI's DNS default is pointed out


def test_review_warns_when_the_label_and_the_image_disagree(login):
    page = page_of(login("demo").post(f"{CREATE}review/", wizard_data(
        "mismatch", image_id=IMAGE_V131, labels="kube_tag=v1.33.0")))
    assert ("The kube_tag label asks for Kubernetes v1.33.0, but the image "
            "ubuntu-2204-kube-v1.31.2 is made for v1.31.2") in page
    agreeing = page_of(login("demo").post(f"{CREATE}review/", wizard_data(
        "agree", image_id=IMAGE_V131, labels="kube_tag=v1.31.2")))
    assert "coe-review-warning" not in agreeing


def test_review_lists_what_to_fix(login):
    page = page_of(login("demo").post(f"{CREATE}review/", wizard_data("x", image_id="")))
    assert "Fix these first" in page
    assert "openstack coe" not in page


def test_create_failure_keeps_the_wizard_with_a_message(login, magnum, magnum_fault):
    magnum_fault("POST", r"/clustertemplates$", status=500)
    name = unique_name("fail")
    response = login("demo").post(CREATE, wizard_data(name))
    assert response.status_code == 200
    assert any("Unable to create the cluster template" in m for m in messages_of(response))
    assert f'value="{name}"' in page_of(response)
    assert not templates_named(magnum, name)


# Edit

def test_edit_prefills_and_saves_changes(login, magnum):
    template = create_template(magnum, labels={"team": "blue"})
    path = f"{INDEX}{template.uuid}/update/"
    page = page_of(login("demo").get(path))
    assert f'value="{template.name}"' in page and "team=blue" in page
    assert f'<option value="{MEDIUM}"' in page
    assert f'data-coe-review-url="{path}review/"' in page
    response = login("demo").post(path, edit_data(template, flavor_id=LARGE,
                                                  labels="team=green", tags="x"))
    assert response.status_code == 302, messages_of(response)
    changed = magnum.cluster_templates.get(template.uuid)
    assert (changed.flavor_id, changed.master_flavor_id) == (LARGE, "m1.medium")
    assert changed.labels == {"team": "green"} and changed.tags == "x"


def test_edit_review_lists_the_changes(login, magnum):
    template = create_template(magnum)
    page = page_of(login("demo").post(f"{INDEX}{template.uuid}/update/review/",
                                      edit_data(template, tags="new-tag")))
    assert "What will change" in page and "new-tag" in page
    assert "Worker flavor" not in page  # unchanged fields are not listed


def test_edit_of_a_template_in_use_locks_what_magnum_refuses(login, magnum, used_template):
    path = f"{INDEX}{used_template.uuid}/update/"
    page = page_of(login("demo").get(path))
    assert f"Locked: used by clusters {used_template.cluster_name}" in page
    assert re.search(r'<select name="image_id"[^>]*disabled', page)
    data = edit_data(used_template, image_id=IMAGE_V130)
    response = login("demo").post(path, {**data, "name": used_template.name + "-x",
                                         "tags": "other"})
    assert response.status_code == 200
    assert page_of(response).count("cannot change: the template") == 2  # name and tags
    response = login("demo").post(path, {**data, "name": used_template.name + "-renamed"})
    assert response.status_code == 302, messages_of(response)
    renamed = magnum.cluster_templates.get(used_template.uuid)
    assert renamed.name == used_template.name + "-renamed"
    assert renamed.image_id == IMAGES[1]["name"]  # the locked image was not sent
    magnum.cluster_templates.update(  # the fixture's name again, for the other tests
        used_template.uuid, [{"op": "replace", "path": "/name", "value": used_template.name}])


def test_edit_failure_is_a_message(login, magnum, magnum_fault):
    template = create_template(magnum)
    magnum_fault("PATCH", rf"/clustertemplates/{template.uuid}$", status=500)
    response = login("demo").post(f"{INDEX}{template.uuid}/update/",
                                  edit_data(template, tags="x"))
    assert response.status_code == 200
    assert any("Unable to save the cluster template" in m for m in messages_of(response))


# Bare metal and volumes

DEFAULT_TYPE, SSD, HDD = (volume_type["name"] for volume_type in VOLUME_TYPES)


def select(page, name):
    """The HTML of the select named `name`."""
    html = page[page.index(f'name="{name}"'):]
    return html[:html.index("</select>")]


def test_wizard_offers_server_types_and_cinders_volume_types(login):
    page = page_of(login("demo").get(CREATE))
    server_type = select(page, "server_type")
    assert "Virtual machine" in server_type and "Bare metal" in server_type
    for name in ("boot_volume_type", "etcd_volume_type"):
        offered = select(page, name)
        assert "Default (chosen by the cloud)" in offered
        assert f'value="{SSD}"' in offered and "ssd (Solid-state)" in offered
        assert f'value="{DEFAULT_TYPE}"' in offered and f'value="{HDD}"' in offered
    assert 'name="boot_volume_size"' in page and 'name="etcd_volume_size"' in page
    assert "&amp;#x27;" not in page  # Horizon's themed select escapes its options twice
    suggestions = re.search(r'data-label-catalogs="([^"]*)"', page).group(1)
    assert "kube_tag" in suggestions and "boot_volume_size" not in suggestions  # its own field


def test_an_unreadable_cinder_leaves_the_cloud_default_and_a_note(login, magnum_fault, horizon):
    mocker = magnum_fault("GET", r"/never-called$")
    mocker.register_uri("GET", re.compile(re.escape(horizon.cfg.catalog_url) + r"/volume/.*/types"),
                        status_code=500, json={"message": "cinder-api is down"})
    response = login("demo").get(CREATE)
    assert response.status_code == 200
    assert any("Could not load volume types" in m for m in messages_of(response))
    offered = select(page_of(response), "boot_volume_type")
    assert "Default (chosen by the cloud)" in offered and SSD not in offered


def test_wizard_creates_a_bare_metal_template(login, magnum):
    name = unique_name("bm")
    response = login("demo").post(CREATE, wizard_data(name, server_type="bm"))
    assert response.status_code == 302, messages_of(response)
    [created] = templates_named(magnum, name)
    assert created.server_type == "bm"


def test_wizard_creates_a_template_booting_from_volumes(login, magnum):
    name = unique_name("bfv")
    data = wizard_data(name, flavor_id=DISKLESS, boot_volume_size="20", boot_volume_type=SSD,
                       etcd_volume_size="5", labels="team=red")
    review = page_of(login("demo").post(f"{CREATE}review/", data))
    assert ("--labels team=red --labels boot_volume_size=20 --labels boot_volume_type=ssd "
            "--labels etcd_volume_size=5") in review
    response = login("demo").post(CREATE, data)
    assert response.status_code == 302, messages_of(response)
    [created] = templates_named(magnum, name)
    assert created.flavor_id == DISKLESS
    assert created.labels == {"team": "red", "boot_volume_size": "20", "boot_volume_type": SSD,
                              "etcd_volume_size": "5"}


def test_volume_settings_are_checked_beside_their_fields(login):
    client = login("demo").client
    errors = validate_step(client, CREATE, wizard_data("x", boot_volume_size="-1"), NODE_SPEC)
    assert "at least 0" in errors["node_spec"]["boot_volume_size"][0]
    data = wizard_data("x", boot_volume_size="20", labels="boot_volume_size=5")
    errors = validate_step(client, CREATE, data, LABELS)
    assert "boot_volume_size=5" in errors["labels"]["__all__"][0]


def test_edit_shows_the_volume_settings_in_their_fields_and_saves_them(login, magnum):
    template = create_template(magnum, labels={"team": "blue", "boot_volume_size": "10",
                                               "boot_volume_type": HDD}, server_type="bm")
    path = f"{INDEX}{template.uuid}/update/"
    page = page_of(login("demo").get(path))
    assert re.search(r'name="boot_volume_size"[^>]*value="10"', page)
    assert re.search(rf'<option value="{HDD}"[^>]*selected', select(page, "boot_volume_type"))
    assert re.search(r'<option value="bm"[^>]*selected', select(page, "server_type"))
    labels = page[page.index('name="labels"'):]
    assert labels[labels.index(">") + 1:labels.index("</textarea>")].strip() == "team=blue"
    response = login("demo").post(path, edit_data(  # without a server type: it stays
        template, labels="team=blue", server_type=None, boot_volume_size="30",
        boot_volume_type="", etcd_volume_size="2"))
    assert response.status_code == 302, messages_of(response)
    changed = magnum.cluster_templates.get(template.uuid)
    assert changed.labels == {"team": "blue", "boot_volume_size": "30", "etcd_volume_size": "2"}
    assert changed.server_type == "bm"


# Clone

def test_clone_copies_under_a_new_name(login, magnum, template):
    name = unique_name("copy")
    response = login("demo").post(f"{INDEX}{template.uuid}/clone/", {"name": name})
    assert response.status_code == 302, messages_of(response)
    [clone] = templates_named(magnum, name)
    assert clone.uuid != template.uuid
    assert (clone.image_id, clone.labels) == (template.image_id, template.labels)


def test_clone_refuses_a_name_magnum_refuses(login, template):
    response = login("demo").post(f"{INDEX}{template.uuid}/clone/", {"name": "x" * 256})
    assert response.status_code == 200
    assert "at most 255 characters" in page_of(response)


def test_clone_failure_is_a_message(login, magnum, magnum_fault, template):
    magnum_fault("POST", r"/clustertemplates$", status=503)
    name = unique_name("copy")
    response = login("demo").post(f"{INDEX}{template.uuid}/clone/", {"name": name})
    assert any("Unable to clone the cluster template" in m for m in messages_of(response))
    assert not templates_named(magnum, name)


# Delete

def _delete(client, *uuids):
    if len(uuids) == 1:
        return client.post(INDEX, {"action": f"cluster_templates__delete__{uuids[0]}"})
    return client.post(INDEX, {"action": "cluster_templates__delete", "object_ids": uuids})


def test_delete_one_and_many(login, magnum):
    first, second, third = (create_template(magnum) for _ in range(3))
    assert _delete(login("demo"), first.uuid).status_code == 302
    assert _delete(login("demo"), second.uuid, third.uuid).status_code == 302
    left = {t.uuid for t in magnum.cluster_templates.list()}
    assert not left & {first.uuid, second.uuid, third.uuid}


def test_delete_names_the_clusters_in_the_way(login, magnum, used_template):
    response = _delete(login("demo"), used_template.uuid)
    assert any(used_template.cluster_name in m for m in messages_of(response))
    assert magnum.cluster_templates.get(used_template.uuid)


def test_delete_failure_is_a_message(login, magnum, magnum_fault):
    template = create_template(magnum)
    magnum_fault("DELETE", rf"/clustertemplates/{template.uuid}$", status=500)
    response = _delete(login("demo"), template.uuid)
    assert any("Unable to delete" in m for m in messages_of(response))
    assert magnum.cluster_templates.get(template.uuid)


# Policy

def test_reader_sees_templates_but_no_changing_action(login, template):
    page = page_of(login("viewer").get(INDEX))
    assert template.name in page
    for action in ("create", "create_cluster", "update", "clone", "delete"):
        assert f'__action_{action}"' not in page, action


@pytest.mark.parametrize("path", ["create/", "{uuid}/update/", "{uuid}/clone/",
                                  "create/review/"])
def test_reader_is_refused_by_the_server_too(login, magnum, template, path):
    name = unique_name("viewer")
    response = login("viewer").post(INDEX + path.format(uuid=template.uuid),
                                    {**wizard_data(name), "template_id": template.uuid})
    assert response.status_code == 302
    assert any("policy does not allow" in m for m in messages_of(response))
    assert not templates_named(magnum, name)
    assert magnum.cluster_templates.get(template.uuid).name == template.name


def test_reader_cannot_delete_by_posting(login, magnum, template):
    _delete(login("viewer"), template.uuid)
    assert magnum.cluster_templates.get(template.uuid)
