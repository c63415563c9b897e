"""The label catalog: what each Magnum label does, its type, what each driver
does without it, whether it can change after create, and which drivers read
it. The built-in entries are in rules/driver_labels.py; operators extend or
override them (``LabelCatalog.extended``, coe_ui's LABEL_CATALOG setting).

Drivers read labels as text and forgive nothing loudly: oslo's
``bool_from_string`` makes "ture" false and magnum-capi-helm's int reader
makes "abc" its default, without a word. So a value that does not read as
its label's type is refused before create (``check_values``), not warned.
"""

from __future__ import annotations

import enum
import ipaddress
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from coe_backend.errors import InvalidInput
from coe_backend.i18n import LazyText, _, join
from coe_backend.rules.drivers import DriverFamily, driver_family
from coe_backend.rules.labels import label_is_true, reads_true

# oslo_utils.strutils' TRUE_STRINGS and FALSE_STRINGS: all a driver reads as a boolean.
_BOOLEAN_STRINGS = frozenset({"1", "t", "true", "on", "y", "yes",
                              "0", "f", "false", "off", "n", "no"})
# The drivers that read only the labels they register (magnum-capi-helm's
# _label() refuses any other name); the others read labels by name.
_CLOSED_FAMILIES = frozenset({DriverFamily.CAPI_HELM})
_INTEGER = re.compile(r"\+?[0-9]+")  # no label counts below 0


class LabelType(enum.StrEnum):
    BOOL = "bool"
    INT = "int"
    STR = "str"
    CIDR = "cidr"
    CHOICE = "choice"


@dataclass(frozen=True)
class LabelEntry:
    name: str
    type: LabelType = LabelType.STR
    description: str | LazyText = ""
    # The families that read it; empty: not said (offered to every driver
    # that reads labels by name, never called ignored by one).
    drivers: frozenset[DriverFamily] = frozenset()
    # What each driver does when the label is absent (its own default).
    defaults: Mapping[DriverFamily, str] = field(default_factory=dict)
    values: tuple[str, ...] = ()  # a CHOICE's
    immutable: bool = False       # set at create, cannot be changed later
    site_default: str | None = None  # the operator's, for every driver that reads it

    def read_by(self, family: DriverFamily) -> bool:
        if self.drivers:
            return family in self.drivers or family is DriverFamily.OTHER
        return family not in _CLOSED_FAMILIES

    def default(self, family: DriverFamily) -> str | None:
        """Its value when absent: the site's, else the driver's own."""
        if self.site_default is not None:
            return self.site_default
        return self.defaults.get(family)

    @property
    def type_hint(self) -> LazyText:
        if self.type is LabelType.CHOICE:
            return _("one of {values}", values=", ".join(self.values))
        return _TYPE_HINTS[self.type]

    def problem(self, value: str) -> LazyText | None:
        """Why `value` is not one of this label's, or None."""
        text = value.strip()
        if not text or _reads_as(self, text):
            return None
        return _('The label {name} takes {expected}; "{value}" is not that.',
                 name=self.name, expected=self.type_hint, value=value)


_TYPE_HINTS = {
    LabelType.BOOL: _("true or false"),
    LabelType.INT: _("a whole number, 0 or more"),
    LabelType.STR: _("text"),
    LabelType.CIDR: _("a network in CIDR form, e.g. 10.0.0.0/24"),
}


def _reads_as(entry: LabelEntry, text: str) -> bool:
    if entry.type is LabelType.BOOL:
        return text.lower() in _BOOLEAN_STRINGS
    if entry.type is LabelType.INT:
        return _INTEGER.fullmatch(text) is not None
    if entry.type is LabelType.CIDR:  # Neutron refuses host bits set: strict
        try:
            ipaddress.ip_network(text)
        except ValueError:
            return False
        return "/" in text
    if entry.type is LabelType.CHOICE:
        return text in entry.values
    return True


@dataclass(frozen=True)
class LabelCatalog:
    entries: Mapping[str, LabelEntry]
    # What the operator's setting got wrong; those entries were left out.
    problems: tuple[LazyText, ...] = ()

    def for_driver(self, family: DriverFamily) -> list[LabelEntry]:
        """The labels to offer for clusters of `family`, by name (OTHER, a
        driver not known: every label)."""
        return [entry for name, entry in sorted(self.entries.items())
                if entry.read_by(family)]

    def default(self, name: str, family: DriverFamily) -> str | None:
        entry = self.entries.get(name)
        return entry.default(family) if entry else None

    def is_true(self, labels: Mapping[str, str], name: str, family: DriverFamily) -> bool:
        """A boolean label as `family`'s driver reads it, its default when absent."""
        return label_is_true(labels, name, default=reads_true(self.default(name, family)))

    def check_values(self, labels: Mapping[str, str], field_name: str = "labels") -> None:
        """Raise InvalidInput naming each label whose value is not of its type."""
        problems = [problem for name, value in labels.items()
                    if name in self.entries
                    and (problem := self.entries[name].problem(str(value)))]
        if problems:
            raise InvalidInput({field_name: join(" ", problems)})

    def ignored(self, labels: Iterable[str], family: DriverFamily) -> tuple[str, ...]:
        """The labels of `labels` the driver of `family` never reads, sorted:
        for magnum-capi-helm every label it does not register; for the
        others, the labels the catalog knows only other drivers to read."""
        def read(name: str) -> bool:
            entry = self.entries.get(name)
            if entry is None:
                return family not in _CLOSED_FAMILIES
            return entry.read_by(family)
        return tuple(sorted(name for name in labels if not read(name)))

    def ignored_warning(self, labels: Iterable[str], family: DriverFamily) -> LazyText | None:
        """A sentence naming the labels `family`'s driver ignores, or None."""
        ignored = self.ignored(labels, family)
        if not ignored:
            return None
        if family is DriverFamily.CAPI_HELM:
            return _("magnum-capi-helm reads only the labels its configuration registers and "
                     "ignores the others without a word: {labels}. They will have no effect "
                     "(its Kubernetes version is the image's kube_version, not kube_tag).",
                     labels=", ".join(ignored))
        return _("The {driver} driver does not read these labels, so they will have no "
                 "effect: {labels}.", driver=family.label or family.value,
                 labels=", ".join(ignored))

    def immutable_changes(self, before: Mapping[str, str], after: Mapping[str, str],
                          family: DriverFamily) -> tuple[str, ...]:
        """The labels set at create that differ between `before` and `after`."""
        return tuple(sorted(
            name for name in before.keys() | after.keys()
            if before.get(name) != after.get(name) and name in self.entries
            and self.entries[name].immutable and self.entries[name].read_by(family)))

    def extended(self, setting: Mapping[str, Any] | None) -> LabelCatalog:
        """This catalog with an operator's entries: ``{"label": "what it does"}``
        (a description), ``{"label": {"description", "type", "values",
        "default", "drivers", "immutable"}}`` (any of them; unsaid ones keep
        the built-in entry's), or ``{"label": None}`` (not offered). An entry
        that cannot be read is left out and named in ``problems``."""
        entries, problems = dict(self.entries), list(self.problems)
        if not isinstance(setting, Mapping):
            if setting is not None:
                problems.append(_("LABEL_CATALOG must be a dictionary of labels."))
            return LabelCatalog(entries, tuple(problems))
        for name, given in setting.items():
            if given is None:
                entries.pop(str(name), None)
                continue
            try:
                entries[str(name)] = _operator_entry(entries.get(str(name)), str(name), given)
            except ValueError as error:
                problems.append(_("LABEL_CATALOG entry {name} is left out: {reason}",
                                  name=name, reason=error.args[0]))
        return LabelCatalog(entries, tuple(problems))


_SETTING_KEYS = frozenset({"description", "type", "values", "default", "drivers", "immutable"})


def _operator_entry(entry: LabelEntry | None, name: str, given: Any) -> LabelEntry:
    entry = entry or LabelEntry(name)
    if not isinstance(given, Mapping):  # the flat form: a description (maybe lazy)
        if isinstance(given, (bool, int, float, list, tuple, set, frozenset)):
            raise ValueError(_("give a description, or a dictionary of {keys}.",
                               keys=", ".join(sorted(_SETTING_KEYS))))
        return replace(entry, description=given)
    unknown = set(given) - _SETTING_KEYS
    if unknown:
        raise ValueError(_("unknown keys {keys}.", keys=", ".join(sorted(map(str, unknown)))))
    changes: dict[str, Any] = {}
    if "type" in given:
        try:
            changes["type"] = LabelType(given["type"])
        except ValueError:
            raise ValueError(_('its type "{type}" is none of {types}.', type=given["type"],
                               types=", ".join(LabelType))) from None
    if "values" in given:
        changes["values"] = tuple(str(value) for value in given["values"])
    if "drivers" in given:
        changes["drivers"] = frozenset(_family(driver) for driver in given["drivers"])
    if "immutable" in given:
        changes["immutable"] = bool(given["immutable"])
    if "description" in given:
        changes["description"] = given["description"]
    entry = replace(entry, **changes)
    if entry.type is LabelType.CHOICE and not entry.values:
        raise ValueError(_("a choice needs its values."))
    if given.get("default") is not None:
        default = str(given["default"])
        wrong = entry.problem(default)
        if wrong:
            raise ValueError(wrong)
        entry = replace(entry, site_default=default)
    return entry


def _family(name: Any) -> DriverFamily:
    try:
        return DriverFamily(name)
    except ValueError:
        family = driver_family(str(name))  # an entry-point name, e.g. k8s_capi_helm_v1
    if family is DriverFamily.OTHER:
        raise ValueError(_('the driver "{driver}" is none of {families}.', driver=name,
                           families=", ".join(f.value for f in DriverFamily
                                              if f is not DriverFamily.OTHER)))
    return family
