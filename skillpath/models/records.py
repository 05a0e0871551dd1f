from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.fields import LimitedTextField
from lms.fiscal import fiscal_year

__all__ = ["TrainingRecord", "Reflection"]


class TrainingRecordQuerySet(models.QuerySet):
    def counted(self):
        """Records that count towards hours and requirements (verified)."""
        return self.filter(status=TrainingRecord.Status.VERIFIED)

    def in_fiscal_year(self, year):
        return self.filter(fiscal_year=year)


class TrainingRecord(models.Model):
    """One completed Off-JT training in a person's handbook, counted in the fiscal year it ended."""

    class Kind(models.TextChoices):
        CENTRAL = "central", _("Central training (national institute)")
        PREFECTURAL = "prefectural", _("Prefectural or municipal training")
        RELATED_BODY = "related_body", _("Related body's training")
        OTHER = "other", _("Other external training")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="training_records",
    )
    subject = models.ForeignKey(
        "curriculum.Subject", verbose_name=_("subject"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="training_records",
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    provider = models.CharField(_("organiser"), max_length=200, blank=True)
    started_on = models.DateField(_("started on"))
    completed_on = models.DateField(_("completed on"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), editable=False, db_index=True)
    session = models.ForeignKey(
        "curriculum.TrainingSession", verbose_name=_("session"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="records",
    )
    enrolment = models.OneToOneField(
        "curriculum.Enrolment", on_delete=models.PROTECT, null=True, blank=True, related_name="record",
    )
    is_refresher = models.BooleanField(_("refresher course"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("verified by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    rejection_reason = LimitedTextField(_("reason for rejection"), blank=True, max_length=1000)
    evidence = models.FileField(_("evidence"), upload_to="evidence/%Y/", blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TrainingRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-completed_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=500), name="record_hours_sensible"),
            models.CheckConstraint(condition=Q(completed_on__gte=models.F("started_on")), name="record_ends_after_start"),
        ]
        indexes = [models.Index(fields=["person", "fiscal_year"])]

    def __str__(self):
        return f"{self.title} ({self.completed_on:%Y-%m-%d})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("record_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        # Off-JT counts in the fiscal year in which the training ended.
        self.fiscal_year = fiscal_year(self.completed_on)
        super().save(*args, **kwargs)


class Reflection(models.Model):
    """Step 4 of the plan cycle: what the person takes from a training into their work."""

    record = models.OneToOneField(TrainingRecord, on_delete=models.CASCADE, related_name="reflection")
    learned = LimitedTextField(_("what I learned"), max_length=4000)
    apply_at_work = LimitedTextField(_("how I will use it at work"), max_length=4000)
    next_steps = LimitedTextField(_("what I want to learn next"), blank=True, max_length=2000)
    written_at = models.DateTimeField(_("written at"), auto_now=True)

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")

    def __str__(self):
        return f"{self.record}"
