"""Yearly training plans (研修計画), their workflow and ability ratings."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lms.fields import LimitedTextField
from lms.fiscal import fiscal_year_label

__all__ = ["TrainingPlan", "PlanRow", "AbilityRating"]


class TrainingPlan(models.Model):
    """One person's plan for one fiscal year, made with their superior (図表 2-2)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for approval")
        RETURNED = "returned", _("Returned with comments")
        APPROVED = "approved", _("Approved")
        IN_PROGRESS = "in_progress", _("In progress")
        SELF_EVALUATED = "self_evaluated", _("Self-evaluated")
        CLOSED = "closed", _("Closed")

    class AuditAction(models.TextChoices):
        """History entries that are not a change of step (the others are named after their step)."""

        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="plans")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    centre = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("centre"), on_delete=models.PROTECT, related_name="plans",
        help_text=_("The centre whose director or supervisor approves the plan."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    self_image = LimitedTextField(_("the supporter I aim to be in three years"), blank=True, max_length=2000)
    strengths = LimitedTextField(_("my strengths to grow"), blank=True, max_length=2000)
    training_issues = LimitedTextField(_("my training issues"), blank=True, max_length=2000)
    goals = LimitedTextField(_("this year's goals"), blank=True, max_length=2000)
    self_evaluation = LimitedTextField(_("year-end self-evaluation"), blank=True, max_length=4000)
    next_year_focus = LimitedTextField(_("what to carry into next year"), blank=True, max_length=2000)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        ordering = ["-fiscal_year", "person_id"]
        constraints = [models.UniqueConstraint(fields=["person", "fiscal_year"], name="plan_one_per_person_and_year")]
        indexes = [models.Index(fields=["centre", "fiscal_year", "status"])]

    def __str__(self):
        return f"{self.person} {fiscal_year_label(self.fiscal_year)}"

    def get_absolute_url(self):
        return reverse("plan_detail", args=[self.pk])

    @property
    def is_editable(self):
        return self.status in self.EDITABLE

    @property
    def is_returned(self):
        return self.status == self.Status.RETURNED


class PlanRow(models.Model):
    """One entry of the plan (図表 2-2): in a domain's OJT or Off-JT line, what to gain, the goal, the
    method, the course and period, and who runs it. A line holds as many entries as the year needs."""

    class Line(models.TextChoices):
        OJT = "ojt", _("OJT")
        OFF_JT = "off_jt", _("Off-JT")

    plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="rows")
    domain = models.ForeignKey("curriculum.Domain", verbose_name=_("domain"), on_delete=models.PROTECT)
    line = models.CharField(_("OJT or Off-JT"), max_length=10, choices=Line.choices, default=Line.OFF_JT)
    knowledge = LimitedTextField(_("knowledge or skill to gain"), blank=True, max_length=1000)
    goal = LimitedTextField(_("concrete goal"), blank=True, max_length=1000)
    method = models.CharField(_("method"), max_length=100, blank=True, help_text=_("e.g. lecture and exercises, group supervision, a case conference"))
    subject = models.ForeignKey(
        "curriculum.Subject", verbose_name=_("course"), on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )
    course_text = models.CharField(_("course (free text)"), max_length=200, blank=True)
    period = models.CharField(_("period"), max_length=100, blank=True)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("plan entry")
        verbose_name_plural = _("plan entries")
        ordering = ["plan", "domain__order", "-line", "pk"]
        indexes = [models.Index(fields=["plan", "domain", "line"])]

    def __str__(self):
        return f"{self.plan} / {self.domain} / {self.get_line_display()}"


class AbilityRating(models.Model):
    """A rating of one of the ten abilities, by the person or their supervisor, at the start or end of the year."""

    class Rater(models.TextChoices):
        SELF = "self", _("Self")
        SUPERVISOR = "supervisor", _("Supervisor")

    class Moment(models.TextChoices):
        START = "start", _("Start of year")
        END = "end", _("End of year")

    class Level(models.IntegerChoices):
        LEARNING = 1, _("1 — learning: does it with guidance")
        DEVELOPING = 2, _("2 — developing: does it in routine cases")
        CAPABLE = 3, _("3 — capable: does it independently, including hard cases")
        LEADING = 4, _("4 — leading: teaches and supports others in it")

    plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="ratings")
    ability = models.ForeignKey("curriculum.Ability", on_delete=models.PROTECT, related_name="+")
    rater = models.CharField(max_length=20, choices=Rater.choices)
    moment = models.CharField(max_length=10, choices=Moment.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ability rating")
        verbose_name_plural = _("ability ratings")
        constraints = [
            models.UniqueConstraint(fields=["plan", "ability", "rater", "moment"], name="rating_unique"),
            models.CheckConstraint(condition=Q(level__gte=1) & Q(level__lte=4), name="rating_level_1_to_4"),
        ]
