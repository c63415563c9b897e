"""Backend failures become messages a person can act on, never a 500 page.

coe_backend's errors carry an actionable sentence; ``report`` shows it after
what failed ("Unable to resize cluster c1: ..."), through Horizon's own
exception handling (which also logs and, for a redirect, raises Http302).
"""
import sys

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from horizon import exceptions

import coe_backend

# Beside a submitted form shown again because Magnum failed for the moment.
NOTHING_SENT = _("Nothing was sent to Magnum: the cluster could not be read. What you entered "
                 "is kept: submit again in a moment (after logging in again if your login "
                 "expired).")


def report(request, what, redirect=None, why=None):
    """Call from an ``except coe_backend.CoeError`` block; ``why`` replaces
    the error's own sentence where the caller can say it better."""
    error = why or sys.exc_info()[1]
    message = format_lazy("{}: {}", what, error) if error else what
    # details="": the error is already in the message; Horizon would append it again.
    return exceptions.handle(request, message, redirect=redirect, details="")


def field_errors(form, error):
    """Put an InvalidInput's per-field messages beside the form's fields."""
    for field, message in error.errors.items():
        form.add_error(field if field in form.fields else None, message)


def may_pass(error):
    """Whether the same request may succeed in a moment: Magnum unreachable,
    failing or slow, or the login expired (not: missing, refused by policy,
    unsupported)."""
    return isinstance(error, coe_backend.ServiceUnavailable) or (
        isinstance(error, coe_backend.Forbidden) and error.status_code == 401)


def keeps_what_was_typed(request, error, what):
    """Call from an ``except CoeError`` block around reading the object a
    submitted form acts on. When Magnum fails only for the moment, say so
    and return True: the form shows again with what was typed, adds
    NOTHING_SENT and sends nothing. Otherwise False (go back instead)."""
    if request.method != "POST" or not may_pass(error):
        return False
    report(request, what)
    return True
