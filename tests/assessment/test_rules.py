"""The completion rule and the report deadline, as pure rules (no database)."""

import datetime

import pytest

from lms.assessment import rules
from lms.assessment.models import CompletionRule, Report

LAST_DAY = datetime.date(2027, 1, 22)


def rule(**fields):
    defaults = {"every_day_attended": True, "report_required": True, "report_due_days": 30, "late_report_counts": False}
    return CompletionRule(effective_from=datetime.date(2026, 4, 1), **{**defaults, **fields})


def shortfalls(the_rule, *, attended=3, status=Report.Status.ACCEPTED, late=False, total=3):
    return rules.shortfalls(the_rule, days_total=total, days_attended=attended, last_day=LAST_DAY, report_status=status, report_late=late)


def test_without_a_rule_nothing_more_than_attendance_is_asked():
    assert shortfalls(None, attended=1, status=None) == []


def test_every_day_accepted_report_on_time_completes():
    assert shortfalls(rule()) == []


def test_a_missed_day_is_named_with_the_days_attended():
    [reason] = shortfalls(rule(), attended=2)
    assert "2" in reason and "3" in reason


def test_a_rule_that_does_not_ask_for_every_day():
    assert shortfalls(rule(every_day_attended=False), attended=1) == []


@pytest.mark.parametrize(("status", "expected"), [
    (None, rules.NO_REPORT), (Report.Status.SUBMITTED, rules.REPORT_WAITING), (Report.Status.RETURNED, rules.REPORT_RETURNED),
])
def test_a_report_must_be_accepted(status, expected):
    [reason] = shortfalls(rule(), status=status)
    assert reason.startswith(str(expected).split("%")[0].strip())


def test_a_late_report_does_not_count_unless_the_rule_says_so():
    assert len(shortfalls(rule(), late=True)) == 1
    assert shortfalls(rule(late_report_counts=True), late=True) == []


def test_no_report_asked_means_no_report_needed():
    assert shortfalls(rule(report_required=False), status=None) == []


@pytest.mark.parametrize(("last_day", "days", "due"), [
    (datetime.date(2027, 1, 22), 30, datetime.date(2027, 2, 21)),
    # A deadline across the fiscal year's end stays a plain count of days.
    (datetime.date(2027, 3, 1), 30, datetime.date(2027, 3, 31)),
    (datetime.date(2027, 3, 2), 30, datetime.date(2027, 4, 1)),
    # Across a leap day: 29 February 2028 is one of the days.
    (datetime.date(2028, 2, 28), 1, datetime.date(2028, 2, 29)),
    (datetime.date(2028, 2, 28), 2, datetime.date(2028, 3, 1)),
])
def test_the_report_is_due_days_after_the_last_day(last_day, days, due):
    assert rules.report_due_on(rule(report_due_days=days), last_day) == due


def test_a_report_on_its_due_date_is_on_time_and_the_next_day_late():
    due = datetime.date(2027, 3, 31)
    assert not rules.is_late(due, due)
    assert rules.is_late(due, datetime.date(2027, 4, 1))
