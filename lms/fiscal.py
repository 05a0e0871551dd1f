"""The Japanese fiscal year (年度): 1 April to 31 March, named by the year it starts in."""

import datetime

from django.utils.translation import gettext as _

from lms.formats import short_date

FISCAL_YEAR_START_MONTH = 4
# The years the site accepts in addresses and forms: anything else is a typo or a probe.
FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR = 2000, 2100


def is_known_fiscal_year(year: int) -> bool:
    """Whether the site keeps records for `year` (addresses and forms outside it are refused)."""
    return FIRST_FISCAL_YEAR <= year <= LAST_FISCAL_YEAR


def fiscal_year(day: datetime.date) -> int:
    """The fiscal year containing `day`: 31 March 2027 is FY2026, 1 April 2027 is FY2027."""
    return day.year if day.month >= FISCAL_YEAR_START_MONTH else day.year - 1


def fiscal_year_start(year: int) -> datetime.date:
    return datetime.date(year, FISCAL_YEAR_START_MONTH, 1)


def fiscal_year_end(year: int) -> datetime.date:
    return datetime.date(year + 1, FISCAL_YEAR_START_MONTH, 1) - datetime.timedelta(days=1)


def fiscal_year_label(year: int) -> str:
    return _("FY%(year)s") % {"year": year}


def months_elapsed(year: int, day: datetime.date) -> int:
    """Whole or started months of fiscal year `year` up to `day` (0 before it, 12 after it)."""
    if day < fiscal_year_start(year):
        return 0
    if day > fiscal_year_end(year):
        return 12
    return (day.year - year) * 12 + day.month - FISCAL_YEAR_START_MONTH + 1


def recorded_day_refusal(day: datetime.date, today: datetime.date) -> str | None:
    """Why `day` cannot be the date of training already done (future, or before FY2000), or None."""
    if day > today:
        return _("The date cannot be later than today: record training once it has taken place.")
    if day < fiscal_year_start(FIRST_FISCAL_YEAR):
        return _("Enter a date from %(first)s onwards.") % {"first": short_date(fiscal_year_start(FIRST_FISCAL_YEAR))}
    return None
