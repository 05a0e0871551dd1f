"""The steps of a staff import: who takes each, and from which state."""

from django.utils.translation import gettext_lazy as _

from lms.audit.services import Transition, Workflow

from .models import StaffImport

NOT_YOUR_IMPORT = _("Only the person who uploaded the file confirms its import.")
NOT_THE_SITE = _("The import finishes by itself, in the background.")
NOT_READY = _("This import has already been run or refused.")

Status = StaffImport.Status


def _uploader(user, staff_import):
    return None if user is not None and user.pk == staff_import.uploaded_by_id else NOT_YOUR_IMPORT


def _the_site(user, staff_import):
    """Run and finished by the worker, which acts for nobody (the history names no one)."""
    return None if user is None else NOT_THE_SITE


IMPORT = Workflow(StaffImport, [
    Transition(Status.QUEUED, frozenset({Status.PREVIEWED}), Status.QUEUED, _uploader, NOT_READY),
    Transition(Status.DONE, frozenset({Status.QUEUED}), Status.DONE, _the_site),
    Transition(Status.FAILED, frozenset({Status.QUEUED}), Status.FAILED, _the_site),
])
