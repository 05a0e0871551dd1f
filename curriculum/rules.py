"""Pure curriculum rules: renewal deadlines and who must take what. They never write."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lms.fiscal import fiscal_year, fiscal_year_end, fiscal_year_label
from lms.formats import short_date
from lms.organisations.models import Job

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
                "completed": short_date(self.completed_on),
                "completed_fy": fiscal_year_label(completed_fy),
                "effective": short_date(policy.effective_from),
                "years": policy.period_years,
                "deadline_fy": fiscal_year_label(completed_fy + policy.period_years),
                "deadline": short_date(self.deadline),
            }
        return _(
            "Completed on %(completed)s. Under the policy in force from %(effective)s, a completion "
            "is valid for %(years)s years to the day, so the refresher must be completed by "
            "%(deadline)s."
        ) % {
            "completed": short_date(self.completed_on),
            "effective": short_date(policy.effective_from),
            "years": policy.period_years,
            "deadline": short_date(self.deadline),
        }


def renewal_rule(policy: RenewalPolicy) -> str:
    """The policy's rule in words, with its number of years (the basis labels say "N")."""
    if policy.basis == RenewalPolicy.Basis.FISCAL_YEAR:
        return _("by the end of the %(years)sth fiscal year after the fiscal year of completion") % {"years": policy.period_years}
    return _("%(years)s years to the day after completion") % {"years": policy.period_years}


def renewal_terms(policy: RenewalPolicy, completed_on: datetime.date) -> RenewalTerms:
    """The deadline and renewal window for a completion on `completed_on` under `policy`."""
    if policy.basis == RenewalPolicy.Basis.FISCAL_YEAR:
        deadline = fiscal_year_end(fiscal_year(completed_on) + policy.period_years)
    else:
        # Valid through the day before the Nth anniversary.
        deadline = add_years(completed_on, policy.period_years) - datetime.timedelta(days=1)
    window_opens = subtract_months(deadline, policy.window_months) + datetime.timedelta(days=1)
    return RenewalTerms(policy=policy, completed_on=completed_on, deadline=deadline, window_opens=window_opens)


# Who takes the supervisor tier (図表 1-12): centre directors and chief supporters.
SUPERVISOR_TIER_JOBS = frozenset({Job.DIRECTOR, Job.SUPERVISOR})
