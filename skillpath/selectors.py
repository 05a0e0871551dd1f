"""Reads for the handbook and the plans: records with reflections, verification queues, requirement
gaps, plans and their queues."""


from django.contrib.auth import get_user_model
from django.db.models import Q

from curriculum.models import Ability, Domain, Subject
from lms import clock
from lms.fiscal import fiscal_year_start
from lms.http import id_param
from lms.organisations.access import access_for, staff_managed_by
from lms.organisations.models import Membership
from lms.training.models import OutsideCourse, TrainingRecord
from lms.training.selectors import latest_completions

from . import rules
from .models import PlanRow, TrainingPlan
from .rules import required_subjects_missing


def handbook_records(person):
    """Every Off-JT record of a person with its subject and reflection, newest first (one query)."""
    return (
        TrainingRecord.objects.filter(person=person)
        .select_related("subject", "reflection", "session")
        .order_by("-completed_on", "-pk")
    )


def reflections_owed(person):
    """Verified trainings the person has not yet reflected on (step 4 of the plan cycle)."""
    return (
        TrainingRecord.objects.counted()
        .filter(person=person, reflection__isnull=True)
        .order_by("-completed_on")
    )


def pending_external_for(manager):
    """External trainings waiting for this supervisor's or director's verification."""
    access = access_for(manager)
    if not access.is_manager:
        return TrainingRecord.objects.none()
    return (
        TrainingRecord.objects.filter(status=TrainingRecord.Status.PENDING, person_id__in=staff_managed_by(manager))
        .exclude(person=manager)
        .select_related("person", "outside_course")
        .order_by("created_at")
    )


# --- Yearly plans ----------------------------------------------------------------------------


def requirement_gaps(person, fiscal_year):
    """The person's required-subject gaps for a plan year (see rules.required_subjects_missing)."""
    # Jobs held at the start of the plan year, or now if they started later.
    jobs = set(Membership.objects.current(max(fiscal_year_start(fiscal_year), _today())).filter(user=person).values_list("job", flat=True))
    jobs |= set(Membership.objects.current().filter(user=person).values_list("job", flat=True))
    subjects = Subject.objects.select_related("domain", "tier").prefetch_related("requirements", "renewal_policies")
    return required_subjects_missing(jobs=jobs, subjects=subjects, completions=latest_completions(person), fiscal_year=fiscal_year)


def _today():
    return clock.today()


def plan_with_details(pk):
    return (
        TrainingPlan.objects.select_related("person", "centre", "approved_by")
        .prefetch_related("rows__domain", "rows__subject", "ratings")
        .get(pk=pk)
    )


def ability_levels(plan):
    """Each of the ten abilities with the plan's levels by rater and moment (e.g. "self_start")."""
    levels = {}
    for rating in plan.ratings.all():
        levels.setdefault(rating.ability_id, {})[f"{rating.rater}_{rating.moment}"] = rating.level
    return [(ability, levels.get(ability.pk, {})) for ability in Ability.objects.all()]


def plan_queue(manager, fiscal_year):
    """For a director or supervisor: plans waiting for them, and who has no plan for the year yet."""
    centre_ids = access_for(manager).managed_centre_ids
    waiting = (
        TrainingPlan.objects.filter(centre_id__in=centre_ids, status__in=[TrainingPlan.Status.SUBMITTED, TrainingPlan.Status.SELF_EVALUATED])
        .exclude(person=manager)
        .select_related("person")
        .order_by("updated_at")
    )
    staff_ids = staff_managed_by(manager)
    with_plan = TrainingPlan.objects.filter(fiscal_year=fiscal_year).values("person_id")
    without_plan = get_user_model().objects.filter(pk__in=staff_ids).exclude(pk__in=with_plan).order_by("last_name", "first_name")
    centre_plans = (
        TrainingPlan.objects.filter(centre_id__in=centre_ids, fiscal_year=fiscal_year).select_related("person").order_by("person__last_name")
    )
    return {"waiting": waiting, "without_plan": without_plan, "centre_plans": centre_plans}


def outside_courses(*, q="", domain=None, recognised=False):
    """The shared catalogue, filtered in SQL: words in the title, organiser or description."""
    courses = OutsideCourse.objects.select_related("domain")
    for word in (q or "").split()[:5]:
        courses = courses.filter(Q(title__icontains=word) | Q(provider__icontains=word) | Q(description__icontains=word))
    if domain:
        courses = courses.filter(domain=domain)
    if recognised:
        courses = courses.filter(recognised=True)
    return courses


def outside_course_or_none(value):
    """The catalogue course picked on the form, or None for none or junk."""
    pk = id_param(value)
    return OutsideCourse.objects.filter(pk=pk).first() if pk is not None else None


def plan_lines_with_outcomes(plan):
    """The plan as 図表 2-2 lays it out, [(domain, line label, [EntryOutcome])], with what was done
    against each entry in the plan's year, and the year's training nobody planned (three queries)."""
    entries = sorted(plan.rows.all(), key=lambda entry: (entry.domain.order, entry.line != PlanRow.Line.OJT, entry.pk))
    records = list(
        TrainingRecord.objects.counted().filter(person_id=plan.person_id, fiscal_year=plan.fiscal_year).order_by("completed_on", "pk")
    )
    outcomes, unplanned = rules.reconcile(entries, records)
    by_slot = {}
    for outcome in outcomes:
        by_slot.setdefault((outcome.entry.domain_id, outcome.entry.line), []).append(outcome)
    labels = dict(PlanRow.Line.choices)
    lines = [
        (domain, line, labels[line], by_slot.get((domain.pk, line), [])) for domain, line in rules.plan_slots(Domain.objects.all())
    ]
    return lines, unplanned
