"""Pure rules about people and their jobs; they read, never write."""

import datetime

from .models import CENTRE_JOBS


def years_of_experience(memberships, on: datetime.date) -> float:
    """Years worked in centres up to `on`, counting overlapping jobs once."""
    spans = sorted(
        (m.started_on, min(m.ended_on or on, on))
        for m in memberships
        if m.job in CENTRE_JOBS and m.started_on <= on
    )
    days = 0
    current_start = current_end = None
    for start, end in spans:
        if current_end is not None and start <= current_end + datetime.timedelta(days=1):
            current_end = max(current_end, end)
            continue
        if current_end is not None:
            days += (current_end - current_start).days + 1
        current_start, current_end = start, end
    if current_end is not None:
        days += (current_end - current_start).days + 1
    return round(days / 365.25, 2)
