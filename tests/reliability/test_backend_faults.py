"""Magnum failing at the HTTP boundary (requests-mock; every other request
reaches the real services): each page and action says what failed and why,
the rest of Horizon keeps working, a wizard keeps what was typed, a slow
Magnum is waited for up to the configured timeout and no longer, and a
change Magnum accepted but has not started is reported as pending."""
import contextlib
import re
import time

import pytest
import requests
import requests_mock
from django.conf import settings
from django.test import override_settings

from tests.magnum_helpers import exists, unique_name
from tests.reliability import tally, valid_input
from tests.reliability.actions import actions, perform
from tests.reliability.magnum_state import snapshot
from tests.reliability.observed_writes import magnum_calls
from tests.reliability.outcomes import (errors_of, field_errors, is_download, messages,
                                         one_page_for_all, request)

pytestmark = pytest.mark.devcloud

CLUSTERS = "/project/clusters/"
TEMPLATES = "/project/cluster_templates/"
ELSEWHERE = "/project/api_access/"  # a Horizon page that needs no Magnum
AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
EVERY_METHOD = requests_mock.ANY
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

# Magnum's version documents: read (once per few minutes) to negotiate the
# microversion, whatever the page shows.
VERSION_DOCUMENTS = ("", "/v1")
UNSUPPORTED_VERSION = {"errors": [{
    "status": 406, "code": "", "title": "Not Acceptable", "min_version": "1.1",
    "max_version": "1.8", "detail": "Version 1.11 was requested but the minor version is "
                                    "not supported by this service."}]}

# fault: (magnum_fault arguments, what the message must say)
FAULTS = {
    "unreachable": ({"exc": requests.exceptions.ConnectionError}, "Could not reach Magnum"),
    "HTTP 500": ({"status": 500}, "HTTP 500"),
    "HTTP 503": ({"status": 503}, "HTTP 503"),
    "connect timeout": ({"exc": requests.exceptions.ConnectTimeout}, "did not answer in time"),
    "read timeout": ({"exc": requests.exceptions.ReadTimeout}, "did not answer in time"),
    "406 microversion": ({"status": 406, "json": UNSUPPORTED_VERSION}, "supports API versions"),
    # What Magnum answers once the user's token has expired (Magnum caches
    # token validations, so revoking one in Keystone does not show at once).
    "token expired (401)": ({"status": 401}, "Log in again"),
}


def inject(magnum_fault, fault, method, path=r".*"):
    """Make the matching Magnum calls fail with ``fault``: the message that
    must show, and the mocker (to stop the faults)."""
    arguments, phrase = FAULTS[fault]
    return phrase, magnum_fault(method, path, **arguments)


def said(response, phrase):
    """Whether the page (or where it redirects) shows an error message with
    ``phrase``, or a warning (what a page can do without, such as a wizard's
    quota look-up, is a warning)."""
    return any(phrase in text for level, text in messages(response)
               if level in ("error", "warning"))


def says(response, phrase):
    assert said(response, phrase), f"no message says {phrase!r}: {messages(response)}"


# -- pages -------------------------------------------------------------------

def pages(target):
    """(user, path, asked for by JavaScript) of the pages that read Magnum."""
    template, cluster, group = target
    one = f"{CLUSTERS}{cluster.uuid}/"
    return [("demo", CLUSTERS, False), ("demo", one, False), ("demo", f"{CLUSTERS}create/", False),
            ("demo", f"{one}resize/", True), ("demo", f"{one}upgrade/", True),
            ("demo", f"{one}kubeconfig/", True), ("demo", f"{one}ca/", False),
            ("demo", f"{one}?tab=cluster_details__node_groups", True),
            ("demo", f"{one}node-groups/{group.uuid}/", False),
            ("demo", f"{one}node-groups/create/", True), ("demo", TEMPLATES, False),
            ("demo", f"{TEMPLATES}create/", False), ("demo", f"{TEMPLATES}{template.uuid}/", False),
            ("demo", f"{TEMPLATES}{template.uuid}/update/", False),
            ("admin", "/admin/clusters/", False), ("admin", "/admin/cluster_quotas/", False),
            ("admin", "/admin/coe_services/", False)]


@pytest.mark.parametrize("fault", FAULTS)
def test_every_page_says_what_failed(horizon, login, magnum_fault, target, fault):
    phrase, _mocker = inject(magnum_fault, fault, "GET")
    silent = []
    for user, path, ajax in pages(target):
        with magnum_calls(horizon.cfg.magnum_url, {"GET"}) as reads:
            response = request(login(user), "GET", path, **(AJAX if ajax else {}))
        assert response.status_code in (200, 302), (path, response.status_code)
        needed = [read for read in reads if read.path.rstrip("/") not in VERSION_DOCUMENTS]
        if needed and not said(response, phrase):  # a page that needs no Magnum says nothing
            silent.append(f"{path} said only {messages(response)}")
        tally.count(tally.FAULTS, fault, "page views")
    assert not silent, "\n".join(silent)
    elsewhere = request(login("demo"), "GET", ELSEWHERE)  # the rest of Horizon
    assert elsewhere.status_code == 200 and not errors_of(elsewhere)
    tally.count(tally.CHECKED, "faults: Horizon pages without Magnum still served")


def test_pages_recover_when_magnum_does(login, magnum_fault, cluster):
    """Nothing of a failure is cached: the next request reads Magnum again."""
    mocker = magnum_fault("GET", r".*", exc=requests.exceptions.ConnectionError)
    says(request(login("demo"), "GET", CLUSTERS), "Could not reach Magnum")
    mocker.stop()
    response = request(login("demo"), "GET", CLUSTERS)
    assert response.status_code == 200 and not errors_of(response)
    assert cluster.name in response.content.decode()


# -- slow answers ------------------------------------------------------------

@contextlib.contextmanager
def magnum_answering_after(horizon, seconds):
    """Every Magnum call answered for real, ``seconds`` late; or, when its
    timeout is shorter, not at all (ReadTimeout, once the timeout has
    passed). Delayed at the transport (requests' HTTPAdapter), so that calls
    made at the same time stay concurrent (requests-mock answers one call at
    a time). Yields the timeouts the calls were made with."""
    original = requests.adapters.HTTPAdapter.send
    timeouts = []

    def send(adapter, request_, timeout=None, **kwargs):
        if not request_.url.startswith(horizon.cfg.magnum_url):
            return original(adapter, request_, timeout=timeout, **kwargs)
        limit = timeout[1] if isinstance(timeout, tuple) else timeout
        timeouts.append(limit)
        if limit is not None and limit < seconds:
            time.sleep(limit)
            raise requests.exceptions.ReadTimeout(f"no answer in {limit} s", request=request_)
        time.sleep(seconds)
        return original(adapter, request_, timeout=timeout, **kwargs)

    requests.adapters.HTTPAdapter.send = send
    try:
        yield timeouts
    finally:
        requests.adapters.HTTPAdapter.send = original


def test_a_slow_magnum_is_cut_off_at_the_configured_timeout(horizon, login):
    """A Magnum that would answer in 10 s: the page gives up after
    COE_UI["REQUEST_TIMEOUT"] (1 s here) per call, and says so."""
    request(login("demo"), "GET", ELSEWHERE)  # Horizon warmed up: only Magnum is timed
    with magnum_answering_after(horizon, 10) as timeouts, override_settings(
            COE_UI={**getattr(settings, "COE_UI", {}), "REQUEST_TIMEOUT": 1}):
        started = time.monotonic()
        response = request(login("demo"), "GET", CLUSTERS)
        elapsed = time.monotonic() - started
    says(response, "did not answer in time")
    assert timeouts and set(timeouts) == {1.0}, timeouts
    assert len(timeouts) <= 2, f"the page tried {len(timeouts)} times: {timeouts}"
    assert elapsed < 10, f"the page took {elapsed:.1f} s, longer than Magnum's answer"
    tally.count(tally.FAULTS, "slow (10 s, cut off at 1 s)", "page views")


SLOW_SECONDS = 0.3


def test_a_slow_magnum_that_answers_in_time_is_waited_for(horizon, login, target):
    """Every Magnum call answered for real, but 0.3 s late: the pages show
    their data and no error."""
    template, cluster, _group = target
    shown = {CLUSTERS: cluster.name, f"{CLUSTERS}{cluster.uuid}/": cluster.name,
             f"{CLUSTERS}create/": template.name, TEMPLATES: template.name}
    with magnum_answering_after(horizon, SLOW_SECONDS) as delayed, one_page_for_all(
            login("demo")):
        for path, name in shown.items():
            response = request(login("demo"), "GET", path)
            assert response.status_code == 200 and not errors_of(response), (path, messages(
                response))
            assert name in response.content.decode(), f"{path} does not show {name}"
            tally.count(tally.FAULTS, f"slow ({SLOW_SECONDS} s a call, answered)", "page views")
    assert len(delayed) >= len(shown), delayed


# -- actions -----------------------------------------------------------------

FAILED_WRITE = unique_name("failed")  # what a create under a fault would have made


def fail_writes(magnum_fault, fault):
    """Every Magnum write fails with ``fault`` (reads reach Magnum)."""
    for method in WRITE_METHODS:
        phrase, _mocker = inject(magnum_fault, fault, method)
    return phrase


def test_every_action_says_what_failed_when_magnum_fails_it(horizon, login, magnum_fault, writes,
                                                           target, newer_template,
                                                           scratch_projects):
    """Each action, its Magnum write failing (the faults taken in turn): a
    message says why, no file is handed out, and nothing changed."""
    before = snapshot(horizon, target, scratch_projects, FAILED_WRITE)
    problems = []
    for number, action in enumerate(actions(target, newer_template, scratch_projects,
                                            FAILED_WRITE)):
        fault = list(FAULTS)[number % len(FAULTS)]
        phrase = fail_writes(magnum_fault, fault)  # replaces the previous action's fault
        with writes() as seen:
            response = perform(login(action.owner), action)
        assert response.status_code in (200, 302), (action.name, response.status_code)
        assert not is_download(response), f"{action.name} handed out a file"
        assert all(write.refused for write in seen), (action.name, seen)
        if not seen:
            problems.append(f"{action.name}: its valid data did not reach Magnum: "
                            f"{messages(response)} {field_errors(response)}")
        elif not said(response, phrase):
            problems.append(f"{action.name} under {fault} said only {errors_of(response)}")
        tally.count(tally.FAULTS, fault, "actions")
    assert snapshot(horizon, target, scratch_projects, FAILED_WRITE) == before
    assert not problems, "\n".join(problems)


# -- a failed submit keeps what was typed ------------------------------------

KEPT = unique_name("kept")  # the name typed into each wizard


def submissions(cluster, template):
    """wizard: (path, its Magnum write, what is typed, what must show again)."""
    one = f"{CLUSTERS}{cluster.uuid}/"
    return {
        "cluster create": (f"{CLUSTERS}create/", r"/clusters/?$", valid_input.cluster_wizard(
            KEPT, template.uuid, node_count=2, labels="team=kept"), (KEPT, "team=kept")),
        "template create": (f"{TEMPLATES}create/", r"/clustertemplates/?$",
                            valid_input.template_wizard(KEPT, labels="team=kept"),
                            (KEPT, "team=kept")),
        "node group add": (f"{one}node-groups/create/", r"/clusters/.*/nodegroups/?$",
                           valid_input.node_group_wizard(KEPT, role="kept-role"),
                           (KEPT, "kept-role")),
        "resize": (f"{one}resize/", r"/clusters/.*/actions/resize$",
                   valid_input.resize(node_count=3), ('value="3"',)),
    }


# fault: which of the submit's Magnum calls fail. An expired token or an
# unreachable Magnum fails every call, the submit's reads included.
SUBMIT_FAULTS = {"token expired (401)": "every call", "unreachable": "every call",
                 "HTTP 503": "the write"}


@pytest.mark.parametrize("fault", SUBMIT_FAULTS)
@pytest.mark.parametrize("wizard", ["cluster create", "template create", "node group add",
                                    "resize"])
def test_a_failed_submit_keeps_what_was_typed(horizon, login, magnum_fault, writes, cluster,
                                              template, wizard, fault):
    path, write, typed, shown_again = submissions(cluster, template)[wizard]
    request(login("demo"), "GET", path)  # the wizard opened while Magnum still answered
    if SUBMIT_FAULTS[fault] == "every call":
        phrase, mocker = inject(magnum_fault, fault, EVERY_METHOD)
    else:
        phrase, mocker = inject(magnum_fault, fault, "POST", write)
    with writes() as seen:
        response = request(login("demo"), "POST", path, typed)
    mocker.stop()
    assert response.status_code == 200, f"{wizard}: HTTP {response.status_code}, typed data lost"
    says(response, phrase)
    page = response.content.decode()
    assert all(value in page for value in shown_again), f"{wizard} lost what was typed"
    assert all(write.refused for write in seen), seen
    magnum = horizon.magnum("demo")
    assert not any(exists(get, *ident) for get, *ident in (
        (magnum.clusters.get, KEPT), (magnum.cluster_templates.get, KEPT),
        (magnum.nodegroups.get, cluster.uuid, KEPT))), f"{wizard} left {KEPT} behind"
    tally.count(tally.FAULTS, fault, "wizard submits")


# -- accepted, not started ---------------------------------------------------

def accepted(status, then):
    """A Magnum that answers ``status`` and does nothing else; ``then()``
    runs as it answers."""
    def answer(_request, context):
        context.status_code = status
        then()
        return b""
    return answer


PENDING = "Magnum accepted the request but has not started it yet"


@pytest.mark.parametrize("form, method, write, status, afterwards", [
    ("resize", "POST", r"/clusters/{uuid}/actions/resize$", 202, "reads the cluster as it was"),
    ("resize", "POST", r"/clusters/{uuid}/actions/resize$", 202, "becomes unreachable"),
    ("delete", "DELETE", r"/clusters/{uuid}$", 204, "reads the cluster as it was"),
])
def test_a_change_magnum_accepted_but_did_not_start_is_reported_as_pending(
        horizon, login, writes, cluster, form, method, write, status, afterwards):
    """Magnum answers a resize or delete before its conductor starts it; one
    it never starts (or that cannot be seen, Magnum gone after answering) is
    neither a success nor a failure: the user is told it is pending."""
    data = {"resize": valid_input.resize(node_count=2), "delete": {"confirm_name": cluster.name}}
    magnum = re.escape(horizon.cfg.magnum_url)
    with requests_mock.Mocker(real_http=True) as mocker:
        def then():
            if afterwards == "becomes unreachable":
                mocker.register_uri(EVERY_METHOD, re.compile(magnum + ".*"),
                                    exc=requests.exceptions.ConnectionError)
        mocker.register_uri(method, re.compile(magnum + write.format(uuid=cluster.uuid)),
                            content=accepted(status, then))
        with writes() as seen:
            response = request(login("demo"), "POST", f"{CLUSTERS}{cluster.uuid}/{form}/",
                               data[form])
    assert [(w.method, w.status) for w in seen] == [(method, status)]
    assert response.status_code == 302, response.status_code
    shown = messages(response)
    assert [level for level, _text in shown] == ["warning"], shown
    assert PENDING in shown[0][1] and cluster.name in shown[0][1], shown
    tally.count(tally.FAULTS, f"accepted, not started ({afterwards})", "actions")
