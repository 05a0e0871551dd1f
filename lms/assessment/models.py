"""What a session asks of its participants beyond attendance: completion rules per subject (versioned),
understanding test attempts, course reports, and the anonymous course evaluation."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lms.fields import LimitedTextField

__all__ = ["CompletionRule", "Report", "ReportSubmission", "ReportReminder", "TestAttempt", "EvaluationResponse", "EvaluationReceipt"]

REPORT_MAX_CHARACTERS = 20000


class CompletionRule(models.Model):
    """What completing a subject's session takes beyond attending; versioned by effective date.

    The version in force on a session's last day decides that session, so a new rule never
    changes a session already held. A subject with no rule keeps the plain rule: at least one
    day attended, the institute ticks who completed.
    """

    class AuditAction(models.TextChoices):
        CREATED = "created", _("Version added")
        EDITED = "edited", _("Version corrected before it started")

    subject = models.ForeignKey("curriculum.Subject", verbose_name=_("subject"), on_delete=models.CASCADE, related_name="completion_rules")
    effective_from = models.DateField(_("effective from"))
    every_day_attended = models.BooleanField(_("every day attended"), default=True)
    tests_required = models.BooleanField(
        _("each day's understanding test passed"), default=False,
        help_text=_("The published understanding tests of the subject's days (習得度テスト) must each be passed."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=60, validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed per test"), default=2, validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    report_required = models.BooleanField(_("a report is required"), default=False)
    report_question = LimitedTextField(
        _("report question"), blank=True, max_length=2000,
        help_text=_("e.g. ３日目の研修で学んだ方法・技術を、あなたは明日からの実践に具体的にどのように活かしていきたいですか。"),
    )
    report_length = models.PositiveIntegerField(
        _("length asked for (characters)"), null=True, blank=True, validators=[MinValueValidator(100), MaxValueValidator(REPORT_MAX_CHARACTERS)],
        help_text=_("About how many characters the report should have, e.g. 2000; blank for no guide."),
    )
    report_due_days = models.PositiveSmallIntegerField(
        _("report due (days after the last day)"), default=30, validators=[MinValueValidator(1), MaxValueValidator(180)],
    )
    late_report_counts = models.BooleanField(
        _("a late report still counts"), default=False,
        help_text=_("When off, a report first submitted after its deadline does not complete the course, even if accepted."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("completion rule")
        verbose_name_plural = _("completion rules")
        ordering = ["subject", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "effective_from"], name="completion_rule_unique_start"),
            models.CheckConstraint(condition=Q(report_due_days__gte=1), name="completion_rule_due_positive"),
        ]

    def __str__(self):
        return f"{self.subject} ({self.effective_from:%Y-%m-%d}~)"


class Report(models.Model):
    """A participant's course report for one session: its state now; every submission is kept."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted, awaiting the lecturer")
        RETURNED = "returned", _("Returned for revision")
        ACCEPTED = "accepted", pgettext_lazy("report", "Accepted")

    enrolment = models.OneToOneField("training.Enrolment", verbose_name=_("place"), on_delete=models.PROTECT, related_name="report")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    due_on = models.DateField(_("due on"))
    # Whether the first submission came after the deadline: a resubmission after a return is not late.
    first_submitted_late = models.BooleanField(_("first submitted after the deadline"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("course report")
        verbose_name_plural = _("course reports")
        ordering = ["enrolment__session", "pk"]

    def __str__(self):
        return f"{self.enrolment.person} — {self.enrolment.session}"

    def get_absolute_url(self):
        return reverse("report_detail", args=[self.enrolment.session_id, self.pk])

    @property
    def tone(self):
        """How its state is shown: settled, waiting on the participant, or neither."""
        return {self.Status.ACCEPTED: "ok", self.Status.RETURNED: "warn"}.get(self.status, "")

    @property
    def is_returned(self):
        return self.status == self.Status.RETURNED


class ReportSubmission(models.Model):
    """One submission of a report, with the lecturer's answer to it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveSmallIntegerField(_("submission"))
    text = LimitedTextField(_("report"), blank=True, max_length=REPORT_MAX_CHARACTERS)
    file = models.FileField(_("file"), upload_to="reports/%Y/", blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    feedback = LimitedTextField(_("lecturer's comments"), blank=True, max_length=4000)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Report.Status.choices, default=Report.Status.SUBMITTED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report submission")
        verbose_name_plural = _("report submissions")
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_submission_unique_number")]

    def __str__(self):
        return f"{self.report} #{self.number}"

    @property
    def tone(self):
        return {Report.Status.ACCEPTED: "ok", Report.Status.RETURNED: "warn"}.get(self.outcome, "")

    @property
    def character_count(self):
        return len(self.text)


class ReportReminder(models.Model):
    """One reminder per place and lead time, so the daily task can run twice without sending twice."""

    enrolment = models.ForeignKey("training.Enrolment", on_delete=models.CASCADE, related_name="report_reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrolment", "days_before"], name="report_reminder_once_per_lead_time")]


class TestAttempt(models.Model):
    """One sitting of an understanding test by a participant: the answers as submitted (never
    changed after), the points per question, and the result against the pass mark of the rule."""

    __test__ = False  # not a test case, whatever pytest makes of the name

    class Status(models.TextChoices):
        AWAITING_MARKING = "awaiting_marking", _("Awaiting the lecturer's marking")
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Not passed")

    class AuditAction(models.TextChoices):
        MARKED = "marked", _("Marked")

    enrolment = models.ForeignKey("training.Enrolment", verbose_name=_("place"), on_delete=models.PROTECT, related_name="test_attempts")
    test = models.ForeignKey("curriculum.UnderstandingTestPage", verbose_name=_("test"), on_delete=models.PROTECT, related_name="attempts")
    # The published version the participant answered: later edits never change how it is marked.
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField(_("attempt"))
    submitted_at = models.DateTimeField(_("submitted at"))
    answers = models.JSONField(_("answers"), default=dict)
    points = models.JSONField(_("points per question"), default=dict)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    max_score = models.PositiveSmallIntegerField(_("out of"))
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("marked by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    marked_at = models.DateTimeField(_("marked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("test attempt")
        verbose_name_plural = _("test attempts")
        ordering = ["enrolment", "test", "number"]
        constraints = [models.UniqueConstraint(fields=["enrolment", "test", "number"], name="test_attempt_unique_number")]

    def __str__(self):
        return f"{self.enrolment.person} — {self.test} #{self.number}"

    def get_absolute_url(self):
        return reverse("test_attempt", args=[self.enrolment.session_id, self.pk])

    @property
    def is_passed(self):
        return self.status == self.Status.PASSED


RATING_CHOICES = [(5, _("5 — very good")), (4, _("4 — good")), (3, _("3 — fair")), (2, _("2 — poor")), (1, _("1 — very poor"))]
EVALUATION_MINIMUM = 5  # fewer answers than this are never shown: a lecturer could tell who wrote them
# An evaluation is of a session just held; answers weeks later also shift the totals after they have been read.
EVALUATION_OPEN_DAYS = 30


class EvaluationAnswers(models.Model):
    """One anonymous answer to a course evaluation (受講者アンケート): four standard ratings, the
    questions of the course's own (`answers`) and a comment.

    It carries no person, no place and no time of day (a random id and the date only), so that
    nobody, the institute included, can tell who wrote it; a separate receipt records who answered.
    Subject sessions (EvaluationResponse) and centres' OJT sessions (ojt.OjtEvaluation) share it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    answered_on = models.DateField(_("answered on"))
    content = models.PositiveSmallIntegerField(_("content"), choices=RATING_CHOICES)
    method = models.PositiveSmallIntegerField(_("teaching method"), choices=RATING_CHOICES)
    lecturer = models.PositiveSmallIntegerField(_("lecturers"), choices=RATING_CHOICES)
    usefulness = models.PositiveSmallIntegerField(_("usefulness for your practice"), choices=RATING_CHOICES)
    # [{"id": block id, "kind": "rating" | "text", "question": as asked, "value": 1–5 or text}]
    answers = models.JSONField(_("answers to the course's own questions"), default=list, blank=True)
    comment = LimitedTextField(_("comments"), blank=True, max_length=2000)
    # Answers are shown in groups of at least EVALUATION_MINIMUM (services.release_in_groups): a
    # summary read before and after one more answer must not differ by that one answer.
    released = models.BooleanField(_("shown in summaries"), default=False, editable=False)

    RATINGS = ("content", "method", "lecturer", "usefulness")
    RATINGS_IN_RANGE = Q(content__range=(1, 5), method__range=(1, 5), lecturer__range=(1, 5), usefulness__range=(1, 5))

    class Meta:
        abstract = True


class EvaluationResponse(EvaluationAnswers):
    """An anonymous answer to a training session's evaluation."""

    session = models.ForeignKey("training.TrainingSession", verbose_name=_("session"), on_delete=models.PROTECT, related_name="evaluations")

    class Meta:
        verbose_name = _("course evaluation")
        verbose_name_plural = _("course evaluations")
        ordering = ["session", "answered_on"]
        constraints = [models.CheckConstraint(condition=EvaluationAnswers.RATINGS_IN_RANGE, name="evaluation_ratings_1_to_5")]


class EvaluationReceipt(models.Model):
    """That a participant has answered the session's evaluation (once), never which answer is theirs."""

    # No date or time: matched with the answers' dates it could tell whose answer is whose.
    enrolment = models.OneToOneField("training.Enrolment", on_delete=models.PROTECT, related_name="evaluation_receipt")
