"""Issuing and revoking certificates; every write is audited and nothing is ever deleted."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
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


def reserve_serials(year, count):
    """`count` consecutive serials of the year, e.g. 2026-000123…, in one statement: the counter's
    row stays locked until the transaction commits, so concurrent issuers take turns and a rolled
    back issuance leaves no gap."""
    SerialCounter.objects.get_or_create(year=year)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {SerialCounter._meta.db_table} SET last = last + %s WHERE year = %s RETURNING last", [count, year])
        [last] = cursor.fetchone()
    return [f"{year}-{number:06d}" for number in range(last - count + 1, last + 1)]


@transaction.atomic
def issue_certificate(*, record, by, today=None):
    """Issue the certificate for a completed training; a refresher supersedes the previous one."""
    _require_institute(by)
    issued, refused = _issue(TrainingRecord.objects.filter(pk=record.pk), by=by, today=today or clock.today())
    if refused:
        raise ValidationError(refused[record.pk])
    if not issued:
        raise ValidationError(RECORD_GONE % {"id": record.pk})
    return issued[0]


def _issue(records, *, by, today):
    """Issue the certificates of `records` (a queryset) in a few statements whatever their number:
    ([certificates issued], {record id: why it was refused}).

    Locking the records makes two people issuing one at once take turns: the second finds the
    first one's certificate and is told so, instead of failing on the unique constraint. Run inside
    a transaction; no person may have two of the records in one subject (the batch splits them),
    as the second would supersede the first.
    """
    records = list(records.select_for_update(of=("self",)).select_related("subject").order_by("pk"))
    issued_already = dict(Certificate.objects.filter(record__in=records).values_list("record_id", "serial"))
    policies = _policies_of({record.subject_id for record in records if record.subject_id})
    previous = _current_certificates([record for record in records if record.is_refresher])
    refused, issuable = {}, []
    for record in records:
        if record.subject_id is None or record.status != TrainingRecord.Status.VERIFIED or record.kind != TrainingRecord.Kind.CENTRAL:
            refused[record.pk] = str(NOT_ISSUABLE)
        elif record.pk in issued_already:
            refused[record.pk] = str(ALREADY_ISSUED % {"serial": issued_already[record.pk]})
        elif refusal := _lapsed_refusal(record, previous.get((record.person_id, record.subject_id)), policies[record.subject_id]):
            refused[record.pk] = refusal
        else:
            issuable.append(record)
    if not issuable:
        return [], refused
    certificates = [
        Certificate(
            record=record, holder_id=record.person_id, subject=record.subject, serial=serial, issued_on=today, issued_by=by,
            supersedes=previous.get((record.person_id, record.subject_id)) if record.is_refresher else None,
            **stored_terms(policies[record.subject_id], record.completed_on),
        )
        for record, serial in zip(issuable, reserve_serials(today.year, len(issuable)))
    ]
    _insert_with_status_positions(certificates)
    audit.record_many([audit.entry(certificate, Certificate.AuditAction.ISSUED, by, note=certificate.serial) for certificate in certificates])
    return certificates, refused


def _policies_of(subject_ids):
    policies = {subject_id: [] for subject_id in subject_ids}
    for policy in RenewalPolicy.objects.filter(subject_id__in=subject_ids):
        policies[policy.subject_id].append(policy)
    return policies


def _current_certificates(refreshers):
    """{(person, subject): their latest certificate in force} for the people renewing."""
    if not refreshers:
        return {}
    wanted = Q(pk__in=[])
    for record in refreshers:
        wanted |= Q(holder_id=record.person_id, subject_id=record.subject_id)
    current = (
        Certificate.objects.filter(wanted, revoked_on__isnull=True, superseded_by__isnull=True)
        .select_related("record").order_by("holder_id", "subject_id", "-issued_on", "-pk")
    )
    latest = {}
    for certificate in current:
        latest.setdefault((certificate.holder_id, certificate.subject_id), certificate)
    return latest


def _lapsed_refusal(record, previous, policies):
    """Why a refresher cannot renew a certificate that lapsed under a full-course policy, if so."""
    if not record.is_refresher or previous is None:
        return None
    terms = rules.terms_for(subject_policies=policies, completed_on=previous.record.completed_on)
    if terms and record.completed_on > terms.deadline and terms.policy.after_lapse == RenewalPolicy.AfterLapse.FULL_COURSE:
        return str(LAPSED_NEEDS_FULL_COURSE % {"date": short_date(terms.deadline)})
    return None


def _insert_with_status_positions(documents, attempts=5):
    """Insert certificates (or a proof) at random free positions in their kind's revocation lists,
    drawn together and checked in one query. Two issuers at once may draw the same position: the
    unique constraint refuses the later insert, whose positions are drawn again."""
    model = type(documents[0])
    for attempt in range(attempts):
        _draw_positions(model, documents)
        try:
            with transaction.atomic():
                model.objects.bulk_create(documents)
            return
        except IntegrityError:
            # Only a position drawn by someone else meanwhile is worth another draw (a refresher
            # renewed twice at once fails on what it supersedes, which no draw mends).
            drawn = [document.status_position for document in documents]
            if attempt == attempts - 1 or not model.objects.filter(status_position__in=drawn).exists():
                raise
            for document in documents:
                document.pk = None


def _draw_positions(model, documents):
    positions = status_list.free_positions(
        len(documents), model.objects.filter(status_position__isnull=False).count(),
        lambda candidates: model.objects.filter(status_position__in=candidates).values_list("status_position", flat=True),
    )
    for document, position in zip(documents, positions):
        document.status_position = position


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


# Records issued per transaction: large enough that a certificate costs a few statements' share,
# small enough that a worker killed mid-way repeats little and the batch page moves every second.
ISSUANCE_CHUNK = 100


@outbox.handler("certificates.issuance_batch", queue="batches", atomic=False)
def run_issuance_batch(batch_id):
    """Issue one certificate per record of the batch, from where it stopped, a chunk at a time.

    Each chunk's certificates and the batch's count are committed together, so a worker killed
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
    while batch.done < len(batch.record_ids):
        with transaction.atomic():
            batch = IssuanceBatch.objects.select_for_update().get(pk=batch_id)
            if batch.heartbeat_at != heartbeat:
                # This worker stalled past its lease and another took the batch over: leave it
                # to that one (the message stays pending until the batch is finished).
                raise outbox.Busy
            chunk = _next_chunk(batch.record_ids[batch.done:batch.done + ISSUANCE_CHUNK])
            issued, refused = _issue(TrainingRecord.objects.filter(pk__in=chunk), by=issuer, today=clock.today())
            names, issued_ids = _names_of(refused), {certificate.record_id for certificate in issued}
            # A record neither issued nor refused was gone when its chunk was locked.
            batch.errors = batch.errors + [
                f"{names[record_id]}: {refused[record_id]}" if record_id in refused else str(RECORD_GONE % {"id": record_id})
                for record_id in chunk if record_id not in issued_ids
            ]
            batch.done += len(chunk)
            batch.heartbeat_at = heartbeat = clock.now()
            batch.save(update_fields=["done", "errors", "heartbeat_at"])
    IssuanceBatch.objects.filter(pk=batch_id).update(finished=True)
    return batch.done - len(batch.errors)


def _next_chunk(record_ids):
    """The longest start of `record_ids` with no person twice in one subject: a refresher issued
    after its person's first course in the same batch must find that certificate to supersede."""
    pairs = {pk: (person_id, subject_id) for pk, person_id, subject_id in
             TrainingRecord.objects.filter(pk__in=record_ids).values_list("pk", "person_id", "subject_id")}
    seen = set()
    for index, record_id in enumerate(record_ids):
        if record_id in pairs and pairs[record_id] in seen:
            record_ids = record_ids[:index]
            break
        seen.add(pairs.get(record_id))
    return record_ids


def _names_of(refused):
    if not refused:
        return {}
    people = TrainingRecord.objects.filter(pk__in=refused).select_related("person")
    return {record.pk: str(record.person) for record in people}


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
    _insert_with_status_positions([proof])
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
    _insert_with_status_positions([proof])
    audit.record(proof, TrainingHistoryProof.AuditAction.ISSUED, by)
    return proof
