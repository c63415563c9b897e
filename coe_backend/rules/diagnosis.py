"""Turn a failed or unhealthy cluster's messages into a short explanation
and the next step for the user.

The text comes from ``status_reason``, ``faults`` (per node group, on a
failed cluster), node-group ``status_reason`` and ``health_status_reason``;
drivers pass OpenStack errors through, so known phrases identify the cause.

The Cluster API drivers never fail a create or an update on an
infrastructure error: the cluster stays ``*_IN_PROGRESS`` while Cluster API
retries, and only the driver's own forms say what is wrong (``blocked_by``):
magnum-cluster-api's ``status_reason`` "CAPI Cluster status: <reason>:
<message>. CAPI OpenstackCluster status reason: <reason>: <message>" (the
last Kubernetes event of each), magnum-capi-helm's ``health_status_reason``
``{cluster, infrastructure, controlplane, nodegroup}``, whose
``infrastructure`` holds CAPO's "<failureReason>: <failureMessage>".
Node-group work they cannot do (servers that cannot be built) shows only in
health: magnum-cluster-api's machines ``"<machine>.Ready": "False"``,
magnum-capi-helm's ``nodegroup`` "<group> waiting on [...]"; machines that
are merely booting look the same, so that is not called blocked, and the
time-based ``is_stalled`` applies.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

from coe_backend.i18n import LazyText, _
from coe_backend.models import Cluster, NodeGroup
from coe_backend.rules.node_servers import reported_nodes, waiting_groups


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


# What to do while a Cluster API driver keeps retrying: no need to create
# the cluster again, it carries on once the cause is gone.
_WHILE_RETRYING: dict[Category, LazyText] = {
    Category.QUOTA: _(
        "Free resources (delete unused networks, servers, volumes or floating "
        "IPs) or ask your administrator for more quota. The driver keeps "
        "retrying: the cluster carries on by itself once there is room."),
}
_RETRYING = _("The driver keeps retrying and Magnum will not mark the cluster "
              "failed: fix the cause the messages below name and the cluster "
              "carries on by itself, or delete it.")

_STILL_BUILDING = _(
    "Cluster API keeps trying to build them, and Magnum will not mark the "
    "change failed. If it lasts, check that the project's quota (instances, "
    "cores, RAM) has room for the group's flavor and size: the cluster "
    "carries on by itself once the servers can be built. A group being "
    "added can also be deleted.")

_MCAPI_REASON = re.compile(r"CAPI Cluster status: (?P<cluster>.*?)\. "
                           r"CAPI OpenstackCluster status reason: (?P<infra>.*)", re.DOTALL)
# An event whose reason (the word before its ": ") says it failed.
_FAILED_EVENT = re.compile(r"\s*\w*(fail|error)\w*: ", re.IGNORECASE)
_CAPI_HELM_PARTS = ("cluster", "infrastructure", "controlplane", "nodegroup")
# magnum-capi-helm's infrastructure values that only mean "not there yet".
_CAPI_HELM_WAITING = frozenset(("Ready", "Infrastructure not ready.",
                                "Infrastructure resource not found."))


def blocked_by(cluster: Cluster) -> str | None:
    """What a Cluster API driver reports failing while `cluster` is still
    in progress (a blocked create or update), or None."""
    if not cluster.is_busy or cluster.is_deleting:
        return None
    found = _MCAPI_REASON.search(cluster.status_reason or "")
    if found:
        for event in (found["infra"], found["cluster"]):
            if _FAILED_EVENT.match(event):
                return event.strip()
    infrastructure = cluster.health_status_reason.get("infrastructure")
    if infrastructure and infrastructure not in _CAPI_HELM_WAITING:
        return f"infrastructure: {infrastructure}"
    return None


def diagnose(cluster: Cluster,
             node_groups: Sequence[NodeGroup] | None = None) -> Diagnosis:
    """Classify why `cluster` failed, is unhealthy or is blocked."""
    details = _messages(cluster, node_groups or ())
    text = "\n".join(details)
    retrying = blocked_by(cluster) is not None
    for category, pattern, summary, next_step in _CAUSES:
        if pattern.search(text):
            if retrying:
                next_step = _WHILE_RETRYING.get(category, _RETRYING)
            return Diagnosis(category, summary, next_step, details)
    if retrying:
        return Diagnosis(
            Category.UNKNOWN,
            _("Cluster API reports a failure while the cluster is still in progress."),
            _RETRYING, details)
    health = cluster.health_status_reason
    not_ready = sorted(name for name, ready in reported_nodes(health).items() if not ready)
    groups = waiting_groups(health)
    if not_ready or groups:
        summary = (_("These nodes are not ready: {nodes}.", nodes=", ".join(not_ready))
                   if not_ready else
                   _("These node groups are not ready: {groups}.", groups=", ".join(groups)))
        # A Cluster API driver never fails a node group whose servers it
        # cannot build: the group and the cluster stay in progress.
        return Diagnosis(Category.UNKNOWN, summary, _STILL_BUILDING if cluster.is_busy else _(
            "Look at the nodes with kubectl (describe node) or replace them "
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
    from its last update (or creation), or is blocked (``blocked_by``): a
    Cluster API driver updates it on each retry."""
    since = cluster.updated_at or cluster.created_at
    if not cluster.is_busy:
        return False
    if blocked_by(cluster) is not None:
        return True
    if since is None:
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
    messages += [f"{part}: {health[part]}" for part in _CAPI_HELM_PARTS
                 if health.get(part) not in (None, "Ready")]
    return list(dict.fromkeys(messages))
