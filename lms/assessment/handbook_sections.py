from django.db.models import Max, Prefetch
from django.urls import reverse
from django.utils import timezone

from lms.fiscal import fiscal_year
from lms.handbook import HandbookEntry, register

from .models import Report, ReportSubmission, TestAttempt


@register
def report_entries(person):
    """Each course report, in the fiscal year of its session, with its state and the lecturer's last comments."""
    reports = (
        Report.objects.filter(enrolment__person=person)
        .select_related("enrolment__session__subject")
        .annotate(last_day=Max("enrolment__session__days__date"))
        .prefetch_related(Prefetch("submissions", queryset=ReportSubmission.objects.order_by("number")))
    )
    for report in reports:
        submissions = list(report.submissions.all())
        latest = submissions[-1]
        answered = next((submission for submission in reversed(submissions) if submission.feedback), None)
        session = report.enrolment.session
        yield HandbookEntry(
            section="report",
            fiscal_year=fiscal_year(report.last_day),
            date=timezone.localdate(latest.submitted_at),
            title=f"{session.subject.name} {session.title}",
            detail=answered.feedback[:120] if answered else "",
            status=report.get_status_display(),
            url=report.get_absolute_url(),
        )


@register
def test_entries(person):
    """Each understanding test's best attempt, in the fiscal year it was taken."""
    best = {}
    attempts = TestAttempt.objects.filter(enrolment__person=person).select_related("test", "enrolment__session__subject").order_by("submitted_at")
    for attempt in attempts:
        key = (attempt.enrolment_id, attempt.test_id)
        current = best.get(key)
        if current is None or (attempt.is_passed, attempt.score or 0) >= (current.is_passed, current.score or 0):
            best[key] = attempt
    for attempt in best.values():
        taken_on = timezone.localdate(attempt.submitted_at)
        session = attempt.enrolment.session
        score = f"{attempt.score} / {attempt.max_score}" if attempt.score is not None else ""
        yield HandbookEntry(
            section="test", fiscal_year=fiscal_year(taken_on), date=taken_on,
            title=f"{session.subject.name} {session.title} — {attempt.test.title}",
            detail=score, status=attempt.get_status_display(),
            url=reverse("test_attempt", args=[session.pk, attempt.pk]),
        )
