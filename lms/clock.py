"""The one place the site reads the time.

Services, selectors and views ask here for "today" (the date in Asia/Tokyo) and "now", so a
test or a management command can set the clock once (time-machine moves both) and every
rule about deadlines, fiscal years and renewals sees the same day.
"""

import datetime

from django.utils import timezone


def now() -> datetime.datetime:
    """The current moment, timezone-aware."""
    return timezone.now()


def today() -> datetime.date:
    """Today's date in the site's time zone (a Japanese day, not UTC's)."""
    return timezone.localdate()
