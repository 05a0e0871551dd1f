import datetime

import pytest

from curriculum.models import RenewalPolicy
from curriculum.rules import add_years, policy_in_force, renewal_terms

D = datetime.date


def fiscal_policy(**kwargs):
    return RenewalPolicy(effective_from=D(2015, 4, 1), period_years=5, basis=RenewalPolicy.Basis.FISCAL_YEAR, window_months=12, **kwargs)


def anniversary_policy():
    return RenewalPolicy(effective_from=D(2015, 4, 1), period_years=5, basis=RenewalPolicy.Basis.ANNIVERSARY, window_months=12)


@pytest.mark.parametrize(
    ("completed_on", "deadline"),
    [
        # Completed in FY2026 → by the end of FY2031 (31 March 2032), whenever in the year.
        (D(2026, 4, 1), D(2032, 3, 31)),
        (D(2027, 3, 31), D(2032, 3, 31)),
        # One day later is the next fiscal year: a year more.
        (D(2027, 4, 1), D(2033, 3, 31)),
        (D(2024, 2, 29), D(2029, 3, 31)),
    ],
)
def test_fiscal_year_deadline(completed_on, deadline):
    terms = renewal_terms(fiscal_policy(), completed_on)
    assert terms.deadline == deadline
    # The window opens on 1 April of the final fiscal year: taking it then loses nothing.
    assert terms.window_opens == D(deadline.year - 1, 4, 1)


@pytest.mark.parametrize(
    ("completed_on", "deadline"),
    [
        (D(2026, 6, 15), D(2031, 6, 14)),
        (D(2027, 3, 31), D(2032, 3, 30)),
        (D(2027, 4, 1), D(2032, 3, 31)),
        # No 29 February in 2029: the anniversary is 1 March, so valid through 28 February.
        (D(2024, 2, 29), D(2029, 2, 28)),
        # A leap-day deadline when the anniversary year is a leap year.
        (D(2023, 3, 1), D(2028, 2, 29)),
    ],
)
def test_anniversary_deadline(completed_on, deadline):
    assert renewal_terms(anniversary_policy(), completed_on).deadline == deadline


def test_explanation_names_policy_year_and_deadline():
    text = renewal_terms(fiscal_policy(), D(2026, 6, 1)).explanation()
    assert "2026年6月1日" in text and "2032年3月31日" in text and "2015年4月1日" in text  # dates as the reader writes them


def test_policy_in_force_is_the_latest_effective_on_completion():
    old = fiscal_policy()
    new = RenewalPolicy(effective_from=D(2028, 4, 1), period_years=3, basis=RenewalPolicy.Basis.ANNIVERSARY)
    assert policy_in_force([old, new], D(2028, 3, 31)) is old
    assert policy_in_force([old, new], D(2028, 4, 1)) is new
    assert policy_in_force([old, new], D(2010, 1, 1)) is None


def test_add_years_leap_day():
    assert add_years(D(2024, 2, 29), 4) == D(2028, 2, 29)
    assert add_years(D(2024, 2, 29), 1) == D(2025, 3, 1)
