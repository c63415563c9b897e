"""Turn a failed or unhealthy cluster's messages into a short explanation
and the next step for the user.

The text comes from ``status_reason``, ``faults`` (per node group, on a
failed cluster), node-group ``status_reason`` and ``health_status_reason``;
drivers pass OpenStack errors through, so known phrases identify the cause.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

from coe_backend.i18n import LazyText, _
from coe_backend.models import Cluster, NodeGroup


class Category(enum.StrEnum):
    QUOTA = "quota"
    CAPACITY = "capacity"
    IMAGE = "image"
    NETWORK = "network"
    AUTH = "auth"
    TIMEOUT = "timeout"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Diagnosis:
    category: Category
    summary: LazyText  # translated when rendered, like every message
    next_step: LazyText
    details: list[str] = field(default_factory=list)  # the messages read


# Checked in order: a quota message may also mention the network, and an
# authorization failure may mention the image it could not read.
_CAUSES: tuple[tuple[Category, re.Pattern[str], LazyText, LazyText], ...] = tuple(
    (category, re.compile(pattern, re.IGNORECASE), summary, next_step)
    for category, pattern, summary, next_step in (
        (Category.QUOTA,
         r"quota exceeded|overquota|over quota|exceeds? .*quota|"
         r"resource limit exceeded|maximum clusters per project",
         _("The project ran out of quota while building the cluster."),
         _("Free resources (delete unused servers, volumes or floating IPs) or "
           "ask your administrator for more quota, then delete this cluster "
           "and create it again.")),
        (Category.CAPACITY,
         r"no valid host|novalidhost|insufficient .*resources|"
         r"not enough hosts",
         _("The cloud had no room for the requested servers."),
         _("Try a smaller flavor, fewer nodes or another availability zone, or "
           "retry later.")),
        (Category.AUTH,
         r"\b401\b|\b403\b|unauthori[sz]ed|forbidden|application credential|"
         r"\btrust\b|authentication",
         _("The cluster's credentials were refused by the cloud."),
         _("If your role or the application credential changed, rotate the "
           "cluster's credentials; otherwise ask your administrator.")),
        (Category.TIMEOUT,
         r"timed out|timeout",
         _("Building the cluster took longer than allowed."),
         _("Check the cloud's health, then delete the cluster and create it "
           "again, possibly with a longer creation timeout.")),
        (Category.IMAGE,
         r"\bimage\b|os_distro",
         _("The node image could not be used."),
         _("Check that the template's image exists, is active, is visible to "
           "your project and has the os_distro property.")),
        (Category.NETWORK,
         r"network|subnet|router|floating ?ip|\bport\b|load ?balancer|"
         r"octavia",
         _("The cluster's network could not be set up."),
         _("Check the template's external network, fixed network and subnet, "
           "and that a router connects them.")),
    ))


def diagnose(cluster: Cluster,
             node_groups: Sequence[NodeGroup] | None = None) -> Diagnosis:
    """Classify why `cluster` failed or is unhealthy."""
    details = _messages(cluster, node_groups or ())
    text = "\n".join(details)
    for category, pattern, summary, next_step in _CAUSES:
        if pattern.search(text):
            return Diagnosis(category, summary, next_step, details)
    not_ready = sorted(key[:-len(".Ready")]
                       for key, value in cluster.health_status_reason.items()
                       if key.endswith(".Ready") and value != "True")
    if not_ready:
        return Diagnosis(
            Category.UNKNOWN,
            _("These nodes are not ready: {nodes}.", nodes=", ".join(not_ready)),
            _("Look at the nodes with kubectl (describe node) or replace them "
              "by resizing the node group down and up."), details)
    return Diagnosis(
        Category.UNKNOWN,
        _("Magnum did not say what went wrong.") if not details else
        _("The failure does not match a known cause."),
        _("Read the messages below; if they do not help, give your cloud "
          "administrator the cluster's ID."), details)


def is_stalled(cluster: Cluster, now: datetime,
               expected_seconds: float) -> bool:
    """True if the cluster has been busy longer than expected, counting
    from its last update (or creation)."""
    since = cluster.updated_at or cluster.created_at
    if not cluster.is_busy or since is None:
        return False
    if since.tzinfo is None:  # Magnum's timestamps are UTC
        since = since.replace(tzinfo=timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    return (now - since).total_seconds() > expected_seconds


def _messages(cluster: Cluster, node_groups: Sequence[NodeGroup]) -> list[str]:
    messages = []
    if cluster.status_reason:
        messages.append(cluster.status_reason)
    messages += [f"{name}: {reason}" for name, reason in cluster.faults.items()
                 if reason]
    messages += [f"{group.name}: {group.status_reason}"
                 for group in node_groups
                 if group.is_failed and group.status_reason]
    health = cluster.health_status_reason
    if health.get("api") not in (None, "ok"):
        messages.append(f"api: {health['api']}")
    return list(dict.fromkeys(messages))
