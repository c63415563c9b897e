"""admin looks after every project: sees all their clusters, and lowers a
project's cluster quota in Admin > Container Infra > Cluster Quotas; the
project's member then finds a new cluster refused, with a message saying why.

The quota lowered is that of a project made for this story: the shared test
devcloud's demo project is in use by other tests at the same time, and a
quota of 0 there would refuse their clusters too.
"""
import pytest
from tests.e2e import pages
from tests.magnum_helpers import create_template, new_member, remove, unique_name

pytestmark = [pytest.mark.devcloud, pytest.mark.browser]


@pytest.fixture
def member_project(devcloud):
    """A project with one member (password: the name) and a template of its
    own; its cluster quota is 10, as an administrator set it earlier."""
    with new_member(devcloud) as (_user, project, member):
        template = create_template(member)
        admin = devcloud.magnum("admin")
        admin.quotas.create(project_id=project.id, resource="Cluster", hard_limit=10)
        yield project, member, template
        if any(q.project_id == project.id for q in admin.quotas.list(all_tenants=True)):
            admin.quotas.delete(project.id, "Cluster")
        # Clusters only if the refusal failed.
        remove(member, [c.name for c in member.clusters.list()], [template.name])


def test_admin_sees_every_project_and_a_lowered_quota_refuses_a_cluster(
        browser, devcloud, demo_cluster, other_cluster, member_project):
    project, member, template = member_project
    browser.login("admin")

    # Every project's clusters, each with its project's name.
    for cluster, owner in ((demo_cluster, "demo"), (other_cluster, "other")):
        pages.page_with_row(browser, "/admin/clusters/", cluster.name, "clusters")
        assert pages.row(browser, cluster.name)["Project"] == owner

    # The project's quota, from 10 down to none.
    browser.open("/admin/cluster_quotas/")
    pages.wait_row(browser, project.name, {"Maximum Clusters": "10"}, table="quotas")
    pages.open_row_form(browser, project.name, "Change Quota", table="quotas")
    pages.type_into(browser, ".modal #id_hard_limit", 0)
    pages.submit_modal(browser)
    pages.wait_message(browser, "Success", f'Project "{project.name}" may now have 0 clusters')
    pages.wait_row(browser, project.name, {"Maximum Clusters": "0"}, table="quotas")
    assert devcloud.magnum("admin").quotas.get(project.id, "Cluster").hard_limit == 0

    # The member's new cluster: the Review says it does not fit, and creating is refused.
    browser.login(project.name)
    browser.open("/project/clusters/")
    pages.click(browser, "#clusters__action_create")
    pages.type_into(browser, ".modal #id_name", unique_name("over"))
    pages.choose(browser, "id_cluster_template_id", template.uuid)
    pages.next_step(browser, ".modal #id_node_count")
    pages.next_step(browser, pages.dropdown("id_fixed_network"))
    pages.next_step(browser, ".modal .coe-labels-add")
    blocked = pages.next_step(browser, ".modal .coe-preflight-blocked")
    assert "does not fit in what the project has left (Clusters)" in blocked.text
    assert "Delete a cluster you no longer need" in blocked.text  # advice for what is short
    assert "flavors" not in blocked.text
    clusters_check = pages.visible(browser, ".modal .coe-preflight tr.danger").text
    assert clusters_check.startswith("Clusters") and "does not fit" in clusters_check
    # Create waits on the Review, saying why, beside the button.
    create = pages.visible(browser, ".modal .button-final")
    assert not create.is_enabled()
    assert "does not fit" in pages.visible(browser, ".modal .coe-create-blocked").text
    assert member.clusters.list() == []
