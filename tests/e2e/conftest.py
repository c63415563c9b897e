"""What the stories create through the API before they start and remove
after. The browser (a real headless Chromium, Debian's, driven through
Selenium) and the leftovers of a story are tests/browser_fixtures.py's."""
import pytest

from tests.magnum_helpers import create_cluster, create_template, remove


def running_cluster(devcloud, user):
    """A settled cluster of ``user``'s project, made through the API; removed after."""
    magnum = devcloud.magnum(user)
    template = create_template(magnum, labels={"kube_tag": "v1.30.6"})
    cluster, _ = create_cluster(magnum, template, node_count=1, keypair=f"{user}-key")
    assert cluster.status == "CREATE_COMPLETE", cluster.status_reason
    yield cluster
    remove(magnum, [cluster.uuid], [template.uuid])


@pytest.fixture(scope="session")
def demo_cluster(devcloud):
    """demo's cluster, for the stories of the other roles to look at."""
    yield from running_cluster(devcloud, "demo")


@pytest.fixture
def other_cluster(devcloud):
    """A cluster of project other, made by its member."""
    yield from running_cluster(devcloud, "other")
