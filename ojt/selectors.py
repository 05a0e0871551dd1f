"""Reads for OJT: the yearly ledgers, in a fixed number of queries for a whole centre."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model

from fieldwork.selectors import fieldwork_days_by_person
from lms.fields import HoursSum
from lms.organisations.models import CENTRE_JOBS, Membership
from lms.training.models import TrainingRecord
from lms.training.selectors import offjt_hours_by_person

from . import rules
from .models import SUPERVISION_KINDS, IndividualOjt, MinimumHoursPolicy, OjtSession


@dataclass
class Ledger:
    person: object
    fiscal_year: int
    ojt_hours: Decimal
    supervision_hours: Decimal
    offjt_hours: Decimal
    fieldwork_days: int
    ojt_minimum: Decimal
    offjt_minimum: Decimal
    ojt_expected: Decimal
    offjt_expected: Decimal
    ojt_forecast: Decimal
    offjt_forecast: Decimal
    joined_on: object

    @property
    def ojt_compliant(self):
        return rules.is_compliant(self.ojt_hours, self.ojt_minimum)

    @property
    def offjt_compliant(self):
        return rules.is_compliant(self.offjt_hours, self.offjt_minimum)

    @property
    def behind(self):
        return self.ojt_hours < self.ojt_expected or self.offjt_hours < self.offjt_expected

    @property
    def ojt_shortfall(self):
        return max(self.ojt_minimum - self.ojt_forecast, Decimal("0"))

    @property
    def offjt_shortfall(self):
        return max(self.offjt_minimum - self.offjt_forecast, Decimal("0"))

    def percent(self, hours, minimum):
        return int(min(hours / minimum * 100, 100)) if minimum else 100

    @property
    def ojt_percent(self):
        return self.percent(self.ojt_hours, self.ojt_minimum)

    @property
    def offjt_percent(self):
        return self.percent(self.offjt_hours, self.offjt_minimum)


def _sum_by_person(queryset, person_field="person_id"):
    totals = defaultdict(Decimal)
    for row in queryset.values(person_field).annotate(total=HoursSum("hours")):
        totals[row[person_field]] = row["total"] or Decimal("0")
    return totals


# Before the institute has set a policy, the guideline's figures (seed 004 part 3: 50 hours each).
DEFAULT_MINIMUM = Decimal("50")


def policy_minimums(policies, fiscal_year):
    """(OJT, Off-JT) yearly minimums of the policy in force for `fiscal_year`, before pro-rating."""
    policy = rules.policy_for_year(policies, fiscal_year)
    return (policy.ojt_hours, policy.offjt_hours) if policy else (DEFAULT_MINIMUM, DEFAULT_MINIMUM)


def joined_on_by_person(ids):
    """When each person took their first centre job: the date their minimums are pro-rated from."""
    joined = {}
    for user_id, started_on in Membership.objects.filter(user_id__in=list(ids), job__in=CENTRE_JOBS).values_list("user_id", "started_on"):
        joined[user_id] = min(joined.get(user_id, started_on), started_on)
    return joined


@dataclass(frozen=True)
class Minimums:
    """One person's minimums for one fiscal year, and why (the months they work in it)."""

    ojt: Decimal
    offjt: Decimal
    policy_ojt: Decimal
    policy_offjt: Decimal
    joined_on: object
    months: int

    @property
    def prorated(self):
        return self.months < 12


def minimums_by_year(person, years):
    """The minimums every page shows for `person` in each of `years`: the ledger's, in two queries."""
    policies = list(MinimumHoursPolicy.objects.all())
    joined_on = joined_on_by_person([person.pk]).get(person.pk)
    result = {}
    for year in years:
        ojt_min, offjt_min = policy_minimums(policies, year)
        result[year] = Minimums(
            ojt=rules.prorated_minimum(ojt_min, year, joined_on), offjt=rules.prorated_minimum(offjt_min, year, joined_on),
            policy_ojt=ojt_min, policy_offjt=offjt_min, joined_on=joined_on, months=rules.months_in_post(year, joined_on),
        )
    return result


def ledgers_for(people, fiscal_year, today):
    """One ledger per person for the fiscal year, with pace and forecast as of `today`."""
    people = list(people)
    ids = [person.pk for person in people]
    ojt_min, offjt_min = policy_minimums(list(MinimumHoursPolicy.objects.all()), fiscal_year)
    joined = joined_on_by_person(ids)
    confirmed = OjtSession.objects.filter(fiscal_year=fiscal_year, status=OjtSession.Status.CONFIRMED)
    group = _attended_hours(confirmed, ids)
    group_supervision = _attended_hours(confirmed.filter(kind__in=SUPERVISION_KINDS), ids)
    individual = IndividualOjt.objects.filter(fiscal_year=fiscal_year, status=IndividualOjt.Status.SIGNED_OFF, person_id__in=ids)
    individual_all = _sum_by_person(individual)
    individual_supervision = _sum_by_person(individual.filter(is_supervision=True))
    offjt = offjt_hours_by_person(ids, fiscal_year)
    days = fieldwork_days_by_person(ids, fiscal_year)
    ledgers = []
    for person in people:
        joined_on = joined.get(person.pk)
        ojt = group.get(person.pk, Decimal("0")) + individual_all.get(person.pk, Decimal("0"))
        off = offjt.get(person.pk, Decimal("0"))
        ojt_minimum = rules.prorated_minimum(ojt_min, fiscal_year, joined_on)
        offjt_minimum = rules.prorated_minimum(offjt_min, fiscal_year, joined_on)
        ledgers.append(Ledger(
            person=person, fiscal_year=fiscal_year, ojt_hours=ojt,
            supervision_hours=group_supervision.get(person.pk, Decimal("0")) + individual_supervision.get(person.pk, Decimal("0")),
            offjt_hours=off, fieldwork_days=days.get(person.pk, 0),
            ojt_minimum=ojt_minimum, offjt_minimum=offjt_minimum,
            ojt_expected=rules.expected_by(ojt_minimum, fiscal_year, today, joined_on) if ojt_minimum else Decimal("0"),
            offjt_expected=rules.expected_by(offjt_minimum, fiscal_year, today, joined_on) if offjt_minimum else Decimal("0"),
            ojt_forecast=rules.forecast(ojt, fiscal_year, today, joined_on),
            offjt_forecast=rules.forecast(off, fiscal_year, today, joined_on),
            joined_on=joined_on,
        ))
    return ledgers


def _attended_hours(sessions, ids):
    totals = defaultdict(Decimal)
    rows = (
        OjtSession.attendees.through.objects.filter(ojtsession__in=sessions, user_id__in=ids)
        .values("user_id").annotate(total=HoursSum("ojtsession__hours")).order_by()
    )
    for row in rows:
        totals[row["user_id"]] = row["total"] or Decimal("0")
    return totals


def ojt_hours_by_year(person, years):
    """Confirmed OJT hours per fiscal year for one person (for the skill path chart)."""
    totals = defaultdict(Decimal)
    rows = (
        OjtSession.attendees.through.objects.filter(user_id=person.pk, ojtsession__status=OjtSession.Status.CONFIRMED, ojtsession__fiscal_year__in=years)
        .values("ojtsession__fiscal_year").annotate(total=HoursSum("ojtsession__hours")).order_by()
    )
    for row in rows:
        totals[row["ojtsession__fiscal_year"]] += row["total"]
    for row in IndividualOjt.objects.filter(person=person, status=IndividualOjt.Status.SIGNED_OFF, fiscal_year__in=years).values("fiscal_year").annotate(total=HoursSum("hours")).order_by():
        totals[row["fiscal_year"]] += row["total"]
    return dict(totals)


def cascade_owed_for(person):
    """Completed courses that oblige a cascade session this person has not yet given."""
    completions = list(
        TrainingRecord.objects.counted().filter(person=person, subject__cascade_required=True).select_related("subject")
    )
    if not completions:
        return []
    # Only a confirmed session counts: a coordinator cannot clear their own obligation by logging one.
    led = list(OjtSession.objects.filter(facilitator=person, kind="cascade", status=OjtSession.Status.CONFIRMED).values_list("date", flat=True))
    return rules.cascade_owed(completions, led)


def centre_staff(centre_id, today):
    ids = Membership.objects.current(today).filter(organisation_id=centre_id, job__in=CENTRE_JOBS).values("user_id")
    return get_user_model().objects.filter(pk__in=ids).order_by("last_name", "first_name")


def ojt_hours_by_month(person_ids, fiscal_year):
    """Confirmed OJT hours per person and month of the fiscal year (index 0 = April), as the ledger counts them."""
    ids = list(person_ids)
    months = defaultdict(lambda: [Decimal("0")] * 12)
    attended = OjtSession.attendees.through.objects.filter(
        ojtsession__fiscal_year=fiscal_year, ojtsession__status=OjtSession.Status.CONFIRMED, user_id__in=ids,
    ).values_list("user_id", "ojtsession__date", "ojtsession__hours")
    individual = IndividualOjt.objects.filter(
        fiscal_year=fiscal_year, status=IndividualOjt.Status.SIGNED_OFF, person_id__in=ids,
    ).values_list("person_id", "date", "hours")
    for rows in (attended, individual):
        for person_id, day, hours in rows:
            months[person_id][(day.year - fiscal_year) * 12 + day.month - 4] += hours
    return months
