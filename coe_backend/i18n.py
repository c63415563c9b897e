"""Translatable messages without Django.

Every sentence coe_backend says to a person is a ``Message``: the English
msgid and its named parameters, translated each time it is turned into text
(``str()``), in the language of whoever reads it then. coe_backend makes many
of them in worker threads, where no language is active; the page that shows
one renders it in its request's language.

    _("The node count ({count}) must not be below the minimum ({low}).",
      count=3, low=5)
    ngettext_lazy("{count} node", "{count} nodes", n, count=n)

Placeholders are ``{name}`` (str.format); a parameter that is itself a
Message (or an exception) is rendered in the same language. The markers are
the keywords Django's makemessages extracts (``_`` and ``ngettext_lazy``),
so the msgids land in coe_ui's django.po with the rest of the dashboard.

Without a translator (a script using coe_backend on its own) messages are
English. coe_ui installs Django's ``gettext``/``ngettext`` (coe_ui/apps.py):
``set_translator(gettext, ngettext)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


def _english(msgid: str) -> str:
    return msgid


def _english_plural(singular: str, plural: str, count: int) -> str:
    return singular if count == 1 else plural


_gettext: Callable[[str], str] = _english
_ngettext: Callable[[str, str, int], str] = _english_plural


def set_translator(gettext: Callable[[str], str] | None,
                   ngettext: Callable[[str, str, int], str] | None) -> None:
    """Translate messages with these functions from now on (None: English).
    They are called when a message is rendered, in the rendering thread."""
    global _gettext, _ngettext
    _gettext = gettext or _english
    _ngettext = ngettext or _english_plural


class LazyText:
    """Text rendered on ``str()``; behaves like that text otherwise (compare,
    hash, ``in``, ``+``, str methods), so English callers see no difference."""

    __slots__ = ()

    def __str__(self) -> str:  # pragma: no cover - subclasses
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {str(self)!r}>"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (str, LazyText)):
            return str(self) == str(other)
        return NotImplemented

    def __lt__(self, other: object) -> bool:
        if isinstance(other, (str, LazyText)):
            return str(self) < str(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(str(self))

    def __len__(self) -> int:
        return len(str(self))

    def __bool__(self) -> bool:
        return bool(str(self))

    def __contains__(self, part: object) -> bool:
        return str(part) in str(self)

    def __add__(self, other: object) -> LazyText:
        if not isinstance(other, (str, LazyText)):
            return NotImplemented
        return Joined("", (self, other))

    def __radd__(self, other: object) -> LazyText:
        if not isinstance(other, (str, LazyText)):
            return NotImplemented
        return Joined("", (other, self))

    def __getattr__(self, name: str) -> Any:
        # str's methods (endswith, lower, ...) on the rendered text; nothing
        # else, so copying and pickling see a plain object.
        if name.startswith("_") or not hasattr(str, name):
            raise AttributeError(name)
        return getattr(str(self), name)


def render(value: Any) -> Any:
    """A message parameter as its text (messages and errors in the current
    language), other values unchanged."""
    if isinstance(value, (LazyText, BaseException)):
        return str(value)
    return value


class Message(LazyText):
    """A msgid (with its plural and count) and named parameters."""

    __slots__ = ("msgid", "plural", "count", "params")

    def __init__(self, msgid: str, params: dict[str, Any] | None = None, *,
                 plural: str | None = None, count: int | None = None):
        self.msgid = msgid
        self.plural = plural
        self.count = count
        self.params = params or {}

    def __str__(self) -> str:
        if self.plural is None:
            text = _gettext(self.msgid)
        else:
            text = _ngettext(self.msgid, self.plural, self.count or 0)
        if not self.params:
            return text
        values = {name: render(value) for name, value in self.params.items()}
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            # A translation with a placeholder the msgid lacks (or a stray
            # brace): the English sentence rather than an error page.
            english = self.msgid if self.plural is None or self.count == 1 else self.plural
            return english.format(**values)

    def bind(self, **params: Any) -> Message:
        """This message with (more) parameters: for a sentence kept in a
        table and completed where it is said."""
        return Message(self.msgid, {**self.params, **params},
                       plural=self.plural, count=self.count)

    def __reduce__(self):  # pickles (caches) without the slots' machinery
        return (_rebuild, (self.msgid, self.params, self.plural, self.count))


def _rebuild(msgid, params, plural, count):
    return Message(msgid, params, plural=plural, count=count)


class Joined(LazyText):
    """Texts (messages or plain strings) joined by a separator when
    rendered: sentences one after the other, each translated whole."""

    __slots__ = ("separator", "parts")

    def __init__(self, separator: str, parts: Iterable[Any]):
        self.separator = separator
        self.parts = tuple(parts)

    def __str__(self) -> str:
        return self.separator.join(str(part) for part in self.parts)

    def __reduce__(self):
        return (Joined, (self.separator, self.parts))


def message_of(error: BaseException) -> Any:
    """The message an exception was raised with, still lazy
    (``ValueError(_("..."))``); ``str(error)`` would render it now."""
    if len(error.args) == 1 and isinstance(error.args[0], (str, LazyText)):
        return error.args[0]
    return str(error)


def _(msgid: str, **params: Any) -> Message:
    """Mark `msgid` (a whole sentence) for translation, with its ``{name}``
    parameters; translated when rendered."""
    return Message(msgid, params)


def ngettext_lazy(singular: str, plural: str, count: int,
                  **params: Any) -> Message:
    """The singular or plural form for `count` (also available as
    ``{count}``), translated when rendered."""
    return Message(singular, {"count": count, **params}, plural=plural,
                   count=count)


def join(separator: str, parts: Iterable[Any]) -> Joined:
    """Sentences (or list items) joined lazily: ``join(" ", problems)``."""
    return Joined(separator, parts)


gettext_lazy = _
