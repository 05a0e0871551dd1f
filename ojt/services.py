"""Writes for OJT: session logs, confirmation, individual OJT and its sign-off, the programme."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from lms import clock
from lms.assessment.rules import evaluation_refusal
from lms.assessment.services import ALREADY_EVALUATED, release_in_groups
from lms.audit import services as audit
from lms.fields import length_refusal
from lms.fiscal import recorded_day_refusal
from lms.organisations.access import access_for, staff_of

from . import rules
from .models import IndividualOjt, OjtEvaluation, OjtEvaluationReceipt, OjtProgramme, OjtSession, ProgrammeItem
from .workflow import INDIVIDUAL_OJT, OJT_SESSION


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
    staff = set(staff_of([centre.pk], date).values_list("user_id", flat=True))
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
    audit.record(session, OjtSession.AuditAction.LOGGED, by, to_status=session.status)
    return session


def session_confirm(*, session, by):
    def confirm(session):
        session.confirmed_by, session.confirmed_at = by, clock.now()

    session, _entry = OJT_SESSION.perform(session, OjtSession.Status.CONFIRMED, by, apply=confirm)
    return session


@transaction.atomic
def session_evaluate(*, session, by, ratings, comment=""):
    """An attendee's anonymous evaluation of the session, once; a receipt apart says they answered."""
    session = OjtSession.objects.select_for_update().get(pk=session.pk)  # a double click answers once
    if not session.attendees.filter(pk=by.pk).exists():
        raise PermissionDenied(rules.REFUSED_NOT_ATTENDEE)
    if session.facilitator_id == by.pk:
        raise PermissionDenied(rules.REFUSED_FACILITATOR_EVALUATES)
    if refusal := evaluation_refusal(session.date, clock.today()):
        raise ValidationError(refusal)
    if OjtEvaluationReceipt.objects.filter(session=session, person=by).exists():
        raise ValidationError(ALREADY_EVALUATED)
    response = OjtEvaluation(session=session, answered_on=clock.today(), comment=comment.strip(), **ratings)
    response.full_clean()
    response.save()
    OjtEvaluationReceipt.objects.create(session=session, person=by)
    release_in_groups(OjtEvaluation.objects.filter(session=session))
    return response


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
    audit.record(entry, IndividualOjt.AuditAction.SUBMITTED, person, to_status=entry.status)
    return entry


def individual_sign_off(*, entry, by, approve=True, reason=""):
    """A manager of the person's centre signs off a pending entry, or returns it with a reason."""
    reason = reason.strip()

    def decide(entry):
        if not approve and not reason:
            raise ValidationError({"reason": rules.REFUSED_NO_REASON})
        if refusal := length_refusal(IndividualOjt, "reason", reason):
            raise ValidationError({"reason": refusal})
        entry.decided_by, entry.decided_at, entry.reason = by, clock.now(), reason

    step = IndividualOjt.Status.SIGNED_OFF if approve else IndividualOjt.Status.REJECTED
    entry, _entry = INDIVIDUAL_OJT.perform(entry, step, by, note=reason, apply=decide)
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
