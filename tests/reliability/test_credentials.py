"""Credentials: every state-changing request needs its CSRF token, and no
GET changes anything; the files that hold keys and certificates are never
cached; a full download leaves neither a private key nor the user's token in
any log (this process's at DEBUG, and the services'); and no URL or form
data gets another project's credentials."""
import base64
import contextlib
import io
import logging
import zipfile

import pytest
import yaml
from django.test import Client

from coe_backend.render import kubeconfig
from tests.magnum_helpers import unique_name
from tests.reliability import tally
from tests.reliability.actions import actions
from tests.reliability.inputs import VALID_CSR
from tests.reliability.magnum_state import snapshot
from tests.reliability.outcomes import errors_of, is_download, request
from tests.horizon_fixtures import LoggedIn

pytestmark = pytest.mark.devcloud

CLUSTERS = "/project/clusters/"
FORGED = unique_name("forged")  # the name every forged create would give


# -- CSRF --------------------------------------------------------------------

def csrf_refused(response):
    """Django's 403, or Horizon's CSRF failure view: back to the login page."""
    return response.status_code == 403 or (
        response.status_code == 302 and "csrf_failure=" in response["Location"])


def enforcing(user):
    """A real login, then a client that checks CSRF as a browser's would be."""
    client = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1")
    client.cookies = LoggedIn(user).client.cookies
    return client


def test_every_state_changing_request_needs_the_csrf_token(horizon, writes, target,
                                                           newer_template, scratch_projects):
    clients = {user: enforcing(user) for user in ("demo", "admin")}
    before = snapshot(horizon, target, scratch_projects, FORGED)
    for action in actions(target, newer_template, scratch_projects, FORGED):
        with writes() as seen:
            response = request(clients[action.owner], "POST", action.path, action.data)
        assert csrf_refused(response), f"{action.name} took a POST without its CSRF token"
        assert not seen, f"{action.name} without a CSRF token wrote to Magnum: {seen}"
        tally.count(tally.CHECKED, "CSRF: state-changing requests refused without the token")
    assert snapshot(horizon, target, scratch_projects, FORGED) == before


def test_no_get_changes_anything(horizon, login, writes, target, newer_template,
                                 scratch_projects):
    """CSRF protects POSTs only: a GET of any action's URL, with the action's
    data in the query string (an <img src> on another site could send it),
    must neither write to Magnum nor hand out a credential."""
    before = snapshot(horizon, target, scratch_projects, FORGED)
    for action in actions(target, newer_template, scratch_projects, FORGED):
        with writes() as seen:
            response = request(login(action.owner), "GET", action.path, as_query(action.data))
        assert response.status_code in (200, 302), (action.name, response.status_code)
        assert not is_download(response), f"a GET of {action.name} handed out a file"
        assert not seen, f"a GET of {action.name} wrote to Magnum: {seen}"
        tally.count(tally.CHECKED, "CSRF: GETs of action URLs that changed nothing")
    assert snapshot(horizon, target, scratch_projects, FORGED) == before


def as_query(data):
    """The action's data as a query string; a table action's in the form
    Horizon's tables read from a GET (table, action, obj_id)."""
    if "action" not in data:
        return data
    table, action, *row = data["action"].split("__")
    return {"table": table, "action": action, "obj_id": row[0] if row else data["object_ids"][0]}


def test_the_same_request_with_its_token_is_served(target):
    """The control: what makes the difference above is the missing token."""
    _template, subject, _group = target
    client = enforcing("demo")
    page = f"{CLUSTERS}{subject.uuid}/kubeconfig/"
    request(client, "GET", page)  # sets the csrftoken cookie, as opening the dialog does
    response = request(client, "POST", page, {"format": "certificate", "key_type": "ecdsa"},
                       HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert response.status_code == 200 and is_download(response)


# -- files that hold secrets -------------------------------------------------

def credential_downloads(subject):
    """(method, path, data) of every response that is a key or certificate."""
    one = f"{CLUSTERS}{subject.uuid}/"
    return [("POST", f"{one}kubeconfig/", {"format": fmt, "key_type": "ecdsa"})
            for fmt in ("certificate", "bundle", "keystone")] + [
        ("POST", f"{one}sign/", {"csr": VALID_CSR}),
        ("GET", f"{one}ca/download/", None)]


def test_credential_files_are_never_cached(login, target):
    _template, subject, _group = target
    for method, path, data in credential_downloads(subject):
        response = request(login("demo"), method, path, data)
        assert is_download(response), (path, data, errors_of(response))
        assert response.get("Cache-Control") == "no-store", (path, data)
        tally.count(tally.CHECKED, "credentials: downloads served Cache-Control: no-store")


@contextlib.contextmanager
def debug_logs():
    """Every log line this process writes meanwhile, at DEBUG, whatever
    Horizon's logging settings route where."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    loggers = [logging.getLogger()] + [logging.getLogger(name) for name in
                                       list(logging.Logger.manager.loggerDict)]
    saved = [(logger, logger.level, logger.disabled) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
        logger.addHandler(handler)
    try:
        yield buffer
    finally:
        for logger, level, disabled in saved:
            logger.removeHandler(handler)
            logger.setLevel(level)
            logger.disabled = disabled


def secrets_of(kubeconfig, bundle):
    """What of the downloaded ECDSA keys only their owner may know: the
    kubeconfig's embedded key, and the first base64 line of each PEM (its
    private scalar; the later lines hold the public point, which the signed
    certificate shows too)."""
    embedded = yaml.safe_load(kubeconfig)["users"][0]["user"]["client-key-data"]
    pems = [base64.b64decode(embedded).decode(),
            zipfile.ZipFile(io.BytesIO(bundle)).read("key.pem").decode()]
    return [embedded] + [pem.splitlines()[1] for pem in pems]


@contextlib.contextmanager
def service_logs(horizon):
    """What the devcloud's services (Keystone, Magnum, Horizon's server, the
    catalog) add to their log files meanwhile."""
    folder = horizon.cfg.path("log")
    sizes = {path: path.stat().st_size for path in folder.glob("*.log")}
    added = {}
    yield added
    for path in folder.glob("*.log"):
        with path.open("rb") as log:
            log.seek(sizes.get(path, 0))
            added[path.name] = log.read().decode(errors="replace")


def test_a_full_download_logs_no_key_and_no_token(horizon, login, target):
    """The server's downloads, and the dialog's kubeconfig for a key the
    browser keeps (browser_keys.py: its CSR is posted as the browser does)."""
    _template, subject, _group = target
    user = login("demo")
    token = user.client.session["token"].id
    browser_key = kubeconfig.generate_key()
    with debug_logs() as logs, service_logs(horizon) as services:
        request(user, "GET", f"{CLUSTERS}{subject.uuid}/")
        files = [request(user, method, path, data).content
                 for method, path, data in credential_downloads(subject)]
        for_key = request(user, "POST", f"{CLUSTERS}{subject.uuid}/kubeconfig/for-key/",
                          {"csr": kubeconfig.build_csr(browser_key, "demo")})
    written = {"this process": logs.getvalue(), **services}
    assert "/v1/certificates" in written["this process"], (
        "Magnum calls were not logged: the capture proves nothing")
    assert for_key.status_code == 200 and for_key["Cache-Control"] == "no-store"
    assert for_key.json()["key_placeholder"] in for_key.json()["config"]
    kept = kubeconfig.key_to_pem(browser_key)
    secrets = secrets_of(files[0], files[1]) + [base64.b64encode(kept.encode()).decode(),
                                                kept.splitlines()[1]]
    assert not [secret for secret in secrets[-2:] if secret in for_key.content.decode()]
    for log, text in written.items():
        assert "PRIVATE KEY" not in text, log
        leaked = [secret for secret in secrets if secret in text]
        assert not leaked, f"private keys in the log of {log}: {leaked}"
        assert token not in text, f"the user's token in the log of {log}"
        tally.count(tally.CHECKED, "credentials: logs free of keys and token after a download")
    assert all(token.encode() not in content for content in files)  # nor in any file


# -- another project's cluster -----------------------------------------------

def test_another_project_gets_no_credentials_by_crafted_urls(login, target):
    _template, subject, _group = target
    for method, path, data in credential_downloads(subject) + [
            ("GET", f"{CLUSTERS}{subject.uuid}/kubeconfig/", None),
            ("GET", f"{CLUSTERS}{subject.uuid}/ca/", None)]:
        response = request(login("other"), method, path, data)
        assert not is_download(response), f"other got a file from {path} ({data})"
        assert b"BEGIN CERTIFICATE" not in response.content, path
        assert response.status_code in (200, 302), (path, response.status_code)
        assert errors_of(response), f"{path}: refused without saying so"
        tally.count(tally.CHECKED, "credentials: crafted requests for another project refused")
