"""The moments `make test` moves the clock to are worked out from today, so they stay ahead of it."""

from tests.clock import at, moments


def test_before_the_factories_deadline_the_day_after_it_comes_first():
    assert moments(at("2026-12-01")) == [at("2026-12-04"), at("2027-03-31", 23, 30), at("2027-04-01", 0, 30), at("2028-02-29", 12)]


def test_on_31_march_after_23_30_the_next_fiscal_year_change_is_a_year_on():
    first, year_end, new_year, leap_day = moments(at("2027-03-31", 23, 45))
    assert (year_end, new_year) == (at("2028-03-31", 23, 30), at("2028-04-01", 0, 30))
    assert first == at("2027-12-31", 23, 30) and leap_day == at("2028-02-29", 12)


def test_on_31_march_before_23_30_it_is_that_evening():
    assert moments(at("2027-03-31", 10))[1] == at("2027-03-31", 23, 30)


def test_on_a_leap_day_afternoon_the_next_leap_day_is_four_years_on():
    assert moments(at("2028-02-29", 13))[3] == at("2032-02-29", 12)
    assert moments(at("2028-02-29", 11))[3] == at("2028-02-29", 12)


def test_1900_style_century_years_are_skipped():
    assert moments(at("2097-03-01"))[3] == at("2104-02-29", 12)
