"""coe-ui's message catalogs for devcloud: the pseudo-locale, and compiling.

The pseudo-locale ``en-xa`` (XA: a region code ISO 3166 leaves to private use,
as Android's and Chrome's pseudo-locales do) is English made unmistakable:
every letter accented and every message in brackets, placeholders, HTML and
format specifiers kept. A page shown in it that still has plain English in it
says which string was not marked for translation (tests/ui/test_translations.py).
It is generated from the English catalogs, never edited by hand:

    .venv/bin/python -m devcloud.translations

writes coe_ui/locale/en_XA/LC_MESSAGES/{django,djangojs}.po from
coe_ui/locale/en/. devcloud's Horizon offers it (horizon_settings.LANGUAGES);
a real Horizon does not list it.

Compiled catalogs (.mo) are not committed: ``compile_catalogs`` makes them
(with Babel, which Horizon requires, so no gettext tools are needed) when
devcloud sets Horizon up, as an operator's ``compilemessages`` does.
"""
import re

from devcloud.config import REPO_ROOT

LOCALE_DIR = REPO_ROOT / "coe_ui" / "locale"
PSEUDO = "en_XA"  # Django's to_locale("en-xa")
DOMAINS = ("django", "djangojs")

# Kept as they are: {name} and {name:spec}, %(name)s and %s-style specifiers
# (and %%), HTML tags and entities.
PLACEHOLDERS = re.compile(r"(\{[^{}]*\}|%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]"
                   r"|<[^>]*>|&#?\w+;)")
_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçďéƒĝĥíĵķĺɱñóþʠŕšŧúṽŵẋýžÁƁÇĎÉƑĜĤÍĴĶĹṀÑÓÞǪŔŠŦÚṼŴẊÝŽ")


def pseudo(text):
    """`text` with its letters accented, its placeholders and markup kept,
    in brackets."""
    if not text:
        return text
    parts = PLACEHOLDERS.split(text)
    return "[" + "".join(part if index % 2 else part.translate(_ACCENTED)
                         for index, part in enumerate(parts)) + "]"


def write_pseudo_locale(locale_dir=LOCALE_DIR):
    """Regenerate the en_XA catalogs from the English ones; returns their paths."""
    from babel.messages import pofile  # Horizon's dependency: absent where only coe_backend is
    written = []
    for domain in DOMAINS:
        source = locale_dir / "en" / "LC_MESSAGES" / f"{domain}.po"
        if not source.exists():
            continue
        with source.open("rb") as handle:
            catalog = pofile.read_po(handle, locale="en")
        catalog.locale = PSEUDO
        catalog.language_team = "Pseudo-locale (machine-made, devcloud/translations.py)"
        catalog.last_translator = "devcloud/translations.py"
        catalog.revision_date = catalog.creation_date  # reproducible: same input, same file
        catalog.header_comment = ("# coe-ui: machine-made pseudo-locale for tests; do not edit.\n"
                                  "# Regenerate: python -m devcloud.translations")
        for message in catalog:
            if not message.id:
                continue
            if isinstance(message.id, (list, tuple)):
                message.string = tuple(pseudo(form) for form in message.id)
            else:
                message.string = pseudo(message.id)
        target = locale_dir / PSEUDO / "LC_MESSAGES" / f"{domain}.po"
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as handle:
            pofile.write_po(handle, catalog, width=79, omit_header=False,
                            include_previous=False)
        written.append(target)
    return written


def compile_catalogs(locale_dir=LOCALE_DIR):
    """Compile every coe-ui .po whose .mo is missing or older; returns the
    .mo files written."""
    from babel.messages import mofile, pofile  # as in write_pseudo_locale
    written = []
    for source in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        target = source.with_suffix(".mo")
        if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            continue
        with source.open("rb") as handle:
            catalog = pofile.read_po(handle)
        with target.open("wb") as handle:
            mofile.write_mo(handle, catalog)
        written.append(target)
    return written


if __name__ == "__main__":
    for path in write_pseudo_locale():
        print(path.relative_to(REPO_ROOT))
