"""Summary tables behind the oversight reports, refreshed by a Celery task (services.refresh).

Counting the country's 13,000 ledgers on every page view would take seconds; instead each
refresh writes one row per person and centre (what the people lists show) and one row of
figures per area (what the report pages show), all stamped with the day they describe.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Standing(models.TextChoices):
    """Where a person stands against a yearly minimum on the report's day."""

    MET = "met", _("Met")
    ON_PACE = "on_pace", _("On pace")
    BEHIND = "behind", _("Behind")


class StaffYear(models.Model):
    """One person in post at one centre, as they stood in one fiscal year (same numbers as their ledger)."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+")
    centre = models.ForeignKey("organisations.Organisation", verbose_name=_("centre"), on_delete=models.CASCADE, related_name="+")
    prefecture = models.ForeignKey("organisations.Prefecture", verbose_name=_("prefecture"), on_delete=models.PROTECT, related_name="+")
    # A person working at two centres has a row at each; lists of a prefecture or the country show
    # one of them, the first by centre id (flags rather than a GROUP BY, so the lists page in SQL).
    first_in_country = models.BooleanField(default=True)
    first_in_prefecture = models.BooleanField(default=True)
    # The person's name as lists sort it, kept here so a national list sorts one table, not a join.
    sort_name = models.CharField(max_length=300, blank=True)
    jobs = models.CharField(_("jobs"), max_length=200)
    joined_on = models.DateField(_("joined on"), null=True)
    ojt_hours = models.DecimalField(_("OJT hours"), max_digits=6, decimal_places=1)
    ojt_minimum = models.DecimalField(_("OJT minimum"), max_digits=5, decimal_places=1)
    ojt_standing = models.CharField(_("OJT"), max_length=10, choices=Standing.choices)
    offjt_hours = models.DecimalField(_("Off-JT hours"), max_digits=6, decimal_places=1)
    offjt_minimum = models.DecimalField(_("Off-JT minimum"), max_digits=5, decimal_places=1)
    offjt_standing = models.CharField(_("Off-JT"), max_length=10, choices=Standing.choices)
    missing_common = models.PositiveSmallIntegerField(_("compulsory common-tier subjects never completed"), default=0)
    renewals_due = models.PositiveSmallIntegerField(_("renewals due this year"), default=0)
    renewals_overdue = models.PositiveSmallIntegerField(_("renewals overdue"), default=0)
    renewals_lapsed = models.PositiveSmallIntegerField(_("lapsed"), default=0)
    supervisor_overdue = models.BooleanField(_("supervisor past five years without the supervisor tier"), default=False)
    plan_status = models.CharField(_("plan"), max_length=20, blank=True)
    fieldwork_completed = models.PositiveSmallIntegerField(_("fieldwork placements completed"), default=0)
    # Hours per month of the fiscal year (April first): {"ojt": [...12], "offjt": [...12], "pace": [...12]}.
    monthly = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("staff figures for a year")
        verbose_name_plural = _("staff figures for a year")
        constraints = [models.UniqueConstraint(fields=["fiscal_year", "person", "centre"], name="staff_year_unique")]
        indexes = [
            models.Index(fields=["fiscal_year", "prefecture", "first_in_prefecture"]),
            models.Index(fields=["fiscal_year", "first_in_country"]),
            models.Index(fields=["fiscal_year", "centre"]),
        ]


class AreaFigures(models.Model):
    """The figures of one area (the country, a prefecture or a centre) for one fiscal year."""

    class Level(models.TextChoices):
        COUNTRY = "country", _("Country")
        PREFECTURE = "prefecture", _("Prefecture")
        CENTRE = "centre", _("Centre")

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    # "country", "P13" or "C42": one key per area, so a row is found (and kept unique) on one column.
    area = models.CharField(max_length=20)
    level = models.CharField(max_length=10, choices=Level.choices)
    prefecture = models.ForeignKey("organisations.Prefecture", on_delete=models.PROTECT, null=True, related_name="+")
    centre = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, null=True, related_name="+")
    staff = models.PositiveIntegerField(default=0)
    figures = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["fiscal_year", "area"], name="area_figures_unique")]
        indexes = [models.Index(fields=["fiscal_year", "level", "prefecture"])]


class Refresh(models.Model):
    """When a fiscal year's figures were last computed, and for which day. Locked while refreshing."""

    fiscal_year = models.PositiveSmallIntegerField(primary_key=True)
    as_of = models.DateField(_("as of"), null=True)
    finished_at = models.DateTimeField(_("computed at"), null=True)
    requested_at = models.DateTimeField(null=True)
    # One more for every refresh: cached pages of the previous figures are keyed on it.
    generation = models.PositiveIntegerField(default=0)
