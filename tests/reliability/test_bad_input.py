"""Bad input, generated: every form and wizard, through the real Horizon views
and the real Magnum, answers any input with success or with the form again
and a reason; never a 500 page, never a Magnum write followed by a refusal
(``Outcome.check``), and Magnum refuses only what the cloud's configuration
decides (the rest the form checks before sending). How many inputs each
property tried is printed at the end of the run (conftest's summary)."""

import os
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from devcloud.catalog import IMAGES, NETWORKS, SUBNETS
from tests.magnum_helpers import create_cluster, create_template, remove
from tests.reliability import inputs, magnum_state, tally, valid_input
from tests.reliability.outcomes import field_errors, submit

pytestmark = pytest.mark.devcloud

CLUSTERS = "/project/clusters/"
TEMPLATES = "/project/cluster_templates/"
QUOTAS = "/admin/cluster_quotas/"
IMAGE_IDS = tuple(image["id"] for image in IMAGES)
NETWORK_IDS = tuple(network["id"] for network in NETWORKS)
SUBNET_IDS = tuple(subnet["id"] for subnet in SUBNETS)
AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
TAINTS = ("dedicated=gpu:NoSchedule", "a:NoExecute", "x=y:Sometimes", "=:", "k=v")


# What only the cloud's configuration (magnum.conf) decides, so that a form
# cannot check it before sending: Magnum's refusal, shown beside the field,
# is then the right answer. So is a driver coe-ui does not know refusing a
# master resize (the devcloud's default driver, Heat's behaviour under its
# own name). Magnum refusing anything else is one of its own rules that the
# form should have applied first.
CLOUD_CONFIGURED = re.compile(r"Network driver type \S+ is not allowed|"
                              r"Resizing the master nodegroup is not supported by this driver")

# RELIABILITY_EXPLORE=N: N times the inputs, new ones on every run (to look
# for new failures; CI and the README's figures use the fixed ones).
EXPLORE = int(os.environ.get("RELIABILITY_EXPLORE", "0"))


def bounded(examples):
    """``examples`` inputs, the same on every run (derandomized, no example
    database): CI is repeatable and the figures the README quotes hold. No
    deadline: a request to the real Magnum takes what it takes. No
    shrinking: a failing input differs from valid data in three fields at
    most already, and shrinking it against the real cloud takes minutes."""
    return settings(max_examples=examples * (EXPLORE or 1), deadline=None,
                    derandomize=not EXPLORE, database=None,
                    phases=(Phase.explicit, Phase.generate),
                    suppress_health_check=[HealthCheck.too_slow])


def tried(prop, client, url, data, writes, changes=None, review=False):
    """Post one generated input as the dialog would (JavaScript on) and check
    the outcome; counted for the summary. A wizard with a Review step
    (``review``) gets the input there first, as opening Review sends it: the
    review is shown and nothing is sent to Magnum. An accepted change of the
    cluster ``changes`` is waited out, so that the next input meets it
    settled."""
    if review:
        reviewed = submit(client, f"{url}review/", data, writes, **AJAX)
        assert reviewed.response.status_code == 200, f"Review: HTTP {reviewed.response.status_code}"
        assert not reviewed.writes, f"Review sent {reviewed.writes}"
    outcome = submit(client, url, data, writes, **AJAX).check()
    tally.count(tally.INPUTS, prop, outcome.kind)
    if outcome.kind == "refused by Magnum":
        shown = {field: [str(m) for m in texts] for field, texts in
                 field_errors(outcome.response).items()}
        tally.example(prop, f"{shown} for {data!r:.300}")
        assert all(CLOUD_CONFIGURED.search(m) for texts in shown.values() for m in texts), (
            f"Magnum refused what the form should have checked before sending: {shown}")
    if outcome.succeeded and changes is not None:
        changes.settle()
    return outcome


# -- what the properties change, made and removed here ----------------------

class Created(dict):
    """UUIDs of what accepted inputs created, by kind."""

    def __repr__(self):  # hypothesis prints it with every failing input
        return "Created(" + ", ".join(f"{kind}: {len(uuids)}" for kind, uuids in self.items()) + ")"


@pytest.fixture(scope="module")
def created(horizon):
    """What accepted inputs created: removed after the module."""
    made = Created(clusters=[], templates=[])
    yield made
    remove(horizon.magnum("demo"), made["clusters"], made["templates"])


class OwnCluster:
    """A cluster these properties may resize, upgrade and add groups to."""

    def __init__(self, magnum, cluster):
        self.magnum, self.uuid, self.name = magnum, cluster.uuid, cluster.name

    def settle(self):
        magnum_state.settle(self.magnum, self.uuid)

    def __repr__(self):
        return f"OwnCluster({self.name})"


@pytest.fixture(scope="module")
def own_cluster(horizon, template, created):
    magnum = horizon.magnum("demo")
    cluster, _ = create_cluster(magnum, template, node_count=1)
    created["clusters"].append(cluster.uuid)
    return OwnCluster(magnum, cluster)


@pytest.fixture(scope="module")
def edited_group(horizon, own_cluster):
    """An added node group of ``own_cluster`` the edit property changes."""
    return magnum_state.add_group(horizon.magnum("demo"), own_cluster.uuid, name="edit-me",
                                  node_count=1)


# -- the wizards -------------------------------------------------------------

@bounded(30)
@given(st.data())
def test_create_cluster_wizard(login, writes, template, created, data):
    valid = valid_input.cluster_wizard("hyp-cluster", template.uuid)
    body = data.draw(inputs.mutated(
        valid, name=inputs.field("c.1_x"), cluster_template_id=inputs.field(),
        keypair=inputs.field(""), master_count=inputs.count(-1, 5),
        master_flavor_id=inputs.field("m1.small", "m1.diskless"),
        node_count=st.one_of(inputs.count(), st.just(1000)),
        flavor_id=inputs.field("m1.medium", "m1.xlarge"),
        auto_scaling_enabled=inputs.checkbox(), min_node_count=inputs.count(),
        max_node_count=inputs.count(), fixed_network=inputs.field("private", "public"),
        fixed_subnet=inputs.field("private-subnet", "public-subnet"),
        master_lb_enabled=inputs.field("yes", "no"), floating_ip_enabled=inputs.field("yes", "no"),
        labels=inputs.labels_text(), labels_mode=inputs.field("replace")))
    outcome = tried("cluster create wizard", login("demo"), f"{CLUSTERS}create/", body, writes,
                    review=True)
    created["clusters"] += outcome.created


def template_fields(name, **valid):
    """A template wizard's body: its valid data with some fields changed."""
    return inputs.mutated(
        valid_input.template_wizard(name, **valid), name=inputs.field(), coe=inputs.field("swarm"),
        tags=inputs.field("a,b"), image_id=inputs.field(*IMAGE_IDS),
        master_flavor_id=inputs.field("", "5"), flavor_id=inputs.field("", "1", "5"),
        keypair_id=inputs.field(""), docker_volume_size=inputs.any_integer(),
        docker_storage_driver=inputs.field("devicemapper", ""), volume_driver=inputs.field(""),
        network_driver=inputs.field("calico", "cilium"),
        external_network_id=inputs.field("", *NETWORK_IDS),
        fixed_network=inputs.field(*NETWORK_IDS), fixed_subnet=inputs.field(*SUBNET_IDS),
        dns_nameserver=inputs.field("8.8.8.8", "1.1.1.1,8.8.8.8", "::1"),
        http_proxy=inputs.field("http://proxy:3128"), https_proxy=inputs.field(),
        no_proxy=inputs.field("localhost,.svc"), master_lb_enabled=inputs.checkbox(),
        floating_ip_enabled=inputs.checkbox(), tls_disabled=inputs.checkbox(),
        labels=inputs.labels_text())


@bounded(30)
@given(st.data())
def test_create_template_wizard(login, writes, created, data):
    body = data.draw(template_fields("hyp-template"))
    outcome = tried("template create wizard", login("demo"), f"{TEMPLATES}create/", body, writes,
                    review=True)
    created["templates"] += outcome.created


KEPT_LABELS = "kube_tag=v1.30.6"


@pytest.fixture(scope="module")
def edited_template(horizon, created):
    """A template of demo's, with labels, that no cluster uses."""
    made = create_template(horizon.magnum("demo"), labels={"kube_tag": "v1.30.6"})
    created["templates"].append(made.uuid)
    return made


@bounded(20)
@given(st.data())
def test_edit_template_wizard(login, writes, edited_template, data):
    body = data.draw(template_fields("hyp-edited", labels=KEPT_LABELS))
    tried("template edit wizard", login("demo"), f"{TEMPLATES}{edited_template.uuid}/update/",
          body, writes, review=True)


def test_edit_template_removing_its_labels(login, writes, edited_template):
    """Emptying the labels box of the edit wizard (which removes them)."""
    tried("template edit wizard", login("demo"), f"{TEMPLATES}{edited_template.uuid}/update/",
          valid_input.template_wizard("hyp-unlabelled", labels=""), writes, review=True)


@bounded(25)
@given(st.data())
def test_add_node_group_wizard(login, writes, own_cluster, data):
    valid = valid_input.node_group_wizard("gpu", role="gpu")
    body = data.draw(inputs.mutated(
        valid, name=inputs.field("batch-1"), role=inputs.field("worker", "master"),
        flavor_id=inputs.field("m1.small", "m1.diskless"),
        image_id=inputs.field("ubuntu-2204-kube-v1.30.6", "cirros-0.6.2"),
        docker_volume_size=inputs.count(-1, 20), node_count=inputs.count(-2, 3),
        min_node_count=inputs.count(-1, 3), max_node_count=inputs.count(-1, 5),
        labels_mode=inputs.field("merge", "replace"), labels=inputs.labels_text(),
        node_labels=inputs.labels_text(), node_taints=inputs.field(*TAINTS)))
    tried("node group add wizard", login("demo"),
          f"{CLUSTERS}{own_cluster.uuid}/node-groups/create/", body, writes, changes=own_cluster)


# -- the dialogs -------------------------------------------------------------

@bounded(20)
@given(st.data())
def test_resize(login, writes, own_cluster, edited_group, data):
    body = data.draw(inputs.mutated(valid_input.resize(), node_count=inputs.count(-3, 5),
                                    nodegroup=inputs.field("default-master", "edit-me")))
    tried("cluster resize", login("demo"), f"{CLUSTERS}{own_cluster.uuid}/resize/", body, writes,
          changes=own_cluster)


@bounded(20)
@given(st.data())
def test_edit_node_group(login, writes, own_cluster, edited_group, data):
    body = data.draw(inputs.mutated(
        valid_input.node_group_edit(), node_count=inputs.count(-2, 4),
        min_node_count=inputs.count(-1, 4), max_node_count=inputs.count(-1, 6),
        node_labels=inputs.labels_text(), node_taints=inputs.field(*TAINTS)))
    tried("node group edit", login("demo"),
          f"{CLUSTERS}{own_cluster.uuid}/node-groups/{edited_group.uuid}/update/", body, writes,
          changes=own_cluster)


@bounded(15)
@given(st.data())
def test_upgrade(login, writes, own_cluster, template, newer_template, data):
    body = data.draw(inputs.mutated(
        valid_input.upgrade(newer_template.uuid), cluster_template=inputs.field(template.uuid),
        nodegroup=inputs.field("edit-me", "default-worker"), max_batch_size=inputs.count(-2, 4)))
    tried("cluster upgrade", login("demo"), f"{CLUSTERS}{own_cluster.uuid}/upgrade/", body,
          writes, changes=own_cluster)


@bounded(8)
@given(understood=inputs.checkbox())
def test_rotate_ca_needs_the_box_ticked(login, writes, own_cluster, understood):
    body = {} if understood is inputs.MISSING else {"understood": understood}
    tried("rotate CA confirmation", login("demo"), f"{CLUSTERS}{own_cluster.uuid}/rotate-ca/",
          body, writes, changes=own_cluster)


@bounded(10)
@given(confirm_name=inputs.text())
def test_delete_needs_the_exact_name(login, writes, own_cluster, confirm_name):
    outcome = tried("cluster delete confirmation", login("demo"),
                    f"{CLUSTERS}{own_cluster.uuid}/delete/", {"confirm_name": confirm_name},
                    writes)
    assert not outcome.succeeded  # the name is never typed right here


@bounded(15)
@given(st.data())
def test_kubeconfig_download(login, writes, cluster, data):
    body = data.draw(inputs.mutated({"format": "certificate", "key_type": "ecdsa"},
                                    format=inputs.field("bundle", "keystone"),
                                    key_type=inputs.field("rsa")))
    tried("kubeconfig download", login("demo"), f"{CLUSTERS}{cluster.uuid}/kubeconfig/", body,
          writes)


@bounded(15)
@given(st.data())
def test_clone_template(login, writes, template, created, data):
    body = data.draw(inputs.mutated({"name": "hyp-clone"}, name=inputs.field()))
    outcome = tried("template clone", login("demo"), f"{TEMPLATES}{template.uuid}/clone/", body,
                    writes)
    created["templates"] += outcome.created


# -- the certificate signing request -----------------------------------------

def csr_texts():
    valid = inputs.VALID_CSR
    return st.one_of(
        st.sampled_from((valid, valid[:200], inputs.BROKEN_SIGNATURE, "junk\n" + valid,
                         valid.replace("CERTIFICATE REQUEST", "CERTIFICATE"),
                         inputs.csr("<script>window.pwned=1</script>"),
                         "-----BEGIN CERTIFICATE REQUEST-----\n"
                         "-----END CERTIFICATE REQUEST-----")),
        inputs.text(), st.just(inputs.MISSING))


@bounded(20)
@given(st.data())
def test_sign_csr(login, writes, cluster, data):
    body = data.draw(inputs.mutated({"csr": inputs.VALID_CSR}, csr=csr_texts()))
    upload = data.draw(st.one_of(st.just(None), st.binary(max_size=300),
                                 csr_texts().filter(bool).map(str.encode)))
    if upload is not None:
        body["csr_file"] = SimpleUploadedFile("request.csr", upload)
    tried("sign CSR", login("demo"), f"{CLUSTERS}{cluster.uuid}/sign/", body, writes)


# -- admin: cluster quotas ---------------------------------------------------

@bounded(20)
@given(st.data())
def test_change_quota(login, writes, scratch_projects, data):
    _bare, limited = scratch_projects
    body = data.draw(inputs.mutated({"hard_limit": 5}, hard_limit=inputs.any_integer()))
    tried("admin quota change", login("admin"), f"{QUOTAS}{limited.id}/update/", body, writes)


@bounded(15)
@given(st.data())
def test_set_quota(login, horizon, writes, scratch_projects, data):
    bare, _limited = scratch_projects
    body = data.draw(inputs.mutated({"project_id": bare.id, "hard_limit": 3},
                                    project_id=inputs.field(), hard_limit=inputs.any_integer()))
    if tried("admin quota set", login("admin"), f"{QUOTAS}create/", body, writes).succeeded:
        horizon.magnum("admin").quotas.delete(bare.id, "Cluster")  # offered again next time
