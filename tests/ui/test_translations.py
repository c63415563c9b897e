"""Every sentence the pages show is translated: coe_ui's own and coe_backend's.

The key pages (and every page and dialog of a cluster) are opened in
devcloud's pseudo-locale en-xa (every message accented and in brackets,
devcloud/translations.py), chosen as a user does, with Horizon's language
cookie. No sentence of the English catalog (any run
of three or more words of a msgid between its placeholders) may be left on
them: a string that is not marked, not extracted or rendered in the wrong
thread's language shows up here as plain English (some of coe_backend's
messages are made in coe_ui's look-up threads; all are rendered by the page).
"""
import functools
import html
import inspect
import re

import pytest
from babel.messages import pofile

from devcloud.translations import LOCALE_DIR, PLACEHOLDERS, pseudo
from tests.magnum_helpers import create_cluster, create_template, unique_name, watch_cluster
from tests.horizon_fixtures import LoggedIn, messages_of
from tests.ui.page_text import ShownText, pages_of

pytestmark = pytest.mark.devcloud

INDEX = "/project/clusters/"


def _english_sentences():
    """Runs of 3+ words from coe-ui's English catalog (pages), longest first."""
    with (LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalog = pofile.read_po(handle)
    sentences = set()
    for message in catalog:
        for msgid in (message.id if isinstance(message.id, (list, tuple)) else [message.id]):
            for fragment in PLACEHOLDERS.split(msgid or "")[::2]:
                fragment = " ".join(fragment.split()).strip(" .,:;()")
                if len(fragment.split()) >= 3:
                    sentences.add(fragment)
    return sorted(sentences, key=len, reverse=True)


ENGLISH = _english_sentences()


@functools.cache
def headings_fixed_at_import():
    """Horizon 24 (2024.1) turns a column's name into text when its table
    class is defined (Column.__init__: str(verbose_name); Horizon 25 keeps it
    lazy): there every table heading, Horizon's own as coe-ui's, shows in the
    server's language whatever the user chose. The operator guide says so."""
    from horizon.tables.base import Column
    return "str(verbose_name)" in inspect.getsource(Column.__init__)


def shown_text(response):
    """The page's text, hover texts and messages, as one line (without the
    table headings where Horizon cannot translate them)."""
    page = response.content.decode()
    if headings_fixed_at_import():
        page = re.sub(r"<th\b.*?</th>", "", page, flags=re.S)
    parser = ShownText()
    parser.feed(page)
    return " ".join(" ".join(parser.shown + messages_of(response)).split())


def english_left(text):
    return [sentence for sentence in ENGLISH if sentence in text]


def _shown(sentence):
    """How a message without placeholders reads in the pseudo-locale, on the page."""
    return " ".join(html.unescape(pseudo(sentence)).split())


@pytest.fixture(scope="module")
def pseudo_user(horizon):
    """demo, with Horizon's language cookie set to the pseudo-locale."""
    user = LoggedIn("demo")
    user.client.cookies["horizon_language"] = "en-xa"
    return user


@pytest.fixture(scope="module")
def failed_cluster(horizon):
    """A cluster that failed to build (devcloud's driver, out of compute quota)."""
    magnum = horizon.magnum("demo")
    template = create_template(magnum, name=unique_name("xa-tpl"))
    created = magnum.clusters.create(name=unique_name("xa-failed"),
                                     cluster_template_id=template.uuid, keypair="demo-key",
                                     master_count=1, node_count=1,
                                     labels={"devcloud_fail": "create", "devcloud_op_seconds": "1"})
    cluster, _ = watch_cluster(magnum, created.uuid)
    assert cluster.status == "CREATE_FAILED"
    return cluster, template


def test_the_pseudo_locale_is_a_language_horizon_offers(pseudo_user):
    page = pseudo_user.get(INDEX)
    assert page.status_code == 200
    assert page.wsgi_request.LANGUAGE_CODE == "en-xa"
    assert _shown("Create Cluster") in shown_text(page)


def test_clusters_list_has_no_english_left(pseudo_user, failed_cluster):
    cluster, _ = failed_cluster
    page = pseudo_user.get(INDEX)
    text = shown_text(page)
    assert cluster.name in text
    assert _shown("Create failed") in text  # coe_ui's status words
    assert english_left(text) == []


def test_a_failed_clusters_page_explains_itself_with_no_english_left(pseudo_user, failed_cluster):
    cluster, _ = failed_cluster
    page = pseudo_user.get(f"{INDEX}{cluster.uuid}/")
    assert page.status_code == 200
    text = shown_text(page)
    # coe_backend's diagnosis, rendered in the page's language.
    assert _shown("The project ran out of quota while building the cluster.") in text
    # coe_backend's reasons an action is not possible, in the same sentence order.
    assert _shown("Look at the failure reason first; a cluster that failed to be created "
                  "can usually only be deleted.") in text
    assert english_left(text) == []


def test_create_wizard_shows_coe_backends_refusals_translated(pseudo_user, failed_cluster):
    _, template = failed_cluster
    response = pseudo_user.post(f"{INDEX}create/", {
        "name": unique_name("xa"), "cluster_template_id": template.uuid, "keypair": "demo-key",
        "master_count": 2, "node_count": 1, "master_flavor_id": "", "flavor_id": "",
        "fixed_network": "", "fixed_subnet": "", "master_lb_enabled": "",
        "floating_ip_enabled": "", "labels": "novalue", "labels_mode": "merge"})
    assert response.status_code == 200
    text = shown_text(response)
    assert _shown("Master count must be odd (1, 3, 5...) so etcd keeps a majority.") in text
    # A message with a parameter: the placeholder filled, the rest translated.
    no_key = _shown('"{fragment}" is not in key=value form. If it belongs to the previous '
                    "value, put that whole value in double quotes.")
    assert no_key.replace("{fragment}", "novalue") in text
    assert english_left(text) == []


def test_cluster_templates_have_no_english_left(pseudo_user, failed_cluster):
    _, template = failed_cluster
    text = shown_text(pseudo_user.get("/project/cluster_templates/"))
    assert template.name in text
    assert english_left(text) == []
    detail = shown_text(pseudo_user.get(f"/project/cluster_templates/{template.uuid}/"))
    assert template.name in detail
    assert english_left(detail) == []


@pytest.fixture(scope="module")
def cluster(horizon):
    """A healthy cluster, for every page and dialog it has."""
    magnum = horizon.magnum("demo")
    cluster, _ = create_cluster(magnum, create_template(magnum), node_count=1)
    return cluster


def test_every_page_and_dialog_of_a_cluster_has_no_english_left(pseudo_user, cluster):
    left = {}
    for path in pages_of(cluster):
        response = pseudo_user.get(path)
        assert response.status_code == 200, path
        left[path] = english_left(shown_text(response))
    assert {path: found for path, found in left.items() if found} == {}
