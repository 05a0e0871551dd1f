"""Issuing and revoking certificates; every write is audited and nothing is ever deleted."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from curriculum.models import RenewalPolicy
from lms import clock
from lms.audit import services as audit
from lms.fields import length_refusal
from lms.formats import short_date
from lms.organisations.access import access_for
from lms.organisations.models import Membership
from lms.outbox import services as outbox
from lms.training.models import TrainingRecord, TrainingSession

from . import experience, rules, status_list
from .models import Certificate, ExperienceProof, IssuanceBatch, SerialCounter, TrainingHistoryProof, batch_lease

NOT_INSTITUTE = _("Only the institute issues and revokes certificates.")
NOT_ISSUABLE = _("Only verified central training with a curriculum subject gets a certificate.")
ALREADY_ISSUED = _("A certificate was already issued for this training (%(serial)s).")
LAPSED_NEEDS_FULL_COURSE = _("The previous certificate lapsed on %(date)s; the policy asks for the full course, not the refresher.")
REASON_REQUIRED = _("Give the reason for revoking.")
ALREADY_REVOKED = _("This was already revoked on %(date)s.")
NOTHING_TO_ISSUE = _("Everyone who completed this session already has a certificate.")
RECORD_GONE = _("Training record %(id)s no longer exists.")
BATCH_RUNNING = _("The certificates of this session are being issued; the batch page shows how far it has got.")


def _require_institute(user):
    if not access_for(user).is_institute:
        raise PermissionDenied(NOT_INSTITUTE)


def next_serial(year):
    """The next serial of the year, e.g. 2026-000123, without gaps even under concurrent issuance."""
    SerialCounter.objects.get_or_create(year=year)
    counter = SerialCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{year}-{counter.last:06d}"


@transaction.atomic
def issue_certificate(*, record, by, today=None):
    """Issue the certificate for a completed training; a refresher supersedes the previous one."""
    _require_institute(by)
    today = today or clock.today()
    # Locking the record makes two people issuing it at once take turns: the second finds the
    # first one's certificate and is told so, instead of failing on the unique constraint.
    record = TrainingRecord.objects.select_for_update(of=("self",)).select_related("subject").get(pk=record.pk)
    if record.subject_id is None or record.status != TrainingRecord.Status.VERIFIED or record.kind != TrainingRecord.Kind.CENTRAL:
        raise ValidationError(NOT_ISSUABLE)
    existing = Certificate.objects.filter(record=record).first()
    if existing:
        raise ValidationError(ALREADY_ISSUED % {"serial": existing.serial})
    previous = None
    if record.is_refresher:
        previous = (
            Certificate.objects.filter(holder_id=record.person_id, subject_id=record.subject_id, revoked_on__isnull=True, superseded_by__isnull=True)
            .select_related("record").order_by("-issued_on").first()
        )
        if previous:
            policies = list(record.subject.renewal_policies.all())
            terms = rules.terms_for(subject_policies=policies, completed_on=previous.record.completed_on)
            if terms and record.completed_on > terms.deadline and terms.policy.after_lapse == RenewalPolicy.AfterLapse.FULL_COURSE:
                raise ValidationError(LAPSED_NEEDS_FULL_COURSE % {"date": short_date(terms.deadline)})
    certificate = Certificate(
        record=record, holder_id=record.person_id, subject=record.subject, serial=next_serial(today.year),
        issued_on=today, issued_by=by, supersedes=previous,
        **stored_terms(list(record.subject.renewal_policies.all()), record.completed_on),
    )
    _save_with_status_position(certificate)
    audit.record(certificate, Certificate.AuditAction.ISSUED, by, note=certificate.serial)
    return certificate


def _save_with_status_position(document, attempts=5):
    """Insert a certificate or proof at a random free position in its kind's revocation lists. Two
    issuances at once may draw the same position: the unique constraint refuses the second, which
    draws again."""
    holders = type(document).objects.filter(status_position__isnull=False)
    held = holders.count()
    for attempt in range(attempts):
        document.status_position = status_list.free_position(held, lambda position: holders.filter(status_position=position).exists())
        try:
            with transaction.atomic():
                document.save(force_insert=True)
            return
        except IntegrityError:
            # Only a position drawn by someone else meanwhile is worth another draw.
            if attempt == attempts - 1 or not holders.filter(status_position=document.status_position).exists():
                raise


def stored_terms(policies, completed_on):
    """The renewal deadline and window a certificate keeps, from the policy in force on completion."""
    terms = rules.terms_for(subject_policies=policies, completed_on=completed_on)
    return {
        "renewal_deadline": terms.deadline if terms else None,
        "renewal_window_opens": terms.window_opens if terms else None,
    }


def restore_terms(subject_id, since=None):
    """Recompute the stored deadlines of a subject's certificates completed on or after `since`.

    A renewal policy version applies to completions from its date on, so only those can change.
    Returns how many certificates changed.
    """
    policies = list(RenewalPolicy.objects.filter(subject_id=subject_id))
    certificates = Certificate.objects.filter(subject_id=subject_id).select_related("record")
    if since is not None:
        certificates = certificates.filter(record__completed_on__gte=since)
    changed = []
    for certificate in certificates.only("pk", "renewal_deadline", "renewal_window_opens", "record__completed_on"):
        terms = stored_terms(policies, certificate.record.completed_on)
        if (certificate.renewal_deadline, certificate.renewal_window_opens) != (terms["renewal_deadline"], terms["renewal_window_opens"]):
            certificate.renewal_deadline, certificate.renewal_window_opens = terms["renewal_deadline"], terms["renewal_window_opens"]
            changed.append(certificate)
    Certificate.objects.bulk_update(changed, ["renewal_deadline", "renewal_window_opens"], batch_size=1000)
    return len(changed)


def revoke_certificate(*, certificate, by, reason, today=None):
    return _revoke(certificate, by=by, reason=reason, today=today)


def revoke_proof(*, proof, by, reason, today=None):
    """Revoke a proof of training history or of experience: its verify page, its JSON and its
    revocation list say so at once, for copies already handed out too."""
    return _revoke(proof, by=by, reason=reason, today=today)


@transaction.atomic
def _revoke(document, *, by, reason, today):
    _require_institute(by)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    if refusal := length_refusal(type(document), "revocation_reason", reason):
        raise ValidationError({"reason": refusal})
    document = type(document).objects.select_for_update().get(pk=document.pk)
    if document.revoked_on:
        raise ValidationError(ALREADY_REVOKED % {"date": short_date(document.revoked_on)})
    document.revoked_on = today or clock.today()
    document.revocation_reason = reason
    document.save(update_fields=["revoked_on", "revocation_reason"])
    audit.record(document, type(document).AuditAction.REVOKED, by, note=reason)
    return document


@transaction.atomic
def start_batch(*, records, by, session=None):
    """Queue a bulk issuance (through the outbox, so a broker that is down only delays it); the
    worker reports progress on the batch."""
    _require_institute(by)
    ids = sorted(record.pk for record in records)
    batch = IssuanceBatch.objects.create(requested_by=by, session=session, record_ids=ids, total=len(ids))
    outbox.send(run_issuance_batch, batch_id=batch.pk)
    return batch


def _claim_batch(batch_id, now):
    """Take the batch unless another live worker has it (its heartbeat is fresh) or it is finished."""
    fresh = Q(heartbeat_at__gt=now - batch_lease())
    return IssuanceBatch.objects.filter(pk=batch_id, finished=False).exclude(fresh).update(heartbeat_at=now) == 1


@outbox.handler("certificates.issuance_batch", queue="batches", atomic=False)
def run_issuance_batch(batch_id):
    """Issue one certificate per record of the batch, from where it stopped.

    Each record's certificate and the batch's count are committed together, so a worker killed
    mid-way leaves `done` exact: the next run (Celery's late acknowledgement, or the outbox sweep)
    carries on from there, and no serial is skipped or used twice.
    """
    claimed_at = clock.now()
    if not _claim_batch(batch_id, claimed_at):
        batch = IssuanceBatch.objects.filter(pk=batch_id).first()
        if batch is None or batch.finished:
            return 0
        # Another worker had it moments ago; if that worker has died, its lease runs out then.
        raise outbox.Busy(until=batch.heartbeat_at + batch_lease())
    batch = IssuanceBatch.objects.select_related("requested_by").get(pk=batch_id)
    issuer, heartbeat = batch.requested_by, claimed_at
    for record_id in batch.record_ids[batch.done:]:
        with transaction.atomic():
            batch = IssuanceBatch.objects.select_for_update().get(pk=batch_id)
            if batch.heartbeat_at != heartbeat:
                # This worker stalled past its lease and another took the batch over: leave it
                # to that one (the message stays pending until the batch is finished).
                raise outbox.Busy
            error = None
            try:
                record = TrainingRecord.objects.get(pk=record_id)
                issue_certificate(record=record, by=issuer)
            except ValidationError as refused:
                error = f"{record.person}: {' '.join(refused.messages)}"
            except TrainingRecord.DoesNotExist:
                error = str(RECORD_GONE % {"id": record_id})
            batch.done += 1
            batch.errors = batch.errors + [error] if error else batch.errors
            batch.heartbeat_at = heartbeat = clock.now()
            batch.save(update_fields=["done", "errors", "heartbeat_at"])
    IssuanceBatch.objects.filter(pk=batch_id).update(finished=True)
    return batch.done - len(batch.errors)


@transaction.atomic
def issue_for_session(*, session, by):
    """Queue the certificates of everyone who completed a session and has none yet."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    audit.require_step(session, TrainingSession.AuditAction.CERTIFICATES, by)
    if session.issuance_batches.filter(finished=False).exists():
        raise ValidationError(BATCH_RUNNING)
    records = list(TrainingRecord.objects.filter(session=session, certificate__isnull=True, status=TrainingRecord.Status.VERIFIED))
    if not records:
        raise ValidationError(NOTHING_TO_ISSUE)
    batch = start_batch(records=records, by=by, session=session)
    audit.record(session, TrainingSession.AuditAction.CERTIFICATES, by, to_status=session.status, detail={"certificates": batch.total})
    return batch


NO_EXPERIENCE = _("%(name)s has no period as chief supporter or supporter in the job history: there is no experience to certify.")


@transaction.atomic
def issue_experience_proof(*, person, by, today=None):
    """The institute's proof of practical experience as 主任相談支援員 or 相談支援員, from the job
    history as it stands today (a current job counts up to today)."""
    _require_institute(by)
    today = today or clock.today()
    jobs = list(
        Membership.objects.filter(user=person, job__in=experience.COUNTED_JOBS, started_on__lte=today)
        .select_related("organisation").order_by("started_on", "pk")
    )
    if not jobs:
        raise ValidationError(NO_EXPERIENCE % {"name": person.get_full_name()})
    periods, listed = [], []
    for job in jobs:
        ended_on = min(job.ended_on, today) if job.ended_on else today
        periods.append(experience.Period(job.started_on, ended_on))
        listed.append({
            "job": job.job, "job_name": experience.job_name(job.job), "centre": job.organisation.name, "from": job.started_on.isoformat(), "to": ended_on.isoformat(),
            "current": job.ended_on is None or job.ended_on >= today,
        })
    counted = experience.total(periods)
    proof = ExperienceProof(
        person=person, name=person.get_full_name(), issued_by=by, issued_on=today, periods=listed, months=counted.months, days=counted.days,
    )
    _save_with_status_position(proof)
    audit.record(proof, ExperienceProof.AuditAction.ISSUED, by)
    return proof


@transaction.atomic
def issue_history_proof(*, person, by, today=None):
    """The institute's proof of everything a person has completed (verified), kept as it stands today."""
    _require_institute(by)
    today = today or clock.today()
    records = TrainingRecord.objects.counted().filter(person=person, completed_on__lte=today).order_by("completed_on", "pk")
    proof = TrainingHistoryProof(
        person=person, name=person.get_full_name(), issued_by=by, issued_on=today,
        entries=[
            {"title": record.title, "provider": record.provider or str(record.get_kind_display()), "completed_on": record.completed_on.isoformat(),
             "hours": str(record.hours)}
            for record in records
        ],
    )
    _save_with_status_position(proof)
    audit.record(proof, TrainingHistoryProof.AuditAction.ISSUED, by)
    return proof
