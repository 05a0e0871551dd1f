"""Reads for training sessions."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Prefetch, Q

from lms.fields import HoursSum

from .models import Enrolment, SessionDay, TrainingRecord, TrainingSession


def sessions_for_listing(*, include_drafts=False):
    """Sessions with their subject, days and seat counts, in a fixed number of queries."""
    sessions = TrainingSession.objects.all() if include_drafts else TrainingSession.objects.published()
    return (
        sessions.select_related("subject__tier", "subject__domain", "organiser")
        .prefetch_related(Prefetch("days", queryset=SessionDay.objects.order_by("date")))
        .annotate(
            confirmed_count=Count("enrolments", filter=Q(enrolments__status__in=[Enrolment.Status.CONFIRMED, Enrolment.Status.COMPLETED])),
            waitlist_count=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.WAITLISTED)),
        )
        .order_by("applications_close_on", "pk")
    )


def session_roster(session):
    """Enrolments of a session with people and attendance, in order of the waiting list."""
    return (
        session.enrolments.select_related("person", "requested_by", "decided_by")
        .prefetch_related("attendance")
        .order_by("status", "queued_at", "requested_at", "pk")
    )


def waitlist_position(enrolment):
    if enrolment.status != Enrolment.Status.WAITLISTED:
        return None
    ahead = enrolment.session.enrolments.filter(status=Enrolment.Status.WAITLISTED).filter(
        Q(queued_at__lt=enrolment.queued_at) | Q(queued_at=enrolment.queued_at, pk__lt=enrolment.pk)
    )
    return ahead.count() + 1


def awaiting_approval_for(director):
    """Applications from the director's centre staff waiting for their decision."""
    from lms.organisations.access import staff_directed_by

    return (
        Enrolment.objects.filter(status=Enrolment.Status.AWAITING_APPROVAL, person_id__in=staff_directed_by(director))
        .exclude(person=director)
        .select_related("person", "session__subject")
        .order_by("requested_at")
    )


def latest_completions(person) -> dict[int, TrainingRecord]:
    """The most recent counted completion of each curriculum subject, by subject id."""
    latest = {}
    records = TrainingRecord.objects.counted().filter(person=person, subject__isnull=False).order_by("completed_on")
    for record in records:
        latest[record.subject_id] = record
    return latest


def offjt_hours_by_person(person_ids, fiscal_year) -> dict[int, Decimal]:
    """Verified Off-JT hours per person in a fiscal year, in one query."""
    totals = defaultdict(Decimal)
    rows = (
        TrainingRecord.objects.counted()
        .in_fiscal_year(fiscal_year)
        .filter(person_id__in=list(person_ids))
        .values("person_id")
        .annotate(total=HoursSum("hours"))
    )
    for row in rows:
        totals[row["person_id"]] = row["total"]
    return dict(totals)
