"""Emails about course reports, sent through the outbox after the step commits, and the daily reminders before a report is due."""

import datetime

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from lms import clock
from lms.audit import selectors as history
from lms.outbox import mail
from lms.outbox import services as outbox
from lms.training.models import Enrolment

from .models import Report, ReportReminder


@outbox.handler("assessment.report_event", queue="mail")
def notify_report_event(event_id):
    """Tell the participant their report was accepted or returned; tell the session's lecturers a
    report waits for them. Nobody is told of their own step."""
    event = history.entry_with_actor(event_id)
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
        latest = report.submissions.order_by("-number").first()
        context = {"event": event, "report": report, "session": session, "feedback": latest.feedback if latest else "",
                   "url": settings.SITE_URL + report.get_absolute_url()}
        subject = render_to_string("assessment/email/report_event_subject.txt", context).strip()
        body = render_to_string("assessment/email/report_event.txt", context)
    return mail.send_mail(subject, body, sorted(recipients))


REMINDER_DAYS = (7, 1)


@shared_task
def send_report_reminders(today=None):
    """Remind participants who owe a report 7 days and 1 day before it is due (safe to run twice:
    each place and lead time is recorded once, and the email goes through the outbox)."""
    from . import selectors

    today = datetime.date.fromisoformat(today) if today else clock.today()
    queued = 0
    for session, due_on in selectors.sessions_with_reports_due(today, max(REMINDER_DAYS)):
        days_before = min(days for days in REMINDER_DAYS if (due_on - today).days <= days)
        for enrolment in selectors.waiting_for_report(session):
            with transaction.atomic():
                _reminder, created = ReportReminder.objects.get_or_create(enrolment=enrolment, days_before=days_before)
                if created:
                    outbox.send(remind_report, enrolment_id=enrolment.pk, due_on=due_on.isoformat())
                    queued += 1
    return queued


@outbox.handler("assessment.report_reminder", queue="mail")
def remind_report(enrolment_id, due_on):
    enrolment = Enrolment.objects.select_related("person", "session__subject").get(pk=enrolment_id)
    report = Report.objects.filter(enrolment=enrolment).first()
    if report is not None and report.status != Report.Status.RETURNED:
        return 0  # submitted since the reminder was queued
    with translation.override(settings.LANGUAGE_CODE):
        context = {"enrolment": enrolment, "session": enrolment.session, "due_on": datetime.date.fromisoformat(due_on),
                   "url": settings.SITE_URL + reverse("session_report", args=[enrolment.session_id])}
        subject = render_to_string("assessment/email/report_reminder_subject.txt", context).strip()
        body = render_to_string("assessment/email/report_reminder.txt", context)
    return mail.send_mail(subject, body, [enrolment.person.email])
