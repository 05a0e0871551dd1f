"""The report rules on their own: the report's day, standings, renewals, next year's demand, regions."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from lms.reports import rules
from lms.reports.models import Standing
from ojt import rules as ojt_rules


def test_the_report_day_is_today_while_the_year_runs_and_31_march_once_it_is_over():
    assert rules.report_day(2026, datetime.date(2026, 11, 29)) == datetime.date(2026, 11, 29)
    assert rules.report_day(2026, datetime.date(2027, 3, 31)) == datetime.date(2027, 3, 31)
    assert rules.report_day(2026, datetime.date(2027, 4, 1)) == datetime.date(2027, 3, 31)
    assert not rules.is_final(2026, datetime.date(2027, 3, 31))
    assert rules.is_final(2026, datetime.date(2027, 4, 1))


@pytest.mark.parametrize(("hours", "expected", "standing"), [
    ("50", "33.5", Standing.MET), ("49.5", "33.5", Standing.ON_PACE), ("33.5", "33.5", Standing.ON_PACE), ("33", "33.5", Standing.BEHIND),
])
def test_standing_against_the_minimum_and_the_pace(hours, expected, standing):
    assert rules.standing(Decimal(hours), Decimal("50"), Decimal(expected)) == standing


def test_after_the_year_nobody_is_on_pace_only_met_or_not():
    """On the year's last day the pace is the whole minimum, so 49.5 h is behind, not on pace."""
    expected = ojt_rules.expected_by(Decimal("50"), 2026, datetime.date(2027, 3, 31), None)
    assert expected == Decimal("50")
    assert rules.standing(Decimal("49.5"), Decimal("50"), expected) == Standing.BEHIND


def _terms(deadline, after_lapse="full_course"):
    return SimpleNamespace(deadline=deadline, policy=SimpleNamespace(after_lapse=after_lapse))


def test_renewal_state_due_overdue_and_lapsed():
    day = datetime.date(2026, 11, 29)
    assert rules.renewal_state(None, 2026, day) == rules.Renewal.NONE
    assert rules.renewal_state(_terms(datetime.date(2027, 3, 31)), 2026, day) == rules.Renewal.DUE
    assert rules.renewal_state(_terms(datetime.date(2027, 4, 1)), 2026, day) == rules.Renewal.NONE  # next year's
    assert rules.renewal_state(_terms(datetime.date(2026, 11, 28), "refresher"), 2026, day) == rules.Renewal.OVERDUE
    assert rules.renewal_state(_terms(datetime.date(2026, 11, 28)), 2026, day) == rules.Renewal.LAPSED
    # On the deadline itself it is still due, not overdue.
    assert rules.renewal_state(_terms(day), 2026, day) == rules.Renewal.DUE


def test_next_years_demand_by_reason_and_course():
    assert rules.need_next_year("never", 2026) == (rules.Need.NEW, "full")
    assert rules.need_next_year(None, 2026) is None  # never expires
    assert rules.need_next_year(_terms(datetime.date(2028, 3, 31)), 2026) == (rules.Need.RENEWAL, "refresher")
    assert rules.need_next_year(_terms(datetime.date(2027, 4, 1)), 2026) == (rules.Need.RENEWAL, "refresher")
    # Falling due by 31 March and not renewed: overdue by next year; the lapse policy says which course.
    assert rules.need_next_year(_terms(datetime.date(2027, 3, 31)), 2026) == (rules.Need.LAPSED, "full")
    assert rules.need_next_year(_terms(datetime.date(2027, 3, 31), "refresher"), 2026) == (rules.Need.LAPSED, "refresher")
    assert rules.need_next_year(_terms(datetime.date(2029, 3, 31)), 2026) is None


def test_month_ends_of_a_fiscal_year_include_29_february_in_a_leap_year():
    ends = [rules.month_end(2027, index) for index in range(12)]
    assert ends[0] == datetime.date(2027, 4, 30)
    assert ends[10] == datetime.date(2028, 2, 29)
    assert ends[11] == datetime.date(2028, 3, 31)
    assert rules.month_end(2026, 10) == datetime.date(2027, 2, 28)
    assert rules.month_index(datetime.date(2027, 3, 31), 2026) == 11
    assert rules.month_index(datetime.date(2026, 4, 1), 2026) == 0


def test_every_prefecture_is_in_exactly_one_region():
    regions = [rules.region_of(code)[0] for code in range(1, 48)]
    assert regions[0] == "hokkaido" and regions[12] == "kanto" and regions[46] == "kyushu"
    assert sum(len(codes) for _key, _label, codes in rules.REGIONS) == 47
    with pytest.raises(ValueError):
        rules.region_of(48)


def test_a_centres_pseudonym_is_stable_and_does_not_show_its_id():
    assert rules.pseudonym(42, secret="s") == rules.pseudonym(42, secret="s")
    assert rules.pseudonym(42, secret="s") != rules.pseudonym(43, secret="s")
    assert rules.pseudonym(42, secret="s") != rules.pseudonym(42, secret="other")
