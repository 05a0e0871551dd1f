from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lms.forms import checked_upload

from .models import RATING_CHOICES, REPORT_MAX_CHARACTERS, EvaluationResponse

REPORT_FILE_TYPES = (".pdf", ".docx", ".doc", ".txt")


class ReportForm(forms.Form):
    text = forms.CharField(
        label=_("Your report"), required=False, max_length=REPORT_MAX_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 16, "data-count-characters": ""}),
    )
    file = forms.FileField(
        label=_("Or attach a file"), required=False, help_text=_("PDF, Word or text, up to 10 MB."),
    )

    def clean_file(self):
        return checked_upload(self.cleaned_data["file"], max_megabytes=10, suffixes=REPORT_FILE_TYPES, wrong_type=_("Attach a PDF, Word or text file."))

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("text") or "").strip() and not cleaned.get("file") and not self.errors:
            raise forms.ValidationError(_("Write the report or attach a file."))
        return cleaned


class DecisionForm(forms.Form):
    DECISIONS = [("accept", pgettext_lazy("report", "Accept")), ("return", _("Return for revision"))]

    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS)
    feedback = forms.CharField(label=_("Comments to the participant"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = EvaluationResponse
        fields = ["content", "method", "lecturer", "usefulness", "comment"]
        widgets = {name: forms.RadioSelect for name in EvaluationResponse.RATINGS} | {"comment": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"comment": _("What helped, what to change. Lecturers read the comments only once five or more people have answered, without names.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in EvaluationResponse.RATINGS:
            self.fields[name].choices = RATING_CHOICES  # no blank "---------" choice among the radios
