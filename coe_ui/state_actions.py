"""Table actions that follow both Magnum's policy and the resource's state.

Policy refusals hide an action (the user may never do it); state refusals
show it disabled, with the reason as its tooltip (the user may do it later).
"""
from coe_ui import policy


class StateAwareMixin(policy.RememberedPolicyMixin):
    """Set ``backend_action`` to a coe_backend Action / NodeGroupAction."""

    backend_action = None

    def get_policy_target(self, request, datum=None):
        return policy.owner_target(datum) if datum is not None else {}

    def allowed(self, request, datum=None):
        self.classes = [c for c in self.classes if c != "disabled"]
        for name in ("title", "data-coe-reason", "data-coe-waits"):
            self.attrs.pop(name, None)
        if datum is None or self.backend_action is None:
            return True
        self.disable_for(datum.reason_for(self.backend_action))
        return True

    def disable_for(self, reason):
        """Shown disabled with `reason` as its tooltip (nothing if None); the
        first reason given stands."""
        if reason and "disabled" not in self.classes:
            self.classes.append("disabled")
            self.attrs.update({"title": reason, "data-coe-reason": reason})
