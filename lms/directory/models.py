"""A staff import: the checked rows of an uploaded file, waiting for confirmation or being written."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lms import clock


class StaffImport(models.Model):
    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Checked, waiting for confirmation")
        QUEUED = "queued", _("Queued")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=clock.now)
    filename = models.CharField(_("file"), max_length=200)
    # The file's rows as read (column name → text), checked again when the import runs.
    rows = models.JSONField(default=list)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    created = models.PositiveIntegerField(_("people created"), default=0)
    updated = models.PositiveIntegerField(_("people updated"), default=0)
    unchanged = models.PositiveIntegerField(_("people unchanged"), default=0)
    errors = models.JSONField(default=list)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff import")
        verbose_name_plural = _("staff imports")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return reverse("staff_import_detail", args=[self.pk])

    @property
    def total(self):
        return len(self.rows)

    @property
    def is_waiting_for_confirmation(self):
        return self.status == self.Status.PREVIEWED

    @property
    def is_running(self):
        return self.status == self.Status.QUEUED

    @property
    def is_done(self):
        return self.status == self.Status.DONE

    @property
    def found_everything_in_place(self):
        """Done, and nothing needed writing: the file (or its like) had been imported already."""
        return self.is_done and not self.created and not self.updated
