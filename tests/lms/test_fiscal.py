import datetime

import pytest

from lms.fiscal import fiscal_year, fiscal_year_end, fiscal_year_start, months_elapsed


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2027, 3, 31), 2026),
        (datetime.date(2027, 4, 1), 2027),
        (datetime.date(2026, 12, 31), 2026),
        (datetime.date(2027, 1, 1), 2026),
        (datetime.date(2028, 2, 29), 2027),
    ],
)
def test_fiscal_year_starts_on_1_april(day, expected):
    assert fiscal_year(day) == expected


def test_fiscal_year_bounds():
    assert fiscal_year_start(2026) == datetime.date(2026, 4, 1)
    assert fiscal_year_end(2026) == datetime.date(2027, 3, 31)
    assert fiscal_year_end(2027) == datetime.date(2028, 3, 31)


@pytest.mark.parametrize(
    ("day", "months"),
    [
        (datetime.date(2026, 3, 31), 0),
        (datetime.date(2026, 4, 1), 1),
        (datetime.date(2026, 11, 23), 8),
        (datetime.date(2027, 3, 31), 12),
        (datetime.date(2027, 4, 1), 12),
    ],
)
def test_months_elapsed_counts_started_months(day, months):
    assert months_elapsed(2026, day) == months
