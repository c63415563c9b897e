"""Magnum API microversions: parsing, the negotiated choice, and the features
each version unlocks (magnum/api/rest_api_version_history.rst)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from coe_backend.errors import Unsupported
from coe_backend.i18n import LazyText, _

_VERSION = re.compile(r"^(\d+)\.(\d+)$")


@dataclass(frozen=True, order=True)
class APIVersion:
    major: int
    minor: int

    @classmethod
    def parse(cls, text: str) -> APIVersion:
        """Parse "1.10". Raises ValueError for anything else."""
        match = _VERSION.match(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not an API version like 1.10")
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"


# Without a header Magnum answers as 1.1; 1.14 is the newest we know.
BASE_VERSION = APIVersion(1, 1)
CLIENT_MAX_VERSION = APIVersion(1, 14)

RESIZE = APIVersion(1, 7)
UPGRADE = APIVersion(1, 8)
NODE_GROUPS = APIVersion(1, 9)
ZERO_NODE_CLUSTERS = APIVersion(1, 10)
CREDENTIAL_ROTATION = APIVersion(1, 12)
CLUSTER_ID_FIELD = APIVersion(1, 13)
NODE_LABELS_AND_TAINTS = APIVersion(1, 14)


@dataclass(frozen=True)
class Features:
    """What the negotiated microversion allows."""

    node_groups: bool
    resize: bool
    upgrade: bool
    zero_node_clusters: bool
    credential_rotation: bool
    cluster_id_field: bool
    node_labels_and_taints: bool

    @classmethod
    def for_version(cls, version: APIVersion) -> Features:
        return cls(
            node_groups=version >= NODE_GROUPS,
            resize=version >= RESIZE,
            upgrade=version >= UPGRADE,
            zero_node_clusters=version >= ZERO_NODE_CLUSTERS,
            credential_rotation=version >= CREDENTIAL_ROTATION,
            cluster_id_field=version >= CLUSTER_ID_FIELD,
            node_labels_and_taints=version >= NODE_LABELS_AND_TAINTS,
        )


def require(negotiated: APIVersion, needed: APIVersion,
            what: str | LazyText) -> None:
    """Raise Unsupported, naming the version, when `what` needs `needed`."""
    if negotiated < needed:
        raise Unsupported(_(
            "{what} needs Magnum API version {needed}, but this cloud (or the "
            "configured ceiling) only offers {negotiated}. Ask your cloud "
            "administrator to upgrade Magnum.", what=what, needed=str(needed),
            negotiated=str(negotiated)))


def server_maximum(headers: Mapping[str, str], body: Any) -> APIVersion:
    """Read Magnum's maximum microversion from a version answer.

    The /v1 endpoint says it in the OpenStack-API-Maximum-Version header,
    whose service token changed across releases ("container-infra 1.12",
    "container-infrastructure-management 1.14"), so only the last token is
    read. The root document has it as versions[].max_version instead. A
    Magnum too old to say either speaks only the base version.
    """
    header = headers.get("OpenStack-API-Maximum-Version") or ""
    candidates = [header.split()[-1]] if header.split() else []
    if isinstance(body, Mapping):
        documents = body.get("versions") or [body]
        candidates += [str(doc["max_version"]) for doc in documents
                       if isinstance(doc, Mapping) and doc.get("max_version")]
    for text in candidates:
        try:
            return APIVersion.parse(text)
        except ValueError:
            continue
    return BASE_VERSION
