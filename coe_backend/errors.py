"""The one exception hierarchy of coe_backend.

Every message is a sentence a person can act on, a translatable
``coe_backend.i18n.Message`` (English unless a translator is set); the UI
layer shows ``str(error)`` (or ``error.message``) as is. Where the error came from an
HTTP answer, ``status_code`` and ``request_id`` say which, for logs.
"""

from __future__ import annotations

from collections.abc import Mapping

from coe_backend.i18n import LazyText, _, join

# Key of InvalidInput.errors for a problem that belongs to no single field.
# It matches Django forms' non-field key so the UI can pass errors through.
NON_FIELD = "__all__"


class CoeError(Exception):
    """Base class: something the user asked for could not be done."""

    def __init__(self, message: str | LazyText, *, status_code: int | None = None,
                 request_id: str | None = None):
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.request_id = request_id


class NotFound(CoeError):
    """The cluster, template, node group or quota does not exist (any more)."""


class Conflict(CoeError):
    """The request clashes with the current state: duplicate name, resource
    in use, or a cluster/node group in a state that does not allow it."""


class Forbidden(CoeError):
    """The cloud's policy does not allow this user to do this."""

    def __init__(self, message: str | LazyText, *, rule: str | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.rule = rule


class QuotaExceeded(CoeError):
    """The project has used up a quota (Magnum's clusters, or another
    cloud resource)."""


class InvalidInput(CoeError):
    """One or more values are not acceptable.

    ``errors`` maps each offending field to its message (all problems at once,
    not only the first); ``field`` is that field when there is exactly one.
    """

    def __init__(self, errors: Mapping[str, str | LazyText] | str | LazyText,
                 **kwargs):
        if isinstance(errors, (str, LazyText)):
            errors = {NON_FIELD: errors}
        self.errors: dict[str, str | LazyText] = dict(errors)
        super().__init__(join(" ", self.errors.values()), **kwargs)
        fields = [name for name in self.errors if name != NON_FIELD]
        self.field: str | None = fields[0] if len(fields) == 1 else None


class Unsupported(CoeError):
    """This cloud cannot do it: API microversion too old, no Magnum service,
    or a cluster driver that lacks the feature."""


class ServiceUnavailable(CoeError):
    """The service is unreachable, timed out or failed (HTTP 5xx)."""


class PartlyApplied(CoeError):
    """A change Magnum makes in several steps stopped midway. ``applied``
    maps the fields Magnum accepted to their new values, ``not_applied`` the
    fields still to change to the values asked for; ``cause`` is why the
    rest was not sent. ``pending``: only because Magnum is still applying
    the part it accepted (usual in a cloud where an update takes minutes),
    not because anything failed."""

    def __init__(self, cause: CoeError, applied: Mapping[str, object],
                 not_applied: Mapping[str, object], *, pending: bool = False):
        self.cause = cause
        self.applied = dict(applied)
        self.not_applied = dict(not_applied)
        self.pending = pending
        super().__init__(
            _("{cause} Only part of the change was made: {applied} changed, "
              "{not_applied} not.", cause=cause, applied=_listed(self.applied),
              not_applied=_listed(self.not_applied)), status_code=cause.status_code,
            request_id=cause.request_id)


def _listed(values: Mapping[str, object]) -> str:
    return ", ".join(f"{name} {value!r}" for name, value in values.items())
