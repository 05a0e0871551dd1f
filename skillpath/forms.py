from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Reflection, TrainingRecord

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = (".pdf", ".jpg", ".jpeg", ".png")


class ExternalTrainingForm(forms.ModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["title", "kind", "provider", "started_on", "completed_on", "hours", "evidence"]
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}),
            "completed_on": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {"evidence": _("A certificate of attendance or the programme (PDF or image, up to 10 MB).")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            choice for choice in TrainingRecord.Kind.choices if choice[0] != TrainingRecord.Kind.CENTRAL
        ]
        self.fields["evidence"].required = True
        self.fields["provider"].required = True

    def clean_evidence(self):
        evidence = self.cleaned_data["evidence"]
        if evidence and evidence.size > MAX_EVIDENCE_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        if evidence and not evidence.name.lower().endswith(EVIDENCE_TYPES):
            raise forms.ValidationError(_("Upload a PDF, JPEG or PNG file."))
        return evidence

    def clean(self):
        cleaned = super().clean()
        started, completed, hours = cleaned.get("started_on"), cleaned.get("completed_on"), cleaned.get("hours")
        if started and completed and completed < started:
            self.add_error("completed_on", _("The training must end on or after the day it started."))
        if hours is not None and not 0 < hours <= 200:
            self.add_error("hours", _("Enter the hours attended: more than 0 and at most 200."))
        return cleaned


class ReflectionForm(forms.ModelForm):
    class Meta:
        model = Reflection
        fields = ["learned", "apply_at_work", "next_steps"]


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)
