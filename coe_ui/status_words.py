"""One status vocabulary: the words people read for Magnum's statuses (the
raw status stays on hover), in tables and on detail pages alike."""
from django.utils.translation import gettext_lazy as _

import coe_backend

STATUS_DISPLAY = (
    ("CREATE_IN_PROGRESS", _("Creating")), ("CREATE_COMPLETE", _("Active")),
    ("CREATE_FAILED", _("Create failed")), ("UPDATE_IN_PROGRESS", _("Updating")),
    ("UPDATE_COMPLETE", _("Active")), ("UPDATE_FAILED", _("Update failed")),
    ("DELETE_IN_PROGRESS", _("Deleting")), ("DELETE_FAILED", _("Delete failed")),
    ("DELETE_COMPLETE", _("Deleted")), ("ROLLBACK_IN_PROGRESS", _("Rolling back")),
    ("ROLLBACK_COMPLETE", _("Rolled back")), ("ROLLBACK_FAILED", _("Rollback failed")),
    ("RESUME_COMPLETE", _("Active")), ("RESUME_FAILED", _("Resume failed")),
    ("RESTORE_COMPLETE", _("Active")), ("SNAPSHOT_COMPLETE", _("Active")),
    ("CHECK_COMPLETE", _("Active")), ("ADOPT_COMPLETE", _("Active")),
)
# True: settled and fine; False: settled and failed; absent: keep polling
# (DELETE_COMPLETE too: the next poll finds the cluster gone and drops the row).
STATUS_CHOICES = tuple((s, True) for s, _ in STATUS_DISPLAY
                       if coe_backend.ClusterStatus(s).is_settled) + \
    tuple((s, False) for s, _ in STATUS_DISPLAY if coe_backend.ClusterStatus(s).is_failed)
HEALTH_DISPLAY = (("HEALTHY", _("Healthy")), ("UNHEALTHY", _("Unhealthy")),
                  ("UNKNOWN", _("Unknown")))
_WORDS = dict(STATUS_DISPLAY + HEALTH_DISPLAY)
_FAILURES = frozenset([s for s, fine in STATUS_CHOICES if fine is False] + ["UNHEALTHY"])


def word_for(status):
    """(the word, whether it is a failure) for a cluster's, node group's or
    health status; an unknown status is shown as Magnum wrote it."""
    if not status:
        return None, False
    return _WORDS.get(status, status), status in _FAILURES
