"""Completion certificates (修了証) issued by the national institute; never deleted."""

import datetime
import secrets
from types import SimpleNamespace

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import rules


def new_verification_code():
    return secrets.token_urlsafe(18)


class SerialCounter(models.Model):
    """The last serial number used in a year; locked row by row so serials have no gaps."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)


class CertificateQuerySet(models.QuerySet):
    """Status and renewal deadline as SQL, so a list of 60,000 certificates filters in the database."""

    def in_status(self, status, today):
        return self.filter(status_condition(status, today))


def status_condition(status, today):
    """The SQL condition for a status on `today` (mirrors rules.certificate_status, which tests hold it to)."""
    live = Q(revoked_on__isnull=True, superseded_by__isnull=True)
    dated = live & Q(renewal_deadline__isnull=False)
    return {
        "revoked": Q(revoked_on__isnull=False),
        "superseded": Q(revoked_on__isnull=True, superseded_by__isnull=False),
        "permanent": live & Q(renewal_deadline__isnull=True),
        "lapsed": dated & Q(renewal_deadline__lt=today),
        "renewal_due": dated & Q(renewal_deadline__gte=today, renewal_window_opens__lte=today),
        "valid": dated & Q(renewal_window_opens__gt=today),
    }.get(status, Q(pk__in=[]))


class Certificate(models.Model):
    """A certificate of completion (修了証), verifiable by anyone at its address."""

    class AuditAction(models.TextChoices):
        ISSUED = "issued", _("Issued")
        REVOKED = "revoked", _("Revoked")

    record = models.OneToOneField("training.TrainingRecord", verbose_name=_("training record"), on_delete=models.PROTECT, related_name="certificate")
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("holder"), on_delete=models.PROTECT, related_name="certificates")
    subject = models.ForeignKey("curriculum.Subject", verbose_name=_("subject"), on_delete=models.PROTECT, related_name="certificates")
    serial = models.CharField(_("serial number"), max_length=20, unique=True)
    code = models.CharField(_("verification code"), max_length=40, unique=True, default=new_verification_code, editable=False)
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    supersedes = models.OneToOneField(
        "self", verbose_name=_("supersedes"), on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by",
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    # Its bit in the institute's revocation lists (status_list.py), drawn at random when issued.
    status_position = models.PositiveIntegerField(_("position in the revocation lists"), unique=True, null=True, editable=False)
    revocation_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)
    # Copied from the renewal policy in force on the completion date (services.store_terms), so
    # status and expiry filter in SQL. Empty when the subject never needs renewing.
    renewal_deadline = models.DateField(_("renewal deadline"), null=True, blank=True, editable=False)
    renewal_window_opens = models.DateField(_("renewal window opens"), null=True, blank=True, editable=False)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-serial"]
        indexes = [
            models.Index(fields=["-issued_on", "-serial"], name="certificate_list_order"),
            models.Index(fields=["renewal_deadline", "-issued_on", "-serial"], name="certificate_deadline_order"),
        ]

    def __str__(self):
        return f"{self.serial} {self.subject}"

    def get_absolute_url(self):
        return reverse("certificate_detail", args=[self.pk])

    def status_on(self, today):
        """The status from the stored deadline, by the one rule (load superseded_by with the certificate)."""
        stored = None
        if self.renewal_deadline is not None:
            stored = SimpleNamespace(deadline=self.renewal_deadline, window_opens=self.renewal_window_opens)
        return rules.certificate_status(
            revoked=bool(self.revoked_on), superseded=getattr(self, "superseded_by", None) is not None, terms=stored, today=today,
        )

    def verification_url(self):
        return settings.SITE_URL.rstrip("/") + reverse("certificate_verify", args=[self.code])


class IssuanceBatch(models.Model):
    """A bulk issuance run by a Celery task; the institute watches its progress."""

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey("training.TrainingSession", on_delete=models.PROTECT, null=True, blank=True, related_name="issuance_batches")
    record_ids = models.JSONField(default=list)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)
    finished = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Touched after every record by the worker running the batch: a worker that died leaves it
    # stale, and another may take the batch over from where it stopped.
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def is_stalled(self, now):
        return not self.finished and self.heartbeat_at is not None and now - self.heartbeat_at > batch_lease()


def batch_lease():
    """How long a batch's worker may go without progress before another takes the batch over."""
    return datetime.timedelta(seconds=settings.BATCH_LEASE_SECONDS)


class ReminderSent(models.Model):
    """One reminder per certificate and lead time, so the daily task can run twice without sending twice."""

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["certificate", "days_before"], name="reminder_once_per_lead_time")]



class Proof(models.Model):
    """What the two proofs issued on request share: who and when, a verification code, and a place
    in a revocation list of their own kind (their `STATUS_SERIES`), where the institute's revocation
    shows at once to anyone checking a copy. They keep what they certified as it stood that day:
    correcting the records later never changes a proof already in someone's hands."""

    class AuditAction(models.TextChoices):
        ISSUED = "issued", _("Issued")
        REVOKED = "revoked", _("Revoked")

    name = models.CharField(_("name as certified"), max_length=300)
    code = models.CharField(_("verification code"), max_length=40, unique=True, default=new_verification_code, editable=False)
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status_position = models.PositiveIntegerField(_("position in the revocation lists"), unique=True, null=True, editable=False)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)

    class Meta:
        abstract = True
        ordering = ["-issued_on", "-pk"]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.name} ({self.issued_on})"

    def verification_url(self):
        return settings.SITE_URL.rstrip("/") + reverse("certificate_verify", args=[self.code])

    @property
    def is_revoked(self):
        return self.revoked_on is not None


class TrainingHistoryProof(Proof):
    """A proof of training history (研修修了の証明書), issued on request and verifiable by its code."""

    STATUS_SERIES = "history"

    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="history_proofs")
    # [{"title", "provider", "completed_on": ISO date, "hours": "18.0"}] in date order: the completions certified.
    entries = models.JSONField(_("completions certified"), default=list)

    class Meta(Proof.Meta):
        verbose_name = _("proof of training history")
        verbose_name_plural = _("proofs of training history")


class ExperienceProof(Proof):
    """A proof of practical experience (実務経験証明書) as 主任相談支援員 or 相談支援員, issued on request
    by the institute from the person's job history and verifiable by its code."""

    STATUS_SERIES = "experience"

    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="experience_proofs")
    # [{"job": Job value, "job_name": as certified, "centre": name, "from": ISO date, "to": ISO date, "current": bool}] in date order
    periods = models.JSONField(_("periods"), default=list)
    months = models.PositiveIntegerField(_("months counted"))
    days = models.PositiveSmallIntegerField(_("days left over (not counted)"))

    class Meta(Proof.Meta):
        verbose_name = _("proof of practical experience")
        verbose_name_plural = _("proofs of practical experience")

    @property
    def years_and_months(self):
        return divmod(self.months, 12)
