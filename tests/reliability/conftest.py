"""The reliability suite: Horizon in this process against the test devcloud
(tests/ui's fixtures), the browser of tests/e2e, and what the modules here
share: demo's templates and clusters, two scratch projects, the observer of
the writes sent to Magnum, and the figures of the run (tally.py), printed at
its end."""
import contextlib

import pytest
from keystoneclient.v3 import client as keystone_client
from magnumclient import exceptions as magnum_exc

from tests.e2e.chromium import ARTIFACTS
from tests.magnum_helpers import IMAGE_V131, create_cluster, create_template, remove, unique_name
from tests.reliability import tally
from tests.reliability.magnum_state import add_group
from tests.reliability.observed_writes import magnum_writes


def pytest_terminal_summary(terminalreporter):
    if tally.tried_any():
        terminalreporter.section("reliability figures (for the README)")
        tally.report(terminalreporter.write_line, ARTIFACTS / "reliability-figures.json")


@pytest.fixture(scope="session")
def writes(horizon):
    """``with writes() as seen:`` observes the Magnum writes of the block."""
    return lambda: magnum_writes(horizon.cfg.magnum_url)


@pytest.fixture(scope="session")
def template(horizon):
    """demo's template of Kubernetes 1.30 (removed after its clusters)."""
    made = create_template(horizon.magnum("demo"), labels={"kube_tag": "v1.30.6"})
    yield made
    remove(horizon.magnum("demo"), templates=[made.uuid])


@pytest.fixture(scope="session")
def newer_template(horizon):
    """A template of the next Kubernetes minor version: an upgrade's target."""
    made = create_template(horizon.magnum("demo"), image=IMAGE_V131,
                           labels={"kube_tag": "v1.31.2"})
    yield made
    remove(horizon.magnum("demo"), templates=[made.uuid])


@pytest.fixture(scope="session")
def cluster(horizon, template):
    """A settled cluster of demo that the tests read but never change."""
    cluster, _ = create_cluster(horizon.magnum("demo"), template, node_count=1)
    assert cluster.status == "CREATE_COMPLETE", cluster.status_reason
    yield cluster
    remove(horizon.magnum("demo"), clusters=[cluster.uuid])


@pytest.fixture(scope="session")
def target(horizon):
    """What the actions of actions.py aim at: demo's template (no cluster
    uses it, so that it may be deleted), cluster (running Keystone auth, on
    a template of its own) and the cluster's added node group, as
    (template, cluster, group)."""
    magnum = horizon.magnum("demo")
    template = create_template(magnum, labels={"kube_tag": "v1.30.6"})
    own = create_template(magnum, labels={"kube_tag": "v1.30.6", "keystone_auth_enabled": "true"})
    cluster, _ = create_cluster(magnum, own, node_count=1)
    group = add_group(magnum, cluster.uuid, name="target-group", node_count=1)
    yield template, cluster, group
    remove(magnum, clusters=[cluster.uuid], templates=[template.uuid, own.uuid])


@pytest.fixture(scope="session")
def scratch_projects(horizon):
    """Two Keystone projects of their own, one without a cluster quota and
    one with (5), whose quotas the tests may change: no other test's do."""
    keystone = keystone_client.Client(session=horizon.session("admin"), interface="public")
    admin = horizon.magnum("admin")
    bare, limited = (keystone.projects.create(unique_name(kind), domain="default")
                     for kind in ("quota-new", "quota-set"))
    admin.quotas.create(project_id=limited.id, resource="Cluster", hard_limit=5)
    yield bare, limited
    for project in (bare, limited):
        with contextlib.suppress(magnum_exc.NotFound):
            admin.quotas.delete(project.id, "Cluster")
        keystone.projects.delete(project)
