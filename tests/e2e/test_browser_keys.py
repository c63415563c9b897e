"""demo downloads a kubeconfig whose private key Chromium made: kubectl takes
it, and the key is in no request or response the browser saw (Chromium's
own DevTools network events) and in no log of the devcloud's services. A
browser without WebCrypto gets the server's key, and the dialog says so."""
import base64
import json
from urllib.parse import unquote_plus

import pytest
import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from selenium.common.exceptions import WebDriverException

from tests.e2e import pages
from tests.e2e.chromium import Browser, start_chromium
from tests.magnum_helpers import create_cluster, create_template, remove
from tests.reliability.test_credentials import service_logs

pytestmark = [pytest.mark.devcloud, pytest.mark.browser]

CLUSTERS = "/project/clusters/"
FOR_KEY = "/kubeconfig/for-key/"
# What a browser without WebCrypto is like (an http:// page, or an old browser).
NO_WEBCRYPTO = "delete Crypto.prototype.subtle;"


@pytest.fixture(scope="module")
def watched(devcloud):
    """Chromium with its network events kept, logged in as demo."""
    driver = start_chromium(network_log=True)
    browser = Browser(driver, devcloud.horizon_url)
    browser.login("demo")
    yield browser
    driver.quit()


def download(browser, cluster, folder, key_type=None):
    """The dialog's Download; returns the file, where the dialog said the key
    is made, and what it says the file is."""
    folder.mkdir()
    pages.allow_downloads(browser, folder)
    pages.page_with_row(browser, CLUSTERS, cluster.name, "clusters")
    pages.open_row_form(browser, cluster.name, "Download Kubeconfig")
    if key_type:
        pages.choose(browser, "id_key_type", key_type)
    origin = pages.visible(browser, ".modal .coe-key-origin:not([hidden])").text
    pages.submit_modal(browser)
    about = pages.visible(browser, ".modal .coe-issued").text
    return pages.wait_for_download(browser, folder, f"{cluster.name}.kubeconfig"), origin, about


def secrets_in(config_path):
    """The private key of a downloaded kubeconfig, in every form it could
    travel in: the file's base64, the PEM's body and its first line, and the
    private number itself (hex, and base64url as a JWK would carry it)."""
    embedded = yaml.safe_load(config_path.read_text())["users"][0]["user"]["client-key-data"]
    pem = base64.b64decode(embedded).decode()
    assert pem.startswith("-----BEGIN PRIVATE KEY-----")
    body = pem.splitlines()[1:-1]
    number = serialization.load_pem_private_key(pem.encode(), None).private_numbers().private_value
    raw = number.to_bytes(32, "big")
    return [embedded, "".join(body), body[0], raw.hex(),
            base64.urlsafe_b64encode(raw).decode().rstrip("=")]


def network_bodies(driver):
    """{url: [request body, response body]} of everything the page sent and
    received since the last call, read from Chromium's DevTools events."""
    seen, urls = {}, {}
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.requestWillBeSent":
            request = params["request"]
            urls[params["requestId"]] = request["url"]
            posted = request.get("postData", "")
            if request.get("hasPostData") and not posted:
                posted = cdp(driver, "Network.getRequestPostData", params["requestId"], "postData")
            # As sent, and as the server reads a form (base64's + / = escaped).
            posted = posted or ""
            seen.setdefault(request["url"], []).append(posted + "\n" + unquote_plus(posted))
        elif message["method"] == "Network.loadingFinished" and params["requestId"] in urls:
            body = cdp(driver, "Network.getResponseBody", params["requestId"], "body")
            seen.setdefault(urls[params["requestId"]], []).append(body or "")
    return seen


def cdp(driver, command, request_id, field):
    try:
        return driver.execute_cdp_cmd(command, {"requestId": request_id}).get(field)
    except WebDriverException:
        return None  # a body Chromium no longer keeps (a page left since)


def test_the_key_made_in_the_browser_never_leaves_it(watched, devcloud, demo_cluster, tmp_path):
    network_bodies(watched.driver)  # what came before: not this download's
    with service_logs(devcloud) as logs:
        config, origin, about = download(watched, demo_cluster, tmp_path / "browser")
        traffic = network_bodies(watched.driver)
    assert "made in your browser" in origin
    assert "made in your browser; it never left it" in about
    assert "CN=demo" in about
    assert "system:masters: cluster-admin" in about and "Rotating the cluster's CA revokes" in about
    assert " UTC (in " in about  # the signed certificate's notAfter

    nodes = pages.kubectl(config, "get", "nodes", "-o", "name")
    assert nodes.returncode == 0, nodes.stderr

    # The capture saw the exchange: the CSR going out, the kubeconfig coming back.
    exchange = next(bodies for url, bodies in traffic.items() if url.endswith(FOR_KEY))
    assert "BEGIN CERTIFICATE REQUEST" in exchange[0], "the CSR post was not captured"
    assert "client-key-data" in exchange[1], "the answer was not captured"
    secrets = secrets_in(config)
    for url, bodies in traffic.items():
        for body in bodies:
            assert "BEGIN PRIVATE KEY" not in body, url
            assert not [s for s in secrets if s in body], f"the private key went through {url}"
    if "magnum-server.log" in logs:  # the embedded profile's Magnum logs each request
        assert "POST /v1/certificates" in logs["magnum-server.log"] + logs.get("magnum.log", ""), (
            "Magnum's signing was not logged: the capture proves nothing")
    for log, text in logs.items():
        assert "BEGIN PRIVATE KEY" not in text and not [s for s in secrets if s in text], log


def test_an_rsa_key_made_in_the_browser_works_too(watched, demo_cluster, tmp_path):
    config, origin, _about = download(watched, demo_cluster, tmp_path / "rsa", key_type="rsa")
    assert "made in your browser" in origin
    embedded = yaml.safe_load(config.read_text())["users"][0]["user"]["client-key-data"]
    key = serialization.load_pem_private_key(base64.b64decode(embedded), None)
    assert isinstance(key, rsa.RSAPrivateKey) and key.key_size == 2048
    nodes = pages.kubectl(config, "get", "nodes", "-o", "name")
    assert nodes.returncode == 0, nodes.stderr


def test_a_browser_without_webcrypto_gets_the_servers_key_and_is_told(watched, demo_cluster,
                                                                        tmp_path):
    script = watched.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                            {"source": NO_WEBCRYPTO})
    try:
        config, origin, about = download(watched, demo_cluster, tmp_path / "server")
    finally:
        watched.driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument",
                                       {"identifier": script["identifier"]})
    assert "made on the server because this browser cannot make keys" in origin
    assert "made on the server because this browser cannot make keys" in about
    # The control of the test above: this key did pass through, and was seen.
    secrets = secrets_in(config)
    assert any(secrets[0] in body for url, bodies in network_bodies(watched.driver).items()
               if url.endswith(FOR_KEY) for body in bodies)
    nodes = pages.kubectl(config, "get", "nodes", "-o", "name")
    assert nodes.returncode == 0, nodes.stderr


def test_a_refusal_is_a_sentence_in_the_dialog(watched, devcloud):
    """A cluster that failed to be created has no API address: coe_backend
    refuses its kubeconfig, and the dialog (here its page, opened by hand)
    says why instead of saving anything."""
    magnum = devcloud.magnum("demo")
    template = create_template(magnum)
    failed, _ = create_cluster(magnum, template, node_count=1, labels={"devcloud_fail": "create"})
    try:
        assert failed.status == "CREATE_FAILED" and not failed.api_address
        watched.open(f"{CLUSTERS}{failed.uuid}/kubeconfig/")
        pages.click(watched, "form[data-coe-key-url] [type=submit]")
        said = pages.visible(watched, ".coe-key-result .alert-danger").text
        assert said.startswith("Unable to create the kubeconfig: ")
        assert "failed to be created and has no API address" in said
    finally:
        remove(magnum, [failed.uuid], [template.uuid])
