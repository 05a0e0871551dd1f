"""The ledger arithmetic, with the guideline's own figures (第二部 6, 図表 2-14)."""

import datetime
from decimal import Decimal

import pytest

from lms.fiscal import fiscal_year
from ojt import rules
from ojt.models import MinimumHoursPolicy

D = datetime.date


def test_standard_pattern_is_54_hours_and_compliant():
    workplace = Decimal("2.5") * 12
    supervision = Decimal("2") * 12
    assert workplace + supervision == Decimal("54")
    assert rules.is_compliant(workplace + supervision, Decimal("50"))


def test_offjt_example_is_52_hours_and_compliant():
    assert rules.is_compliant(Decimal("40") + Decimal("12"), Decimal("50"))


def test_49_and_a_half_hours_is_not_compliant():
    assert not rules.is_compliant(Decimal("49.5"), Decimal("50"))
    assert rules.is_compliant(Decimal("50.0"), Decimal("50"))


def test_sessions_on_31_march_and_1_april_fall_in_different_years():
    assert fiscal_year(D(2027, 3, 31)) == 2026 and fiscal_year(D(2027, 4, 1)) == 2027


@pytest.mark.parametrize("hours", [Decimal("0"), Decimal("-1"), Decimal("8.5"), Decimal("240"), None])
def test_absurd_durations_are_refused(hours):
    assert rules.duration_refusal(hours) == str(rules.REFUSED_DURATION)


@pytest.mark.parametrize("hours", [Decimal("0.5"), Decimal("2.5"), Decimal("8")])
def test_sensible_durations_pass(hours):
    assert rules.duration_refusal(hours) is None


@pytest.mark.parametrize(
    ("joined_on", "minimum"),
    [
        (D(2020, 4, 1), Decimal("50")),  # a full year
        (D(2026, 4, 1), Decimal("50")),
        (D(2026, 10, 1), Decimal("25")),  # October: 6 months left
        (D(2026, 10, 31), Decimal("25")),  # the joining month counts
        (D(2027, 3, 1), Decimal("4.5")),  # March: one month, 50/12 = 4.17, rounded up to the half hour
        (D(2027, 4, 1), Decimal("0")),  # joins next year
    ],
)
def test_prorated_minimum(joined_on, minimum):
    assert rules.prorated_minimum(Decimal("50"), 2026, joined_on) == minimum


def test_pace_and_forecast():
    # End of November: 8 of 12 months.
    assert rules.expected_by(Decimal("50"), 2026, D(2026, 11, 23), D(2020, 4, 1)) == Decimal("33.5")
    assert rules.forecast(Decimal("36"), 2026, D(2026, 11, 23), D(2020, 4, 1)) == Decimal("54.0")
    # Someone who joined in October is expected to have 2/6 of a 25-hour minimum by November.
    assert rules.expected_by(Decimal("25"), 2026, D(2026, 11, 23), D(2026, 10, 1)) == Decimal("8.5")
    assert rules.forecast(Decimal("9"), 2026, D(2026, 11, 23), D(2026, 10, 1)) == Decimal("27.0")


def test_policy_change_applies_from_its_fiscal_year():
    old = MinimumHoursPolicy(effective_from=D(2015, 4, 1), ojt_hours=Decimal("50"))
    new = MinimumHoursPolicy(effective_from=D(2027, 4, 1), ojt_hours=Decimal("60"))
    assert rules.policy_for_year([old, new], 2026) is old
    assert rules.policy_for_year([old, new], 2027) is new


def test_cascade_owed_until_a_cascade_is_led_after_completion():
    from types import SimpleNamespace

    record = SimpleNamespace(completed_on=D(2026, 6, 1))
    assert rules.cascade_owed([record], []) == [record]
    assert rules.cascade_owed([record], [D(2026, 5, 1)]) == [record]  # before the course: does not count
    assert rules.cascade_owed([record], [D(2026, 7, 1)]) == []


def test_seed004_part3_course_credit_by_the_day_and_by_the_hour():
    policy = MinimumHoursPolicy()  # the guideline's: 8 h a day
    assert rules.course_credit(Decimal("30"), Decimal("5"), policy) == Decimal("40.0")
    assert rules.course_credit(Decimal("9"), Decimal("1.5"), policy) == Decimal("12.0")
    assert rules.course_credit(Decimal("2"), None, policy) == Decimal("2")  # an evening lecture counts its hours
    assert rules.course_credit(Decimal("30"), Decimal("5"), MinimumHoursPolicy(offjt_day_hours=None)) == Decimal("30")
    # Ten hours a day reads "10", not "1E+1".
    assert "10時間" in str(rules.credit_rule(MinimumHoursPolicy(offjt_day_hours=Decimal("10.0"))))
