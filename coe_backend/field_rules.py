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
from coe_backend.labels import parse_labels
from coe_backend.node_attributes import (
    Taint, node_label_problems, parse_taints, taint_from_api, taint_problems)

_TITLES = {
    "image_id": "Image", "flavor_id": "Flavor",
    "master_flavor_id": "Master flavor", "keypair_id": "Key pair",
    "keypair": "Key pair", "external_network_id": "External network",
    "fixed_network": "Network", "fixed_subnet": "Subnet",
    "cluster_template_id": "Cluster template", "dns_nameserver": "DNS server",
    "apiserver_port": "API server port", "coe": "Orchestration engine",
    "http_proxy": "HTTP proxy", "https_proxy": "HTTPS proxy",
    "no_proxy": "No-proxy list", "tls_disabled": "Disable TLS",
    "master_lb_enabled": "Master load balancer",
    "floating_ip_enabled": "Floating IP", "create_timeout": "Creation timeout",
    "discovery_url": "Discovery URL",
    "etcd_volume_size": "etcd volume size", "etcd_volume_type": "etcd volume type",
}


def title(field: str) -> str:
    """A field's name as people read it."""
    return _TITLES.get(field, field.replace("_", " ").capitalize())


class Rule(Protocol):
    def clean(self, field: str, value: Any) -> Any:
        """The value to send; raises ValueError with a user message."""


@dataclass(frozen=True)
class Text:
    min_length: int = 1
    max_length: int | None = 255
    pattern: str | None = None
    pattern_hint: str = ""

    def clean(self, field: str, value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError(f"{title(field)} must be text.")
        if len(value) < self.min_length:
            raise ValueError(f"{title(field)} must not be empty.")
        if self.max_length is not None and len(value) > self.max_length:
            raise ValueError(f"{title(field)} must be at most "
                             f"{self.max_length} characters long.")
        if self.pattern and not re.fullmatch(self.pattern, value):
            raise ValueError(f"{title(field)} {self.pattern_hint}")
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
            raise ValueError(f"{title(field)} must be at least "
                             f"{self.minimum}.")
        if self.maximum is not None and number > self.maximum:
            raise ValueError(f"{title(field)} must be at most "
                             f"{self.maximum}.")
        return number


@dataclass(frozen=True)
class Boolean:
    def clean(self, field: str, value: Any) -> bool:
        if not isinstance(value, bool):
            raise ValueError(f"{title(field)} must be true or false.")
        return value


@dataclass(frozen=True)
class Choice:
    values: tuple[str, ...]
    note: str = ""

    def clean(self, field: str, value: Any) -> str:
        if value not in self.values:
            raise ValueError(f"{title(field)} must be one of "
                             f"{', '.join(self.values)}.{self.note}")
        return value


@dataclass(frozen=True)
class DnsServers:
    """magnum.common.utils.validate_dns: IPv4 addresses, comma-separated."""

    def clean(self, field: str, value: Any) -> str:
        text = ",".join(value) if isinstance(value, (list, tuple)) else value
        if not isinstance(text, str):
            raise ValueError(f"{title(field)} must be text.")
        bad = []
        for address in text.split(","):
            try:
                ipaddress.IPv4Address(address.strip())
            except ValueError:
                bad.append(address.strip() or "(empty)")
        if bad:
            raise ValueError(
                f"{title(field)} must be one IPv4 address or a comma-"
                f"separated list of them; not valid: {', '.join(bad)}.")
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
            raise ValueError(f"{title(field)} must be key=value pairs.")
        labels = {}
        for key, item in value.items():
            if not isinstance(key, str) or not key.strip():
                raise ValueError(f"{title(field)} has an empty key.")
            if isinstance(item, bool):
                item = "true" if item else "false"
            elif not isinstance(item, (str, int, float)):
                raise ValueError(f'The value of "{key}" must be text or a '
                                 "number.")
            labels[key] = str(item)
        return labels


@dataclass(frozen=True)
class NodeLabels:
    def clean(self, field: str, value: Any) -> dict[str, str]:
        labels = Labels().clean(field, value)
        problems = node_label_problems(labels)
        if problems:
            raise ValueError(" ".join(problems))
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
            raise ValueError("Taints must be a list of key, value and effect.")
        problems = taint_problems(value)
        if problems:
            raise ValueError(" ".join(problems))
        return [taint_from_api(item).as_api() for item in value]


def as_integer(field: str, value: Any) -> int:
    """Accept ints and digit strings (form input), never booleans."""
    if isinstance(value, bool):
        raise ValueError(f"{title(field)} must be a whole number.")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    raise ValueError(f"{title(field)} must be a whole number.")


def clean_value(field: str, value: Any, rule: Rule) -> Any:
    """One field's value to send, or InvalidInput naming the field."""
    try:
        return rule.clean(field, value)
    except ValueError as problem:
        raise InvalidInput({field: str(problem)}) from None


def clean_fields(fields: Mapping[str, Any], rules: Mapping[str, Rule],
                 errors: dict[str, str], kind: str) -> dict[str, Any]:
    """Apply `rules` to the fields that are set (None means not set)."""
    cleaned = {}
    for name, value in fields.items():
        rule = rules.get(name)
        if rule is None:
            errors[name] = f'"{name}" is not a field of a {kind}.'
        elif value is not None:
            try:
                cleaned[name] = rule.clean(name, value)
            except ValueError as problem:
                errors[name] = str(problem)
    return cleaned
