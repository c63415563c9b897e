"""Magnum's policy, checked in Horizon before an action is shown or run."""
from openstack_auth import policy

SERVICE = "container-infra"


def rules(*names):
    """``policy_rules`` for a Horizon action: all of the named Magnum rules."""
    return tuple((SERVICE, name) for name in names)


def owner_target(resource):
    """The target Magnum itself checks a resource's rules against."""
    return {"project_id": getattr(resource, "project_id", None),
            "user_id": getattr(resource, "user_id", None)}


def allowed(request, *names, target=None):
    return policy.check(rules(*names), request, target=target or {})
