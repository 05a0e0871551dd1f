"""Who may take a place on a session. Pure: the caller gathers the facts; nothing here writes."""

from decimal import Decimal

from django.utils.translation import gettext_lazy

from curriculum.rules import SUPERVISOR_TIER_JOBS
from lms.formats import short_date
from lms.organisations.models import CENTRE_JOBS

from .models import TrainingSession

REFUSED_NOT_PUBLISHED = gettext_lazy("This session is not open for applications.")
REFUSED_WINDOW_NOT_OPEN = gettext_lazy("Applications open on %(date)s.")
REFUSED_WINDOW_CLOSED = gettext_lazy("Applications closed on %(date)s.")
REFUSED_NOT_CENTRE_STAFF = gettext_lazy("Only staff of a consultation support centre can take this course.")
REFUSED_SUPERVISOR_TIER = gettext_lazy("Supervisor-tier courses are for centre directors and chief supporters.")
REFUSED_EXPERIENCE = gettext_lazy("This course needs %(required)s years of experience in a centre; you have %(actual)s.")
REFUSED_ALREADY_ENROLLED = gettext_lazy("Already applied for or enrolled in this session.")
REFUSED_ALREADY_COMPLETED = gettext_lazy(
    "Already completed this subject on %(date)s; take a refresher session when renewal is due."
)
# Seed 004 part 2: the refresher (更新講座) renews a completion of the course; it is not the course.
REFUSED_REFRESHER_WITHOUT_COURSE = gettext_lazy(
    "The refresher course renews a completion of this subject, and you have not completed it: apply for the full course."
)
REFUSED_REFRESHER_AFTER_LAPSE = gettext_lazy(
    "Your completion lapsed on %(date)s and, under the renewal policy, the full course must be taken again."
)

def enrolment_refusal(*, session, jobs, experience_years, today, already_enrolled=False, completed_on=None, lapsed_for_full_course_on=None):
    """Why `jobs` may not take a place on `session` today, or None when they may.

    `completed_on` is the person's latest completion of the subject; `lapsed_for_full_course_on`
    its deadline when that has passed and the renewal policy asks for the full course again.
    """
    if session.status != TrainingSession.Status.PUBLISHED:
        return str(REFUSED_NOT_PUBLISHED)
    if today < session.applications_open_on:
        return REFUSED_WINDOW_NOT_OPEN % {"date": short_date(session.applications_open_on)}
    if today > session.applications_close_on:
        return REFUSED_WINDOW_CLOSED % {"date": short_date(session.applications_close_on)}
    jobs = frozenset(jobs)
    if not jobs & CENTRE_JOBS:
        return str(REFUSED_NOT_CENTRE_STAFF)
    subject = session.subject
    if subject.tier.code == "supervisor" and not jobs & SUPERVISOR_TIER_JOBS:
        return str(REFUSED_SUPERVISOR_TIER)
    if subject.min_experience_years is not None and experience_years < subject.min_experience_years:
        return REFUSED_EXPERIENCE % {"required": subject.min_experience_years, "actual": experience_years}
    if already_enrolled:
        return str(REFUSED_ALREADY_ENROLLED)
    if completed_on is not None and not session.is_refresher and lapsed_for_full_course_on is None:
        return REFUSED_ALREADY_COMPLETED % {"date": short_date(completed_on)}
    if session.is_refresher and completed_on is None:
        return str(REFUSED_REFRESHER_WITHOUT_COURSE)
    if session.is_refresher and lapsed_for_full_course_on is not None:
        return REFUSED_REFRESHER_AFTER_LAPSE % {"date": short_date(lapsed_for_full_course_on)}
    return None


# A session day shorter than this is half a day when Off-JT is counted by the day (seed 004 part 3
# ② counts "1.5日" as 12 h: days are whole or half).
HALF_DAY_BELOW_HOURS = 4


def training_days(day_hours):
    """Days of training in days of `day_hours` each: a day of fewer than 4 hours is half a day."""
    return sum((Decimal("1") if hours >= HALF_DAY_BELOW_HOURS else Decimal("0.5")) for hours in day_hours)
