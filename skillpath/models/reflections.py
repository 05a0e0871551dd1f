"""Step 4 of the plan cycle: reflecting on a completed training."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.fields import LimitedTextField

__all__ = ["Reflection"]


class Reflection(models.Model):
    """Step 4 of the plan cycle: what the person takes from a training into their work."""

    record = models.OneToOneField("training.TrainingRecord", on_delete=models.CASCADE, related_name="reflection")
    learned = LimitedTextField(_("what I learned"), max_length=4000)
    apply_at_work = LimitedTextField(_("how I will use it at work"), max_length=4000)
    next_steps = LimitedTextField(_("what I want to learn next"), blank=True, max_length=2000)
    written_at = models.DateTimeField(_("written at"), auto_now=True)

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")

    def __str__(self):
        return f"{self.record}"
