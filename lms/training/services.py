"""Writes for training sessions: applications, nominations, the waiting list, attendance, completion
and the Off-JT record each completion leaves."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from lms import clock
from lms.audit import services as audit
from lms.fiscal import fiscal_year
from lms.formats import short_date
from lms.organisations.access import access_for, may_add_outside_course, may_recognise_outside_course

from . import completion, rules, selectors
from .models import Attendance, Enrolment, OutsideCourse, TrainingRecord, TrainingSession
from .workflow import ENROLMENT, NOT_INSTITUTE, NOT_YOUR_CENTRE, SESSION

NOT_PUBLISHABLE = _("A session needs at least one day before it is published.")
NOT_HELD_YET = _("Attendance can be marked once the day has come (%(date)s).")
DUPLICATE_DAY = _("Two days of a session cannot fall on the same date.")
NOT_YET_HELD = _("The session can be completed after its last day (%(date)s).")
NO_DAY_ATTENDED = _("%(names)s attended no day: mark attendance first, or leave them unticked.")
NOT_MET = _("%(name)s has not met the subject's completion rule: %(reasons)s.")
CAPACITY_BELOW_CONFIRMED = _("%(count)s places are already confirmed: the capacity cannot be lower.")


@dataclass(frozen=True)
class Outcome:
    person: object
    enrolment: Enrolment | None
    refusal: str | None = None


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


def _audit(obj, action, by, **fields):
    return audit.record(obj, action, by, from_status=getattr(obj, "previous_status", ""), to_status=obj.status, **fields)


def _row_for(session, person, by):
    """The person's one enrolment row on the session: new (no status yet, Enrolment.NEW) or the one
    they cancelled or were declined on, which an application or a nomination opens again."""
    enrolment, _created = Enrolment.objects.get_or_create(
        session=session, person=person, defaults={"requested_by": by, "status": Enrolment.NEW},
    )
    return enrolment


def _reopened(enrolment, by):
    enrolment.requested_by, enrolment.reason, enrolment.decided_by, enrolment.decided_at = by, "", None, None


@transaction.atomic
def enrolment_apply(*, session, person, today=None):
    """A staff member applies; their director approves (a director's own application needs no one)."""
    today = today or clock.today()
    session = _lock(session)
    refusal = selectors.application_refusal(session, person, today)
    if refusal:
        raise ValidationError(refusal)

    def apply(enrolment):
        _reopened(enrolment, person)
        if access_for(person).is_director:
            enrolment.decided_by, enrolment.decided_at = person, clock.now()
            _place(session, enrolment, clock.now())
        else:
            enrolment.status = Enrolment.Status.AWAITING_APPROVAL

    enrolment, _entry = ENROLMENT.perform(_row_for(session, person, person), Enrolment.AuditAction.APPLIED, person, apply=apply)
    return enrolment


@transaction.atomic
def enrolment_nominate(*, session, people, by, today=None):
    """A director (or the institute) sends staff; each person gets a place, a queue slot or a reason."""
    today = today or clock.today()
    session = _lock(session)
    access = access_for(by)
    outcomes = []

    def nominate(enrolment):
        _reopened(enrolment, by)
        enrolment.decided_by, enrolment.decided_at = by, clock.now()
        _place(session, enrolment, clock.now())

    for person in people:
        _jobs, centres, _years = selectors.person_facts(person, today)
        if not access.is_institute and not access.directs_any(centres):
            outcomes.append(Outcome(person, None, str(NOT_YOUR_CENTRE)))
            continue
        refusal = selectors.application_refusal(session, person, today)
        if refusal:
            outcomes.append(Outcome(person, None, refusal))
            continue
        enrolment, _entry = ENROLMENT.perform(_row_for(session, person, by), Enrolment.AuditAction.NOMINATED, by, apply=nominate)
        outcomes.append(Outcome(person, enrolment))
    return outcomes


@transaction.atomic
def enrolment_approve(*, enrolment, by):
    # Strangers are refused before they can hold the session's lock (perform checks again, locked).
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    ENROLMENT.require(enrolment, "approved", by)
    session = _lock(enrolment.session)  # sessions before enrolments: the one lock order

    def approve(enrolment):
        enrolment.decided_by, enrolment.decided_at = by, clock.now()
        _place(session, enrolment, clock.now())

    enrolment, _entry = ENROLMENT.perform(enrolment, "approved", by, apply=approve)
    return enrolment


def enrolment_decline(*, enrolment, by, reason):
    def decline(enrolment):
        if not reason.strip():
            raise ValidationError(_("Give the reason for declining."))
        enrolment.reason = reason.strip()
        enrolment.decided_by, enrolment.decided_at = by, clock.now()

    enrolment, _entry = ENROLMENT.perform(enrolment, Enrolment.Status.DECLINED, by, note=reason.strip(), apply=decline)
    return enrolment


@transaction.atomic
def enrolment_cancel(*, enrolment, by):
    """Give up a place or a queue slot; the first person waiting moves up at once."""
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    ENROLMENT.require(enrolment, Enrolment.Status.CANCELLED, by)
    session = _lock(enrolment.session)

    def cancel(enrolment):
        enrolment.queued_at = None

    ENROLMENT.perform(enrolment, Enrolment.Status.CANCELLED, by, apply=cancel)
    promoted = _promote_waiting(session)
    return promoted[0] if promoted else None


REASON_NEEDED = _("Give the reason for the withdrawal: it is kept in the person's history.")


def enrolment_withdraw(*, enrolment, by, reason):
    """The institute records that a participant stopped after the session began. Nothing they
    attended or submitted is removed, and nobody moves up: the session is under way."""
    def withdraw(enrolment):
        if not reason.strip():
            raise ValidationError({"reason": REASON_NEEDED})
        enrolment.reason = reason.strip()
        enrolment.decided_by, enrolment.decided_at = by, clock.now()

    enrolment, _entry = ENROLMENT.perform(enrolment, Enrolment.Status.WITHDRAWN, by, note=reason.strip(), apply=withdraw)
    return enrolment


def _promote_waiting(session):
    """Fill free places from the waiting list, first come first served. Call with the session locked.
    The site moves people up by itself: whoever freed the place is not named in their history."""
    taken = session.enrolments.holding_place().count()
    free = max(session.capacity - taken, 0)
    promoted = list(session.enrolments.filter(status=Enrolment.Status.WAITLISTED).order_by("queued_at", "pk")[:free])

    def move_up(enrolment):
        enrolment.queued_at = None

    return [ENROLMENT.perform(enrolment, Enrolment.AuditAction.PROMOTED, None, apply=move_up)[0] for enrolment in promoted]


def _require_institute(by):
    if not access_for(by).is_institute:
        raise PermissionDenied(NOT_INSTITUTE)


@transaction.atomic
def session_save(*, form, days_formset, by):
    """Create or edit a session from its validated forms.

    A larger capacity moves the waiting list up in order at once; a capacity below the places
    already confirmed is refused rather than leaving more people confirmed than seats.
    """
    def save(session):
        if session.pk:
            confirmed = session.enrolments.holding_place().count()
            if form.cleaned_data["capacity"] < confirmed:
                raise ValidationError({"capacity": CAPACITY_BELOW_CONFIRMED % {"count": confirmed}})
        saved = form.save()
        days_formset.instance = saved
        try:
            with transaction.atomic():
                days_formset.save()
        except IntegrityError:
            # Only a tampered form gets here: the page never offers two days on one date.
            raise ValidationError(DUPLICATE_DAY) from None
        return saved

    if form.instance.pk:
        # Completed and cancelled sessions stay as they were: their days and hours stand behind
        # training records and certificates.
        SESSION.require(_lock(form.instance), "edited", by)
        changed = form.has_changed() or days_formset.has_changed()
        session = save(form.instance)
        if changed:
            _audit(session, TrainingSession.AuditAction.EDITED, by)
    else:
        _require_institute(by)
        session = save(form.instance)
        _audit(session, TrainingSession.AuditAction.CREATED, by)
    _promote_waiting(_lock(session))
    return session


def session_publish(*, session, by):
    def require_days(session):
        if not session.days.exists():
            raise ValidationError(NOT_PUBLISHABLE)

    session, _entry = SESSION.perform(session, TrainingSession.Status.PUBLISHED, by, apply=require_days)
    return session


@transaction.atomic
def attendance_mark(*, session, present, by):
    """Record who was present each day: `present` maps enrolment id to the set of day ids attended."""
    changed = []

    def mark(session):
        days = sorted(session.days.all(), key=lambda day: day.date)
        today = clock.today()
        if not days or days[0].date > today:
            raise ValidationError(NOT_HELD_YET % {"date": short_date(days[0].date) if days else "—"})
        marked_ahead = sorted({day.date for day in days if day.date > today and any(day.pk in ids for ids in present.values())})
        if marked_ahead:
            raise ValidationError(NOT_HELD_YET % {"date": short_date(marked_ahead[0])})
        enrolments = list(session.enrolments.holding_place())
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
        changed.append(len(to_create) + len(to_update))
        return changed[0] > 0

    # After completion the attendance stands behind the records and certificates issued from it.
    SESSION.perform(session, TrainingSession.AuditAction.ATTENDANCE, by, apply=mark)
    return changed[0]


@transaction.atomic
def session_complete(*, session, enrolment_ids, by):
    """Mark the chosen enrolments completed, creating each person's training record (idempotent).

    Only after the session's last day; the others with a place are marked not completed. Hours
    are those of the days each person attended, so someone must have attended at least one day.
    """
    completed, judged = [], []

    def complete(session):
        days = {day.pk: day for day in session.days.all()}
        last_day = max((day.date for day in days.values()), default=None)
        if last_day is None or clock.today() < last_day:
            raise ValidationError(NOT_YET_HELD % {"date": short_date(last_day) if last_day else "—"})
        attended = {}
        for attendance in Attendance.objects.filter(day__session=session, present=True):
            attended.setdefault(attendance.enrolment_id, []).append(days[attendance.day_id])
        candidates = list(session.enrolments.filter(status__in=Enrolment.FOR_COMPLETION).select_related("person"))
        absent = [str(enrolment.person) for enrolment in candidates if enrolment.pk in enrolment_ids and not attended.get(enrolment.pk)]
        if absent:
            raise ValidationError(NO_DAY_ATTENDED % {"names": "、".join(absent)})
        chosen = [enrolment for enrolment in candidates if enrolment.pk in enrolment_ids and not enrolment.is_completed]
        unmet = completion.shortfalls(session, chosen)
        if unmet:
            raise ValidationError([
                NOT_MET % {"name": enrolment.person, "reasons": "、".join(unmet[enrolment.pk])} for enrolment in chosen if enrolment.pk in unmet
            ])
        for enrolment in candidates:
            if enrolment.is_completed:
                continue  # completing again adds people; it never rewrites a record already made
            previous = enrolment.status
            enrolment.status = Enrolment.Status.COMPLETED if enrolment.pk in enrolment_ids else Enrolment.Status.NOT_COMPLETED
            if enrolment.status != previous:
                judged.append((enrolment, previous))
        # A session of 200 is written in a fixed number of statements, not a few per person.
        Enrolment.objects.bulk_update([enrolment for enrolment, _previous in judged], ["status"], batch_size=500)
        audit.record_many([
            audit.entry(enrolment, enrolment.status, by, from_status=previous, to_status=enrolment.status) for enrolment, previous in judged
        ])
        done = [enrolment for enrolment, _previous in judged if enrolment.is_completed]
        hours = {enrolment.pk: sum(day.hours for day in attended[enrolment.pk]) for enrolment in done}
        day_counts = {enrolment.pk: rules.training_days(day.hours for day in attended[enrolment.pk]) for enrolment in done}
        record_session_completions(session=session, enrolments=done, hours=hours, day_counts=day_counts, by=by, days=sorted(days.values(), key=lambda day: day.date))
        completed.extend(done)
        return bool(judged)  # completing again with nobody new leaves no history entry

    SESSION.perform(session, TrainingSession.Status.COMPLETED, by, apply=complete)
    return completed


def record_session_completions(*, session, enrolments, hours, day_counts, by, days):
    """The records of many completions at once (three statements); people who already have one keep it."""
    existing = set(TrainingRecord.objects.filter(enrolment__in=enrolments).values_list("enrolment_id", flat=True))
    now = clock.now()
    records = [
        TrainingRecord(
            enrolment=enrolment, person_id=enrolment.person_id, subject_id=session.subject_id, session=session, title=session.subject.name,
            kind=TrainingRecord.Kind.CENTRAL, provider=session.organiser.name, started_on=days[0].date, completed_on=days[-1].date,
            # bulk_create skips save(), which sets the fiscal year: set it here the same way.
            fiscal_year=fiscal_year(days[-1].date), hours=hours[enrolment.pk], days=day_counts[enrolment.pk], is_refresher=session.is_refresher,
            status=TrainingRecord.Status.VERIFIED, verified_by=by, verified_at=now,
        )
        for enrolment in enrolments if enrolment.pk not in existing
    ]
    records = TrainingRecord.objects.bulk_create(records, batch_size=500)
    audit.record_many([audit.entry(record, TrainingRecord.AuditAction.COMPLETED, by, to_status=record.status) for record in records])
    return records


@transaction.atomic
def record_session_completion(*, enrolment, hours, by):
    """The person's record of a completed session; completing twice leaves one record."""
    session = enrolment.session
    days = session.ordered_days
    record, created = TrainingRecord.objects.update_or_create(
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
            "days": rules.training_days(day.hours for day in days),
            "is_refresher": session.is_refresher,
            "status": TrainingRecord.Status.VERIFIED,
            "verified_by": by,
            "verified_at": clock.now(),
        },
    )
    if created:
        audit.record(record, TrainingRecord.AuditAction.COMPLETED, by, to_status=record.status)
    return record


REFUSED_RECOGNISE = _("Only the national training institute recognises outside courses.")
REFUSED_ADD_COURSE = _("Only centre staff, prefectural offices and the institute add to the catalogue.")


@transaction.atomic
def outside_course_add(*, by, **fields):
    """A course centres can pick when they record external training; it starts unrecognised."""
    if not may_add_outside_course(by):
        raise PermissionDenied(REFUSED_ADD_COURSE)
    course = OutsideCourse(added_by=by, **fields)
    course.full_clean()
    course.save()
    audit.record(course, OutsideCourse.AuditAction.ADDED, by)
    return course


@transaction.atomic
def outside_course_recognise(*, course, by, recognised=True):
    """The institute recognises a course as Off-JT (or withdraws it); the history keeps who and when."""
    if not may_recognise_outside_course(by):
        raise PermissionDenied(REFUSED_RECOGNISE)
    course = OutsideCourse.objects.select_for_update().get(pk=course.pk)
    if course.recognised == recognised:
        return course
    course.recognised = recognised
    course.recognised_by, course.recognised_at = (by, clock.now()) if recognised else (None, None)
    course.save(update_fields=["recognised", "recognised_by", "recognised_at"])
    audit.record(course, OutsideCourse.AuditAction.RECOGNISED if recognised else OutsideCourse.AuditAction.UNRECOGNISED, by)
    return course
