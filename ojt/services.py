"""Writes for OJT: session logs, confirmation, individual OJT and its sign-off, the programme."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from lms import clock
from lms.fields import length_refusal
from lms.fiscal import recorded_day_refusal
from lms.organisations.access import access_for, manages
from lms.organisations.models import CENTRE_JOBS, Membership

from . import rules
from .models import IndividualOjt, Kind, OjtProgramme, OjtSession, ProgrammeItem


def can_coordinate(user, centre_id):
    return centre_id in access_for(user).ojt_centre_ids


def _require_coordinator(user, centre_id):
    if not can_coordinate(user, centre_id):
        raise PermissionDenied(rules.REFUSED_NOT_COORDINATOR)


@transaction.atomic
def session_log(*, centre, by, date, hours, kind, theme, title, attendees, facilitator=None, facilitator_note="",
                reflection="", evaluation="", programme_item=None):
    """Log a held session for staff of the centre; their hours count once attendance is confirmed."""
    _require_coordinator(by, centre.pk)
    if refusal := rules.duration_refusal(hours):
        raise ValidationError({"hours": refusal})
    if refusal := recorded_day_refusal(date, clock.today()):
        raise ValidationError({"date": refusal})
    staff = set(Membership.objects.current(date).filter(organisation=centre, job__in=CENTRE_JOBS).values_list("user_id", flat=True))
    outsiders = [person for person in attendees if person.pk not in staff]
    if facilitator is not None and facilitator.pk not in staff:
        outsiders.append(facilitator)
    if outsiders:
        raise ValidationError({"attendees": rules.REFUSED_NOT_IN_CENTRE % {"names": "、".join(str(p) for p in outsiders)}})
    session = OjtSession(
        centre=centre, date=date, hours=hours, kind=kind, theme=theme, title=title, facilitator=facilitator,
        facilitator_note=facilitator_note, reflection=reflection, evaluation=evaluation, programme_item=programme_item,
        logged_by=by,
    )
    session.full_clean(exclude=["fiscal_year"])
    session.save()
    session.attendees.set(attendees)
    return session


def confirmation_refusal(session, user, attendees):
    """Why `user` may not confirm `session` (None if they may): the page shows the button from this.

    The facilitator or a manager confirms, never someone the session credits: an attendee (their
    hours) or the facilitator of a cascade session (their obligation to pass training on).
    """
    if not (session.facilitator_id == user.pk or session.centre_id in access_for(user).managed_centre_ids):
        return rules.REFUSED_CONFIRMER
    if any(person.pk == user.pk for person in attendees):
        return rules.REFUSED_OWN_HOURS
    if session.kind == Kind.CASCADE and session.facilitator_id == user.pk:
        return rules.REFUSED_OWN_CASCADE
    if session.status != OjtSession.Status.LOGGED:
        return rules.REFUSED_ALREADY_CONFIRMED
    return None


@transaction.atomic
def session_confirm(*, session, by):
    session = OjtSession.objects.select_for_update().get(pk=session.pk)
    refusal = confirmation_refusal(session, by, list(session.attendees.all()))
    if refusal == rules.REFUSED_ALREADY_CONFIRMED:
        raise ValidationError(refusal)
    if refusal:
        raise PermissionDenied(refusal)
    session.status = OjtSession.Status.CONFIRMED
    session.confirmed_by, session.confirmed_at = by, clock.now()
    session.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    return session


@transaction.atomic
def individual_log(*, person, date, hours, description, is_supervision=True):
    if not access_for(person).is_centre_staff:
        raise PermissionDenied
    if refusal := rules.duration_refusal(hours):
        raise ValidationError({"hours": refusal})
    if refusal := recorded_day_refusal(date, clock.today()):
        raise ValidationError({"date": refusal})
    entry = IndividualOjt(person=person, date=date, hours=hours, description=description, is_supervision=is_supervision)
    entry.full_clean(exclude=["fiscal_year"])
    entry.save()
    return entry


def _require_sign_off(entry, by):
    if entry.person_id == by.pk:
        raise PermissionDenied(rules.REFUSED_OWN_SIGN_OFF)
    if not manages(by, entry.person):
        raise PermissionDenied(rules.REFUSED_NOT_MANAGER)


@transaction.atomic
def individual_sign_off(*, entry, by, approve=True, reason=""):
    """A manager of the person's centre signs off a pending entry, or returns it with a reason."""
    entry = IndividualOjt.objects.select_for_update().get(pk=entry.pk)
    _require_sign_off(entry, by)
    if entry.status != IndividualOjt.Status.PENDING:
        raise ValidationError(rules.REFUSED_ALREADY_DECIDED)
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError({"reason": rules.REFUSED_NO_REASON})
    if refusal := length_refusal(IndividualOjt, "reason", reason):
        raise ValidationError({"reason": refusal})
    entry.status = IndividualOjt.Status.SIGNED_OFF if approve else IndividualOjt.Status.REJECTED
    entry.decided_by, entry.decided_at, entry.reason = by, clock.now(), reason
    entry.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    return entry


@transaction.atomic
def programme_add_item(*, centre, fiscal_year, by, month, kind, theme, title, planned_hours):
    _require_coordinator(by, centre.pk)
    if refusal := rules.duration_refusal(planned_hours):
        raise ValidationError({"planned_hours": refusal})
    programme, _ = OjtProgramme.objects.get_or_create(centre=centre, fiscal_year=fiscal_year)
    item = ProgrammeItem(programme=programme, month=month, kind=kind, theme=theme, title=title, planned_hours=planned_hours)
    item.full_clean()
    item.save()
    return item
