"""Small helpers the devcloud-backed tests share."""
import contextlib
import time
import uuid

from keystoneauth1 import session as ksa_session
from keystoneauth1.identity import v3
from magnumclient import exceptions as magnum_exc
from magnumclient.v1 import client as magnum_client

from coe_backend import CoeError, NotFound, ServiceUnavailable
from coe_backend.magnum.error_translation import translated_errors
from coe_backend.magnum.half_built import is_half_built
from devcloud.config import REGION

IMAGE_V130 = "ubuntu-2204-kube-v1.30.6"
IMAGE_V131 = "ubuntu-2204-kube-v1.31.2"


def unique_name(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@contextlib.contextmanager
def new_member(devcloud, project_name=None):
    """A user of their own with the member role in the project named
    `project_name` or, without one, in a new project of the user's name,
    made with Keystone's admin and deleted afterwards (with the project).
    Password: their name; keypair: "<name>-key". Yields (Keystone user,
    Keystone project, their python-magnumclient); the client's session is
    ``magnum.http_client.session``."""
    # Imported here: the library-only run (setup.cfg's lowest) has no keystoneclient.
    from keystoneclient.v3 import client as keystone_client

    keystone = keystone_client.Client(session=devcloud.session("admin"), interface="public")
    name = unique_name("member" if project_name else "project")
    project = (keystone.projects.find(name=project_name) if project_name
               else keystone.projects.create(name, domain="default"))
    user = keystone.users.create(name, domain="default", password=name, default_project=project)
    try:
        keystone.roles.grant(keystone.roles.find(name="member"), user=user, project=project)
        session = ksa_session.Session(auth=v3.Password(
            auth_url=devcloud.cfg.keystone_url, username=name, password=name,
            project_id=project.id, user_domain_name="Default"))
        yield user, project, magnum_client.Client(
            session=session, service_type="container-infra", region_name=REGION,
            api_version="latest")
    finally:
        keystone.users.delete(user)
        if not project_name:
            keystone.projects.delete(project)


def create_template(magnum, name=None, image=IMAGE_V130, **overrides):
    fields = dict(name=name or unique_name("tpl"), coe="kubernetes", image_id=image,
                  flavor_id="m1.medium", master_flavor_id="m1.medium",
                  external_network_id="public", master_lb_enabled=True)
    fields.update(overrides)
    if "driver" in fields:  # Magnum 18's field, which python-magnumclient 4.4.0 refuses to send
        manager = magnum.cluster_templates
        return manager._create(manager._path(), fields)
    return magnum.cluster_templates.create(**fields)


def half_built(error):
    """Whether ``error`` (python-magnumclient's or coe_backend's) is Magnum's
    answer about a half-built cluster, as coe_backend tells it
    (half_built.is_half_built): its node groups are made just after the
    cluster row and destroyed just before it, and reads in between get a 400
    on master_count. A listing that coe_backend waited out in vain comes as
    ServiceUnavailable caused by that 400."""
    if isinstance(error, magnum_exc.ClientException):
        try:
            with translated_errors():
                raise error
        except CoeError as translated:
            error = translated
    if isinstance(error, ServiceUnavailable) and isinstance(error.__cause__, CoeError):
        error = error.__cause__
    return isinstance(error, CoeError) and is_half_built(error)


def past_half_built(read, timeout=20.0, just_created=False):
    """``read()``, again while Magnum answers that a cluster is half built
    (see half_built) or, ``just_created``, that it does not know a cluster it
    has just accepted (it writes the row after the 202). Either lasts a
    moment; after ``timeout`` seconds the answer is raised. Other test runs
    create and delete clusters in project demo all the time, so any listing
    may meet one of theirs."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return read()
        except (magnum_exc.ClientException, CoeError) as error:
            not_yet = just_created and isinstance(error, (magnum_exc.NotFound, NotFound))
            if not (not_yet or half_built(error)) or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def watch_cluster(magnum, ident, timeout=60, deleting=False):
    """Poll until the cluster settles; return (final cluster or None if deleted, statuses seen).

    A 404 means "gone" once the cluster was seen, or when ``deleting``; before
    that it means Magnum has not written the new cluster's row yet."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            cluster = past_half_built(lambda: magnum.clusters.get(ident),
                                      timeout=deadline - time.monotonic(),
                                      just_created=not (seen or deleting))
        except magnum_exc.NotFound:
            if seen or deleting:
                return None, seen
            break  # never written
        if not seen or seen[-1] != cluster.status:
            seen.append(cluster.status)
        # A delete is a cast: the status changes a moment after the 204, and
        # the row disappears a moment after DELETE_COMPLETE.
        waiting_for_delete = deleting and cluster.status != "DELETE_FAILED"
        if not cluster.status.endswith("IN_PROGRESS") and not waiting_for_delete:
            return cluster, seen
        time.sleep(0.1)
    raise AssertionError(f"cluster {ident} still in progress after {timeout} s: {seen}")


def create_cluster(magnum, template, name=None, **overrides):
    fields = dict(name=name or unique_name("c"), cluster_template_id=template.uuid,
                  keypair="demo-key", master_count=1, node_count=2)
    fields.update(overrides)
    created = magnum.clusters.create(**fields)
    cluster, seen = watch_cluster(magnum, created.uuid)
    return cluster, seen


def wait_visible(magnum, ident, timeout=10):
    """Wait until Magnum shows a cluster it has just accepted (its row is written after the 202,
    its node groups a moment later)."""
    return past_half_built(lambda: magnum.clusters.get(ident), timeout, just_created=True)


def exists(get, *ident):
    """Whether ``get(*ident)`` finds it (rather than listing: a listing can
    meet a concurrent test's half-built cluster, which Magnum answers with 400)."""
    try:
        get(*ident)
    except magnum_exc.NotFound:
        return False
    return True


def remove(magnum, clusters=(), templates=()):
    """A test's clean-up of what it made (UUIDs or names, through
    python-magnumclient as ``magnum``'s user): delete the clusters (once
    settled: a busy one cannot be), wait until they are gone, then delete the
    templates. What is already gone, or will not go (busy, still used), is
    left as it is."""
    for ident in clusters:
        with contextlib.suppress(magnum_exc.ClientException, AssertionError):
            if exists(magnum.clusters.get, ident):
                watch_cluster(magnum, ident)
                magnum.clusters.delete(ident)
    for ident in clusters:
        with contextlib.suppress(magnum_exc.ClientException, AssertionError):
            watch_cluster(magnum, ident, timeout=120, deleting=True)
    for ident in templates:
        with contextlib.suppress(magnum_exc.ClientException):
            magnum.cluster_templates.delete(ident)
