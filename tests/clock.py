"""Setting the clock in tests: every service reads it through lms.clock, which time-machine moves."""

import datetime
from zoneinfo import ZoneInfo

TOKYO = ZoneInfo("Asia/Tokyo")


def at(day, hour=10, minute=0):
    """A moment on `day` in Japan (10:00 by default, well inside the working day)."""
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TOKYO)
