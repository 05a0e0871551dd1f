"""Reads for completion rules and course reports, each in a fixed number of queries."""

import datetime

from django.db.models import Count, Max, Q

from curriculum.rules import policy_in_force
from lms.organisations.access import may_mark_session, participant_enrolment
from lms.training.models import Attendance, Enrolment, TrainingSession

from . import rules
from .models import CompletionRule, Report, ReportSubmission
from .workflow import REPORT


def last_day_of(session):
    return max((day.date for day in session.days.all()), default=None)


def rule_for(session):
    """The completion rule in force on the session's last day, or None (attendance only)."""
    last_day = last_day_of(session)
    if last_day is None:
        return None
    return policy_in_force(list(CompletionRule.objects.filter(subject_id=session.subject_id)), last_day)


def standings(session, enrolments):
    """Why each of `enrolments` has not met the session's rule yet: {enrolment id: [reason, …]}.
    Three queries, whatever the number of people."""
    rule = rule_for(session)
    if rule is None or not enrolments:
        return {}
    days = list(session.days.all())
    last_day = max(day.date for day in days)
    ids = [enrolment.pk for enrolment in enrolments]
    attended = dict(
        Attendance.objects.filter(enrolment_id__in=ids, present=True).values("enrolment_id").annotate(count=Count("pk")).values_list("enrolment_id", "count")
    )
    reports = {report.enrolment_id: report for report in Report.objects.filter(enrolment_id__in=ids)}
    found = {}
    for enrolment_id in ids:
        report = reports.get(enrolment_id)
        found[enrolment_id] = rules.shortfalls(
            rule, days_total=len(days), days_attended=attended.get(enrolment_id, 0), last_day=last_day,
            report_status=report.status if report else None, report_late=report.first_submitted_late if report else False,
        )
    return found


def report_due_on(session, rule=None):
    rule = rule or rule_for(session)
    last_day = last_day_of(session)
    return rules.report_due_on(rule, last_day) if rule and rule.report_required and last_day else None


def report_of(enrolment):
    return Report.objects.filter(enrolment=enrolment).prefetch_related("submissions__decided_by").first()


def participant_report_page(session, enrolment, user, today):
    """A participant's own report: the question, the deadline, every submission and what they may do."""
    rule = rule_for(session)
    report = report_of(enrolment)
    last_day = last_day_of(session)
    return {
        "session": session,
        "enrolment": enrolment,
        "rule": rule,
        "report": report,
        "submissions": list(report.submissions.all()) if report else [],
        "due_on": report_due_on(session, rule),
        "opens_on": last_day,
        "is_open": last_day is not None and today >= last_day,
        "may_submit": report is None or Report.Status.SUBMITTED in REPORT.available(report, user),
    }


REPORT_FILTERS = {
    "waiting": Q(report__status=Report.Status.SUBMITTED),
    "returned": Q(report__status=Report.Status.RETURNED),
    "accepted": Q(report__status=Report.Status.ACCEPTED),
    "missing": Q(report__isnull=True),
}


def marking_list(session, status=""):
    """The session's participants with their report, for the lecturer: filtered and ordered in SQL."""
    enrolments = (
        Enrolment.objects.filter(session=session, status__in=Enrolment.FOR_COMPLETION)
        .select_related("person", "report")
        .annotate(submission_count=Count("report__submissions"))
        .order_by("person__last_name", "person__first_name", "pk")
    )
    if status in REPORT_FILTERS:
        enrolments = enrolments.filter(REPORT_FILTERS[status])
    return enrolments


def marking_counts(session):
    """How many reports wait, were returned, accepted, or are missing (one query)."""
    return Enrolment.objects.filter(session=session, status__in=Enrolment.FOR_COMPLETION).aggregate(
        **{name: Count("pk", filter=condition) for name, condition in REPORT_FILTERS.items()}
    )


def report_page(report, user):
    """One report with its submissions, and the decisions `user` may take on it."""
    return {
        "report": report,
        "session": report.enrolment.session,
        "submissions": list(ReportSubmission.objects.filter(report=report).select_related("decided_by").order_by("number")),
        "actions": REPORT.available(report, user),
        "rule": rule_for(report.enrolment.session),
    }


def role_on(session, user):
    """("marker", None), ("participant", enrolment) or (None, None): what the report pages show `user`."""
    if may_mark_session(user, session):
        return "marker", None
    enrolment = participant_enrolment(user, session)
    return ("participant", enrolment) if enrolment else (None, None)


def sessions_with_reports_due(today, within_days):
    """(session, due date) for held sessions whose report is due between today and `within_days` on
    (two queries: the sessions with their last day, and the rules of their subjects)."""
    earliest = today - datetime.timedelta(days=180)  # the longest a rule gives
    sessions = list(
        TrainingSession.objects.filter(status__in=[TrainingSession.Status.PUBLISHED, TrainingSession.Status.COMPLETED])
        .annotate(last_day=Max("days__date")).filter(last_day__gte=earliest, last_day__lte=today).select_related("subject")
    )
    rules_by_subject = {}
    for rule in CompletionRule.objects.filter(subject_id__in={session.subject_id for session in sessions}):
        rules_by_subject.setdefault(rule.subject_id, []).append(rule)
    due = []
    for session in sessions:
        rule = policy_in_force(rules_by_subject.get(session.subject_id, []), session.last_day)
        if rule is None or not rule.report_required:
            continue
        due_on = rules.report_due_on(rule, session.last_day)
        if 0 <= (due_on - today).days <= within_days:
            due.append((session, due_on))
    return due


def waiting_for_report(session):
    """Participants who still owe a report: none submitted, or theirs was returned."""
    return (
        Enrolment.objects.filter(session=session, status__in=[Enrolment.Status.CONFIRMED, Enrolment.Status.NOT_COMPLETED])
        .filter(Q(report__isnull=True) | Q(report__status=Report.Status.RETURNED))
    )
