"""Admin > Container Infra > Check-up, through the real Horizon and Magnum."""
import html
import re

import pytest
from django.test import override_settings

from tests.magnum_helpers import create_template, remove, unique_name

pytestmark = pytest.mark.devcloud

CHECKUP = "/admin/checkup/"
ROW = re.compile(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", re.S)
GROUP = re.compile(r'<table class="table table-striped coe-checkup coe-checkup-(\w+)">(.*?)</table>',
                   re.S)


def findings(client):
    """{(group, about): (finding, fix)} as the page shows them."""
    response = client.get(CHECKUP)
    assert response.status_code == 200
    return {(group, html.unescape(about)): (html.unescape(problem), html.unescape(fix))
            for group, rows in GROUP.findall(response.content.decode())
            for about, problem, fix in ROW.findall(rows)}


@pytest.fixture(scope="module")
def small_flavor_template(horizon):
    """A public template whose master flavor (m1.small, 1 vCPU) is too small."""
    admin = horizon.magnum("admin")
    template = create_template(admin, name=unique_name("<b>small</b>"),
                               master_flavor_id="m1.small", public=True)
    yield template
    remove(admin, templates=[template.uuid])


def test_a_too_small_flavor_is_a_problem_with_its_fix(login, small_flavor_template):
    shown = findings(login("admin"))
    problem, fix = shown[("problem", f"Template {small_flavor_template.name}")]
    assert "m1.small (vCPUs: 1, RAM: 2048 MiB) is smaller than a Kubernetes node needs" in problem
    assert fix == "Make a new template with a larger flavor."


def test_the_template_name_from_the_api_is_escaped(login, small_flavor_template):
    page = login("admin").get(CHECKUP).content.decode()
    assert "<b>small</b>" not in page and "&lt;b&gt;small&lt;/b&gt;" in page


def test_services_and_the_api_version_are_reported_ready(login, small_flavor_template):
    shown = findings(login("admin"))
    assert shown[("ok", "Magnum services")][0] == "Every Magnum service is up."
    assert "allows credential rotation" in shown[("ok", "Magnum API version")][0]


def test_problems_come_first(login, small_flavor_template):
    page = login("admin").get(CHECKUP).content.decode()
    assert page.index("coe-checkup-problem") < page.index("coe-checkup-ok")


def test_glance_unreachable_is_a_finding_not_an_error_page(login, magnum_fault, horizon,
                                                          small_flavor_template):
    mocker = magnum_fault("GET", r"/never-called$")
    mocker.register_uri("GET", re.compile(re.escape(horizon.cfg.catalog_url) + r"/image/.*"),
                        status_code=500)
    shown = findings(login("admin"))
    [(problem, _fix)] = [found for (group, about), found in shown.items()
                         if group == "warning" and about == "the images"]
    assert problem.startswith("Could not check the images: ")
    # The other checks still ran.
    assert ("ok", "Magnum services") in shown


def test_magnum_failing_is_findings_not_an_error_page(login, magnum_fault):
    magnum_fault("GET", r"/(clustertemplates|mservices).*", status=503)
    shown = findings(login("admin"))
    for what in ("the cluster templates", "Magnum's services"):
        assert shown[("warning", what)][0].startswith(f"Could not check {what}: ")


@pytest.mark.parametrize("user", ["demo", "viewer"])
def test_non_admins_are_refused_and_do_not_see_the_panel(login, user):
    client = login(user)
    response = client.get(CHECKUP)
    assert response.status_code in (302, 403)
    assert b"coe-checkup" not in response.content
    assert b'href="/admin/checkup/"' not in client.get("/project/clusters/").content


def test_admin_sees_the_panel_in_the_side_bar(login):
    assert b'href="/admin/checkup/"' in login("admin").get("/admin/coe_services/").content


def test_an_unreadable_label_catalog_entry_is_a_warning_with_its_fix(login):
    """The wizards leave the entry out; the operator learns why here."""
    with override_settings(COE_UI={"LABEL_CATALOG": {"team": {"type": "float"}}}):
        found = findings(login("admin"))
    problem, fix = found[("warning", 'COE_UI["LABEL_CATALOG"]')]
    assert problem.startswith("LABEL_CATALOG entry team is left out")
    assert "local_settings.py" in fix
