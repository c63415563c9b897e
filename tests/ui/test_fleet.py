"""Container Infra > Fleet through the real Horizon, Keystone and both of the
devcloud's Magnums (RegionOne and RegionTwo): a project of its own, with a
cluster in each region, so the page shows exactly those two."""
import re
import time
from urllib.parse import quote

import pytest
from django.test import override_settings
from magnumclient.v1 import client as magnum_client

from devcloud import keystone
from devcloud.config import REGION, REGION_TWO
from devcloud.silent_server import silent_server
from tests.horizon_fixtures import LoggedIn
from tests.magnum_helpers import (IMAGE_V131, create_template, new_member, remove,
                                  watch_cluster)

pytestmark = pytest.mark.devcloud

FLEET = "/project/fleet/"
ADMIN_FLEET = "/admin/fleet/"
HANGING_REGION = "Hang<em>Three"  # markup in a name from Keystone: shown escaped


def cell(text):
    """Matches a table cell holding exactly ``text``."""
    return re.compile(rf">\s*{re.escape(str(text))}\s*<")


def row_of(page, region, uuid):
    start = page.find(f'__row__{region}:{uuid}"')
    assert start != -1, f"no {region} row for {uuid}"
    return page[start:page.index("</tr>", start)]


@pytest.fixture(scope="module")
def two_regions(horizon):
    """A member of a new project, a cluster of theirs in each region (RegionTwo's
    on a template the operator tagged deprecated, RegionOne's with a newer
    template beside it), made side by side."""
    with new_member(horizon) as (user, project, one):
        two = magnum_client.Client(session=one.http_client.session, service_type="container-infra",
                                   region_name=REGION_TWO, api_version="latest")
        templates = {REGION: [create_template(one), create_template(one, image=IMAGE_V131)],
                     REGION_TWO: [create_template(two, tags="deprecated")]}
        made = {region: magnum.clusters.create(
                    name=f"fleet-{region.lower()}", cluster_template_id=templates[region][0].uuid,
                    keypair=f"{user.name}-key", master_count=1, node_count=1)
                for region, magnum in ((REGION, one), (REGION_TWO, two))}
        clusters = {region: watch_cluster(magnum, made[region].uuid)[0]
                    for region, magnum in ((REGION, one), (REGION_TWO, two))}
        try:
            yield user, project, clusters
        finally:
            remove(one, [clusters[REGION].uuid], [t.uuid for t in templates[REGION]])
            remove(two, [clusters[REGION_TWO].uuid], [t.uuid for t in templates[REGION_TWO]])


def test_clusters_of_both_regions_are_shown_together_with_their_region(horizon, two_regions):
    user, project, clusters = two_regions
    member = LoggedIn(user.name)
    response = member.get(FLEET)
    assert response.status_code == 200
    page = response.content.decode()
    summary = re.search(r'class="lead coe-fleet-summary">([^<]*)<', page).group(1)
    assert summary == ('2 clusters in RegionOne, RegionTwo, 1 on a deprecated or hidden '
                       'template, 1 with an upgrade available.')
    here, there = clusters[REGION], clusters[REGION_TWO]
    row = row_of(page, REGION, here.uuid)
    assert f'href="/project/clusters/{here.uuid}/"' in row  # Horizon works in RegionOne
    for text in ("RegionOne", "v1.30.6 (1 minor behind)", "Healthy", "Current", user.name):
        assert cell(text).search(row), text
    assert "Yes: v1.31.2" in row
    row = row_of(page, REGION_TWO, there.uuid)
    for text in ("RegionTwo", "Deprecated", "No"):
        assert cell(text).search(row), text
    switch = (f"/auth/switch_services_region/{REGION_TWO}/?next="
              f"{quote(f'/project/clusters/{there.uuid}/', safe='')}")
    assert f'href="{switch}"' in row and "(switch to RegionTwo)" in row
    assert f'href="/project/clusters/{there.uuid}/"' not in row
    # The switch lands on the cluster's page, now in RegionTwo.
    opened = member.get(switch, follow=True)
    assert opened.status_code == 200 and there.name in opened.content.decode()
    assert opened.redirect_chain[-1][0] == f"/project/clusters/{there.uuid}/"
    # A member has no Admin > Fleet; an admin sees both, with the project's name.
    assert member.get(ADMIN_FLEET).status_code != 200
    admin_page = LoggedIn("admin").get(ADMIN_FLEET).content.decode()
    for region, found in clusters.items():
        assert cell(project.name).search(row_of(admin_page, region, found.uuid))


def test_a_region_that_hangs_is_named_and_the_page_answers_by_the_deadline(horizon,
                                                                          two_regions):
    user, _project, clusters = two_regions
    with silent_server() as port, \
            keystone.extra_region(horizon.cfg, HANGING_REGION, f"http://127.0.0.1:{port}/v1"):
        member = LoggedIn(user.name)  # a token whose catalog has the third region
        with override_settings(COE_UI={"FLEET_REGION_TIMEOUT": 2}):
            began = time.monotonic()
            response = member.get(FLEET)
            took = time.monotonic() - began
    assert response.status_code == 200
    assert took < 2 + 2.5, f"the page took {took:.1f} s with a 2 s deadline"
    page = response.content.decode()
    assert "Region Hang&lt;em&gt;Three is not shown: It did not answer within 2 seconds." in page
    assert HANGING_REGION not in page
    for region, found in clusters.items():  # the regions that answered, all the same
        row_of(page, region, found.uuid)
