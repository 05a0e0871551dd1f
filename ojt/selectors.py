"""Reads for OJT: the yearly ledgers, in a fixed number of queries for a whole centre."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear

from fieldwork.models import Placement
from lms.assessment.rules import EVALUATION_MINIMUM, EVALUATION_OPEN_DAYS
from lms.assessment.selectors import evaluation_summary
from lms.fields import HoursSum
from lms.organisations.access import staff_of
from lms.organisations.models import CENTRE_JOBS, Membership
from lms.request_facts import once_per_request
from lms.training.models import TrainingRecord

from . import rules
from .models import SUPERVISION_KINDS, IndividualOjt, MinimumHoursPolicy, OjtEvaluation, OjtEvaluationReceipt, OjtSession


@dataclass
class Ledger:
    person: object
    fiscal_year: int
    hours: "Hours"
    policy: MinimumHoursPolicy
    ojt_minimum: Decimal
    offjt_minimum: Decimal
    ojt_expected: Decimal
    offjt_expected: Decimal
    ojt_forecast: Decimal
    offjt_forecast: Decimal
    joined_on: object

    @property
    def ojt_hours(self):
        return self.hours.ojt

    @property
    def supervision_hours(self):
        return self.hours.supervision

    @property
    def offjt_hours(self):
        return self.hours.offjt

    @property
    def fieldwork_days(self):
        return self.hours.fieldwork_days

    @property
    def credit_rule(self):
        return rules.credit_rule(self.policy)

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


def policy_for(policies, fiscal_year):
    """The hours policy in force for `fiscal_year`; before the institute sets one, the guideline's
    figures (seed 004 part 3: 50 hours each, a day counted as 8 hours), which are the model's defaults."""
    return rules.policy_for_year(policies, fiscal_year) or MinimumHoursPolicy()


def policy_minimums(policies, fiscal_year):
    """(OJT, Off-JT) yearly minimums of the policy in force for `fiscal_year`, before pro-rating."""
    policy = policy_for(policies, fiscal_year)
    return policy.ojt_hours, policy.offjt_hours


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


def minimum_hours_policies():
    """Every version of the minimum-hours policy (a handful of rows), read once per request."""
    return once_per_request("minimum_hours_policies", lambda: list(MinimumHoursPolicy.objects.all()))


def minimums_by_year(person, years):
    """The minimums every page shows for `person` in each of `years`: the ledger's, in two queries."""
    policies = minimum_hours_policies()
    joined_on = joined_on_by_person([person.pk]).get(person.pk)
    result = {}
    for year in years:
        ojt_min, offjt_min = policy_minimums(policies, year)
        result[year] = Minimums(
            ojt=rules.prorated_minimum(ojt_min, year, joined_on), offjt=rules.prorated_minimum(offjt_min, year, joined_on),
            policy_ojt=ojt_min, policy_offjt=offjt_min, joined_on=joined_on, months=rules.months_in_post(year, joined_on),
        )
    return result


@dataclass
class Hours:
    """A person's OJT and Off-JT in one fiscal year (or one month of it), as the hours policy credits them."""

    ojt: Decimal = Decimal("0")
    supervision: Decimal = Decimal("0")
    courses: Decimal = Decimal("0")  # verified training records; those recorded in days at the policy's hours a day
    fieldwork: Decimal = Decimal("0")  # completed fieldwork days at the policy's hours a day
    centre_lectures: Decimal = Decimal("0")  # centre sessions with outside lecturers, when the policy counts them as Off-JT
    fieldwork_days: int = 0

    @property
    def offjt(self):
        return self.courses + self.fieldwork + self.centre_lectures


def credited_hours(person_ids, years, *, by_month=False):
    """{(person id, fiscal year): Hours}, or {(person id, fiscal year, month index): Hours} with
    index 0 for April, for every place hours come from, in five queries whatever the number of people.

    This is the one place that decides what counts as OJT and as Off-JT: the ledgers, the handbook,
    the skill path and the reports all read it.
    """
    ids, years = list(person_ids), list(years)
    policies = minimum_hours_policies()
    policy = {year: policy_for(policies, year) for year in years}
    result = defaultdict(Hours)

    def grouped(queryset, person, year, day, **more):
        keys = {"pid": F(person), "fy": F(year), **more}
        if by_month:
            keys |= {"yy": ExtractYear(day), "mm": ExtractMonth(day)}
        return queryset.values(**keys)

    def hours_of(row):
        if by_month:
            return result[(row["pid"], row["fy"], (row["yy"] - row["fy"]) * 12 + row["mm"] - 4)]
        return result[(row["pid"], row["fy"])]

    attended = OjtSession.attendees.through.objects.filter(
        ojtsession__status=OjtSession.Status.CONFIRMED, ojtsession__fiscal_year__in=years, user_id__in=ids,
    )
    for row in grouped(attended, "user_id", "ojtsession__fiscal_year", "ojtsession__date", kind=F("ojtsession__kind")).annotate(total=HoursSum("ojtsession__hours")).order_by():
        hours = hours_of(row)
        if policy[row["fy"]].counts_as_offjt(row["kind"]):
            hours.centre_lectures += row["total"]
            continue
        hours.ojt += row["total"]
        if row["kind"] in SUPERVISION_KINDS:
            hours.supervision += row["total"]

    individual = IndividualOjt.objects.filter(status=IndividualOjt.Status.SIGNED_OFF, fiscal_year__in=years, person_id__in=ids)
    for row in grouped(individual, "person_id", "fiscal_year", "date", supervision=F("is_supervision")).annotate(total=HoursSum("hours")).order_by():
        hours = hours_of(row)
        hours.ojt += row["total"]
        if row["supervision"]:
            hours.supervision += row["total"]

    records = TrainingRecord.objects.counted().filter(fiscal_year__in=years, person_id__in=ids)
    for row in grouped(records, "person_id", "fiscal_year", "completed_on").annotate(
        by_hours=HoursSum("hours", filter=Q(days__isnull=True)), hours_of_days=HoursSum("hours", filter=Q(days__isnull=False)),
        days=HoursSum("days"),
    ).order_by():
        # rules.course_credit, summed: records kept in hours count their hours, those kept in days their days.
        by_days = rules.course_credit(row["hours_of_days"] or Decimal("0"), row["days"], policy[row["fy"]])
        hours_of(row).courses += (row["by_hours"] or Decimal("0")) + by_days

    placements = Placement.objects.filter(status=Placement.Status.COMPLETED, fiscal_year__in=years, person_id__in=ids)
    for row in grouped(placements, "person_id", "fiscal_year", "completed_on").annotate(days=Sum("days")).order_by():
        hours = hours_of(row)
        hours.fieldwork_days += row["days"] or 0
        hours.fieldwork += ((row["days"] or 0) * policy[row["fy"]].fieldwork_day_hours).quantize(Decimal("0.1"))
    return result


def hours_by_year(person, years):
    """{fiscal year: Hours} for one person (the handbook and the skill path)."""
    credited = credited_hours([person.pk], years)
    return {year: credited.get((person.pk, year), Hours()) for year in years}


def hours_by_month(person_ids, fiscal_year):
    """{person id: ([OJT by month], [Off-JT by month])} with index 0 for April, as the ledger credits them."""
    months = defaultdict(lambda: ([Decimal("0")] * 12, [Decimal("0")] * 12))
    for (person_id, _year, month), hours in credited_hours(person_ids, [fiscal_year], by_month=True).items():
        months[person_id][0][month] += hours.ojt
        months[person_id][1][month] += hours.offjt
    return months


def ledgers_for(people, fiscal_year, today):
    """One ledger per person for the fiscal year, with pace and forecast as of `today`."""
    people = list(people)
    ids = [person.pk for person in people]
    policy = policy_for(minimum_hours_policies(), fiscal_year)
    ojt_min, offjt_min = policy.ojt_hours, policy.offjt_hours
    joined = joined_on_by_person(ids)
    credited = credited_hours(ids, [fiscal_year])
    ledgers = []
    for person in people:
        joined_on = joined.get(person.pk)
        hours = credited.get((person.pk, fiscal_year), Hours())
        ojt_minimum = rules.prorated_minimum(ojt_min, fiscal_year, joined_on)
        offjt_minimum = rules.prorated_minimum(offjt_min, fiscal_year, joined_on)
        ledgers.append(Ledger(
            person=person, fiscal_year=fiscal_year, hours=hours, policy=policy, ojt_minimum=ojt_minimum, offjt_minimum=offjt_minimum,
            ojt_expected=rules.expected_by(ojt_minimum, fiscal_year, today, joined_on) if ojt_minimum else Decimal("0"),
            offjt_expected=rules.expected_by(offjt_minimum, fiscal_year, today, joined_on) if offjt_minimum else Decimal("0"),
            ojt_forecast=rules.forecast(hours.ojt, fiscal_year, today, joined_on),
            offjt_forecast=rules.forecast(hours.offjt, fiscal_year, today, joined_on),
            joined_on=joined_on,
        ))
    return ledgers


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
    ids = staff_of([centre_id], today)
    return get_user_model().objects.filter(pk__in=ids).order_by("last_name", "first_name")


def _minimum_for(reader, session_ids):
    """{session id: answers needed before `reader` sees them}: one more where the reader answered
    too, since they can take their own answer away from the summary."""
    answered = set(OjtEvaluationReceipt.objects.filter(person=reader, session_id__in=session_ids).values_list("session_id", flat=True))
    return {session_id: EVALUATION_MINIMUM + (session_id in answered) for session_id in session_ids}


def session_evaluation_summary(session, reader):
    minimum = _minimum_for(reader, [session.pk])[session.pk]
    return evaluation_summary(OjtEvaluation.objects.filter(session=session), minimum=minimum)


def centre_evaluations(centre_id, year, reader):
    """The evaluations of a centre's OJT sessions in a fiscal year: each session's number of answers
    shown, and a summary over the sessions with enough of them for this reader (a total over one
    with fewer would give its answers away by subtraction)."""
    sessions = list(
        OjtSession.objects.filter(centre_id=centre_id, fiscal_year=year)
        .annotate(answers=Count("evaluations", filter=Q(evaluations__released=True))).filter(answers__gt=0).order_by("date", "pk")
    )
    minimum = _minimum_for(reader, [session.pk for session in sessions])
    shown = [session.pk for session in sessions if session.answers >= minimum[session.pk]]
    for session in sessions:
        session.is_shown = session.pk in shown
    summary = evaluation_summary(OjtEvaluation.objects.filter(session__in=shown), minimum=EVALUATION_MINIMUM)
    return {"summary": summary, "sessions": sessions}


def sessions_to_evaluate(person, today):
    """The person's OJT sessions whose evaluation is open today and that they have not answered."""
    since = today - datetime.timedelta(days=EVALUATION_OPEN_DAYS)
    return list(
        OjtSession.objects.filter(attendees=person, date__range=(since, today)).exclude(facilitator=person)
        .exclude(evaluation_receipts__person=person).order_by("date", "pk")
    )
