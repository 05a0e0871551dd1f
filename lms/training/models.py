"""A learner's training: sessions (研修会) with days, places, waiting lists and attendance, and the
Off-JT records that completed sessions and verified outside training leave in the handbook."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lms.fields import LimitedTextField
from lms.fiscal import fiscal_year
from lms.formats import short_date

__all__ = ["TrainingSession", "SessionDay", "Enrolment", "Attendance", "TrainingRecord"]


class TrainingSessionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status__in=[TrainingSession.Status.PUBLISHED, TrainingSession.Status.COMPLETED])


class TrainingSession(models.Model):
    """One run of a subject by an organiser, with its days, places and lecturers."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    class AuditAction(models.TextChoices):
        """History entries that are not named after a status."""

        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        ATTENDANCE = "attendance", _("Attendance recorded")
        CERTIFICATES = "certificates", _("Certificates issued")

    subject = models.ForeignKey("curriculum.Subject", verbose_name=_("subject"), on_delete=models.PROTECT, related_name="sessions")
    title = models.CharField(_("title"), max_length=200, help_text=_("e.g. 2026年度 第1回（福岡会場）"))
    organiser = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="training_sessions",
    )
    is_refresher = models.BooleanField(_("refresher course (更新講座)"), default=False)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    is_online = models.BooleanField(_("online"), default=False)
    capacity = models.PositiveSmallIntegerField(_("places"), help_text=_("Usually 80–100; at most 200."))
    applications_open_on = models.DateField(_("applications open on"))
    applications_close_on = models.DateField(_("applications close on"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    lecturers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("lecturers"), blank=True, related_name="sessions_taught")
    notes = LimitedTextField(_("notes for applicants"), blank=True, max_length=4000)

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-applications_close_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1) & Q(capacity__lte=200), name="session_capacity_1_to_200"),
            models.CheckConstraint(
                condition=Q(applications_close_on__gte=models.F("applications_open_on")), name="session_window_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.subject} {self.title}"

    def get_absolute_url(self):
        return reverse("session_detail", args=[self.pk])

    @property
    def ordered_days(self):
        return sorted(self.days.all(), key=lambda day: day.date)

    @property
    def first_day(self):
        """The date of the first day, or None before any day is set (from prefetched days when there)."""
        return min((day.date for day in self.days.all()), default=None)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def total_hours(self):
        return sum((day.hours for day in self.days.all()), Decimal("0"))


class SessionDay(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    hours = models.DecimalField(_("training hours"), max_digits=3, decimal_places=1, help_text=_("Hours of training that day, breaks excluded."))

    class Meta:
        verbose_name = _("session day")
        verbose_name_plural = _("session days")
        ordering = ["session", "date"]
        constraints = [
            models.UniqueConstraint(fields=["session", "date"], name="session_day_unique"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_day_ends_after_start"),
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=10), name="session_day_hours_sensible"),
        ]

    def __str__(self):
        return f"{short_date(self.date)} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class EnrolmentQuerySet(models.QuerySet):
    def holding_place(self):
        return self.filter(status__in=Enrolment.HOLDING_PLACE)


class Enrolment(models.Model):
    """A person's place (or wait) on a session; cancelled rows are kept for the record."""

    class Status(models.TextChoices):
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting the director's approval")
        CONFIRMED = "confirmed", _("Place confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        COMPLETED = "completed", _("Completed")
        NOT_COMPLETED = "not_completed", _("Not completed")
        CANCELLED = "cancelled", _("Cancelled")
        DECLINED = "declined", _("Declined by the director")
        WITHDRAWN = "withdrawn", _("Withdrawn (recorded by the institute)")

    class AuditAction(models.TextChoices):
        APPLIED = "applied", pgettext_lazy("history", "Applied")
        NOMINATED = "nominated", _("Nominated by the director or the institute")
        APPROVED = "approved", _("Approved by the director")
        PROMOTED = "promoted", _("Moved up from the waiting list")

    # A row made a moment ago for an application or nomination, before the step gives it its state.
    NEW = ""
    # A place or a queue slot that is still open: it may be cancelled.
    ACTIVE = (Status.AWAITING_APPROVAL, Status.CONFIRMED, Status.WAITLISTED)
    HOLDING_PLACE = (Status.CONFIRMED, Status.COMPLETED)
    # Those the completion form lists: with a place, or already judged.
    FOR_COMPLETION = (Status.CONFIRMED, Status.COMPLETED, Status.NOT_COMPLETED)
    # Those who took part, a withdrawal included: what they submitted stays readable by them and
    # by those who teach the session.
    TOOK_PART = (*FOR_COMPLETION, Status.WITHDRAWN)

    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name=_("decided by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    queued_at = models.DateTimeField(_("joined the waiting list at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["session", "requested_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="enrolment_one_per_person")]

    def __str__(self):
        return f"{self.person} — {self.session}"

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    @property
    def holds_place(self):
        return self.status in self.HOLDING_PLACE

    @property
    def is_for_completion(self):
        return self.status in self.FOR_COMPLETION

    @property
    def is_completed(self):
        return self.status == self.Status.COMPLETED

    @property
    def is_withdrawn(self):
        return self.status == self.Status.WITHDRAWN

    @property
    def is_waitlisted(self):
        return self.status == self.Status.WAITLISTED

    @property
    def was_declined(self):
        return self.status == self.Status.DECLINED


class Attendance(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    day = models.ForeignKey(SessionDay, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"), default=False)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["enrolment", "day"], name="attendance_unique")]


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

    class AuditAction(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for verification")
        COMPLETED = "completed", _("Recorded on completing the session")

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
    # Days of training, when the training is counted by the day (the hours policy says how many
    # Off-JT hours a day is worth); blank for training counted by its hours.
    days = models.DecimalField(
        _("days"), max_digits=4, decimal_places=1, null=True, blank=True,
        help_text=_("Whole or half days of training; leave blank for a training of a few hours."),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), editable=False, db_index=True)
    session = models.ForeignKey(
        TrainingSession, verbose_name=_("session"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="records",
    )
    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.PROTECT, null=True, blank=True, related_name="record",
    )
    is_refresher = models.BooleanField(_("refresher course"), default=False)
    outside_course = models.ForeignKey(
        "OutsideCourse", verbose_name=_("course in the shared catalogue"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="records",
    )
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
            models.CheckConstraint(condition=Q(days__isnull=True) | (Q(days__gt=0) & Q(days__lte=60)), name="record_days_sensible"),
        ]
        indexes = [models.Index(fields=["person", "fiscal_year"])]

    def __str__(self):
        return f"{self.title} ({short_date(self.completed_on)})"

    def get_absolute_url(self):
        return reverse("record_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        # Off-JT counts in the fiscal year in which the training ended.
        self.fiscal_year = fiscal_year(self.completed_on)
        super().save(*args, **kwargs)


class OutsideCourse(models.Model):
    """A course run outside the institute, in the catalogue centres share (seed 004 part 3, 外部の関連団体による研修).

    Centres add what they hear of; staff pick from it when they record external training; the
    institute marks the courses it recognises as Off-JT.
    """

    class AuditAction(models.TextChoices):
        ADDED = "added", _("Added to the catalogue")
        RECOGNISED = "recognised", _("Recognised by the institute")
        UNRECOGNISED = "unrecognised", _("Recognition withdrawn")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=[c for c in TrainingRecord.Kind.choices if c[0] != TrainingRecord.Kind.CENTRAL])
    provider = models.CharField(_("organiser"), max_length=200)
    domain = models.ForeignKey(
        "curriculum.Domain", verbose_name=_("domain"), on_delete=models.PROTECT, null=True, blank=True, related_name="outside_courses",
        help_text=_("The domain of 図表 2-1 the course serves, e.g. 生活関連 for the prefecture's social welfare administration training."),
    )
    description = LimitedTextField(_("what it covers"), blank=True, max_length=2000)
    url = models.URLField(_("web page"), blank=True)
    days = models.DecimalField(
        _("days"), max_digits=4, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("60"))], help_text=_("Whole or half days."),
    )
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("500"))],
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    recognised = models.BooleanField(_("recognised by the institute"), default=False)
    recognised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recognised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outside course")
        verbose_name_plural = _("outside courses")
        ordering = ["-recognised", "title", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(days__isnull=True) | (Q(days__gt=0) & Q(days__lte=60)), name="outside_course_days_sensible"),
            models.CheckConstraint(condition=Q(hours__isnull=True) | (Q(hours__gt=0) & Q(hours__lte=500)), name="outside_course_hours_sensible"),
        ]

    def __str__(self):
        return f"{self.title}（{self.provider}）"

    def clean(self):
        if self.days is not None and self.days * 2 != int(self.days * 2):
            raise ValidationError({"days": _("Enter whole or half days.")})
