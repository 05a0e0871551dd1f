"""Who confirms an OJT session and who signs off individual OJT, and from which state."""

from lms.audit.services import Transition, Workflow
from lms.organisations.access import access_for, manages

from . import rules
from .models import IndividualOjt, Kind, OjtSession


def _confirmer(user, session):
    """The facilitator or a manager confirms, never someone the session credits: an attendee (their
    hours) or the facilitator of a cascade session (their obligation to pass training on)."""
    if not (session.facilitator_id == user.pk or session.centre_id in access_for(user).managed_centre_ids):
        return rules.REFUSED_CONFIRMER
    if any(person.pk == user.pk for person in session.attendees.all()):
        return rules.REFUSED_OWN_HOURS
    if session.kind == Kind.CASCADE and session.facilitator_id == user.pk:
        return rules.REFUSED_OWN_CASCADE
    return None


def _signer(user, entry):
    """A director or supervisor of the person's centre, never for their own hours."""
    if entry.person_id == user.pk:
        return rules.REFUSED_OWN_SIGN_OFF
    return None if manages(user, entry.person) else rules.REFUSED_NOT_MANAGER


OJT_SESSION = Workflow(OjtSession, [
    Transition(OjtSession.Status.CONFIRMED, frozenset({OjtSession.Status.LOGGED}), OjtSession.Status.CONFIRMED, _confirmer),
], wrong_step=rules.REFUSED_ALREADY_CONFIRMED)

PENDING = frozenset({IndividualOjt.Status.PENDING})

INDIVIDUAL_OJT = Workflow(IndividualOjt, [
    Transition(IndividualOjt.Status.SIGNED_OFF, PENDING, IndividualOjt.Status.SIGNED_OFF, _signer),
    Transition(IndividualOjt.Status.REJECTED, PENDING, IndividualOjt.Status.REJECTED, _signer),
], wrong_step=rules.REFUSED_ALREADY_DECIDED)
