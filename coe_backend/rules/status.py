"""Magnum's status values and which operations each state allows.

The allowed-state tables are copied from Magnum's conductor
(magnum/conductor/handlers/*_conductor.py). Most writes there are
fire-and-forget casts: a request in the wrong state is accepted by the API
and silently dropped, so coe_backend checks these tables before calling.
"""

from __future__ import annotations

import enum

from coe_backend.i18n import LazyText, _, join


class ClusterStatus(enum.StrEnum):
    """magnum.objects.fields.ClusterStatus; node groups use it too."""

    CREATE_IN_PROGRESS = "CREATE_IN_PROGRESS"
    CREATE_FAILED = "CREATE_FAILED"
    CREATE_COMPLETE = "CREATE_COMPLETE"
    UPDATE_IN_PROGRESS = "UPDATE_IN_PROGRESS"
    UPDATE_FAILED = "UPDATE_FAILED"
    UPDATE_COMPLETE = "UPDATE_COMPLETE"
    DELETE_IN_PROGRESS = "DELETE_IN_PROGRESS"
    DELETE_FAILED = "DELETE_FAILED"
    DELETE_COMPLETE = "DELETE_COMPLETE"
    RESUME_COMPLETE = "RESUME_COMPLETE"
    RESUME_FAILED = "RESUME_FAILED"
    RESTORE_COMPLETE = "RESTORE_COMPLETE"
    ROLLBACK_IN_PROGRESS = "ROLLBACK_IN_PROGRESS"
    ROLLBACK_FAILED = "ROLLBACK_FAILED"
    ROLLBACK_COMPLETE = "ROLLBACK_COMPLETE"
    SNAPSHOT_COMPLETE = "SNAPSHOT_COMPLETE"
    CHECK_COMPLETE = "CHECK_COMPLETE"
    ADOPT_COMPLETE = "ADOPT_COMPLETE"

    @property
    def is_busy(self) -> bool:
        return self.endswith("_IN_PROGRESS")

    @property
    def is_failed(self) -> bool:
        return self.endswith("_FAILED")

    @property
    def is_settled(self) -> bool:
        return self in SETTLED_STATES

    @property
    def is_deleting(self) -> bool:
        return self in (ClusterStatus.DELETE_IN_PROGRESS,
                        ClusterStatus.DELETE_COMPLETE)


class HealthStatus(enum.StrEnum):
    HEALTHY = "HEALTHY"
    UNHEALTHY = "UNHEALTHY"
    UNKNOWN = "UNKNOWN"


class Action(enum.Enum):
    """What a user may do to a cluster."""

    RESIZE = "resize"
    UPGRADE = "upgrade"
    DELETE = "delete"
    ROTATE_CA = "rotate_ca"
    ROTATE_CREDENTIALS = "rotate_credentials"
    GET_CREDENTIALS = "get_credentials"
    ADD_NODE_GROUP = "add_node_group"


class NodeGroupAction(enum.Enum):
    """What a user may do to a node group."""

    RESIZE = "resize"
    UPDATE = "update"
    DELETE = "delete"


_S = ClusterStatus

# cluster_update / cluster_upgrade / rotate_ca_certificate accept only these.
SETTLED_STATES = frozenset({
    _S.CREATE_COMPLETE, _S.UPDATE_COMPLETE, _S.RESUME_COMPLETE,
    _S.RESTORE_COMPLETE, _S.ROLLBACK_COMPLETE, _S.SNAPSHOT_COMPLETE,
    _S.CHECK_COMPLETE, _S.ADOPT_COMPLETE,
})
# cluster_resize and credential_rotate also accept a running or failed update
# (so the cluster autoscaler can retry), as do node group changes
# (nodegroup_conductor.ALLOWED_NODEGROUP_STATES).
CONDUCTOR_RESIZE_STATES = SETTLED_STATES | {_S.UPDATE_FAILED,
                                            _S.UPDATE_IN_PROGRESS}
CREDENTIAL_ROTATION_STATES = CONDUCTOR_RESIZE_STATES
NODE_GROUP_UPDATE_STATES = CONDUCTOR_RESIZE_STATES
# A person's resize, though, waits for a running update to end: stacked on
# it, the driver applies whichever resize came last, so everyone else told
# "resizing to N" would find the cluster at another size.
RESIZE_STATES = SETTLED_STATES | {_S.UPDATE_FAILED}

_CLUSTER_STATES: dict[Action, frozenset[ClusterStatus]] = {
    Action.RESIZE: RESIZE_STATES,
    Action.UPGRADE: SETTLED_STATES,
    Action.ROTATE_CA: SETTLED_STATES,
    Action.ROTATE_CREDENTIALS: CREDENTIAL_ROTATION_STATES,
    Action.ADD_NODE_GROUP: SETTLED_STATES,
}

# What each action is called in the sentences below ({action}).
_ACTION_WORDS = {
    Action.RESIZE: _("Resizing"),
    Action.UPGRADE: _("Upgrading"),
    Action.DELETE: _("Deleting"),
    Action.ROTATE_CA: _("Rotating the CA certificate"),
    Action.ROTATE_CREDENTIALS: _("Rotating the cluster's credentials"),
    Action.GET_CREDENTIALS: _("Getting credentials"),
    Action.ADD_NODE_GROUP: _("Adding a node group"),
    NodeGroupAction.RESIZE: _("Resizing this node group"),
    NodeGroupAction.UPDATE: _("Changing this node group"),
    NodeGroupAction.DELETE: _("Deleting this node group"),
}


def cluster_action_blocker(action: Action, status: ClusterStatus | None,
                           api_address: str | None) -> LazyText | None:
    """Why `action` is not possible for a cluster in `status`, or None."""
    word = _ACTION_WORDS[action]
    if status is None:
        return _("{action} is not possible until the cluster reports a status.",
                 action=word)
    if status.is_deleting:
        return _("{action} is not possible: the cluster is being deleted.",
                 action=word)
    if action is Action.DELETE:
        return None
    needs_address = action in (Action.GET_CREDENTIALS, Action.ADD_NODE_GROUP)
    if needs_address and not api_address:
        if status is ClusterStatus.CREATE_FAILED:  # it never will have one
            return _("{action} is not possible: the cluster failed to be created and "
                     "has no API address. See why on its page, then delete it.",
                     action=word)
        return _("{action} is not possible yet: the cluster has no API address. "
                 "Wait until it has been created.", action=word)
    if action is Action.GET_CREDENTIALS or status in _CLUSTER_STATES[action]:
        return None
    return _state_reason(
        _("{action} is not possible while the cluster is {status}.",
          action=word, status=status), status)


def node_group_action_blocker(action: NodeGroupAction,
                              status: ClusterStatus | None,
                              is_default: bool, role: str) -> LazyText | None:
    """Why `action` is not possible for a node group, or None."""
    word = _ACTION_WORDS[action]
    if action is NodeGroupAction.DELETE and is_default:
        if role == "master":
            return _("{action} is not possible: it is the cluster's default master "
                     "node group. Resize it instead, or delete the whole cluster.",
                     action=word)
        return _("{action} is not possible: it is the cluster's default worker "
                 "node group. Resize it instead, or delete the whole cluster.",
                 action=word)
    if status is None:
        return _("{action} is not possible until the node group reports a status.",
                 action=word)
    if status.is_deleting:
        return _("{action} is not possible: the node group is being deleted.",
                 action=word)
    # A group still being created may be abandoned: Magnum deletes a group in
    # any state, and it is the way out of one a Cluster API driver cannot
    # build (it never fails it).
    if action is NodeGroupAction.DELETE and (
            not status.is_busy or status is ClusterStatus.CREATE_IN_PROGRESS):
        return None
    # The conductor would accept UPDATE_IN_PROGRESS, but a second change to a
    # group that is still applying one is lost by the drivers; wait instead.
    if status.is_busy or status not in NODE_GROUP_UPDATE_STATES:
        return _state_reason(
            _("{action} is not possible while the node group is {status}.",
              action=word, status=status), status)
    return None


def _state_reason(sentence: LazyText, status: ClusterStatus) -> LazyText:
    if status.is_busy:
        hint = _("Wait until the current operation finishes, then try again.")
    elif status.is_failed:
        hint = _("Look at the failure reason first; a cluster that failed to "
                 "be created can usually only be deleted.")
    else:
        hint = _("Wait until it reaches a completed state.")
    return join(" ", (sentence, hint))
