"""Kubernetes node labels and taints of a node group (Magnum API 1.14).

The restrictions mirror magnum/api/controllers/v1/nodegroup.py: the kubelet
refuses to self-apply labels in the kubernetes.io/ and k8s.io/ namespaces
except a few, and a taint is {key, optional value, effect}.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from coe_backend.errors import InvalidInput
from coe_backend.i18n import LazyText, _

TAINT_EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")
_TAINT_FIELDS = frozenset({"key", "value", "effect"})

_KUBELET_ALLOWED_LABEL_NAMESPACES = ("kubelet.kubernetes.io",
                                     "node.kubernetes.io")
_KUBELET_ALLOWED_LABELS = frozenset({
    "beta.kubernetes.io/arch",
    "beta.kubernetes.io/instance-type",
    "beta.kubernetes.io/os",
    "failure-domain.beta.kubernetes.io/region",
    "failure-domain.beta.kubernetes.io/zone",
    "kubernetes.io/arch",
    "kubernetes.io/hostname",
    "kubernetes.io/os",
    "node.kubernetes.io/instance-type",
    "node.kubernetes.io/windows-build",
    "topology.kubernetes.io/region",
    "topology.kubernetes.io/zone",
})

# Kubernetes' own syntax for label keys and values. Magnum does not check it,
# but a kubelet given a malformed label fails to start and the node never
# joins, so it is refused here.
_NAME = re.compile(r"^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")
_PREFIX = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?"
                     r"(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_VALUE = re.compile(r"^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$")
_TAINT_TEXT = re.compile(r"^(?P<key>[^=:\s]+)(=(?P<value>[^:\s]*))?"
                         r":(?P<effect>\w+)$")


@dataclass(frozen=True)
class Taint:
    key: str
    effect: str
    value: str | None = None

    def as_api(self) -> dict[str, str]:
        body = {"key": self.key, "effect": self.effect}
        if self.value is not None:
            body["value"] = self.value
        return body

    def __str__(self) -> str:
        value = "" if self.value is None else f"={self.value}"
        return f"{self.key}{value}:{self.effect}"


def parse_taints(text: str) -> list[Taint]:
    """Parse kubectl-style taints, "key=value:Effect" or "key:Effect",
    separated by commas or newlines. Returns them unchecked; see
    taint_problems() for the checks."""
    taints, bad = [], []
    for fragment in re.split(r"[,\n]", text):
        fragment = fragment.strip()
        if not fragment:
            continue
        match = _TAINT_TEXT.match(fragment)
        if match:
            taints.append(Taint(match.group("key"), match.group("effect"),
                                match.group("value")))
        else:
            bad.append(fragment)
    if bad:
        raise InvalidInput({"node_taints": _(
            "Write each taint as key=value:Effect or key:Effect; these are "
            "not: {taints}.", taints=", ".join(f'"{item}"' for item in bad))})
    return taints


def format_taints(taints: Iterable[Taint]) -> str:
    return "\n".join(str(taint) for taint in taints)


def taint_from_api(item: Mapping[str, Any] | Taint) -> Taint:
    if isinstance(item, Taint):
        return item
    value = item.get("value")
    return Taint(key=str(item.get("key") or ""),
                 effect=str(item.get("effect") or ""),
                 value=None if value is None else str(value))


def node_label_problems(labels: Mapping[str, str]) -> list[LazyText]:
    """Why these node labels would be refused (empty list when fine)."""
    problems = []
    for key, value in labels.items():
        prefix, slash, name = key.rpartition("/")
        if not _NAME.match(name) or (slash and not _valid_prefix(prefix)):
            problems.append(_(
                '"{key}" is not a valid Kubernetes label key (an optional '
                'DNS-style prefix and "/", then up to 63 letters, digits, '
                '"-", "_" or ".", starting and ending with a letter or '
                "digit).", key=key))
        elif _is_restricted(key):
            problems.append(_(
                '"{key}" is in a namespace the kubelet may not set '
                "(kubernetes.io/, k8s.io/); use a prefix of {first} or {second}, "
                "or your own prefix.", key=key,
                first=_KUBELET_ALLOWED_LABEL_NAMESPACES[0],
                second=_KUBELET_ALLOWED_LABEL_NAMESPACES[1]))
        if not _VALUE.match(str(value)):
            problems.append(_(
                'The value "{value}" of "{key}" is not a valid Kubernetes '
                "label value (up to 63 letters, digits, \"-\", \"_\" or "
                '".", starting and ending with a letter or digit).',
                value=value, key=key))
    return problems


def taint_problems(taints: Iterable[Mapping[str, Any] | Taint]
                   ) -> list[LazyText]:
    """Why these taints would be refused (empty list when fine)."""
    problems = []
    for index, item in enumerate(taints, start=1):
        if isinstance(item, Mapping):
            unknown = sorted(set(item) - _TAINT_FIELDS)
            if unknown:
                problems.append(_("Taint {index} has unknown fields {fields}; "
                                  "only key, value and effect are allowed.",
                                  index=index, fields=", ".join(unknown)))
                continue
        taint = taint_from_api(item)
        if not taint.key:
            problems.append(_("Taint {index} needs a key.", index=index))
        if taint.effect not in TAINT_EFFECTS:
            problems.append(_('Taint {index} has effect "{effect}"; it must be '
                              "one of {effects}.", index=index,
                              effect=taint.effect,
                              effects=", ".join(TAINT_EFFECTS)))
    return problems


def _valid_prefix(prefix: str) -> bool:
    return len(prefix) <= 253 and bool(_PREFIX.match(prefix))


def _is_restricted(key: str) -> bool:
    prefix, slash, _name = key.partition("/")
    if not slash:
        return False
    restricted = (prefix in ("kubernetes.io", "k8s.io")
                  or prefix.endswith((".kubernetes.io", ".k8s.io")))
    return (restricted and prefix not in _KUBELET_ALLOWED_LABEL_NAMESPACES
            and key not in _KUBELET_ALLOWED_LABELS)
