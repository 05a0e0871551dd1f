"""Writes for training sessions: applications, nominations, the waiting list, attendance, completion
and the Off-JT record each completion leaves."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from lms import clock
from lms.organisations.access import access_for, manages
from lms.organisations.models import Membership
from lms.organisations.rules import years_of_experience

from . import rules
from .models import Attendance, Enrolment, TrainingRecord, TrainingSession
from .selectors import latest_completions

NOT_YOUR_CENTRE = _("You can only nominate or approve staff of your own centre.")
NOT_INSTITUTE = _("Only the institute manages sessions.")
CANNOT_CANCEL = _("This place can no longer be cancelled.")
NOT_AWAITING = _("This application is not waiting for approval.")
NOT_PUBLISHABLE = _("A session needs at least one day before it is published.")
NOT_A_DRAFT = _("Only a draft session can be published (this one: %(status)s).")
NOT_COMPLETABLE = _("Only a published session can be completed (this one: %(status)s).")
NOT_OPEN_FOR_ATTENDANCE = _("Attendance is recorded for published sessions (this one: %(status)s).")
NOT_EDITABLE = _("This session can no longer be edited (status: %(status)s).")
NOT_HELD_YET = _("Attendance can be marked once the day has come (%(date)s).")
DUPLICATE_DAY = _("Two days of a session cannot fall on the same date.")
NOT_YET_HELD = _("The session can be completed after its last day (%(date)s).")
NO_DAY_ATTENDED = _("%(names)s attended no day: mark attendance first, or leave them unticked.")
CAPACITY_BELOW_CONFIRMED = _("%(count)s places are already confirmed: the capacity cannot be lower.")


@dataclass(frozen=True)
class Outcome:
    person: object
    enrolment: Enrolment | None
    refusal: str | None = None


def _person_facts(person, today):
    memberships = list(Membership.objects.current(today).filter(user=person).select_related("organisation"))
    all_memberships = list(Membership.objects.filter(user=person))
    jobs = {m.job for m in memberships}
    centres = {m.organisation_id for m in memberships if m.organisation.kind == "centre"}
    return jobs, centres, years_of_experience(all_memberships, today)


def _refusal_for(session, person, today):
    jobs, _centres, experience = _person_facts(person, today)
    completion = latest_completions(person).get(session.subject_id)
    return rules.enrolment_refusal(
        session=session, jobs=jobs, experience_years=experience, today=today,
        already_enrolled=Enrolment.objects.filter(session=session, person=person).exclude(
            status__in=[Enrolment.Status.CANCELLED, Enrolment.Status.DECLINED]
        ).exists(),
        completed_on=completion.completed_on if completion else None,
    )


def _lock(session):
    # Every change to places goes through this row lock, so two people cannot take the last place.
    return TrainingSession.objects.select_for_update().get(pk=session.pk)


def _place(session, enrolment, now):
    """Give the enrolment a place if one is free, otherwise queue it. Call with the session locked."""
    taken = session.enrolments.filter(status=Enrolment.Status.CONFIRMED).exclude(pk=enrolment.pk).count()
    if taken < session.capacity:
        enrolment.status = Enrolment.Status.CONFIRMED
        enrolment.queued_at = None
    else:
        enrolment.status = Enrolment.Status.WAITLISTED
        enrolment.queued_at = now


def _upsert(session, person, by):
    enrolment, _ = Enrolment.objects.get_or_create(
        session=session, person=person, defaults={"requested_by": by, "status": Enrolment.Status.AWAITING_APPROVAL},
    )
    enrolment.requested_by = by
    enrolment.reason = ""
    enrolment.decided_by = None
    enrolment.decided_at = None
    return enrolment


@transaction.atomic
def enrolment_apply(*, session, person, today=None):
    """A staff member applies; their director approves (a director's own application needs no one)."""
    today = today or clock.today()
    session = _lock(session)
    refusal = _refusal_for(session, person, today)
    if refusal:
        raise ValidationError(refusal)
    enrolment = _upsert(session, person, person)
    if access_for(person).is_director:
        enrolment.decided_by, enrolment.decided_at = person, clock.now()
        _place(session, enrolment, clock.now())
    else:
        enrolment.status = Enrolment.Status.AWAITING_APPROVAL
    enrolment.save()
    return enrolment


@transaction.atomic
def enrolment_nominate(*, session, people, by, today=None):
    """A director (or the institute) sends staff; each person gets a place, a queue slot or a reason."""
    today = today or clock.today()
    session = _lock(session)
    access = access_for(by)
    outcomes = []
    for person in people:
        _jobs, centres, _years = _person_facts(person, today)
        if not access.is_institute and not access.directs_any(centres):
            outcomes.append(Outcome(person, None, str(NOT_YOUR_CENTRE)))
            continue
        refusal = _refusal_for(session, person, today)
        if refusal:
            outcomes.append(Outcome(person, None, refusal))
            continue
        enrolment = _upsert(session, person, by)
        enrolment.decided_by, enrolment.decided_at = by, clock.now()
        _place(session, enrolment, clock.now())
        enrolment.save()
        outcomes.append(Outcome(person, enrolment))
    return outcomes


def _require_director_of(by, person, today):
    _jobs, centres, _years = _person_facts(person, today)
    access = access_for(by)
    if not access.directs_any(centres) or by.pk == person.pk:
        raise PermissionDenied(NOT_YOUR_CENTRE)


@transaction.atomic
def enrolment_approve(*, enrolment, by, today=None):
    today = today or clock.today()
    _require_director_of(by, enrolment.person, today)
    session = _lock(enrolment.session)
    enrolment.refresh_from_db()
    if enrolment.status != Enrolment.Status.AWAITING_APPROVAL:
        raise ValidationError(NOT_AWAITING)
    enrolment.decided_by, enrolment.decided_at = by, clock.now()
    _place(session, enrolment, clock.now())
    enrolment.save()
    return enrolment


@transaction.atomic
def enrolment_decline(*, enrolment, by, reason, today=None):
    _require_director_of(by, enrolment.person, today or clock.today())
    enrolment.refresh_from_db()
    if enrolment.status != Enrolment.Status.AWAITING_APPROVAL:
        raise ValidationError(NOT_AWAITING)
    if not reason.strip():
        raise ValidationError(_("Give the reason for declining."))
    enrolment.status = Enrolment.Status.DECLINED
    enrolment.reason = reason.strip()
    enrolment.decided_by, enrolment.decided_at = by, clock.now()
    enrolment.save()
    return enrolment


@transaction.atomic
def enrolment_cancel(*, enrolment, by):
    """Give up a place or a queue slot; the first person waiting moves up at once."""
    access = access_for(by)
    if not (by.pk == enrolment.person_id or access.is_institute or manages(by, enrolment.person)):
        raise PermissionDenied
    session = _lock(enrolment.session)
    enrolment.refresh_from_db()
    cancellable = {Enrolment.Status.AWAITING_APPROVAL, Enrolment.Status.CONFIRMED, Enrolment.Status.WAITLISTED}
    if enrolment.status not in cancellable:
        raise ValidationError(CANNOT_CANCEL)
    enrolment.status = Enrolment.Status.CANCELLED
    enrolment.queued_at = None
    enrolment.save()
    promoted = _promote_waiting(session)
    return promoted[0] if promoted else None


def _promote_waiting(session):
    """Fill free places from the waiting list, first come first served. Call with the session locked."""
    taken = session.enrolments.filter(status__in=[Enrolment.Status.CONFIRMED, Enrolment.Status.COMPLETED]).count()
    free = max(session.capacity - taken, 0)
    promoted = list(session.enrolments.filter(status=Enrolment.Status.WAITLISTED).order_by("queued_at", "pk")[:free])
    for enrolment in promoted:
        enrolment.status = Enrolment.Status.CONFIRMED
        enrolment.queued_at = None
        enrolment.save(update_fields=["status", "queued_at"])
    return promoted


@transaction.atomic
def session_save(*, form, days_formset, by):
    """Create or edit a session from its validated forms.

    A larger capacity moves the waiting list up in order at once; a capacity below the places
    already confirmed is refused rather than leaving more people confirmed than seats.
    """
    _require_institute(by)
    if form.instance.pk:
        session = _lock(form.instance)
        if session.status in (TrainingSession.Status.COMPLETED, TrainingSession.Status.CANCELLED):
            # Its days and hours stand behind training records and certificates.
            raise ValidationError(NOT_EDITABLE % {"status": session.get_status_display()})
        confirmed = session.enrolments.filter(status__in=[Enrolment.Status.CONFIRMED, Enrolment.Status.COMPLETED]).count()
        if form.cleaned_data["capacity"] < confirmed:
            raise ValidationError({"capacity": CAPACITY_BELOW_CONFIRMED % {"count": confirmed}})
    session = form.save()
    days_formset.instance = session
    try:
        with transaction.atomic():
            days_formset.save()
    except IntegrityError:
        # Only a tampered form gets here: the page never offers two days on one date.
        raise ValidationError(DUPLICATE_DAY) from None
    _promote_waiting(session)
    return session


def _require_institute(by):
    if not access_for(by).is_institute:
        raise PermissionDenied(NOT_INSTITUTE)


@transaction.atomic
def session_publish(*, session, by):
    _require_institute(by)
    session = _lock(session)
    if session.status != TrainingSession.Status.DRAFT:
        raise ValidationError(NOT_A_DRAFT % {"status": session.get_status_display()})
    if not session.days.exists():
        raise ValidationError(NOT_PUBLISHABLE)
    session.status = TrainingSession.Status.PUBLISHED
    session.save(update_fields=["status"])
    return session


@transaction.atomic
def attendance_mark(*, session, present, by):
    """Record who was present each day: `present` maps enrolment id to the set of day ids attended."""
    _require_institute(by)
    session = _lock(session)
    if session.status != TrainingSession.Status.PUBLISHED:
        # After completion the attendance stands behind the records and certificates issued from it.
        raise ValidationError(NOT_OPEN_FOR_ATTENDANCE % {"status": session.get_status_display()})
    days = list(session.days.all())
    today = clock.today()
    marked_ahead = sorted({day.date for day in days if day.date > today and any(day.pk in ids for ids in present.values())})
    if marked_ahead:
        raise ValidationError(NOT_HELD_YET % {"date": marked_ahead[0].isoformat()})
    enrolments = list(session.enrolments.filter(status__in=[Enrolment.Status.CONFIRMED, Enrolment.Status.COMPLETED]))
    existing = {(a.enrolment_id, a.day_id): a for a in Attendance.objects.filter(day__session=session)}
    to_create, to_update = [], []
    for enrolment in enrolments:
        attended = present.get(enrolment.pk, set())
        for day in days:
            row = existing.get((enrolment.pk, day.pk))
            is_present = day.pk in attended
            if row is None:
                to_create.append(Attendance(enrolment=enrolment, day=day, present=is_present, marked_by=by))
            elif row.present != is_present:
                row.present, row.marked_by = is_present, by
                to_update.append(row)
    Attendance.objects.bulk_create(to_create)
    Attendance.objects.bulk_update(to_update, ["present", "marked_by"])
    return len(to_create) + len(to_update)


@transaction.atomic
def session_complete(*, session, enrolment_ids, by):
    """Mark the chosen enrolments completed, creating each person's training record (idempotent).

    Only after the session's last day; the others with a place are marked not completed. Hours
    are those of the days each person attended, so someone must have attended at least one day.
    """
    _require_institute(by)
    session = _lock(session)
    if session.status not in (TrainingSession.Status.PUBLISHED, TrainingSession.Status.COMPLETED):
        raise ValidationError(NOT_COMPLETABLE % {"status": session.get_status_display()})
    days = {day.pk: day for day in session.days.all()}
    last_day = max((day.date for day in days.values()), default=None)
    if last_day is None or clock.today() < last_day:
        raise ValidationError(NOT_YET_HELD % {"date": last_day.isoformat() if last_day else "—"})
    attended = {}
    for attendance in Attendance.objects.filter(day__session=session, present=True):
        attended.setdefault(attendance.enrolment_id, []).append(days[attendance.day_id])
    candidates = list(session.enrolments.filter(
        status__in=[Enrolment.Status.CONFIRMED, Enrolment.Status.NOT_COMPLETED, Enrolment.Status.COMPLETED]
    ).select_related("person"))
    absent = [str(enrolment.person) for enrolment in candidates if enrolment.pk in enrolment_ids and not attended.get(enrolment.pk)]
    if absent:
        raise ValidationError(NO_DAY_ATTENDED % {"names": "、".join(absent)})
    completed = []
    for enrolment in candidates:
        if enrolment.status == Enrolment.Status.COMPLETED:
            continue  # completing again adds people; it never rewrites a record already made
        if enrolment.pk in enrolment_ids:
            hours = sum(day.hours for day in attended[enrolment.pk])
            enrolment.status = Enrolment.Status.COMPLETED
            enrolment.save(update_fields=["status"])
            record_session_completion(enrolment=enrolment, hours=hours, by=by)
            completed.append(enrolment)
        else:
            enrolment.status = Enrolment.Status.NOT_COMPLETED
            enrolment.save(update_fields=["status"])
    session.status = TrainingSession.Status.COMPLETED
    session.save(update_fields=["status"])
    return completed


def fully_attended_ids(session):
    """Enrolments present on every day: the institute's default choice for completion."""
    day_count = session.days.count()
    counts = {}
    for attendance in Attendance.objects.filter(day__session=session, present=True).values("enrolment_id"):
        counts[attendance["enrolment_id"]] = counts.get(attendance["enrolment_id"], 0) + 1
    return {enrolment_id for enrolment_id, count in counts.items() if count == day_count and day_count}


@transaction.atomic
def record_session_completion(*, enrolment, hours, by):
    """The person's record of a completed session; completing twice leaves one record."""
    session = enrolment.session
    days = session.ordered_days
    record, _ = TrainingRecord.objects.update_or_create(
        enrolment=enrolment,
        defaults={
            "person": enrolment.person,
            "subject": session.subject,
            "session": session,
            "title": session.subject.name,
            "kind": TrainingRecord.Kind.CENTRAL,
            "provider": session.organiser.name,
            "started_on": days[0].date,
            "completed_on": days[-1].date,
            "hours": hours,
            "is_refresher": session.is_refresher,
            "status": TrainingRecord.Status.VERIFIED,
            "verified_by": by,
            "verified_at": clock.now(),
        },
    )
    return record
