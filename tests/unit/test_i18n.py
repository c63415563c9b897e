"""coe_backend's translatable messages (coe_backend/i18n.py), without Django."""
import ast
import pickle
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import coe_backend
from coe_backend import i18n
from coe_backend.i18n import _, join, message_of, ngettext_lazy

ROOT = Path(__file__).resolve().parents[2]

# A stand-in for Django: a per-thread active language and a tiny catalog.
_active = threading.local()
CATALOG = {
    "Hello {name}.": "Bonjour {name}.",
    "the cluster": "la grappe",
    "{what} is gone.": "{what} a disparu.",
    ("{count} node", "{count} nodes"): ("{count} nœud", "{count} nœuds"),
}


def _gettext(msgid):
    return CATALOG.get(msgid, msgid) if getattr(_active, "language", None) == "fr" else msgid


def _ngettext(singular, plural, count):
    forms = (singular, plural)
    if getattr(_active, "language", None) == "fr":
        forms = CATALOG.get(forms, forms)
    return forms[0] if count <= 1 else forms[1]


@pytest.fixture
def french():
    i18n.set_translator(_gettext, _ngettext)
    _active.language = "fr"
    yield
    _active.language = None
    i18n.set_translator(None, None)


def test_without_a_translator_a_message_is_its_english_sentence():
    message = _("Hello {name}.", name="Ann")
    assert str(message) == "Hello Ann." == message
    assert "Ann" in message and message.endswith(".")
    assert f"{message}" == "Hello Ann." and len(message) == 10
    assert {message: 1}["Hello Ann."] == 1
    assert "Say: " + message == "Say: Hello Ann."


def test_a_message_is_translated_when_rendered_in_the_rendering_threads_language(french):
    with ThreadPoolExecutor(1) as pool:  # made where no language is active, as coe_ui's look-ups
        message = pool.submit(lambda: _("{what} is gone.", what=_("the cluster"))).result()
        assert pool.submit(str, message).result() == "the cluster is gone."
    assert str(message) == "la grappe a disparu."  # the parameter too, in the same language
    _active.language = None
    assert str(message) == "the cluster is gone."


def test_plural_forms_follow_the_count(french):
    assert str(ngettext_lazy("{count} node", "{count} nodes", 1)) == "1 nœud"
    assert str(ngettext_lazy("{count} node", "{count} nodes", 3)) == "3 nœuds"


def test_a_broken_translation_falls_back_to_english(french, monkeypatch):
    monkeypatch.setitem(CATALOG, "Bye {name}.", "Au revoir {nom}.")
    assert str(_("Bye {name}.", name="Ann")) == "Bye Ann."


def test_joined_sentences_and_errors_stay_lazy(french):
    joined = join(" ", [_("Hello {name}.", name="Ann"), "Plain."])
    assert str(joined) == "Bonjour Ann. Plain."
    error = coe_backend.InvalidInput({"name": _("Hello {name}.", name="Bo")})
    assert str(error) == str(error.message) == "Bonjour Bo."
    assert isinstance(error.errors["name"], i18n.Message)  # the UI renders it
    assert message_of(ValueError(error.errors["name"])) is error.errors["name"]


def test_messages_survive_a_cache(french):
    message = _("{what} is gone.", what=_("the cluster"))
    for copy in (pickle.loads(pickle.dumps(message)),
                 pickle.loads(pickle.dumps(join(" ", [message, "x"])))):
        assert str(copy).startswith("la grappe a disparu.")


def test_english_is_unchanged_for_the_library_s_errors():
    with pytest.raises(coe_backend.InvalidInput) as caught:
        coe_backend.validate_node_group({"node_count": 2, "min_node_count": 3, "name": "x"},
                                        cluster=None, features=coe_backend.Features.for_version(
                                            coe_backend.APIVersion(1, 14)))
    assert caught.value.errors["node_count"] == \
        "The node count (2) must not be below the minimum (3)."


def _marked_messages():
    """Every literal msgid passed to _() or ngettext_lazy() in coe_backend."""
    for path in sorted((ROOT / "coe_backend").glob("**/*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in ("_", "ngettext_lazy"):
                literal = [arg.value for arg in node.args[:2]
                           if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
                if literal and path.name != "i18n.py":
                    yield path.name, literal[0]


def test_every_message_of_coe_backend_is_in_the_catalog():
    # Babel comes with Horizon: the lowest-dependencies run (coe_backend alone)
    # has none; make test and every series run check the catalog.
    pofile = pytest.importorskip("babel.messages.pofile")
    with (ROOT / "coe_ui" / "locale" / "en" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalog = pofile.read_po(handle)
    known = {message.id[0] if isinstance(message.id, tuple) else message.id
             for message in catalog}
    marked = list(_marked_messages())
    assert len(marked) > 100
    missing = [(name, msgid) for name, msgid in marked if msgid not in known]
    assert missing == [], "regenerate the catalogs (docs/operator-guide.md, Translations)"
