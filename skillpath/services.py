"""Writes to the training record: completions, external training and reflections."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.organisations.access import access_for, can_view_records_of

from .models import Reflection, TrainingRecord

NOT_YOUR_SUPERVISEE = _("Only a supervisor or director of this person's centre can verify their training.")
OWN_RECORD = _("You cannot verify your own training.")
NOT_PENDING = _("This training has already been verified or rejected.")
REASON_REQUIRED = _("Give the reason so the person can correct it.")
NOT_YOUR_RECORD = _("You can only write reflections on your own training.")


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
            "verified_at": timezone.now(),
        },
    )
    return record


@transaction.atomic
def external_record_submit(*, person, title, kind, provider, started_on, completed_on, hours, evidence=None, subject=None):
    """Training outside the institute counts once the person's supervisor verifies it."""
    record = TrainingRecord(
        person=person, title=title, kind=kind, provider=provider, started_on=started_on,
        completed_on=completed_on, hours=hours, subject=subject, status=TrainingRecord.Status.PENDING,
    )
    if evidence:
        record.evidence = evidence
    record.full_clean(exclude=["fiscal_year"])
    record.save()
    return record


def _require_verifier(record, by):
    if by.pk == record.person_id:
        raise PermissionDenied(OWN_RECORD)
    if not (access_for(by).is_manager and can_view_records_of(by, record.person)):
        raise PermissionDenied(NOT_YOUR_SUPERVISEE)
    if record.status != TrainingRecord.Status.PENDING:
        raise ValidationError(NOT_PENDING)


@transaction.atomic
def external_record_verify(*, record, by):
    record = TrainingRecord.objects.select_for_update().get(pk=record.pk)
    _require_verifier(record, by)
    record.status = TrainingRecord.Status.VERIFIED
    record.verified_by, record.verified_at = by, timezone.now()
    record.rejection_reason = ""
    record.save()
    return record


@transaction.atomic
def external_record_reject(*, record, by, reason):
    record = TrainingRecord.objects.select_for_update().get(pk=record.pk)
    _require_verifier(record, by)
    if not reason.strip():
        raise ValidationError(REASON_REQUIRED)
    record.status = TrainingRecord.Status.REJECTED
    record.verified_by, record.verified_at = by, timezone.now()
    record.rejection_reason = reason.strip()
    record.save()
    return record


@transaction.atomic
def reflection_save(*, record, by, learned, apply_at_work, next_steps=""):
    if by.pk != record.person_id:
        raise PermissionDenied(NOT_YOUR_RECORD)
    reflection, _ = Reflection.objects.update_or_create(
        record=record, defaults={"learned": learned, "apply_at_work": apply_at_work, "next_steps": next_steps},
    )
    reflection.full_clean()
    return reflection
