"""Writes for course reports: submit, resubmit, accept, return. Each step is in the report's history
and the person it concerns is emailed through the outbox."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lms import clock
from lms.audit import services as audit
from lms.formats import short_date
from lms.outbox import services as outbox
from lms.training.models import Enrolment

from . import rules, selectors
from .models import Report, ReportSubmission
from .tasks import notify_report_event
from .workflow import REPORT

NO_REPORT_ASKED = _("This session asks for no report.")
NOT_OPEN_YET = _("The report can be submitted from the session's last day (%(date)s).")
NOT_YOURS = _("Only the participant submits their own report.")
EMPTY = _("Write the report or attach a file.")
FEEDBACK_NEEDED = _("Say what to revise: the participant reads your comments.")


def _submission(report, *, text, file, now):
    number = (report.submissions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return ReportSubmission.objects.create(report=report, number=number, text=text.strip(), file=file or "", submitted_at=now)


@transaction.atomic
def report_submit(*, enrolment, by, text="", file=None):
    """Submit a report, or resubmit a returned one; every submission is kept."""
    if by.pk != enrolment.person_id:
        raise PermissionDenied(NOT_YOURS)
    # The place's row lock makes a double click one report, not two.
    enrolment = Enrolment.objects.select_for_update().select_related("session").get(pk=enrolment.pk)
    if enrolment.status not in Enrolment.FOR_COMPLETION:
        raise PermissionDenied(NOT_YOURS)
    session = enrolment.session
    rule = selectors.rule_for(session)
    if rule is None or not rule.report_required:
        raise ValidationError(NO_REPORT_ASKED)
    last_day = selectors.last_day_of(session)
    today, now = clock.today(), clock.now()
    if today < last_day:
        raise ValidationError(NOT_OPEN_YET % {"date": short_date(last_day)})
    if not text.strip() and not file:
        raise ValidationError(EMPTY)
    report = Report.objects.filter(enrolment=enrolment).first()
    if report is None:
        due_on = rules.report_due_on(rule, last_day)
        report = Report.objects.create(enrolment=enrolment, due_on=due_on, first_submitted_late=rules.is_late(due_on, today))
        _submission(report, text=text, file=file, now=now)
        entry = audit.record(report, Report.Status.SUBMITTED, by, to_status=report.status)
    else:
        report, entry = REPORT.perform(report, Report.Status.SUBMITTED, by, apply=lambda locked: _submission(locked, text=text, file=file, now=now))
    outbox.send(notify_report_event, event_id=entry.pk)
    return report


def _decide(report, outcome, by, feedback):
    feedback = feedback.strip()
    if outcome == Report.Status.RETURNED and not feedback:
        raise ValidationError({"feedback": FEEDBACK_NEEDED})

    def decide(locked):
        latest = locked.submissions.order_by("-number").first()
        latest.outcome, latest.feedback, latest.decided_by, latest.decided_at = outcome, feedback, by, clock.now()
        latest.save(update_fields=["outcome", "feedback", "decided_by", "decided_at"])

    with transaction.atomic():
        report, entry = REPORT.perform(report, outcome, by, note=feedback[:1000], apply=decide)
        outbox.send(notify_report_event, event_id=entry.pk)
    return report


def report_accept(*, report, by, feedback=""):
    return _decide(report, Report.Status.ACCEPTED, by, feedback)


def report_return(*, report, by, feedback):
    return _decide(report, Report.Status.RETURNED, by, feedback)
