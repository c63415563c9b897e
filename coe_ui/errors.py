"""Backend failures become messages a person can act on, never a 500 page.

coe_backend's errors carry an actionable sentence; ``report`` shows it after
what failed ("Unable to resize cluster c1: ..."), through Horizon's own
exception handling (which also logs and, for a redirect, raises Http302).
"""
import sys

from django.utils.text import format_lazy
from horizon import exceptions


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
