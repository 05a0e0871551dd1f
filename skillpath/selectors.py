"""Reads of training records that other apps use (the ledgers, the handbook, plans)."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum

from .models import TrainingRecord


def offjt_hours_by_person(person_ids, fiscal_year) -> dict[int, Decimal]:
    """Verified Off-JT hours per person in a fiscal year, in one query."""
    totals = defaultdict(Decimal)
    rows = (
        TrainingRecord.objects.counted()
        .in_fiscal_year(fiscal_year)
        .filter(person_id__in=list(person_ids))
        .values("person_id")
        .annotate(total=Sum("hours"))
    )
    for row in rows:
        totals[row["person_id"]] = row["total"]
    return dict(totals)


def latest_completions(person) -> dict[int, TrainingRecord]:
    """The most recent counted completion of each curriculum subject, by subject id."""
    latest = {}
    records = TrainingRecord.objects.counted().filter(person=person, subject__isnull=False).order_by("completed_on")
    for record in records:
        latest[record.subject_id] = record
    return latest


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
    from lms.organisations.access import access_for
    from lms.organisations.models import Membership

    access = access_for(manager)
    if not access.is_manager:
        return TrainingRecord.objects.none()
    staff = Membership.objects.current().filter(organisation_id__in=access.managed_centre_ids).values("user_id")
    return (
        TrainingRecord.objects.filter(status=TrainingRecord.Status.PENDING, person_id__in=staff)
        .exclude(person=manager)
        .select_related("person")
        .order_by("created_at")
    )
