"""Magnum's policy, checked in Horizon before an action is shown or run.

A table asks the same few questions for every row (about ten actions per
cluster, most clusters sharing an owner), and each oslo.policy check costs
about a millisecond: answers are remembered for the rest of the request.
"""
from horizon.utils import settings as horizon_settings
from openstack_auth import policy

SERVICE = "container-infra"


def rules(*names):
    """``policy_rules`` for a Horizon action: all of the named Magnum rules."""
    return tuple((SERVICE, name) for name in names)


def owner_target(resource):
    """The target Magnum itself checks a resource's rules against."""
    return {"project_id": getattr(resource, "project_id", None),
            "user_id": getattr(resource, "user_id", None)}


def own_target(request):
    """The target of a resource the user owns in the current project."""
    return {"project_id": request.user.project_id, "user_id": request.user.id}


def check(policy_rules, request, target=None):
    """Horizon's POLICY_CHECK_FUNCTION (openstack_auth's check unless an
    operator set another), answered once per request for the same rules
    and target: the user cannot change within a request."""
    target = target or {}
    key = (tuple(policy_rules), tuple(sorted(target.items())))
    answers = request.__dict__.setdefault("_coe_policy_answers", {})
    if key not in answers:
        check_function = (horizon_settings.import_setting("POLICY_CHECK_FUNCTION")
                          or policy.check)
        answers[key] = check_function(policy_rules, request, target)
    return answers[key]


def allowed(request, *names, target=None):
    return check(rules(*names), request, target)


class RememberedPolicyMixin:
    """For table actions: Horizon's own policy step (``_allowed``: skipped
    where Horizon runs without a POLICY_CHECK_FUNCTION), through check()."""

    def _allowed(self, request, datum):
        if (self.policy_rules
                and horizon_settings.import_setting("POLICY_CHECK_FUNCTION")
                and not check(self.policy_rules, request,
                              self.get_policy_target(request, datum))):
            return False
        return self.allowed(request, datum)
