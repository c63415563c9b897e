"""A reader of a project (``viewer``) sees no action that changes a cluster, and
posting one directly changes nothing in Magnum.

The same with secure RBAC on and off (``DEVCLOUD_SECURE_RBAC``; `make test`
runs it on, as 2024.2 and later do by default, `make test-horizon
SERIES=2024.1` off): coe-ui checks Magnum's new default rules in Horizon either
way, also where Magnum still accepts what the deprecated rules allowed."""
import re
import time

import pytest
from magnumclient import exceptions as magnum_exc

from tests.magnum_helpers import IMAGE_V131, create_cluster, create_template, unique_name
from tests.horizon_fixtures import LoggedIn, messages_of

pytestmark = pytest.mark.devcloud

INDEX = "/project/clusters/"
# Magnum casts what it accepts to its conductor: give an accepted call time to show.
SETTLE_SECONDS = 1.5
REFUSED = re.compile(r"not allow|may not")


@pytest.fixture(scope="module")
def upgrade_target(horizon):
    return create_template(horizon.magnum("demo"), labels={"kube_tag": "v1.31.2"},
                           image=IMAGE_V131)


@pytest.fixture(scope="module")
def cluster(horizon, upgrade_target):
    magnum = horizon.magnum("demo")
    cluster, _ = create_cluster(magnum, create_template(magnum, labels={"kube_tag": "v1.30.6"}),
                                node_count=1)
    return cluster


def magnum_state(horizon, cluster):
    """What any of the actions would change."""
    magnum = horizon.magnum("demo")
    current = magnum.clusters.get(cluster.uuid)
    return {"status": current.status, "node_count": current.node_count,
            "template": current.cluster_template_id,
            "ca": magnum.certificates.get(cluster_uuid=cluster.uuid).pem}


def action_posts(cluster, upgrade_target):
    """{action: (URL, form data)} of every clusters-panel action that changes
    something (the data is what a member's successful post sends)."""
    cluster_url = f"{INDEX}{cluster.uuid}/"
    return {
        "create": (f"{INDEX}create/", {
            "name": unique_name("viewer"), "cluster_template_id": cluster.cluster_template_id,
            "keypair": "viewer-key", "master_count": 1, "node_count": 1, "labels_mode": "merge"}),
        "delete": (f"{cluster_url}delete/", {"confirm_name": cluster.name}),
        "batch delete": (INDEX, {"action": f"clusters__delete__{cluster.uuid}"}),
        "resize": (f"{cluster_url}resize/", {"nodegroup": "default-worker", "node_count": 3}),
        "upgrade": (f"{cluster_url}upgrade/", {"cluster_template": upgrade_target.uuid,
                                                "nodegroup": "", "max_batch_size": 1}),
        "rotate CA": (f"{cluster_url}rotate-ca/", {"understood": "on"}),
        "kubeconfig": (f"{cluster_url}kubeconfig/", {"format": "certificate",
                                                     "key_type": "ecdsa"}),
    }


ROW_ACTIONS = {"delete": "delete/", "resize": "resize/", "upgrade": "upgrade/",
               "rotate CA": "rotate-ca/", "kubeconfig": "kubeconfig/"}


@pytest.mark.parametrize("action", list(ROW_ACTIONS))
def test_viewer_sees_no_row_action(login, cluster, action):
    href = f"{INDEX}{cluster.uuid}/{ROW_ACTIONS[action]}"
    assert href in login("demo").get(f"{INDEX}{cluster.uuid}/").content.decode()  # members do
    for page in (INDEX, f"{INDEX}{cluster.uuid}/"):
        response = login("viewer").get(page)
        assert response.status_code == 200
        assert f"/{ROW_ACTIONS[action]}\"" not in response.content.decode(), page


def test_viewer_sees_neither_create_nor_batch_delete(login, cluster):
    page = login("viewer").get(INDEX).content.decode()
    assert "data-object-id" in page  # the table has rows
    assert f'href="{INDEX}create/"' not in page
    assert "clusters__delete" not in page
    assert f'href="{INDEX}create/"' in login("demo").get(INDEX).content.decode()


def test_without_a_policy_check_function_tables_and_views_agree(login):
    """An operator who turns Horizon's policy checks off gets every action
    offered, and its dialog opens: Magnum alone refuses, on submit."""
    from django.test import override_settings
    with override_settings(POLICY_CHECK_FUNCTION=None):
        page = login("viewer").get(INDEX).content.decode()
        assert f'href="{INDEX}create/"' in page
        assert login("viewer").get(f"{INDEX}create/").status_code == 200


@pytest.mark.parametrize("action", ["create", "delete", "batch delete", "resize", "upgrade",
                                    "rotate CA", "kubeconfig"])
def test_viewer_posting_an_action_changes_nothing(horizon, cluster, upgrade_target, action):
    url, data = action_posts(cluster, upgrade_target)[action]
    before = magnum_state(horizon, cluster)
    response = LoggedIn("viewer").post(url, data)  # a session of its own: only this refusal
    assert response.status_code in (200, 302), response.status_code
    if action == "kubeconfig":  # no certificate is offered to a reader: the form refuses it
        assert "format" in response.context["form"].errors
        assert "Content-Disposition" not in response
    else:
        assert any(REFUSED.search(m) for m in messages_of(response)), messages_of(response)
    time.sleep(SETTLE_SECONDS)
    assert magnum_state(horizon, cluster) == before
    if action == "create":
        assert data["name"] not in [c.name for c in horizon.magnum("demo").clusters.list()]


def test_magnum_refuses_a_reader_only_with_secure_rbac(horizon):
    """What the devcloud's switch changes in Magnum itself: the deprecated
    rule (anyone in the project) lets a reader write; the new default does not."""
    name = unique_name("reader-tpl")
    if horizon.cfg.secure_rbac:
        with pytest.raises(magnum_exc.Forbidden):
            create_template(horizon.magnum("viewer"), name=name)
    else:
        create_template(horizon.magnum("viewer"), name=name)
        horizon.magnum("demo").cluster_templates.delete(name)


def test_a_reader_is_told_why_nothing_can_be_changed(login, cluster):
    for page, what in ((INDEX, "clusters"), ("/project/cluster_templates/", "cluster templates")):
        shown = login("viewer").get(page).content.decode()
        assert (f"You can look but not change: changing {what} needs the member role in "
                "project demo, where your roles are: reader.") in shown, page
        assert "coe-read-only" not in login("demo").get(page).content.decode()
    refused = LoggedIn("viewer").get(f"{INDEX}{cluster.uuid}/resize/")
    assert any("it needs the member role in project demo, where your roles are: reader" in m
               for m in messages_of(refused)), messages_of(refused)
