"""The one audit log: every step in the life of a plan, placement, session, record or certificate."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms import clock
from lms.fields import LimitedTextField


class AuditEntry(models.Model):
    """Who did what to which object, from which state to which, when, and what they said."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(_("from"), max_length=30, blank=True)
    to_status = models.CharField(_("to"), max_length=30, blank=True)
    # Empty for what the site does by itself, such as moving someone up from a waiting list.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+", null=True, blank=True,
    )
    note = LimitedTextField(_("note"), blank=True, max_length=2000)
    # What only some actions carry, e.g. the block of a fieldwork placement.
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    # A default rather than auto_now_add, so that history moved from older tables keeps its times.
    at = models.DateTimeField(_("at"), default=clock.now, db_index=True)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self):
        return f"{self.content_type.app_label}.{self.content_type.model} {self.object_id}: {self.action}"

    @property
    def kind_label(self):
        """What kind of record the entry is about, in words (the model's name)."""
        model = self.content_type.model_class()
        return model._meta.verbose_name if model is not None else self.content_type.model

    @property
    def label(self):
        """The action in words, from the audited model's `AuditAction` choices (or its statuses)."""
        model = self.content_type.model_class()
        for choices in (getattr(model, "AuditAction", None), getattr(model, "Status", None)):
            if choices is not None and self.action in choices.values:
                return choices(self.action).label
        return self.action

    @property
    def changes(self):
        """(field label, before, after) for entries that record an edit (detail["changes"])."""
        model = self.content_type.model_class()
        rows = []
        for name, (before, after) in self.detail.get("changes", {}).items():
            try:
                label = model._meta.get_field(name).verbose_name
            except FieldDoesNotExist:  # a field since removed: its name will do
                label = name
            rows.append((label, before, after))
        return rows

    @property
    def block_number(self):
        return self.detail.get("block")
