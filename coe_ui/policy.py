"""Magnum's policy, checked in Horizon before an action is shown or run.

A table asks the same few questions for every row (about ten actions per
cluster, most clusters sharing an owner), and each oslo.policy check costs
about a millisecond: answers are remembered for the rest of the request.
"""
import functools
import re

import yaml
from django.utils.translation import gettext_lazy as _
from horizon.utils import settings as horizon_settings

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
    and target: the user cannot change within a request. Where an operator
    set none, Horizon checks no policy: everything is offered and Magnum
    alone refuses, in tables and views alike."""
    check_function = horizon_settings.import_setting("POLICY_CHECK_FUNCTION")
    if check_function is None:
        return True
    target = target or {}
    key = (tuple(policy_rules), tuple(sorted(target.items())))
    answers = request.__dict__.setdefault("_coe_policy_answers", {})
    if key not in answers:
        answers[key] = check_function(policy_rules, request, target)
    return answers[key]


def allowed(request, *names, target=None):
    return check(rules(*names), request, target)


class RememberedPolicyMixin:
    """For table actions: Horizon's own policy step (``_allowed``), through check()."""

    def _allowed(self, request, datum):
        if self.policy_rules and not check(self.policy_rules, request,
                                           self.get_policy_target(request, datum)):
            return False
        return self.allowed(request, datum)


@functools.cache
def _default_rules():
    from coe_ui.apps import CONF_DIR  # the file coe-ui registers with Horizon
    path = CONF_DIR / "default_policies" / f"{SERVICE}.yaml"
    return {rule["name"]: rule["check_str"] for rule in yaml.safe_load(path.read_text())}


def _expanded(check_str, rules, depth=0):
    if depth > 10:
        return check_str
    return re.sub(r"rule:([\w:.-]+)",
                  lambda m: _expanded(rules.get(m.group(1), ""), rules, depth + 1), check_str)


def needed_role(name):
    """The least role Magnum's default rule `name` accepts (reader, member or
    admin), to tell a refused user what to ask for; None if it names none."""
    expanded = _expanded(_default_rules().get(name, ""), _default_rules())
    return next((role for role in ("reader", "member", "admin")
                 if f"role:{role}" in expanded), None)


def refusal(request, name):
    """What a user refused by rule `name` reads: what it needs, what they have."""
    role = needed_role(name)
    if role is None:
        return _("Magnum's policy does not allow you to do this.")
    return _("Magnum's policy does not allow you to do this: it needs the %(role)s role in "
             "project %(project)s, where your roles are: %(roles)s.") % {
        "role": role, "project": request.user.project_name, "roles": _your_roles(request)}


def read_only_note(request, name, what):
    """For a page whose changes all need rule `name`: why a user who may
    not change ``what`` sees no action, or None if they may."""
    if allowed(request, name):
        return None
    return _("You can look but not change: changing %(what)s needs the %(role)s role in "
             "project %(project)s, where your roles are: %(roles)s.") % {
        "what": what, "role": needed_role(name) or _("another"),
        "project": request.user.project_name, "roles": _your_roles(request)}


def _your_roles(request):
    return ", ".join(sorted(role["name"] for role in request.user.roles)) or _("none")
