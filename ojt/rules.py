"""Pure rules for OJT hours: minimums, pro-rating, pace and forecast. They never touch the database."""

import math
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from lms.fields import plain_number
from lms.fiscal import fiscal_year, fiscal_year_start, months_elapsed

MAX_SESSION_HOURS = Decimal("8")
REFUSED_DURATION = _("A session lasts more than 0 and at most 8 hours.")
REFUSED_NOT_IN_CENTRE = _("%(names)s do not work at this centre.")
REFUSED_OWN_SIGN_OFF = _("Nobody signs off their own OJT.")
REFUSED_NOT_MANAGER = _("Only a supervisor or director of the person's centre can sign off their OJT.")
REFUSED_CONFIRMER = _("Only the facilitator or a supervisor or director of the centre can confirm attendance.")
REFUSED_NOT_COORDINATOR = _("Only the centre's OJT coordinator, supervisor or director can do this.")
REFUSED_OWN_HOURS = _("Someone whose hours this session adds cannot confirm it: ask the facilitator, a supervisor or the director.")
REFUSED_OWN_CASCADE = _("A cascade session clears its facilitator's obligation: a supervisor or the director confirms it.")
REFUSED_ALREADY_CONFIRMED = _("This session's attendance is already confirmed.")
REFUSED_NOT_ATTENDEE = _("Only the session's attendees answer its evaluation.")
REFUSED_FACILITATOR_EVALUATES = _("The facilitator is the one being rated: they do not answer the session's evaluation.")
REFUSED_ALREADY_DECIDED = _("This entry has already been decided.")
REFUSED_NO_REASON = _("Give the reason for returning this entry.")

PRORATING_RULE = _(
    "Someone who joins during the year has a minimum pro-rated by the months left in the fiscal year, "
    "counting the month they join, rounded up to the half hour."
)


def course_credit(hours, days, policy):
    """A course's Off-JT hours: by the day where it was recorded in days and the policy counts days."""
    if days and policy.offjt_day_hours:
        return (Decimal(days) * policy.offjt_day_hours).quantize(Decimal("0.1"))
    return hours


def credit_rule(policy):
    """What counts as Off-JT under `policy`, and for how many hours, in one paragraph for the handbook."""
    if policy.offjt_day_hours:
        courses = _("A day of a course counts as %(hours)s hours of Off-JT, as the guideline counts a five-day course as 40 hours.") % {
            "hours": plain_number(policy.offjt_day_hours)}
    else:
        courses = _("A course counts the hours of its timetable.")
    if policy.fieldwork_day_hours:
        fieldwork = _("A fieldwork day counts as %(hours)s hours of Off-JT.") % {"hours": plain_number(policy.fieldwork_day_hours)}
    else:
        fieldwork = _("Fieldwork days are not counted as Off-JT hours.")
    if policy.centre_lectures_are_offjt:
        lectures = _("Centre sessions with outside lecturers count as Off-JT.")
    else:
        lectures = _("Centre sessions with outside lecturers count as OJT.")
    return " ".join(str(part) for part in (courses, fieldwork, lectures))


def duration_refusal(hours):
    if hours is None or hours <= 0 or hours > MAX_SESSION_HOURS:
        return str(REFUSED_DURATION)
    return None


def policy_for_year(policies, year):
    """The policy in force for fiscal `year`: the latest effective on or before its 1 April."""
    start = fiscal_year_start(year)
    applicable = [policy for policy in policies if policy.effective_from <= start]
    return max(applicable, key=lambda policy: policy.effective_from, default=None)


def _round_up_half(value):
    return Decimal(math.ceil(value * 2)) / 2


def months_in_post(year, joined_on):
    """Months of fiscal `year` the person works, counting the month they joined."""
    if joined_on is None or joined_on <= fiscal_year_start(year):
        return 12
    if fiscal_year(joined_on) > year:
        return 0
    return 12 - months_elapsed(year, joined_on) + 1


def prorated_minimum(minimum, year, joined_on):
    return _round_up_half(Decimal(minimum) * months_in_post(year, joined_on) / 12)


def expected_by(minimum, year, today, joined_on):
    """The hours someone on pace would have by the end of `today`'s month."""
    months = months_in_post(year, joined_on)
    if months == 0:
        return Decimal("0")
    worked = months_elapsed(year, today) - (12 - months)
    worked = max(0, min(worked, months))
    return _round_up_half(Decimal(minimum) * worked / months)


def forecast(hours, year, today, joined_on):
    """Year-end hours if the person keeps their pace so far."""
    months = months_in_post(year, joined_on)
    worked = max(0, min(months_elapsed(year, today) - (12 - months), months))
    if worked == 0:
        return Decimal(hours)
    return (Decimal(hours) * months / worked).quantize(Decimal("0.1"))


def is_compliant(hours, minimum):
    return Decimal(hours) >= Decimal(minimum)


def cascade_owed(completions, cascades_led):
    """Completions of subjects that need a cascade session with no cascade led after them.

    `completions` are (record, subject) pairs; `cascades_led` the dates of held cascade sessions
    the person facilitated.
    """
    owed = []
    for record in completions:
        if not any(date >= record.completed_on for date in cascades_led):
            owed.append(record)
    return owed
