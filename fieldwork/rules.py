"""Pure fieldwork rules: who may be nominated, how three blocks fit an offer, what comes next.

They read plain values and never touch the database; each returns the reason it refuses.
"""

import datetime
from dataclasses import dataclass
from functools import lru_cache

import holidays
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from curriculum.rules import SUPERVISOR_TIER_JOBS, policy_in_force  # noqa: F401 - versioned rules read alike
from lms.formats import short_date
from lms.organisations.models import CENTRE_JOBS, Job

from .models import BLOCKS_PER_PLACEMENT, EligibilityPolicy, Offer, Placement

#: A block is "about ten working days"; outside this range it is not a block of the standard shape.
WORKING_DAYS_TARGET = 10
MIN_BLOCK_WORKING_DAYS = 5
MAX_BLOCK_WORKING_DAYS = 15
INVITATION_VALID_DAYS = 90
MAX_OFFER_DAYS = 2 * 366

APPLIED_TIER_JOBS = SUPERVISOR_TIER_JOBS | {Job.SUPPORTER_INDIVIDUAL, Job.SUPPORTER_COMMUNITY, Job.OJT_COORDINATOR}
JOBS_OPEN_TO = {
    EligibilityPolicy.OpenTo.SUPERVISOR: SUPERVISOR_TIER_JOBS,
    EligibilityPolicy.OpenTo.APPLIED: APPLIED_TIER_JOBS,
    EligibilityPolicy.OpenTo.COMMON: CENTRE_JOBS,
}

REFUSED_NOT_OPEN = _("This offer is not open for nominations.")
REFUSED_CLOSED = _("Nominations for this offer closed on %(date)s.")
REFUSED_NOT_CENTRE_STAFF = _("Only staff of a consultation support centre can be nominated.")
REFUSED_OWN_ORGANISATION = _("Staff are placed at another organisation, not their own.")
REFUSED_TIER = _("Fieldwork is open to: %(open_to)s (the institute's rule from %(date)s).")
REFUSED_EXPERIENCE = _("Fieldwork needs %(required)s years in a centre; this person has %(actual)s.")
REFUSED_ALREADY = _("Already nominated for or placed on this offer.")
REFUSED_NOT_DIRECTOR = _("Only the director of the person's centre can nominate them.")
REFUSED_NOT_HOST = _("Only a supervisor at the host can do this.")
REFUSED_NOT_INSTITUTE = _("Only the institute can do this.")
REFUSED_NOT_TRAINEE = _("Only the person on the placement can do this.")
REFUSED_NOT_SENDING_CENTRE = _("Only the director or supervisor of the sending centre can do this.")
REFUSED_FULL = _("All %(places)s places on this offer are taken; no more placements can be accepted.")
REFUSED_WRONG_STEP = _("This cannot be done now: the placement is %(status)s.")
REFUSED_OFFER_STEP = _("This cannot be done now: the offer is %(status)s.")
REFUSED_REASON_REQUIRED = _("Give the reason, so the centre understands the decision.")
REFUSED_BLOCK_COUNT = _("A placement has exactly three blocks.")
REFUSED_BLOCK_ORDER = _("Block %(number)s ends before it starts.")
REFUSED_OUTSIDE_PERIOD = _(
    "Block %(number)s (%(start)s to %(end)s) falls outside the host's period, %(from)s to %(until)s."
)
REFUSED_BLOCK_LENGTH = _(
    "Block %(number)s has %(days)s working days; a block is about ten (between %(min)s and %(max)s)."
)
REFUSED_OVERLAP = _(
    "Blocks %(first)s and %(second)s overlap or are out of order: block %(second)s starts on %(start)s, "
    "but block %(first)s ends on %(end)s."
)
REFUSED_NO_GAP = _(
    "Leave a gap between blocks %(first)s and %(second)s: block %(second)s starts on %(start)s, the next "
    "working day after block %(first)s ends."
)
REFUSED_BLOCK_STARTED = _("Block %(number)s has started; its dates can no longer change.")
REFUSED_BLOCK_NOT_FUTURE = _(
    "Block %(number)s cannot start on %(start)s: a block starts after today, so its goal is agreed before it starts."
)
REFUSED_CLASH = _("Block %(number)s overlaps the same person's placement at %(host)s (%(start)s to %(end)s).")
REFUSED_LOG_REVIEWED = _("Block %(number)s has been reviewed with the host; its log is closed.")
REFUSED_OFFER_TOO_LONG = _("An offer covers at most two years.")
REFUSED_OFFER_PAST = _("Nominations for this offer would have closed on %(date)s; change the dates first.")
REFUSED_GOAL_LATE = _("The goal for block %(number)s had to be set before it started on %(date)s.")
REFUSED_GOAL_EMPTY = _("Write the goal for this block.")
REFUSED_REPORT_EMPTY = _("Write the final report.")
REFUSED_NOT_HOST_SUPERVISOR = _("The supervisor must be a host supervisor of this organisation.")
REFUSED_LOG_NO_GOAL = _("Block %(number)s has no goal, so it has not started; ask the host to reschedule it.")
REFUSED_LOG_OUTSIDE = _("A log for block %(number)s must be dated from %(start)s to %(end)s.")
REFUSED_LOG_FUTURE = _("A day cannot be logged before it happens.")
REFUSED_REVIEW_EARLY = _("Block %(number)s can be reviewed from its last day, %(date)s.")
REFUSED_REVIEW_CONFIRMED = _("The review of block %(number)s has already been confirmed.")
REFUSED_REVIEW_MISSING = _("The trainee has not reviewed block %(number)s yet.")
REFUSED_REPORT_EARLY = _("The final report comes after all three blocks are reviewed with the host.")
REFUSED_COMPLETE_NO_REPORT = _("The placement is completed after the trainee's final report.")
REFUSED_SUBSIDY_WITHOUT_FLAG = _("Tick 'a subsidy applies' to record a subsidy amount.")
REFUSED_SUBSIDY_TOO_HIGH = _("The subsidy cannot be more than the travel and lodging costs (%(total)s yen).")
REFUSED_INVITATION_ANSWERED = _("This invitation has already been answered.")
REFUSED_INVITATION_EXPIRED = _("This invitation has expired; ask the institute for a new one.")
REFUSED_INVITATION_OTHER_EMAIL = _("This invitation was sent to %(email)s; sign in with that address to answer it.")


# --- Working days --------------------------------------------------------------------------------

@lru_cache(maxsize=32)
def _public_holidays(year):
    return holidays.country_holidays("JP", years=year)


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday, except Japanese public holidays."""
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def working_days(start: datetime.date, end: datetime.date) -> int:
    """Working days from `start` to `end`, both included (0 when `end` is before `start`)."""
    return sum(is_working_day(start + datetime.timedelta(days=n)) for n in range((end - start).days + 1))


# --- Eligibility ---------------------------------------------------------------------------------

def nomination_refusal(*, offer, jobs, experience_years, policy, today, own_organisation_ids, already_active=False):
    """Why a person holding `jobs` may not be nominated for `offer` today, or None when they may.

    Without a policy the report's starting rule holds: supervisor-tier staff only.
    """
    if offer.status != Offer.Status.PUBLISHED:
        return str(REFUSED_NOT_OPEN)
    if today > offer.applications_close_on:
        return REFUSED_CLOSED % {"date": short_date(offer.applications_close_on)}
    jobs = frozenset(jobs)
    if not jobs & CENTRE_JOBS:
        return str(REFUSED_NOT_CENTRE_STAFF)
    if offer.host_id in own_organisation_ids:
        return str(REFUSED_OWN_ORGANISATION)
    open_to = policy.open_to if policy else EligibilityPolicy.OpenTo.SUPERVISOR
    if not jobs & JOBS_OPEN_TO[open_to]:
        return REFUSED_TIER % {
            "open_to": EligibilityPolicy.OpenTo(open_to).label,
            "date": short_date(policy.effective_from) if policy else "—",
        }
    if policy and experience_years < policy.min_experience_years:
        return REFUSED_EXPERIENCE % {"required": policy.min_experience_years, "actual": experience_years}
    if already_active:
        return str(REFUSED_ALREADY)
    return None


def acceptance_refusal(*, offer, places_taken):
    if places_taken >= offer.places:
        return REFUSED_FULL % {"places": offer.places}
    return None


# --- The three blocks ----------------------------------------------------------------------------

@dataclass(frozen=True)
class BlockDates:
    number: int
    starts_on: datetime.date
    ends_on: datetime.date


def schedule_errors(blocks, *, available_from, available_until):
    """Every reason the proposed blocks do not fit: count, order, the offer's period, length, overlap, gaps."""
    errors = []
    if len(blocks) != BLOCKS_PER_PLACEMENT or {b.number for b in blocks} != set(range(1, BLOCKS_PER_PLACEMENT + 1)):
        return [str(REFUSED_BLOCK_COUNT)]
    blocks = sorted(blocks, key=lambda block: block.number)
    fitting = set()  # blocks inside the offer's period, whose working days are worth counting
    for block in blocks:
        dates = {"number": block.number, "start": short_date(block.starts_on), "end": short_date(block.ends_on)}
        if block.ends_on < block.starts_on:
            errors.append(REFUSED_BLOCK_ORDER % dates)
        elif block.starts_on < available_from or block.ends_on > available_until:
            errors.append(REFUSED_OUTSIDE_PERIOD % {**dates, "from": short_date(available_from), "until": short_date(available_until)})
        else:
            fitting.add(block.number)
            days = working_days(block.starts_on, block.ends_on)
            if not MIN_BLOCK_WORKING_DAYS <= days <= MAX_BLOCK_WORKING_DAYS:
                errors.append(REFUSED_BLOCK_LENGTH % {**dates, "days": days, "min": MIN_BLOCK_WORKING_DAYS, "max": MAX_BLOCK_WORKING_DAYS})
    for first, second in zip(blocks, blocks[1:]):
        pair = {"first": first.number, "second": second.number, "start": short_date(second.starts_on), "end": short_date(first.ends_on)}
        if second.starts_on <= first.ends_on:
            errors.append(REFUSED_OVERLAP % pair)
        elif {first.number, second.number} <= fitting:
            between = working_days(first.ends_on + datetime.timedelta(days=1), second.starts_on - datetime.timedelta(days=1))
            if between == 0:
                errors.append(REFUSED_NO_GAP % pair)
    return errors


def start_refusal(block, today):
    """A block is set (or moved) to start after today, so its goal can be agreed before it starts."""
    if block.starts_on <= today:
        return REFUSED_BLOCK_NOT_FUTURE % {"number": block.number, "start": short_date(block.starts_on)}
    return None


def clash_errors(blocks, other_blocks):
    """Blocks that overlap the person's other placements: `other_blocks` are (start, end, host name)."""
    errors = []
    for block in sorted(blocks, key=lambda b: b.number):
        for start, end, host in other_blocks:
            if block.starts_on <= end and start <= block.ends_on:
                errors.append(REFUSED_CLASH % {
                    "number": block.number, "host": host, "start": short_date(start), "end": short_date(end),
                })
                break
    return errors


def offer_period_refusal(*, available_from, available_until, applications_close_on):
    if (available_until - available_from).days > MAX_OFFER_DAYS:
        return str(REFUSED_OFFER_TOO_LONG)
    return None


def offer_open_refusal(offer, today):
    """An offer sent or published must still take nominations."""
    if offer.applications_close_on < today:
        return REFUSED_OFFER_PAST % {"date": short_date(offer.applications_close_on)}
    return None


def has_started(block, today, has_logs=False):
    """A block starts on its first day, and only with its goal set; until then its dates may move."""
    return has_logs or (bool(block.goal) and block.starts_on <= today)


def goal_refusal(block, today):
    if today >= block.starts_on:
        return REFUSED_GOAL_LATE % {"number": block.number, "date": short_date(block.starts_on)}
    return None


def log_refusal(block, date, today):
    if block.is_reviewed:
        return REFUSED_LOG_REVIEWED % {"number": block.number}
    if not block.goal:
        return REFUSED_LOG_NO_GOAL % {"number": block.number}
    if not block.starts_on <= date <= block.ends_on:
        return REFUSED_LOG_OUTSIDE % {"number": block.number, "start": short_date(block.starts_on), "end": short_date(block.ends_on)}
    if date > today:
        return str(REFUSED_LOG_FUTURE)
    return None


def self_review_refusal(block, today):
    if block.is_reviewed:
        return REFUSED_REVIEW_CONFIRMED % {"number": block.number}
    if not block.goal:
        return REFUSED_LOG_NO_GOAL % {"number": block.number}
    if today < block.ends_on:
        return REFUSED_REVIEW_EARLY % {"number": block.number, "date": short_date(block.ends_on)}
    return None


def review_confirm_refusal(block):
    if block.is_reviewed:
        return REFUSED_REVIEW_CONFIRMED % {"number": block.number}
    if not block.attainment:
        return REFUSED_REVIEW_MISSING % {"number": block.number}
    return None


def report_refusal(blocks):
    if len(blocks) != BLOCKS_PER_PLACEMENT or not all(block.is_reviewed for block in blocks):
        return str(REFUSED_REPORT_EARLY)
    return None


def costs_refusal(*, travel_cost, lodging_cost, subsidy_applies, subsidy_amount):
    if subsidy_amount and not subsidy_applies:
        return str(REFUSED_SUBSIDY_WITHOUT_FLAG)
    total = (travel_cost or 0) + (lodging_cost or 0)
    if subsidy_amount and subsidy_amount > total:
        return REFUSED_SUBSIDY_TOO_HIGH % {"total": f"{total:,}"}
    return None


def invitation_refusal(invitation, today, email=None):
    from .models import HostInvitation

    if invitation.status != HostInvitation.Status.SENT:
        return str(REFUSED_INVITATION_ANSWERED)
    if (today - timezone.localdate(invitation.invited_at)).days > INVITATION_VALID_DAYS:
        return str(REFUSED_INVITATION_EXPIRED)
    if email is not None and email.lower() != invitation.email.lower():
        return REFUSED_INVITATION_OTHER_EMAIL % {"email": invitation.email}
    return None


# --- What comes next -----------------------------------------------------------------------------

TRAINEE, HOST = "trainee", "host"


@dataclass(frozen=True)
class Step:
    """An action someone owes the placement: who (the trainee or the host) and what."""

    who: str
    text: str
    block: int | None = None


def next_steps(placement, blocks, today):
    """Everything still to do on a placement, in order, as of `today`."""
    if placement.status == Placement.Status.NOMINATED:
        return [Step(HOST, str(_("Accept or decline the nomination.")))]
    if placement.status != Placement.Status.ACCEPTED:
        return []
    if len(blocks) < BLOCKS_PER_PLACEMENT:
        return [Step(HOST, str(_("Schedule the three blocks.")))]
    steps = []
    for block in sorted(blocks, key=lambda b: b.number):
        if block.is_reviewed:
            continue
        facts = {"number": block.number, "date": short_date(block.starts_on), "end": short_date(block.ends_on)}
        if not block.goal:
            if today < block.starts_on:
                steps.append(Step(TRAINEE, _("Set the goal for block %(number)s before it starts on %(date)s.") % facts, block.number))
            else:
                steps.append(Step(HOST, _("Block %(number)s passed its start date without a goal: reschedule it.") % facts, block.number))
        elif block.starts_on <= today < block.ends_on:
            steps.append(Step(TRAINEE, _("Block %(number)s is under way until %(end)s: keep the daily log.") % facts, block.number))
        elif today >= block.ends_on and not block.attainment:
            steps.append(Step(TRAINEE, _("Review block %(number)s with the host's supervisor.") % facts, block.number))
        elif block.attainment:
            steps.append(Step(HOST, _("Confirm the review of block %(number)s.") % facts, block.number))
    if all(block.is_reviewed for block in blocks):
        if not placement.report:
            steps.append(Step(TRAINEE, str(_("Write the final report."))))
        else:
            steps.append(Step(HOST, str(_("Confirm that the placement is completed."))))
    return steps


# --- Who may see what ----------------------------------------------------------------------------

def can_use_fieldwork(access):
    return access.is_centre_staff or access.is_host or access.is_institute


def can_view_offer(access, offer):
    """Drafts are the host's and the institute's; once published, every centre and host sees the offer."""
    if access.is_institute or offer.host_id in access.host_ids:
        return True
    return offer.status in (Offer.Status.PUBLISHED, Offer.Status.CLOSED) and can_use_fieldwork(access)


def can_view_placement(access, placement):
    """The trainee, the sending centre's director and supervisor, the host's supervisors and the institute."""
    return (
        access.user_id == placement.person_id
        or access.is_institute
        or placement.centre_id in access.managed_centre_ids
        or placement.offer.host_id in access.host_ids
    )


def can_see_costs(access, placement):
    """Costs are the sending centre's business (and the institute's, for subsidies); not the host's."""
    return access.user_id == placement.person_id or access.is_institute or placement.centre_id in access.managed_centre_ids
