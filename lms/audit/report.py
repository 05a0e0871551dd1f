"""The institute's one history across objects (as Wagtail's site-wide audit report): every step of
every plan, place, session, record, certificate, import and person, newest first, filtered in SQL
and paged by position, so the page costs the same with a million entries as with ten."""

import datetime

from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.forms import SensibleDateField

from .models import AuditEntry
from .services import models_with_workflows

PAGE = 50


def audited_models():
    """The models whose history is kept: those with a workflow or history actions of their own."""
    return sorted(
        {model for model in apps.get_models() if model in models_with_workflows() or hasattr(model, "AuditAction")},
        key=lambda model: str(model._meta.verbose_name),
    )


class HistoryFilter(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of record"), required=False)
    action = forms.CharField(label=_("Step"), required=False, max_length=40, help_text=_("As stored, e.g. approved, revoked, withdrawn."))
    actor = forms.EmailField(label=_("By (email address)"), required=False)
    since = SensibleDateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = SensibleDateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = {model._meta.label_lower: model for model in audited_models()}
        self.fields["kind"].choices = [("", _("(any)"))] + [(label, str(model._meta.verbose_name)) for label, model in self.kinds.items()]

    def entries(self, before=None):
        """One page of entries matching the filter (newest first), and whether older ones follow."""
        entries = AuditEntry.objects.select_related("actor", "content_type").order_by("-pk")
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("kind"):
            entries = entries.filter(content_type=ContentType.objects.get_for_model(self.kinds[data["kind"]], for_concrete_model=False))
        if data.get("action"):
            entries = entries.filter(action=data["action"].strip())
        if data.get("actor"):
            entries = entries.filter(actor__email__iexact=data["actor"])
        zone = timezone.get_current_timezone()  # days in Japan, as the dates on every page
        if data.get("since"):
            entries = entries.filter(at__gte=datetime.datetime.combine(data["since"], datetime.time.min, zone))
        if data.get("until"):
            entries = entries.filter(at__lt=datetime.datetime.combine(data["until"] + datetime.timedelta(days=1), datetime.time.min, zone))
        if before is not None:
            entries = entries.filter(pk__lt=before)
        page = list(entries[:PAGE + 1])
        return page[:PAGE], len(page) > PAGE
