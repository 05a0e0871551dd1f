from django.db.models import Max, Prefetch
from django.utils import timezone

from lms.fiscal import fiscal_year
from lms.handbook import HandbookEntry, register

from .models import Report, ReportSubmission


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
