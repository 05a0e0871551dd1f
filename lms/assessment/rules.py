"""Pure rules of completion and of report deadlines; they never read or write the database."""

import datetime

from django.utils.translation import gettext_lazy

from lms.formats import short_date

from .models import CompletionRule, Report

NOT_EVERY_DAY = gettext_lazy("attended %(attended)s of %(total)s days (every day is required)")
NO_REPORT = gettext_lazy("no report submitted (due %(date)s)")
REPORT_WAITING = gettext_lazy("report awaiting the lecturer")
REPORT_RETURNED = gettext_lazy("report returned for revision")
REPORT_LATE = gettext_lazy("report first submitted after its deadline (%(date)s)")


def report_due_on(rule: CompletionRule, last_day: datetime.date) -> datetime.date:
    """The report is due a number of days after the session's last day, that day included."""
    return last_day + datetime.timedelta(days=rule.report_due_days)


def is_late(due_on: datetime.date, submitted_on: datetime.date) -> bool:
    """A report submitted on its due date is on time; the day after, it is late."""
    return submitted_on > due_on


def shortfalls(rule: CompletionRule | None, *, days_total: int, days_attended: int, last_day: datetime.date,
               report_status: str | None, report_late: bool) -> list[str]:
    """Why a participant has not met the rule yet, as sentences; empty when they have.

    With no rule, nothing beyond today's plain rule (at least one day attended, which the session's
    completion checks itself) is asked.
    """
    if rule is None:
        return []
    reasons = []
    if rule.every_day_attended and days_attended < days_total:
        reasons.append(NOT_EVERY_DAY % {"attended": days_attended, "total": days_total})
    if rule.report_required:
        due_on = report_due_on(rule, last_day)
        if report_status is None:
            reasons.append(NO_REPORT % {"date": short_date(due_on)})
        elif report_status == Report.Status.SUBMITTED:
            reasons.append(str(REPORT_WAITING))
        elif report_status == Report.Status.RETURNED:
            reasons.append(str(REPORT_RETURNED))
        if report_late and not rule.late_report_counts and report_status is not None:
            reasons.append(REPORT_LATE % {"date": short_date(due_on)})
    return reasons

