from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lms import clock


class Prefecture(models.Model):
    """One of the 47 prefectures, keyed by its JIS X 0401 code."""

    code = models.PositiveSmallIntegerField(_("code"), primary_key=True)
    name = models.CharField(_("name"), max_length=10, unique=True)
    name_en = models.CharField(_("English name"), max_length=20)

    class Meta:
        verbose_name = _("prefecture")
        verbose_name_plural = _("prefectures")
        ordering = ["code"]

    def __str__(self):
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def open(self, on=None):
        """Organisations not closed on `on` (today by default)."""
        on = on or clock.today()
        return self.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on))

    def centres(self):
        return self.filter(kind=Organisation.Kind.CENTRE)


class Organisation(models.Model):
    class AuditAction(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        CLOSED = "closed", _("Closed")
        REOPENED = "reopened", _("Reopened")

    class Kind(models.TextChoices):
        INSTITUTE = "institute", _("National training institute")
        CENTRE = "centre", _("Consultation support centre")
        PREFECTURE = "prefecture", _("Prefectural or municipal government")
        RELATED_BODY = "related_body", _("Related body")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    prefecture = models.ForeignKey(
        Prefecture, verbose_name=_("prefecture"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="organisations",
    )
    is_fieldwork_host = models.BooleanField(
        _("fieldwork host"), default=False,
        help_text=_("Hosts fieldwork placements (advanced centres and other agencies)."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # A closed centre keeps its people's history; it only leaves the lists of open ones.
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["kind", "prefecture_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="organisation_unique_name_per_kind"),
            models.CheckConstraint(
                condition=~Q(kind="centre") | Q(prefecture__isnull=False),
                name="organisation_centre_has_prefecture",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisation_detail", args=[self.pk])

    def is_closed(self, on=None):
        return self.closed_on is not None and self.closed_on <= (on or clock.today())


class Job(models.TextChoices):
    """Jobs held in an organisation. Training duties follow the job, never rank."""

    DIRECTOR = "director", _("Centre director")
    SUPERVISOR = "supervisor", _("Chief supporter (supervisor)")
    SUPPORTER_INDIVIDUAL = "supporter_individual", _("Supporter (individual support)")
    SUPPORTER_COMMUNITY = "supporter_community", _("Supporter (community work)")
    CLERICAL = "clerical", _("Clerical staff")
    OJT_COORDINATOR = "ojt_coordinator", _("OJT coordinator")
    INSTITUTE_STAFF = "institute_staff", _("Institute staff")
    INSTITUTE_EDITOR = "institute_editor", _("Textbook and programme committee")
    LECTURER = "lecturer", _("Lecturer")
    HOST_SUPERVISOR = "host_supervisor", _("Fieldwork host supervisor")
    LIAISON = "liaison", _("Training liaison")
    PREFECTURE_OFFICER = "prefecture_officer", _("Prefectural training officer")


CENTRE_JOBS = frozenset({
    Job.DIRECTOR, Job.SUPERVISOR, Job.SUPPORTER_INDIVIDUAL, Job.SUPPORTER_COMMUNITY,
    Job.CLERICAL, Job.OJT_COORDINATOR,
})
#: Jobs that may read and approve the records of everyone in their centre.
CENTRE_MANAGER_JOBS = frozenset({Job.DIRECTOR, Job.SUPERVISOR})


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or clock.today()
        return self.filter(started_on__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))

    def in_centres(self):
        return self.filter(organisation__kind=Organisation.Kind.CENTRE)

    def staff_posts(self, centres=None, on=None):
        """The centre staff's jobs held on `on` (today): the one definition of "staff of a centre",
        at `centres` (ids or a queryset of centres) when given."""
        posts = self.current(on).filter(job__in=CENTRE_JOBS)
        return posts if centres is None else posts.filter(organisation__in=centres)


class Membership(models.Model):
    """A person holding one job in one organisation from a start date (and maybe to an end date)."""

    class AuditAction(models.TextChoices):
        STARTED = "started", _("Job started")
        EDITED = "edited", _("Job changed")
        ENDED = "ended", _("Job ended")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="memberships",
    )
    job = models.CharField(_("job"), max_length=30, choices=Job.choices)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user_id", "started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "job", "started_on"], name="membership_unique_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "job"])]

    def __str__(self):
        return f"{self.user} — {self.get_job_display()} ({self.organisation})"

    def is_current(self, on=None):
        on = on or clock.today()
        return self.started_on <= on and (self.ended_on is None or self.ended_on >= on)

