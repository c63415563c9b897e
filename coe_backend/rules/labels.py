"""Magnum labels: the ``key=value`` text users type, and reading label values.

Text grammar: pairs are separated by commas or newlines; the key ends at the
first ``=`` so values may contain ``=``; whitespace around keys and values is
dropped, case never changes. A value that itself holds commas, newlines or
surrounding spaces is written in double quotes (``\\"`` and ``\\\\`` escape),
e.g. ``master_lb_allowed_cidrs="10.0.0.0/8,192.168.0.0/16"``; format_labels
does that, so ``parse_labels(format_labels(labels)) == labels``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from coe_backend.errors import InvalidInput
from coe_backend.i18n import _, join

_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"', re.DOTALL)
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
# oslo_utils.strutils.TRUE_STRINGS, which Magnum and its drivers use.
_TRUE_STRINGS = frozenset({"1", "t", "true", "on", "y", "yes"})


def parse_labels(text: str, *, field: str = "labels") -> dict[str, str]:
    """Parse label text into a dict; report every bad fragment at once."""
    labels: dict[str, str] = {}
    problems: list[str] = []
    for piece in _split_pairs(text):
        fragment = piece.strip()
        if not fragment:
            continue
        key, equals, raw_value = fragment.partition("=")
        key, raw_value = key.strip(), raw_value.strip()
        if not equals:
            problems.append(_(
                '"{fragment}" is not in key=value form. If it belongs to the '
                'previous value, put that whole value in double quotes.',
                fragment=fragment))
        elif not key:
            problems.append(_('"{fragment}" has no key before the "=".',
                              fragment=fragment))
        elif key in labels:
            problems.append(_('The key "{key}" is given more than once.', key=key))
        elif raw_value.startswith('"'):
            quoted = _QUOTED.fullmatch(raw_value)
            if quoted:
                labels[key] = _ESCAPE.sub(r"\1", quoted.group(1))
            else:
                problems.append(_('The quoted value of "{key}" is not closed '
                                  'properly, or has text after the closing '
                                  'quote.', key=key))
        else:
            labels[key] = raw_value
    if problems:
        raise InvalidInput({field: join(" ", problems)})
    return labels


def format_labels(labels: Mapping[str, str]) -> str:
    """Labels as text, one pair per line, quoting values that need it."""
    return "\n".join(f"{key}={_quote_if_needed(str(value))}"
                     for key, value in labels.items())


def label_is_true(labels: Mapping[str, str], key: str,
                  default: bool = False) -> bool:
    """Read a boolean label the way Magnum's drivers do."""
    return reads_true(labels.get(key), default)


def reads_true(value: str | None, default: bool = False) -> bool:
    """A label's value as oslo's bool_from_string reads it (absent or empty:
    `default`; anything it does not know: false)."""
    if value is None or str(value).strip() == "":
        return default
    return str(value).strip().lower() in _TRUE_STRINGS


def label_int(labels: Mapping[str, str], key: str) -> int | None:
    """An integer label, or None when absent. Raises ValueError if garbled."""
    value = labels.get(key)
    if value is None or str(value).strip() == "":
        return None
    return int(str(value).strip())


def effective_labels(template_labels: Mapping[str, str],
                     labels: Mapping[str, str] | None,
                     merge_labels: bool) -> dict[str, str]:
    """The labels a new cluster (or node group) ends up with.

    Mirrors Magnum: no or empty labels inherit the parent's; with
    merge_labels the given ones override the parent's; otherwise the given
    labels replace the parent's entirely.
    """
    if not labels:
        return dict(template_labels)
    if merge_labels:
        return {**template_labels, **labels}
    return dict(labels)


def _split_pairs(text: str) -> list[str]:
    """Split at commas/newlines, except inside a value's double quotes."""
    pieces: list[str] = []
    current: list[str] = []
    seen_equals = value_started = quoted = escaped = False
    for char in text:
        if quoted:
            current.append(char)
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                quoted = False
            continue
        if char in ",\n":
            pieces.append("".join(current))
            current = []
            seen_equals = value_started = False
            continue
        current.append(char)
        if char == "=" and not seen_equals:
            seen_equals = True
        elif seen_equals and not value_started and not char.isspace():
            value_started = True
            quoted = char == '"'
    pieces.append("".join(current))
    return pieces


def _quote_if_needed(value: str) -> str:
    if (value != value.strip() or value.startswith('"')
            or any(char in value for char in ",\n\r")):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"'
    return value
