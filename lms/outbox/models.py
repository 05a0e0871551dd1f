"""Work promised to a person after a commit (an email, a batch of certificates): written in the
same transaction as the change that promises it, so a broker that is down loses nothing."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms import clock


class Message(models.Model):
    handler = models.CharField(_("handler"), max_length=100)
    arguments = models.JSONField(_("arguments"), default=dict)
    created_at = models.DateTimeField(_("created at"), default=clock.now)
    # Last handed to the broker; empty while the broker could not take it.
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["created_at"], name="outbox_pending", condition=Q(done_at__isnull=True))]

    def __str__(self):
        return f"{self.handler} {self.arguments}"
