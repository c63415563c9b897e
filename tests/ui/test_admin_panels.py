"""Admin > Container Infra, through the real Horizon, Keystone and Magnum."""
import re
import time

import pytest
from magnumclient import exceptions as magnum_exc

import coe_backend
from tests.magnum_helpers import create_cluster, create_template, new_member, unique_name
from tests.horizon_fixtures import messages_of

pytestmark = pytest.mark.devcloud

CLUSTERS = "/admin/clusters/"
QUOTAS = "/admin/cluster_quotas/"
SERVICES = "/admin/coe_services/"
NEXT_PAGE = re.compile(r'href="([^"]*\?marker=[^"]+)"')


def pages(client, url):
    """The text of every page of a paginated table, following its "Next" links."""
    while url:
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        yield page
        url = (NEXT_PAGE.search(page) or [None, None])[1]
        url = url.replace("&amp;", "&") if url else None


def cell(text):
    """Matches a table cell holding exactly ``text``."""
    return re.compile(rf">\s*{re.escape(str(text))}\s*<")


def row_of(client, url, ident):
    """The HTML of the table row of ``ident``, on whichever page it is."""
    for page in pages(client, url):
        start = page.find(f'__row__{ident}"')
        if start != -1:
            return page[start:page.index("</tr>", start)]
    raise AssertionError(f"no row for {ident} on any page of {url}")


@pytest.fixture(scope="module")
def clusters_of_two_projects(horizon):
    clusters = {}
    for user in ("demo", "other"):
        magnum = horizon.magnum(user)
        clusters[user], _ = create_cluster(magnum, create_template(magnum), node_count=1,
                                           keypair=f"{user}-key")
    return clusters


@pytest.fixture(scope="module")
def quota_project(horizon):
    """A project of its own, with a member of the same name (and password), so that
    a tight quota bothers no other test sharing the devcloud."""
    with new_member(horizon) as (_user, project, magnum):
        # The member's keypair is f"{project.name}-key".
        yield project, coe_backend.connect(magnum.http_client.session)
        admin = coe_backend.connect(horizon.session("admin"))
        if any(q.project_id == project.id for q in admin.list_quotas(all_projects=True)):
            admin.delete_quota(project.id)


def test_admin_sees_clusters_of_every_project_with_project_names(login, clusters_of_two_projects):
    admin = login("admin")
    for project, cluster in clusters_of_two_projects.items():
        row = row_of(admin, CLUSTERS, cluster.uuid)
        assert cluster.name in row
        assert cell(project).search(row)  # the project's name, not its ID
        assert "Active" in row and "Healthy" in row


def test_a_cluster_opened_from_admin_stays_in_admin(login, clusters_of_two_projects):
    cluster = clusters_of_two_projects["other"]
    admin = login("admin")
    assert f'href="{CLUSTERS}{cluster.uuid}/"' in row_of(admin, CLUSTERS, cluster.uuid)
    page = admin.get(f"{CLUSTERS}{cluster.uuid}/").content.decode()
    assert f'<a href="{CLUSTERS}">' in page  # the breadcrumb back to every project's list
    assert re.search(r"Owner</dt><dd>other <span", page)  # an admin may read the owner's name


def test_admin_may_resize_upgrade_and_delete_any_projects_cluster(login, clusters_of_two_projects):
    row = row_of(login("admin"), CLUSTERS, clusters_of_two_projects["other"].uuid)
    for action in ("resize", "upgrade", "delete"):
        assert f"/project/clusters/{clusters_of_two_projects['other'].uuid}/{action}/" in row


def test_admin_deletes_another_projects_cluster_from_the_table(login, horizon):
    magnum = horizon.magnum("other")
    cluster, _ = create_cluster(magnum, create_template(magnum), node_count=1,
                                keypair="other-key")
    response = login("admin").post(CLUSTERS, {"action": f"clusters__delete__{cluster.uuid}"})
    assert response.status_code == 302
    assert any("Scheduled deletion" in m for m in messages_of(response)), messages_of(response)
    assert is_deleted(magnum, cluster.uuid)


def is_deleted(magnum, ident, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            magnum.clusters.get(ident)
        except (magnum_exc.NotFound, magnum_exc.BadRequest):  # BadRequest: gone, nearly
            return True
        time.sleep(0.2)
    return False


def test_a_polled_row_names_its_project(login, clusters_of_two_projects):
    cluster = clusters_of_two_projects["other"]
    response = login("admin").ajax(
        f"{CLUSTERS}?action=row_update&table=clusters&obj_id={cluster.uuid}")
    assert response.status_code == 200
    assert cell("other").search(response.content.decode())


def test_admin_sets_changes_and_deletes_a_projects_quota(login, quota_project):
    project, member = quota_project
    admin = login("admin")

    dialog = admin.ajax(f"{QUOTAS}create/")  # as the "Set a Project's Quota" button opens it
    assert dialog.status_code == 200 and b'class="modal-header"' in dialog.content
    form = admin.get(f"{QUOTAS}create/").content.decode()
    assert f'value="{project.id}"' in form  # offered: the project has no quota yet
    response = admin.post(f"{QUOTAS}create/", {"project_id": project.id, "hard_limit": 3})
    assert response.status_code == 302, messages_of(response)
    cells = quota_cells(admin, project.id)
    assert (cells["Clusters in Use"], cells["Maximum Clusters"]) == ("0", "3")
    template = create_template_with(member)
    uuid = member.create_cluster(name=unique_name("counted"), cluster_template_id=template.uuid,
                                 keypair=f"{project.name}-key", master_count=1, node_count=1)
    assert quota_cells(admin, project.id)["Clusters in Use"] == "1"
    assert member.delete_cluster(uuid)
    assert f'value="{project.id}"' not in admin.get(f"{QUOTAS}create/").content.decode()

    response = admin.post(f"{QUOTAS}{project.id}/update/", {"hard_limit": 0})
    assert response.status_code == 302, messages_of(response)
    assert member.get_quota(project.id).hard_limit == 0

    with pytest.raises(coe_backend.QuotaExceeded) as refused:
        member.create_cluster(name=unique_name("over"), cluster_template_id=template.uuid,
                              keypair=f"{project.name}-key", master_count=1, node_count=1)
    assert "maximum clusters per project, 0" in str(refused.value)

    response = admin.post(QUOTAS, {"action": f"quotas__delete__{project.id}"})
    assert response.status_code == 302, messages_of(response)
    assert project.id not in admin.get(QUOTAS).content.decode()


def quota_cells(client, project_id):
    """{column heading: cell text} of the project's row of the quotas table."""
    page = client.get(QUOTAS).content.decode()
    headings = re.findall(r'<th[^>]*class="[^"]*normal_column[^"]*"[^>]*>\s*(.*?)\s*</th>',
                          page, re.S)
    row = row_of(client, QUOTAS, project_id)
    cells = re.findall(r'<td class="[^"]*normal_column[^"]*">\s*(.*?)\s*</td>', row, re.S)
    return dict(zip(headings, cells))


def create_template_with(client):
    return client.create_cluster_template(
        name=unique_name("tpl"), coe="kubernetes", image_id="ubuntu-2204-kube-v1.30.6",
        flavor_id="m1.medium", master_flavor_id="m1.medium", external_network_id="public")


def test_a_negative_quota_is_refused_beside_the_field(login, quota_project):
    project, _member = quota_project
    response = login("admin").post(f"{QUOTAS}create/", {"project_id": project.id,
                                                        "hard_limit": -1})
    assert response.status_code == 200
    assert "hard_limit" in response.context["form"].errors


def test_services_are_listed_with_their_state(login):
    page = login("admin").get(SERVICES).content.decode()
    assert "magnum-conductor" in page
    assert "Up" in page


def test_magnum_failing_is_a_message_on_the_admin_pages(login, magnum_fault):
    magnum_fault("GET", r"/(mservices|quotas).*", status=503)
    for url, message in ((SERVICES, "Unable to list the Magnum services"),
                         (QUOTAS, "Unable to list the cluster quotas")):
        response = login("admin").get(url)
        assert response.status_code == 200
        assert any(message in m for m in messages_of(response))


@pytest.mark.parametrize("user", ["demo", "viewer"])
@pytest.mark.parametrize("url", [CLUSTERS, QUOTAS, f"{QUOTAS}create/", SERVICES])
def test_non_admins_cannot_reach_the_admin_pages(login, user, url):
    response = login(user).get(url)
    assert response.status_code in (302, 403), response.status_code
    assert b"magnum-conductor" not in response.content


def test_non_admins_cannot_set_a_quota_by_posting(login, quota_project, horizon):
    project, _member = quota_project
    login("demo").post(f"{QUOTAS}create/", {"project_id": project.id, "hard_limit": 7})
    quotas = coe_backend.connect(horizon.session("admin")).list_quotas(all_projects=True)
    assert project.id not in [q.project_id for q in quotas]


def test_admin_panels_are_in_the_admins_side_bar_only(login):
    assert b'href="/admin/cluster_quotas/"' in login("admin").get(SERVICES).content
    assert b'href="/admin/cluster_quotas/"' not in login("demo").get("/project/clusters/").content
