"""Pure rules of the skill path; they read nothing from the database and never write."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from curriculum.rules import policy_in_force, renewal_terms
from lms.fiscal import fiscal_year_end, fiscal_year_start, recorded_day_refusal
from ojt import rules as ojt_rules


def offjt_status(credited, minimums, policy):
    """A fiscal year's Off-JT against the person's minimum, as the ledger counts both: `credited` is
    the year's `ojt.selectors.Hours`, `minimums` its `Minimums`, `policy` the hours policy in force."""
    hours = credited.offjt
    minimum = minimums.offjt
    shortfall = max(minimum - hours, Decimal("0"))
    percent = int(min(hours / minimum * 100, 100)) if minimum else 100
    return {
        "hours": hours, "minimum": minimum, "shortfall": shortfall, "percent": percent, "met": shortfall == 0,
        "prorated": minimums.prorated, "joined_on": minimums.joined_on, "months": minimums.months, "policy_minimum": minimums.policy_offjt,
        "courses": credited.courses, "fieldwork": credited.fieldwork, "fieldwork_days": credited.fieldwork_days,
        "centre_lectures": credited.centre_lectures, "credit_rule": ojt_rules.credit_rule(policy),
    }


# --- Yearly plans ----------------------------------------------------------------------------

REFUSED_OWN_PLAN = _("Nobody approves or returns their own plan.")
REFUSED_NOT_MANAGER = _("Only a supervisor or director of this person's centre can decide on the plan.")
REFUSED_NOT_OWNER = _("Only the person whose plan it is can do this.")
REFUSED_COMMENT_REQUIRED = _("Say what to change when returning a plan.")
REFUSED_LINE = _("In 図表 2-2 the practice domain is trained by OJT only and the fieldwork domain by Off-JT only.")
REFUSED_SUBJECT_DOMAIN = _("%(subject)s belongs to the %(domain)s domain: choose it there.")
REFUSED_SUBJECT_IN_OJT = _("A course of the curriculum is Off-JT: choose it in the domain's Off-JT line.")

OJT, OFF_JT = "ojt", "off_jt"


def plan_lines(delivery):
    """The lines of 図表 2-2 a domain has, by how the domain is delivered: practice is OJT only
    (実践 OJT), fieldwork Off-JT only (FW Off-JT), the three lecture domains both."""
    if delivery == "practice":
        return [OJT]
    if delivery == "fieldwork":
        return [OFF_JT]
    return [OJT, OFF_JT]


def plan_slots(domains):
    """[(domain, line)] in the order of 図表 2-2: each domain's lines, OJT first."""
    return [(domain, line) for domain in domains for line in plan_lines(domain.delivery)]


@dataclass(frozen=True)
class EntryOutcome:
    """A planned entry and the training done against it in the plan's year."""

    entry: object
    records: tuple


def reconcile(entries, records):
    """What was done against each Off-JT entry (step 5 of the plan), and the training nobody planned.

    A record answers an entry when it is a completion of the entry's subject, or, for an entry
    without a subject, when its title contains the entry's course name. A record
    counts against the first entry it answers, so two entries for one subject are not both met by
    one course. OJT entries are answered by the year's OJT hours, shown beside them.
    """
    unused = list(records)
    outcomes = []
    for entry in entries:
        matched = []
        if entry.line == OFF_JT:
            for record in list(unused):
                if _answers(record, entry):
                    matched.append(record)
                    unused.remove(record)
        outcomes.append(EntryOutcome(entry, tuple(matched)))
    return outcomes, unused


def _answers(record, entry):
    if entry.subject_id:
        return record.subject_id == entry.subject_id
    if entry.domain.delivery == "fieldwork":
        return False  # fieldwork is answered by placements, shown beside the entry
    name = entry.course_text.strip().casefold()
    # The planned course's name within the record's title ("社会福祉行政職員研修" in "令和8年度 社会福祉行政
    # 職員研修（福岡県）"), never the other way round, where a short title would answer any entry.
    return bool(name) and name in record.title.strip().casefold()


# Training outside the institute: what one record can plausibly hold.
MAX_EXTERNAL_HOURS = Decimal("200")
MAX_HOURS_PER_DAY = Decimal("10")
MAX_EXTERNAL_SPAN_DAYS = 366
MIN_HOURS_PER_RECORDED_DAY = Decimal("3")


def external_training_refusals(*, started_on, completed_on, hours, today, days=None) -> dict:
    """Field → reason for a record of external training that cannot be right (empty if it can)."""
    refusals = {
        field: refusal for field, day in (("started_on", started_on), ("completed_on", completed_on))
        if day and (refusal := recorded_day_refusal(day, today))
    }
    if refusals:
        return refusals
    if started_on and completed_on:
        if completed_on < started_on:
            refusals["completed_on"] = _("The training must end on or after the day it started.")
        elif (completed_on - started_on).days >= MAX_EXTERNAL_SPAN_DAYS:
            refusals["completed_on"] = _("Record a course of more than a year as one record per fiscal year.")
    if hours is not None:
        if not 0 < hours <= MAX_EXTERNAL_HOURS:
            refusals["hours"] = _("Enter the hours attended: more than 0 and at most 200.")
        elif started_on and completed_on and "completed_on" not in refusals:
            span = (completed_on - started_on).days + 1
            if hours > span * MAX_HOURS_PER_DAY:
                refusals["hours"] = _("%(hours)s hours in %(days)s days is more than 10 hours a day: check the hours or the dates.") % {"hours": hours, "days": span}
    if days is not None and started_on and completed_on and "completed_on" not in refusals:
        span = (completed_on - started_on).days + 1
        if days <= 0 or days > span or days * 2 != int(days * 2):
            refusals["days"] = _("Enter whole or half days, at most the %(span)s calendar days from start to end.") % {"span": span}
        elif hours is not None and hours < days * MIN_HOURS_PER_RECORDED_DAY:
            # A day counts for a full day's Off-JT (8 h under the default policy): a two-hour lecture is not one.
            refusals["days"] = _(
                "%(days)s days need at least %(hours)s hours of training (3 hours a day); leave days blank for a shorter training."
            ) % {"days": days, "hours": days * MIN_HOURS_PER_RECORDED_DAY}
    return refusals


@dataclass(frozen=True)
class RequirementGap:
    subject: object
    kind: str  # "missing", "refresher_due", "lapsed"
    deadline: datetime.date | None = None

    @property
    def reason(self):
        if self.kind == "missing":
            return _("Required for your job and not yet completed.")
        if self.kind == "refresher_due":
            return _("Refresher due: complete it by %(date)s.") % {"date": self.deadline.isoformat()}
        return _("Lapsed on %(date)s: the policy asks for the course again.") % {"date": self.deadline.isoformat()}


def required_subjects_missing(*, jobs, subjects, completions, fiscal_year):
    """Required subjects not completed, or whose renewal deadline falls in or before the plan year.

    `subjects` are curriculum subjects with `requirements` and `renewal_policies` prefetched;
    `completions` maps subject id to the person's latest counted completion record.
    """
    gaps = []
    year_end = fiscal_year_end(fiscal_year)
    for subject in subjects:
        if subject.domain.code in ("practice", "fieldwork") or not subject.is_required_for(jobs):
            continue
        record = completions.get(subject.pk)
        if record is None:
            gaps.append(RequirementGap(subject, "missing"))
            continue
        policy = policy_in_force(subject.renewal_policies.all(), record.completed_on)
        if policy is None:
            continue
        deadline = renewal_terms(policy, record.completed_on).deadline
        if deadline < fiscal_year_start(fiscal_year):
            kind = "lapsed" if policy.after_lapse == policy.AfterLapse.FULL_COURSE else "refresher_due"
            gaps.append(RequirementGap(subject, kind, deadline))
        elif deadline <= year_end:
            gaps.append(RequirementGap(subject, "refresher_due", deadline))
    return gaps


def uncovered_gaps(gaps, planned_subject_ids):
    """The gaps no plan row addresses: what the approver should look at."""
    return [gap for gap in gaps if gap.subject.pk not in planned_subject_ids]
