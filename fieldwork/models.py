"""Fieldwork placements (体験・交流型研修): hosts, their offers, nominations and the three blocks.

The institute invites hosts; a host proposes an offer and the institute publishes it to every
centre; a director nominates staff; the host accepts (a placement) or declines. A placement is
three blocks of about ten working days with gaps between, each with a goal set before it starts,
a daily log and a review with the host's supervisor, then a final report and completion.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lms.fields import LimitedTextField

BLOCKS_PER_PLACEMENT = 3


def new_invitation_token():
    return secrets.token_urlsafe(24)


class EligibilityPolicy(models.Model):
    """Who centres may nominate; a new row changes the rule from its date on (the report: supervisors first)."""

    class AuditAction(models.TextChoices):
        CREATED = "created", _("Version added")
        EDITED = "edited", _("Version corrected before it started")

    class OpenTo(models.TextChoices):
        SUPERVISOR = "supervisor", _("Supervisor tier: centre directors and chief supporters")
        APPLIED = "applied", _("Applied tier too: supporters")
        COMMON = "common", _("Every centre staff member")

    effective_from = models.DateField(_("effective from"), unique=True)
    open_to = models.CharField(_("open to"), max_length=20, choices=OpenTo.choices, default=OpenTo.SUPERVISOR)
    min_experience_years = models.DecimalField(
        _("minimum years in a centre"), max_digits=3, decimal_places=1, default=Decimal("0"),
        help_text=_("0 for no minimum."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("set by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("fieldwork eligibility policy")
        verbose_name_plural = _("fieldwork eligibility policies")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_experience_years__gte=0) & Q(min_experience_years__lte=40), name="eligibility_years_sensible",
                violation_error_message=_("Years of experience are between 0 and 40."),
            ),
        ]

    def __str__(self):
        return f"{self.get_open_to_display()} ({self.effective_from:%Y-%m-%d}~)"


class HostInvitation(models.Model):
    """The institute asks an organisation to host placements; its contact person accepts or declines."""

    class Status(models.TextChoices):
        SENT = "sent", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    class AuditAction(models.TextChoices):
        SENT = "sent", _("Invitation sent")

    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="host_invitations",
    )
    email = models.EmailField(_("contact email"))
    contact_name = models.CharField(_("contact name"), max_length=100)
    message = LimitedTextField(_("message"), blank=True, max_length=2000)
    token = models.CharField(max_length=40, unique=True, default=new_invitation_token, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SENT)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("host invitation")
        verbose_name_plural = _("host invitations")
        ordering = ["-invited_at", "-pk"]

    def __str__(self):
        return f"{self.organisation} ({self.email})"

    @property
    def is_accepted(self):
        return self.status == self.Status.ACCEPTED

    def get_absolute_url(self):
        return reverse("fieldwork_invitation", args=[self.token])


class OfferQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Offer.Status.PUBLISHED)

    def with_places_taken(self):
        # A subquery per offer, not a join and GROUP BY over every placement ever made: a page of
        # 50 offers counts the places of those 50 only.
        taken = (
            Placement.objects.filter(offer=models.OuterRef("pk"), status__in=Placement.HOLDING_PLACE)
            .order_by().values("offer").annotate(n=models.Count("pk")).values("n")
        )
        return self.annotate(places_taken=Coalesce(models.Subquery(taken, output_field=models.IntegerField()), 0))


class Offer(models.Model):
    """A host's offer of placements: places, the period they fit in, themes and the supervision given."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PROPOSED = "proposed", _("Sent to the institute")
        PUBLISHED = "published", _("Published to all centres")
        CLOSED = "closed", pgettext_lazy("offer status", "Closed to nominations")

    class AuditAction(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        RETURNED = "returned", _("Returned to the host for changes")

    host = models.ForeignKey("organisations.Organisation", verbose_name=_("host"), on_delete=models.PROTECT, related_name="fieldwork_offers")
    title = models.CharField(_("title"), max_length=200)
    themes = LimitedTextField(_("themes"), help_text=_("What a placement here lets staff learn, e.g. household budget support."), max_length=2000)
    description = LimitedTextField(_("about the host and its work"), blank=True, max_length=4000)
    supervision = LimitedTextField(
        _("what the host's supervisor provides"),
        help_text=_("e.g. a review meeting at the end of each block, weekly supervision, contact between blocks."),
        max_length=2000,
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("host supervisor"), on_delete=models.PROTECT, related_name="fieldwork_offers_supervised",
    )
    places = models.PositiveSmallIntegerField(_("places"), help_text=_("How many staff the host can take in this period (1–10)."))
    available_from = models.DateField(_("placements possible from"))
    available_until = models.DateField(_("placements possible until"))
    applications_close_on = models.DateField(_("nominations close on"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    lodging = LimitedTextField(_("lodging and travel"), blank=True, help_text=_("Help with lodging, nearest station, anything the sending centre should budget for."), max_length=2000)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    institute_comment = LimitedTextField(_("comment from the institute"), blank=True, max_length=2000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    announced_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("fieldwork offer")
        verbose_name_plural = _("fieldwork offers")
        ordering = ["-available_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(places__gte=1) & Q(places__lte=10), name="offer_places_1_to_10",
                violation_error_message=_("An offer has between 1 and 10 places."),
            ),
            models.CheckConstraint(
                condition=Q(available_until__gte=models.F("available_from")), name="offer_period_ordered",
                violation_error_message=_("The period ends before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(applications_close_on__lte=models.F("available_until")), name="offer_nominations_close_in_period",
                violation_error_message=_("Nominations must close before the end of the period."),
            ),
        ]
        indexes = [models.Index(fields=["status", "applications_close_on"])]

    def __str__(self):
        return f"{self.host} — {self.title}"

    def get_absolute_url(self):
        return reverse("fieldwork_offer", args=[self.pk])


class PlacementQuerySet(models.QuerySet):
    def holding_place(self):
        return self.filter(status__in=Placement.HOLDING_PLACE)


class Placement(models.Model):
    """One person sent to one offer: a nomination until the host accepts it, then the placement itself."""

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Nominated: waiting for the host")
        DECLINED = "declined", _("Declined by the host")
        WITHDRAWN = "withdrawn", _("Withdrawn by the centre")
        ACCEPTED = "accepted", _("Accepted")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    class AuditAction(models.TextChoices):
        """The steps in a placement's history (lms.audit); the emails are sent from these."""

        NOMINATED = "nominated", _("Nominated")
        ACCEPTED = "accepted", _("Accepted by the host")
        DECLINED = "declined", _("Declined by the host")
        WITHDRAWN = "withdrawn", _("Withdrawn by the centre")
        SCHEDULED = "scheduled", _("Blocks scheduled")
        GOAL_SET = "goal_set", _("Goal set")
        SELF_REVIEWED = "self_reviewed", _("Block reviewed by the trainee")
        REVIEW_CONFIRMED = "review_confirmed", _("Block review confirmed by the host")
        REPORTED = "reported", _("Final report submitted")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")
        LOGGED = "logged", _("Daily log written")
        COSTS = "costs", _("Costs recorded")

    HOLDING_PLACE = (Status.ACCEPTED, Status.COMPLETED)
    ACTIVE = (Status.NOMINATED, Status.ACCEPTED, Status.COMPLETED)

    offer = models.ForeignKey(Offer, verbose_name=_("offer"), on_delete=models.PROTECT, related_name="placements")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="fieldwork_placements")
    centre = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("sending centre"), on_delete=models.PROTECT, related_name="fieldwork_sent",
        help_text=_("The centre that sends the person and bears the costs."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOMINATED)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("nominated by"), on_delete=models.PROTECT, related_name="+")
    nominated_at = models.DateTimeField(_("nominated at"), auto_now_add=True)
    nomination_reason = LimitedTextField(_("why this person, and what they should bring back"), max_length=2000)
    preferred_period = models.CharField(_("preferred period"), max_length=200, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.CharField(_("reason"), max_length=300, blank=True)
    report = LimitedTextField(_("final report"), blank=True, max_length=20000)
    report_submitted_at = models.DateTimeField(_("report submitted at"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), null=True, blank=True, editable=False, db_index=True)
    days = models.PositiveSmallIntegerField(_("fieldwork days"), null=True, blank=True, editable=False)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    travel_cost = models.PositiveIntegerField(_("travel (yen)"), null=True, blank=True)
    lodging_cost = models.PositiveIntegerField(_("lodging (yen)"), null=True, blank=True)
    subsidy_applies = models.BooleanField(_("a subsidy applies"), default=False)
    subsidy_amount = models.PositiveIntegerField(_("subsidy (yen)"), null=True, blank=True)
    costs_note = models.CharField(_("note on costs"), max_length=300, blank=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("fieldwork placement")
        verbose_name_plural = _("fieldwork placements")
        ordering = ["-nominated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "person"], condition=Q(status__in=["nominated", "accepted", "completed"]),
                name="placement_one_active_per_offer_and_person",
                violation_error_message=_("Already nominated for or placed on this offer."),
            ),
            models.CheckConstraint(
                condition=Q(subsidy_amount__isnull=True) | Q(subsidy_applies=True), name="placement_subsidy_amount_needs_subsidy",
                violation_error_message=_("Tick 'a subsidy applies' to record a subsidy amount."),
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | (Q(completed_on__isnull=False) & Q(days__isnull=False)),
                name="placement_completed_has_date_and_days",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "fiscal_year"]), models.Index(fields=["centre", "status"]),
            # The placement list filters by status and shows the latest first: this index serves both,
            # so a page of 50 does not sort every placement ever made.
            models.Index(fields=["status", "-completed_on", "-nominated_at"], name="placement_list_order"),
        ]

    def __str__(self):
        return f"{self.person} — {self.offer.host}"

    @property
    def is_nominated(self):
        return self.status == self.Status.NOMINATED

    @property
    def is_completed(self):
        return self.status == self.Status.COMPLETED

    def get_absolute_url(self):
        return reverse("fieldwork_placement", args=[self.pk])

    @property
    def total_cost(self):
        return (self.travel_cost or 0) + (self.lodging_cost or 0)

    @property
    def cost_to_centre(self):
        """What the sending centre bears once the subsidy is taken off."""
        return max(self.total_cost - (self.subsidy_amount or 0), 0)


class Block(models.Model):
    """One of the three blocks of about ten working days, with its goal and its review."""

    class Attainment(models.TextChoices):
        ACHIEVED = "achieved", _("Achieved")
        PARTLY = "partly", _("Partly achieved")
        NOT_YET = "not_yet", _("Not yet achieved")

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="blocks")
    number = models.PositiveSmallIntegerField(_("block"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    goal = LimitedTextField(_("goal for this block"), blank=True, max_length=2000)
    goal_set_at = models.DateTimeField(_("goal set at"), null=True, blank=True)
    attainment = models.CharField(_("how far the goal was reached"), max_length=20, choices=Attainment.choices, blank=True)
    self_review = LimitedTextField(_("my review of the block"), blank=True, max_length=4000)
    supervisor_comment = LimitedTextField(_("host supervisor's comment"), blank=True, max_length=4000)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        ordering = ["placement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "number"], name="block_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1) & Q(number__lte=BLOCKS_PER_PLACEMENT), name="block_number_1_to_3"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="block_ends_after_start",
                violation_error_message=_("A block ends before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.placement} #{self.number}"

    @property
    def is_reviewed(self):
        return self.reviewed_at is not None


class DailyLog(models.Model):
    """A few lines a day on what the person did and noticed at the host."""

    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="logs")
    date = models.DateField(_("date"))
    activities = LimitedTextField(
        _("what I did"), help_text=_("Describe the work without names or details that identify the people supported."),
        max_length=4000,
    )
    learning = LimitedTextField(_("what I noticed or learned"), blank=True, max_length=4000)
    written_at = models.DateTimeField(_("written at"), auto_now=True)

    class Meta:
        verbose_name = _("daily log")
        verbose_name_plural = _("daily logs")
        ordering = ["block", "date"]
        constraints = [models.UniqueConstraint(fields=["block", "date"], name="daily_log_one_per_day")]

    def __str__(self):
        return f"{self.block} {self.date:%Y-%m-%d}"
