"""Per-field value rules, mirroring the WSME types of Magnum's API
(magnum/api/controllers/v1/*.py): string lengths, integer bounds, enums,
booleans, DNS lists and labels. Each rule turns a user value into the value
to send, or explains what is wrong."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from coe_backend.errors import InvalidInput
from coe_backend.i18n import LazyText, Message, _, join, message_of
from coe_backend.rules.labels import parse_labels
from coe_backend.rules.node_attributes import (
    Taint, node_label_problems, parse_taints, taint_from_api, taint_problems)

# Every field a rule below may name, as people read it.
_TITLES = {
    "image_id": _("Image"),
    "flavor_id": _("Flavor"),
    "master_flavor_id": _("Master flavor"),
    "keypair_id": _("Key pair"),
    "keypair": _("Key pair"),
    "external_network_id": _("External network"),
    "fixed_network": _("Network"),
    "fixed_subnet": _("Subnet"),
    "cluster_template_id": _("Cluster template"),
    "dns_nameserver": _("DNS server"),
    "apiserver_port": _("API server port"),
    "coe": _("Orchestration engine"),
    "http_proxy": _("HTTP proxy"),
    "https_proxy": _("HTTPS proxy"),
    "no_proxy": _("No-proxy list"),
    "tls_disabled": _("Disable TLS"),
    "master_lb_enabled": _("Master load balancer"),
    "floating_ip_enabled": _("Floating IP"),
    "create_timeout": _("Creation timeout"),
    "discovery_url": _("Discovery URL"),
    "etcd_volume_size": _("etcd volume size"),
    "etcd_volume_type": _("etcd volume type"),
    "name": _("Name"),
    "network_driver": _("Network driver"),
    "volume_driver": _("Volume driver"),
    "docker_volume_size": _("Docker volume size"),
    "docker_storage_driver": _("Docker storage driver"),
    "labels": _("Labels"),
    "public": _("Public"),
    "hidden": _("Hidden"),
    "registry_enabled": _("Registry enabled"),
    "insecure_registry": _("Insecure registry"),
    "server_type": _("Server type"),
    "tags": _("Tags"),
    "driver": _("Driver"),
    "node_count": _("Node count"),
    "master_count": _("Master count"),
    "merge_labels": _("Merge labels"),
    "role": _("Role"),
    "min_node_count": _("Min node count"),
    "max_node_count": _("Max node count"),
    "node_labels": _("Node labels"),
    "node_taints": _("Node taints"),
    "boot_volume_size": _("Boot volume size"),
    "boot_volume_type": _("Boot volume type"),
    "project_id": _("Project id"),
    "hard_limit": _("Hard limit"),
}


def title(field: str) -> str | LazyText:
    """A field's name as people read it (translated when rendered)."""
    return _TITLES.get(field, field.replace("_", " ").capitalize())


class Rule(Protocol):
    def clean(self, field: str, value: Any) -> Any:
        """The value to send; raises ValueError with a user message."""


@dataclass(frozen=True)
class Text:
    min_length: int = 1
    max_length: int | None = 255
    pattern: str | None = None
    pattern_hint: str | LazyText = ""  # the whole sentence said on a mismatch

    def clean(self, field: str, value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError(_("{field} must be text.", field=title(field)))
        if len(value) < self.min_length:
            raise ValueError(_("{field} must not be empty.", field=title(field)))
        if self.max_length is not None and len(value) > self.max_length:
            raise ValueError(_("{field} must be at most {length} characters long.",
                               field=title(field), length=self.max_length))
        if self.pattern and not re.fullmatch(self.pattern, value):
            raise ValueError(self.pattern_hint)
        return value


# Magnum keeps integers in 32-bit SQL columns: a larger value fails in its
# database (an HTTP 500) after the request was accepted.
SQL_INTEGER_MAX = 2**31 - 1


@dataclass(frozen=True)
class Integer:
    minimum: int | None = None
    maximum: int | None = SQL_INTEGER_MAX

    def clean(self, field: str, value: Any) -> int:
        number = as_integer(field, value)
        if self.minimum is not None and number < self.minimum:
            raise ValueError(_("{field} must be at least {minimum}.",
                               field=title(field), minimum=self.minimum))
        if self.maximum is not None and number > self.maximum:
            raise ValueError(_("{field} must be at most {maximum}.",
                               field=title(field), maximum=self.maximum))
        return number


@dataclass(frozen=True)
class Boolean:
    def clean(self, field: str, value: Any) -> bool:
        if not isinstance(value, bool):
            raise ValueError(_("{field} must be true or false.", field=title(field)))
        return value


@dataclass(frozen=True)
class Choice:
    values: tuple[str, ...]
    note: str | LazyText = ""  # a sentence said after the choices

    def clean(self, field: str, value: Any) -> str:
        if value not in self.values:
            problem = _("{field} must be one of {choices}.", field=title(field),
                        choices=", ".join(self.values))
            raise ValueError(join(" ", (problem, self.note)) if self.note else problem)
        return value


@dataclass(frozen=True)
class DnsServers:
    """magnum.common.utils.validate_dns: IPv4 addresses, comma-separated."""

    def clean(self, field: str, value: Any) -> str:
        text = ",".join(value) if isinstance(value, (list, tuple)) else value
        if not isinstance(text, str):
            raise ValueError(_("{field} must be text.", field=title(field)))
        bad = []
        for address in text.split(","):
            try:
                ipaddress.IPv4Address(address.strip())
            except ValueError:
                bad.append(address.strip() or "(empty)")
        if bad:
            raise ValueError(_(
                "{field} must be one IPv4 address or a comma-separated list of "
                "them; not valid: {addresses}.", field=title(field),
                addresses=", ".join(bad)))
        return text


@dataclass(frozen=True)
class Tags:
    """Magnum stores tags as one comma-separated string of at most 255."""

    def clean(self, field: str, value: Any) -> str:
        if isinstance(value, (list, tuple)):
            value = ",".join(dict.fromkeys(str(tag).strip() for tag in value
                                           if str(tag).strip()))
        return Text(min_length=0).clean(field, value)


@dataclass(frozen=True)
class Labels:
    """A dict, or key=value text; values are sent as strings."""

    def clean(self, field: str, value: Any) -> dict[str, str]:
        if isinstance(value, str):
            try:
                return parse_labels(value, field=field)
            except InvalidInput as error:
                raise ValueError(error.errors[field]) from None
        if not isinstance(value, Mapping):
            raise ValueError(_("{field} must be key=value pairs.", field=title(field)))
        labels = {}
        for key, item in value.items():
            if not isinstance(key, str) or not key.strip():
                raise ValueError(_("{field} has an empty key.", field=title(field)))
            if isinstance(item, bool):
                item = "true" if item else "false"
            elif not isinstance(item, (str, int, float)):
                raise ValueError(_('The value of "{key}" must be text or a number.',
                                   key=key))
            labels[key] = str(item)
        return labels


@dataclass(frozen=True)
class NodeLabels:
    def clean(self, field: str, value: Any) -> dict[str, str]:
        labels = Labels().clean(field, value)
        problems = node_label_problems(labels)
        if problems:
            raise ValueError(join(" ", problems))
        return labels


@dataclass(frozen=True)
class NodeTaints:
    def clean(self, field: str, value: Any) -> list[dict[str, str]]:
        if isinstance(value, str):
            try:
                value = parse_taints(value)
            except InvalidInput as error:
                raise ValueError(error.message) from None
        if not isinstance(value, (list, tuple)) or not all(
                isinstance(item, (Mapping, Taint)) for item in value):
            raise ValueError(_("Taints must be a list of key, value and effect."))
        problems = taint_problems(value)
        if problems:
            raise ValueError(join(" ", problems))
        return [taint_from_api(item).as_api() for item in value]


def as_integer(field: str, value: Any) -> int:
    """Accept ints and digit strings (form input), never booleans."""
    if isinstance(value, bool):
        raise ValueError(_("{field} must be a whole number.", field=title(field)))
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    raise ValueError(_("{field} must be a whole number.", field=title(field)))


def clean_value(field: str, value: Any, rule: Rule) -> Any:
    """One field's value to send, or InvalidInput naming the field."""
    try:
        return rule.clean(field, value)
    except ValueError as problem:
        raise InvalidInput({field: message_of(problem)}) from None


def clean_fields(fields: Mapping[str, Any], rules: Mapping[str, Rule],
                 errors: dict[str, Any], kind: str) -> dict[str, Any]:
    """Apply `rules` to the fields that are set (None means not set); `kind`
    is what they are fields of (a _NOT_A_FIELD key)."""
    cleaned = {}
    for name, value in fields.items():
        rule = rules.get(name)
        if rule is None:
            errors[name] = not_a_field(name, kind)
        elif value is not None:
            try:
                cleaned[name] = rule.clean(name, value)
            except ValueError as problem:
                errors[name] = message_of(problem)
    return cleaned


# What clean_fields' `kind` may be, each its whole sentence.
_NOT_A_FIELD = {
    "cluster template": _('"{name}" is not a field of a cluster template.'),
    "cluster": _('"{name}" is not a field of a cluster.'),
    "node group": _('"{name}" is not a field of a node group.'),
}


def not_a_field(name: str, kind: str) -> Message:
    """The sentence for an unknown field `name` of a `kind` (a
    _NOT_A_FIELD key)."""
    return _NOT_A_FIELD[kind].bind(name=name)
