"""The steps of a training session and of a place on it: who takes each, and from which state."""

from django.utils.translation import gettext_lazy as _

from lms import clock
from lms.audit.services import Transition, Workflow
from lms.formats import short_date
from lms.organisations.access import access_for, manages
from lms.organisations.models import Membership

from .models import Enrolment, TrainingRecord, TrainingSession

NOT_INSTITUTE = _("Only the institute manages sessions.")
NOT_YOUR_CENTRE = _("You can only nominate or approve staff of your own centre.")
NOT_YOUR_PLACE = _("Only the person, their centre's director or supervisor, or the institute can cancel this place.")
NOT_A_DRAFT = _("Only a draft session can be published (this one: %(status)s).")
NOT_COMPLETABLE = _("Only a published session can be completed (this one: %(status)s).")
NOT_OPEN_FOR_ATTENDANCE = _("Attendance is recorded for published sessions (this one: %(status)s).")
NOT_EDITABLE = _("This session can no longer be edited (status: %(status)s).")
NOT_COMPLETED_YET = _("Certificates are issued once the session is completed (this one: %(status)s).")
NOT_AWAITING = _("This application is not waiting for approval.")
CANNOT_CANCEL = _("This place can no longer be cancelled.")
MOVED_UP_BY_THE_SITE = _("People move up from the waiting list by themselves, in the order they joined it.")
STARTED = _(
    "The session began on %(date)s: a place can no longer be cancelled. If the person cannot go on, the institute records a withdrawal."
)
NOT_STARTED = _("A withdrawal is recorded once the session has begun (%(date)s); before that, the place is cancelled.")
CANNOT_WITHDRAW = _("Only a participant with a place, not yet completed, can be withdrawn (this one: %(status)s).")

Session = TrainingSession.Status
Place = Enrolment.Status


def _institute(user, session):
    return None if access_for(user).is_institute else NOT_INSTITUTE


SESSION = Workflow(TrainingSession, [
    Transition("edited", frozenset({Session.DRAFT, Session.PUBLISHED}), None, _institute, NOT_EDITABLE),
    Transition(Session.PUBLISHED, frozenset({Session.DRAFT}), Session.PUBLISHED, _institute, NOT_A_DRAFT),
    Transition("attendance", frozenset({Session.PUBLISHED}), None, _institute, NOT_OPEN_FOR_ATTENDANCE),
    # Completing again adds people who were left out; it never rewrites a record already made.
    Transition(Session.COMPLETED, frozenset({Session.PUBLISHED, Session.COMPLETED}), Session.COMPLETED, _institute, NOT_COMPLETABLE),
    Transition(TrainingSession.AuditAction.CERTIFICATES, frozenset({Session.COMPLETED}), None, _institute, NOT_COMPLETED_YET),
])


def _director_of_applicant(user, enrolment):
    """Applications are decided by a director of a centre the person works at now, never by the person."""
    if user.pk == enrolment.person_id:
        return NOT_YOUR_CENTRE
    centre_ids = Membership.objects.current().in_centres().filter(user_id=enrolment.person_id).values_list("organisation_id", flat=True)
    return None if access_for(user).directs_any(centre_ids) else NOT_YOUR_CENTRE


def _person_or_their_managers(user, enrolment):
    if user.pk == enrolment.person_id or access_for(user).is_institute or manages(user, enrolment.person):
        return None
    return NOT_YOUR_PLACE


def _before_the_first_day(enrolment):
    """A place is given up before the first day. A wait or an application may be dropped at any
    time: nothing was taken part in."""
    first_day = enrolment.session.first_day
    if enrolment.status == Place.CONFIRMED and first_day is not None and first_day <= clock.today():
        return STARTED % {"date": short_date(first_day)}
    return None


def _from_the_first_day(enrolment):
    first_day = enrolment.session.first_day
    if first_day is None or first_day > clock.today():
        return NOT_STARTED % {"date": short_date(first_day) if first_day else "—"}
    return None


AWAITING = frozenset({Place.AWAITING_APPROVAL})

def _applicant(user, enrolment):
    return None if user is not None and user.pk == enrolment.person_id else NOT_YOUR_PLACE


def _nominator(user, enrolment):
    """The institute, or a director of a centre the person works at now (themselves included)."""
    if user is None:
        return NOT_YOUR_CENTRE
    access = access_for(user)
    if access.is_institute:
        return None
    centre_ids = Membership.objects.current().in_centres().filter(user_id=enrolment.person_id).values_list("organisation_id", flat=True)
    return None if access.directs_any(centre_ids) else NOT_YOUR_CENTRE


def _the_site(user, enrolment):
    """A step the site takes by itself (moving up a waiting list): it names nobody in the history."""
    return None if user is None else MOVED_UP_BY_THE_SITE


# An application or a nomination opens a new row, or one the person cancelled or was declined on.
OPENABLE = frozenset({Enrolment.NEW, Place.CANCELLED, Place.DECLINED})
ALREADY_APPLIED = _("There is already an application or a place for this person on this session.")

ENROLMENT = Workflow(Enrolment, [
    # The step itself gives the state: awaiting approval, or a place or a queue slot (the service).
    Transition(Enrolment.AuditAction.APPLIED, OPENABLE, None, _applicant, ALREADY_APPLIED),
    Transition(Enrolment.AuditAction.NOMINATED, OPENABLE, None, _nominator, ALREADY_APPLIED),
    Transition(Enrolment.AuditAction.PROMOTED, frozenset({Place.WAITLISTED}), Place.CONFIRMED, _the_site),
    # Approval gives a place or a queue slot, whichever is free (set by the service).
    Transition("approved", AWAITING, None, _director_of_applicant, NOT_AWAITING),
    Transition(Place.DECLINED, AWAITING, Place.DECLINED, _director_of_applicant, NOT_AWAITING),
    Transition(
        Place.CANCELLED, frozenset(Enrolment.ACTIVE), Place.CANCELLED, _person_or_their_managers, CANNOT_CANCEL, condition=_before_the_first_day,
    ),
    # After the first day a participant who cannot go on is withdrawn by the institute, with a reason;
    # their attendance, answers and reports stay, for the lecturer and in their history.
    Transition(
        Place.WITHDRAWN, frozenset({Place.CONFIRMED, Place.NOT_COMPLETED}), Place.WITHDRAWN, _institute, CANNOT_WITHDRAW,
        condition=_from_the_first_day,
    ),
])


NOT_YOUR_SUPERVISEE = _("Only a supervisor or director of this person's centre can verify their training.")
OWN_RECORD = _("You cannot verify your own training.")
NOT_PENDING = _("This training has already been verified or rejected.")
NOT_YOUR_RECORD = _("You can only write reflections on your own training.")
NOT_VERIFIED = _("Only verified training counts (this one: %(status)s).")
ALREADY_CERTIFIED = _("A certificate has already been issued for this training.")
NOT_A_CENTRAL_COURSE = _("Certificates are issued for the institute's courses of a curriculum subject.")

Record = TrainingRecord.Status


def _verifier(user, record):
    """A director or supervisor of the person's centre, never for their own training."""
    if user.pk == record.person_id:
        return OWN_RECORD
    return None if manages(user, record.person) else NOT_YOUR_SUPERVISEE


def _record_owner(user, record):
    return None if user.pk == record.person_id else NOT_YOUR_RECORD


def _certificate_issuer(user, record):
    if not access_for(user).is_institute:
        return NOT_INSTITUTE
    if record.kind != TrainingRecord.Kind.CENTRAL or not record.subject_id:
        return NOT_A_CENTRAL_COURSE
    return ALREADY_CERTIFIED if hasattr(record, "certificate") else None


RECORD = Workflow(TrainingRecord, [
    Transition(Record.VERIFIED, frozenset({Record.PENDING}), Record.VERIFIED, _verifier, NOT_PENDING),
    Transition(Record.REJECTED, frozenset({Record.PENDING}), Record.REJECTED, _verifier, NOT_PENDING),
    Transition("reflected", frozenset({Record.VERIFIED}), None, _record_owner, NOT_VERIFIED),
    Transition("certificate", frozenset({Record.VERIFIED}), None, _certificate_issuer, NOT_VERIFIED),
])
