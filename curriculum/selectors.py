"""Reads for training sessions."""

from django.db.models import Count, Prefetch, Q

from .models import Enrolment, SessionDay, TrainingSession


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
    from lms.organisations.access import access_for
    from lms.organisations.models import Membership

    access = access_for(director)
    if not access.is_director:
        return Enrolment.objects.none()
    staff = Membership.objects.current().filter(organisation_id__in=access.managed_centre_ids).values("user_id")
    return (
        Enrolment.objects.filter(status=Enrolment.Status.AWAITING_APPROVAL, person_id__in=staff)
        .exclude(person=director)
        .select_related("person", "session__subject")
        .order_by("requested_at")
    )
