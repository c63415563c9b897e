"""The kubeconfig for a key the browser made (browser_keys.py), through the
real Horizon, Keystone and Magnum: what the dialog's JavaScript posts, done
here as it does it, and each way it is refused."""
import base64
import json
import subprocess

import pytest
import requests
from django.test import Client

from coe_backend.render import kubeconfig
from tests.horizon_fixtures import LoggedIn
from tests.magnum_helpers import create_cluster, create_template, remove

pytestmark = pytest.mark.devcloud

SIGNING = r"/certificates$"  # after Magnum's /v1: POST here signs


@pytest.fixture(scope="module")
def cluster(horizon):
    magnum = horizon.magnum("demo")
    template = create_template(magnum, labels={"kube_tag": "v1.30.6"})
    cluster, _ = create_cluster(magnum, template, node_count=1)
    yield cluster
    remove(magnum, [cluster.uuid], [template.uuid])


def url(cluster):
    return f"/project/clusters/{cluster.uuid}/kubeconfig/for-key/"


def browser_key():
    """What browser_keys.js makes: a key, and a CSR CN=demo, O=system:masters."""
    key = kubeconfig.generate_key()
    return kubeconfig.key_to_pem(key), kubeconfig.build_csr(key, "demo")


@pytest.fixture
def signer_spy(magnum_fault):
    """Magnum's signer, failing if reached; ``.called`` says whether it was."""
    return magnum_fault("POST", SIGNING, status=500)


def signed(spy):
    return any(r.method == "POST" and r.path.endswith("/certificates")
               for r in spy.request_history)


def test_only_a_request_with_its_csrf_token_gets_a_kubeconfig_that_kubectl_accepts(
        horizon, cluster, tmp_path):
    client = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1")
    client.cookies = LoggedIn("demo").client.cookies
    client.get(f"/project/clusters/{cluster.uuid}/kubeconfig/")  # the dialog sets the cookie
    key_pem, csr = browser_key()
    forged = client.post(url(cluster), {"csr": csr})
    assert forged.status_code == 403 or "csrf_failure=" in forged.get("Location", "")
    answer = client.post(url(cluster), {"csr": csr},
                         HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert answer.status_code == 200 and answer["Cache-Control"] == "no-store"
    body = answer.json()
    assert "PRIVATE KEY" not in answer.content.decode()
    assert body["filename"] == f"{cluster.name}.kubeconfig"
    assert "CN=demo" in body["about"] and "cluster-admin" in body["about"]
    config = tmp_path / "config"
    config.write_text(body["config"].replace(body["key_placeholder"],
                                             base64.b64encode(key_pem.encode()).decode()))
    nodes = subprocess.run(["kubectl", "--kubeconfig", str(config), "--request-timeout=20s",
                            "get", "nodes", "-o", "name"], capture_output=True, text=True, timeout=60)
    assert nodes.returncode == 0, nodes.stderr


@pytest.mark.parametrize("csr, says", [
    ("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----", "damaged"),
    ("", "starts with -----BEGIN CERTIFICATE REQUEST-----"),
])
def test_a_bad_csr_is_refused_with_a_clear_message_and_never_sent_to_magnum(
        login, cluster, signer_spy, csr, says):
    answer = login("demo").post(url(cluster), {"csr": csr})
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error.startswith("Unable to create the kubeconfig: the certificate request this browser")
    assert says in error
    assert not signed(signer_spy)


@pytest.mark.parametrize("user, status, says", [
    ("viewer", 403, "only the cluster's creator or an administrator"),  # demo's project
    ("other", 404, "Unable to read the cluster: "),  # another project: not even seen
])
def test_who_is_not_the_creator_is_told_why(login, cluster, signer_spy, user, status, says):
    answer = login(user).post(url(cluster), {"csr": browser_key()[1]})
    assert answer.status_code == status
    assert says in answer.json()["error"]
    assert not signed(signer_spy)


@pytest.mark.parametrize("status, exc, says", [
    (403, None, "only the cluster's creator or an administrator"),
    (409, None, "Unable to create the kubeconfig: "),
    (None, requests.exceptions.ConnectionError, "Unable to create the kubeconfig: "),
])
def test_magnum_refusing_or_down_is_a_sentence_in_the_dialog(login, cluster, magnum_fault,
                                                             status, exc, says):
    magnum_fault("POST", SIGNING, status=status or 500, exc=exc)
    answer = login("demo").post(url(cluster), {"csr": browser_key()[1]})
    assert answer.status_code == (status or 503)
    error = answer.json()["error"]
    assert says in error and "Traceback" not in error and len(error) < 600
    assert json.loads(answer.content).keys() == {"error"}


def test_a_get_changes_nothing(login, cluster, signer_spy):
    assert login("demo").get(url(cluster), data={"csr": browser_key()[1]}).status_code == 405
    assert not signed(signer_spy)
