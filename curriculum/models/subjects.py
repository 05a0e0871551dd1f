from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.i18n import BilingualMixin
from lms.organisations.models import CENTRE_JOBS, Job

__all__ = ["Tier", "Domain", "Ability", "GridCell", "Subject", "SubjectRequirement", "SyllabusUnit", "ProgrammeSlot", "RenewalPolicy"]


class Tier(BilingualMixin, models.Model):
    """共通 / 応用 / 指導者: who a level of training is for."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    ojt_goal = models.TextField(_("OJT attainment goal"), blank=True)
    ojt_goal_en = models.TextField(_("OJT attainment goal (English)"), blank=True)

    class Meta:
        verbose_name = _("tier")
        verbose_name_plural = _("tiers")
        ordering = ["order"]

    def __str__(self):
        return self.tr("name")


class Domain(BilingualMixin, models.Model):
    """① core ② life-related ③ social work ④ practice (OJT) ⑤ fieldwork."""

    class Delivery(models.TextChoices):
        LECTURE = "lecture", _("Lecture and exercise")
        PRACTICE = "practice", _("On-the-job training")
        FIELDWORK = "fieldwork", _("Fieldwork placement")

    code = models.SlugField(_("code"), max_length=20, unique=True)
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    delivery = models.CharField(_("delivery"), max_length=20, choices=Delivery.choices)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    # 図表 2-1 also lists, across every tier, training the institute does not run (the prefecture's
    # social welfare administration training in the life-related domain).
    outside_training = models.TextField(_("training outside the institute"), blank=True)
    outside_training_en = models.TextField(_("training outside the institute (English)"), blank=True)

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        ordering = ["order"]

    def __str__(self):
        return self.tr("name")


class Ability(BilingualMixin, models.Model):
    """One of the ten abilities of a companion-support worker; 1–4 are needed by everyone."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    required_for_all = models.BooleanField(_("required of every staff member"), default=False)
    key_for_jobs = models.JSONField(_("jobs that need it most"), default=list, blank=True)

    class Meta:
        verbose_name = _("ability")
        verbose_name_plural = _("abilities")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=10), name="ability_number_1_to_10"),
        ]

    @property
    def key_job_labels(self):
        """The jobs 図表 1-12 says need this ability most, by name ("all" for every centre job)."""
        labels = dict(Job.choices)
        return [str(labels.get(job, job)) for job in self.key_for_jobs if job != "all"]

    def is_key_for(self, jobs) -> bool:
        return "all" in self.key_for_jobs or bool(set(jobs) & set(self.key_for_jobs))

    def __str__(self):
        return f"{self.number}. {self.tr('name')}"


class GridCell(BilingualMixin, models.Model):
    """A cell of the tier × domain grid (図表 2-1): what the tier studies in that domain."""

    tier = models.ForeignKey(Tier, on_delete=models.CASCADE, related_name="cells")
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="cells")
    text = models.TextField(_("text"), blank=True)
    text_en = models.TextField(_("English text"), blank=True)

    class Meta:
        verbose_name = _("grid cell")
        verbose_name_plural = _("grid cells")
        ordering = ["tier__order", "domain__order"]
        constraints = [models.UniqueConstraint(fields=["tier", "domain"], name="gridcell_unique")]

    def __str__(self):
        return f"{self.tier} × {self.domain}"


class Subject(BilingualMixin, models.Model):
    """A subject of the curriculum: the single source of truth for its rules."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    tier = models.ForeignKey(Tier, verbose_name=_("tier"), on_delete=models.PROTECT, related_name="subjects")
    domain = models.ForeignKey(Domain, verbose_name=_("domain"), on_delete=models.PROTECT, related_name="subjects")
    group = models.CharField(_("group"), max_length=30, blank=True, help_text=_("e.g. 個別支援系, 地域支援系"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    required_for_all = models.BooleanField(_("required of every centre staff member"), default=False)
    optional = models.BooleanField(_("optional"), default=False)
    # Jobs the subject is recommended for without being compulsory: the fieldwork, which seed 004
    # says to start with the supervisor tier, not that they must take it.
    recommended_jobs = models.JSONField(_("recommended for"), default=list, blank=True)
    class HoursSource(models.TextChoices):
        SEED = "seed", _("The guideline's figure")
        INSTITUTE = "institute", _("Set by the institute")

    standard_hours = models.DecimalField(_("standard hours"), max_digits=5, decimal_places=1)
    days = models.PositiveSmallIntegerField(_("days"), default=1)
    # Where the hours and days come from: the guideline gives timetables for only some subjects
    # (図表 2-4, 2-6, 2-11, 2-13); the others are the institute's to set, and say so.
    hours_source = models.CharField(_("source of the hours"), max_length=20, choices=HoursSource.choices, default=HoursSource.INSTITUTE)
    hours_source_note = models.CharField(
        _("note on the hours"), max_length=300, blank=True, help_text=_("e.g. the figure of the guideline the hours come from, or why the institute set them."),
    )
    capacity = models.PositiveSmallIntegerField(_("standard capacity"), null=True, blank=True)
    capacity_max = models.PositiveSmallIntegerField(_("maximum capacity"), null=True, blank=True)
    min_experience_years = models.DecimalField(
        _("minimum years of experience"), max_digits=4, decimal_places=1, null=True, blank=True,
    )
    cascade_required = models.BooleanField(
        _("cascade session owed after completion"), default=False,
        help_text=_("The attendee must pass the course on to colleagues in a cascade session (伝達研修)."),
    )
    aim = models.TextField(_("aim"), blank=True)
    aim_en = models.TextField(_("English aim"), blank=True)

    class Meta:
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        ordering = ["tier__order", "domain__order", "order", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(standard_hours__gt=0), name="subject_hours_positive"),
        ]

    def __str__(self):
        return self.tr("name")

    def get_absolute_url(self):
        # Each subject has a Wagtail page under /curriculum/ whose slug is the subject code.
        return f"/curriculum/{self.code}/"

    @property
    def required_jobs(self):
        """The jobs that must take this subject (all centre jobs when required of everyone)."""
        return frozenset(requirement.job for requirement in self.requirements.all())

    @property
    def recommended_job_labels(self):
        labels = dict(Job.choices)
        return [str(labels.get(job, job)) for job in self.recommended_jobs]

    def is_required_for(self, jobs) -> bool:
        jobs = frozenset(jobs)
        if self.required_for_all:
            return bool(jobs & CENTRE_JOBS)
        return bool(jobs & self.required_jobs)


class SubjectRequirement(models.Model):
    """A job whose holders must take the subject."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="requirements")
    job = models.CharField(_("job"), max_length=30, choices=Job.choices)

    class Meta:
        verbose_name = _("required job")
        verbose_name_plural = _("required jobs")
        constraints = [models.UniqueConstraint(fields=["subject", "job"], name="requirement_unique")]

    def __str__(self):
        return f"{self.subject}: {self.get_job_display()}"


class SyllabusUnit(BilingualMixin, models.Model):
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="units")
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    content = models.TextField(_("content"), blank=True)
    content_en = models.TextField(_("English content"), blank=True)
    abilities = models.ManyToManyField(Ability, verbose_name=_("abilities built"), related_name="units", blank=True)

    class Meta:
        verbose_name = _("syllabus unit")
        verbose_name_plural = _("syllabus units")
        ordering = ["subject", "order"]
        constraints = [models.UniqueConstraint(fields=["subject", "order"], name="unit_unique_order")]

    def __str__(self):
        return self.tr("title")


class ProgrammeSlot(BilingualMixin, models.Model):
    """A time slot of a subject's standard programme (図表 2-4, 2-6, 2-11, 2-13)."""

    class Method(models.TextChoices):
        ORIENTATION = "orientation", _("Orientation")
        LECTURE = "lecture", _("Lecture")
        BUZZ_SESSION = "buzz_session", _("Buzz session")
        EXERCISE = "exercise", _("Exercise")
        GROUP_WORK = "group_work", _("Group work")
        DISCUSSION = "discussion", _("Discussion")
        PRACTICUM = "practicum", _("Practicum")

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="programme")
    day = models.PositiveSmallIntegerField(_("day"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    topic = models.CharField(_("topic"), max_length=200)
    topic_en = models.CharField(_("English topic"), max_length=200, blank=True)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)

    class Meta:
        verbose_name = _("programme slot")
        verbose_name_plural = _("programme slots")
        ordering = ["subject", "day", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "day", "starts_at"], name="slot_unique_start"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.subject} day {self.day} {self.starts_at:%H:%M}"


class RenewalPolicy(models.Model):
    """How long a completion of a subject stays valid; versioned by effective date.

    The policy in force on the completion date decides that completion's deadline, so a change
    of rule applies to completions from its effective date on and never rewrites the past.
    """

    class AuditAction(models.TextChoices):
        CREATED = "created", _("Version added")
        EDITED = "edited", _("Version corrected before it started")

    class Basis(models.TextChoices):
        FISCAL_YEAR = "fiscal_year", _("By the end of the Nth fiscal year after the fiscal year of completion")
        ANNIVERSARY = "anniversary", _("N years to the day after completion")

    class AfterLapse(models.TextChoices):
        REFRESHER = "refresher", _("The refresher course may still be taken")
        FULL_COURSE = "full_course", _("The full course must be taken again")

    subject = models.ForeignKey(Subject, verbose_name=_("subject"), on_delete=models.CASCADE, related_name="renewal_policies")
    effective_from = models.DateField(_("effective from"))
    period_years = models.PositiveSmallIntegerField(_("period (years)"), default=5, validators=[MinValueValidator(1), MaxValueValidator(20)])
    basis = models.CharField(_("basis"), max_length=20, choices=Basis.choices, default=Basis.FISCAL_YEAR)
    window_months = models.PositiveSmallIntegerField(
        _("renewal window (months before the deadline)"), default=12, validators=[MaxValueValidator(60)],
        help_text=_("The refresher may be taken from this many months before the deadline."),
    )
    after_lapse = models.CharField(_("after a lapse"), max_length=20, choices=AfterLapse.choices, default=AfterLapse.FULL_COURSE)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("renewal policy")
        verbose_name_plural = _("renewal policies")
        ordering = ["subject", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "effective_from"], name="renewal_policy_unique_start"),
            models.CheckConstraint(
                condition=Q(period_years__gte=1), name="renewal_period_positive",
                violation_error_message=_("The period is at least one year."),
            ),
        ]

    def __str__(self):
        return f"{self.subject} ({self.effective_from:%Y-%m-%d}~)"
