"""The steps of a course report: the participant resubmits what was returned; the session's and the
subject's lecturers, and the institute, accept or return what was submitted."""

from django.utils.translation import gettext_lazy as _

from lms.audit.services import Transition, Workflow
from lms.organisations.access import may_mark_session

from .models import Report, TestAttempt

NOT_YOUR_REPORT = _("Only the person who wrote this report can resubmit it.")
NOT_YOUR_SUBJECT = _("Only the lecturers of this session or of its subject, and the institute, mark its reports.")
NOT_RETURNED = _("Only a returned report can be resubmitted (this one: %(status)s).")
NOT_WAITING = _("This report is not waiting for a decision (it is: %(status)s).")

Status = Report.Status


def _writer(user, report):
    return None if user.pk == report.enrolment.person_id else NOT_YOUR_REPORT


def _marker(user, report):
    # A lecturer who took part in the session never marks their own report.
    if user.pk == report.enrolment.person_id or not may_mark_session(user, report.enrolment.session):
        return NOT_YOUR_SUBJECT
    return None


WITHDRAWN = _("%(person)s was withdrawn from this session: the report can be accepted, but not returned for a resubmission they cannot make.")


def _participant_still_taking_part(report):
    if report.enrolment.is_withdrawn:
        return WITHDRAWN % {"person": report.enrolment.person}
    return None


REPORT = Workflow(Report, [
    Transition(Status.SUBMITTED, frozenset({Status.RETURNED}), Status.SUBMITTED, _writer, NOT_RETURNED),
    Transition(Status.ACCEPTED, frozenset({Status.SUBMITTED}), Status.ACCEPTED, _marker, NOT_WAITING),
    Transition(Status.RETURNED, frozenset({Status.SUBMITTED}), Status.RETURNED, _marker, NOT_WAITING, condition=_participant_still_taking_part),
])


NOT_YOUR_TEST_TO_MARK = _("Only the lecturers of this session or of its subject, and the institute, mark its tests; never their own.")
NOT_AWAITING_MARKING = _("This attempt has already been marked.")


def _test_marker(user, attempt):
    if user.pk == attempt.enrolment.person_id or not may_mark_session(user, attempt.enrolment.session):
        return NOT_YOUR_TEST_TO_MARK
    return None


# Marking decides between passed and not passed (by the score): the service sets which.
ATTEMPT = Workflow(TestAttempt, [
    Transition(TestAttempt.AuditAction.MARKED, frozenset({TestAttempt.Status.AWAITING_MARKING}), None, _test_marker, NOT_AWAITING_MARKING),
])
