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
