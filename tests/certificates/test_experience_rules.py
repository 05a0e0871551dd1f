"""Counting practical experience the way a 実務経験証明書 counts it (lms/certificates/experience.py)."""

import datetime

import pytest

from lms.certificates.experience import Period, Total, merged, month_end, months_and_days, total

D = datetime.date


@pytest.mark.parametrize(("start", "months", "end"), [
    (D(2026, 4, 1), 1, D(2026, 4, 30)),
    (D(2026, 4, 10), 1, D(2026, 5, 9)),
    (D(2026, 1, 31), 1, D(2026, 2, 28)),  # no 31 February: the month ends on its last day
    (D(2028, 1, 31), 1, D(2028, 2, 29)),  # a leap year
    (D(2024, 2, 29), 12, D(2025, 2, 28)),
    (D(2024, 2, 29), 48, D(2028, 2, 28)),
    (D(2026, 4, 1), 12, D(2027, 3, 31)),  # a fiscal year is twelve months
])
def test_a_month_runs_as_the_civil_code_counts(start, months, end):
    assert month_end(start, months) == end


def test_a_fiscal_year_is_one_year_and_a_day_short_of_it_is_not():
    assert months_and_days(Period(D(2026, 4, 1), D(2027, 3, 31))) == (12, 0)
    assert months_and_days(Period(D(2026, 4, 1), D(2027, 3, 30))) == (11, 30)
    assert months_and_days(Period(D(2026, 4, 1), D(2026, 4, 1))) == (0, 1)


def test_a_move_on_1_april_after_31_march_is_one_period_and_overlaps_count_once():
    periods = [Period(D(2024, 4, 1), D(2026, 3, 31)), Period(D(2026, 4, 1), D(2026, 9, 30)), Period(D(2025, 1, 1), D(2025, 6, 30))]
    assert merged(periods) == [Period(D(2024, 4, 1), D(2026, 9, 30))]
    assert total(periods) == Total(30, 0) and total(periods).years_and_months == (2, 6)


def test_left_over_days_add_up_thirty_to_a_month_and_the_rest_is_shown_not_counted():
    periods = [Period(D(2025, 4, 1), D(2025, 4, 20)), Period(D(2025, 6, 1), D(2025, 6, 15))]  # 20 + 15 days
    assert total(periods) == Total(1, 5)
    assert total([]) == Total(0, 0)


def test_from_29_february():
    assert total([Period(D(2024, 2, 29), D(2025, 2, 28))]) == Total(12, 0)
    assert months_and_days(Period(D(2024, 2, 29), D(2025, 2, 27))) == (11, 30)
    assert total([Period(D(2024, 2, 29), D(2025, 2, 27))]) == Total(12, 0)  # thirty days left over make a month
    assert total([Period(D(2024, 2, 29), D(2025, 2, 26))]) == Total(11, 29)
