"""A project that still holds a cluster of an engine Magnum has dropped
(Docker Swarm here, recorded in the devcloud's real Magnum 23): Magnum then
fails every listing of the project with a 500 naming the engine; coe-ui says
what it is and who can fix it, on the page, not as an error page."""
import re
import uuid

import pytest

import coe_backend
from devcloud import legacy_clusters
from tests.magnum_helpers import unique_name
from tests.horizon_fixtures import messages_of

pytestmark = pytest.mark.devcloud


@pytest.fixture
def swarm_cluster(horizon):
    """A Swarm cluster in project other, removed again afterwards."""
    session = horizon.session("other")
    uuid = legacy_clusters.record(horizon.cfg, "swarm", session.get_project_id(),
                                  session.get_user_id(), unique_name("swarm"))
    yield uuid
    legacy_clusters.forget(horizon.cfg, uuid)


def test_a_dropped_engines_cluster_is_explained_not_a_500(horizon, login, swarm_cluster):
    client = coe_backend.connect(horizon.session("other"))
    with pytest.raises(coe_backend.ServiceUnavailable, match="Docker Swarm, an engine it no "
                       "longer supports.*Ask your cloud administrator"):
        client.list_clusters()
    for page, says in (("/project/clusters/", "Unable to list clusters"),
                       ("/project/cluster_templates/", "")):
        response = login("other").get(page)
        assert response.status_code == 200, page
        shown = " ".join(messages_of(response))
        assert says in shown and "Docker Swarm" in shown and "administrator" in shown, shown


def test_a_mesos_clusters_download_says_why_there_is_none(horizon, login, magnum_fault):
    """As a Magnum older than 16 serves a Mesos cluster (answered at the HTTP
    boundary): shown, its Download disabled with coe_backend's reason."""
    session = horizon.session("demo")
    cluster_id, template_id = str(uuid.uuid4()), str(uuid.uuid4())
    template = {"uuid": template_id, "name": "mesos-tpl", "coe": "mesos",
                "project_id": session.get_project_id(), "user_id": session.get_user_id()}
    magnum_fault("GET", r"/clustertemplates/?(\?.*)?$", status=200,
                 json={"clustertemplates": [template]})
    magnum_fault("GET", rf"/clustertemplates/{template_id}/?$", status=200, json=template)
    magnum_fault("GET", rf"/clusters/{cluster_id}/?$", status=200, json={
        "uuid": cluster_id, "name": "mesos-1", "cluster_template_id": template_id,
        "status": "CREATE_COMPLETE", "api_address": "https://10.0.0.9:5050",
        "master_count": 1, "node_count": 1, "labels": {},
        "project_id": session.get_project_id(), "user_id": session.get_user_id()})
    page = login("demo").get(f"/project/clusters/{cluster_id}/").content.decode()
    download = re.search(rf'<a [^>]*id="clusters__row_{cluster_id}__action_kubeconfig"[^>]*>',
                         page).group(0)
    assert "disabled" in download
    assert "Magnum never rendered a client configuration for Mesos clusters" in download
