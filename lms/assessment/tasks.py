"""Emails about course reports, sent through the outbox after the step commits."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from lms.audit.models import AuditEntry
from lms.outbox import services as outbox

from .models import Report


@outbox.handler("assessment.report_event")
def notify_report_event(event_id):
    """Tell the participant their report was accepted or returned; tell the session's lecturers a
    report waits for them. Nobody is told of their own step."""
    event = AuditEntry.objects.select_related("actor").get(pk=event_id)
    report = Report.objects.select_related("enrolment__person", "enrolment__session__subject").get(pk=event.object_id)
    session = report.enrolment.session
    if event.to_status == Report.Status.SUBMITTED:
        recipients = {lecturer.email for lecturer in session.lecturers.all()}
    else:
        recipients = {report.enrolment.person.email}
    if event.actor:
        recipients.discard(event.actor.email)
    recipients.discard("")
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {"event": event, "report": report, "session": session, "url": settings.SITE_URL + report.get_absolute_url()}
        subject = render_to_string("assessment/email/report_event_subject.txt", context).strip()
        body = render_to_string("assessment/email/report_event.txt", context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, sorted(recipients))
