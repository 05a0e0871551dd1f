"""Practical experience as 主任相談支援員 or 相談支援員 (seed 004, part 2, section 7 (4): years in
these jobs may count toward the exam eligibility of other qualifications), counted the way a
proof of practical experience (実務経験証明書) counts it. Pure: no database.

- Only the jobs named: chief supporter (主任相談支援員) and supporter (相談支援員, either kind).
  Directing a centre or clerical work is not counted.
- A day is counted once: jobs held at the same time, or one after another (a move to another
  centre on 1 April after 31 March), make one continuous period.
- Whole months run as the Civil Code counts periods (民法第143条): a month from the 10th ends on
  the 9th of the next month; when the next month has no such day (from 31 January), it ends on
  that month's last day.
- Days left over from the periods are added up, 30 days making a month; fewer than 30 are shown
  but do not count.
"""

import calendar
import datetime
from dataclasses import dataclass

from lms.organisations.models import Job

COUNTED_JOBS = (Job.SUPERVISOR, Job.SUPPORTER_INDIVIDUAL, Job.SUPPORTER_COMMUNITY)
# The job titles a proof of experience certifies, as the guideline and the rest of the site name them (the PDF and the verify page alike).
JOB_NAMES = {Job.SUPERVISOR: "主任相談支援員", Job.SUPPORTER_INDIVIDUAL: "相談支援員（対個人）", Job.SUPPORTER_COMMUNITY: "相談支援員（対社会）"}


def job_name(job) -> str:
    return JOB_NAMES[job]
DAYS_PER_MONTH = 30


@dataclass(frozen=True)
class Period:
    started_on: datetime.date
    ended_on: datetime.date  # the last day worked, inclusive


@dataclass(frozen=True)
class Total:
    months: int  # whole months, leftover days converted
    days: int  # leftover days under DAYS_PER_MONTH, not counted

    @property
    def years_and_months(self):
        return divmod(self.months, 12)


def merged(periods) -> list[Period]:
    """Overlapping or touching periods as one."""
    result = []
    for period in sorted(periods, key=lambda p: p.started_on):
        if result and period.started_on <= result[-1].ended_on + datetime.timedelta(days=1):
            last = result[-1]
            result[-1] = Period(last.started_on, max(last.ended_on, period.ended_on))
        else:
            result.append(period)
    return result


def month_end(started_on: datetime.date, months: int) -> datetime.date:
    """The last day of `months` whole months from `started_on` (that day included)."""
    index = started_on.month - 1 + months
    year, month = started_on.year + index // 12, index % 12 + 1
    if started_on.day > calendar.monthrange(year, month)[1]:
        return datetime.date(year, month, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, started_on.day) - datetime.timedelta(days=1)


def months_and_days(period: Period) -> tuple[int, int]:
    months = 0
    while month_end(period.started_on, months + 1) <= period.ended_on:
        months += 1
    counted_to = month_end(period.started_on, months) if months else period.started_on - datetime.timedelta(days=1)
    return months, (period.ended_on - counted_to).days


def total(periods) -> Total:
    months = days = 0
    for period in merged(periods):
        whole, rest = months_and_days(period)
        months += whole
        days += rest
    extra, days = divmod(days, DAYS_PER_MONTH)
    return Total(months + extra, days)
