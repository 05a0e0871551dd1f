"""Pure curriculum rules: renewal deadlines and who must take what. They never write."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.fiscal import fiscal_year, fiscal_year_end, fiscal_year_label
from lms.organisations.models import CENTRE_JOBS, Job

from .models import RenewalPolicy


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same date `years` later; 29 February becomes 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return datetime.date(day.year + years, 3, 1)


def subtract_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def policy_in_force(policies, completed_on: datetime.date):
    """The policy with the latest effective date on or before the completion date, if any."""
    applicable = [policy for policy in policies if policy.effective_from <= completed_on]
    return max(applicable, key=lambda policy: policy.effective_from, default=None)


@dataclass(frozen=True)
class RenewalTerms:
    policy: RenewalPolicy
    completed_on: datetime.date
    deadline: datetime.date
    window_opens: datetime.date

    def explanation(self) -> str:
        """Why the deadline is what it is, in plain words."""
        policy = self.policy
        if policy.basis == RenewalPolicy.Basis.FISCAL_YEAR:
            completed_fy = fiscal_year(self.completed_on)
            return _(
                "Completed on %(completed)s, in %(completed_fy)s. Under the policy in force from "
                "%(effective)s, the refresher must be completed by the end of the %(years)s th fiscal "
                "year after that year (%(deadline_fy)s), that is by %(deadline)s. Taking it earlier "
                "loses nothing."
            ) % {
                "completed": self.completed_on.isoformat(),
                "completed_fy": fiscal_year_label(completed_fy),
                "effective": policy.effective_from.isoformat(),
                "years": policy.period_years,
                "deadline_fy": fiscal_year_label(completed_fy + policy.period_years),
                "deadline": self.deadline.isoformat(),
            }
        return _(
            "Completed on %(completed)s. Under the policy in force from %(effective)s, a completion "
            "is valid for %(years)s years to the day, so the refresher must be completed by "
            "%(deadline)s."
        ) % {
            "completed": self.completed_on.isoformat(),
            "effective": policy.effective_from.isoformat(),
            "years": policy.period_years,
            "deadline": self.deadline.isoformat(),
        }


def renewal_terms(policy: RenewalPolicy, completed_on: datetime.date) -> RenewalTerms:
    """The deadline and renewal window for a completion on `completed_on` under `policy`."""
    if policy.basis == RenewalPolicy.Basis.FISCAL_YEAR:
        deadline = fiscal_year_end(fiscal_year(completed_on) + policy.period_years)
    else:
        # Valid through the day before the Nth anniversary.
        deadline = add_years(completed_on, policy.period_years) - datetime.timedelta(days=1)
    window_opens = subtract_months(deadline, policy.window_months) + datetime.timedelta(days=1)
    return RenewalTerms(policy=policy, completed_on=completed_on, deadline=deadline, window_opens=window_opens)


# --- Eligibility for a session ---------------------------------------------------------------

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

SUPERVISOR_TIER_JOBS = frozenset({Job.DIRECTOR, Job.SUPERVISOR})


def enrolment_refusal(*, session, jobs, experience_years, today, already_enrolled=False, completed_on=None):
    """Why `jobs` may not take a place on `session` today, or None when they may."""
    from .models import TrainingSession

    if session.status != TrainingSession.Status.PUBLISHED:
        return str(REFUSED_NOT_PUBLISHED)
    if today < session.applications_open_on:
        return REFUSED_WINDOW_NOT_OPEN % {"date": session.applications_open_on.isoformat()}
    if today > session.applications_close_on:
        return REFUSED_WINDOW_CLOSED % {"date": session.applications_close_on.isoformat()}
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
    if completed_on is not None and not session.is_refresher:
        return REFUSED_ALREADY_COMPLETED % {"date": completed_on.isoformat()}
    return None
