"""Setting the clock in tests: every service reads it through lms.clock, which time-machine moves."""

import datetime
from zoneinfo import ZoneInfo

TOKYO = ZoneInfo("Asia/Tokyo")


def at(day, hour=10, minute=0):
    """A moment on `day` in Japan (10:00 by default, well inside the working day)."""
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TOKYO)


# The application deadline of the sessions the factories build (tests/factories.py: open 13 November
# 2026 for 20 days): until it has passed, a run just after it catches a test that assumes they are open.
FACTORY_DEADLINE = datetime.date(2026, 12, 3)


def moments(now):
    """The moments `make test` runs the suite at, besides now: the next fiscal-year change in Japan
    (31 March 23:30 and 1 April 00:30), the next 29 February, and the day after the factories'
    application deadline while it is ahead (after that, the next turn of the calendar year)."""
    now = now.astimezone(TOKYO)

    def next_on(month, day, hour, minute=0):
        year = now.year
        while not _exists(year, month, day) or at(datetime.date(year, month, day), hour, minute) <= now:
            year += 1
        return at(datetime.date(year, month, day), hour, minute)

    fiscal_year_end = next_on(3, 31, 23, 30)
    first = at(FACTORY_DEADLINE + datetime.timedelta(days=1)) if at(FACTORY_DEADLINE) > now else next_on(12, 31, 23, 30)
    return [first, fiscal_year_end, fiscal_year_end + datetime.timedelta(hours=1), next_on(2, 29, 12)]


def _exists(year, month, day):
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


if __name__ == "__main__":  # `python -m tests.clock`: the moments, for the Makefile
    print(" ".join(moment.isoformat(timespec="minutes") for moment in moments(datetime.datetime.now(TOKYO))))
