from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lms.forms import checked_upload

from .models import RATING_CHOICES, REPORT_MAX_CHARACTERS, EvaluationAnswers, EvaluationResponse

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


class EvaluationForm(forms.Form):
    """The four standard ratings, then the course's own questions (`questions`), then a comment."""

    LECTURERS_READ = _("What helped, what to change. Lecturers read the comments only once five or more people have answered, without names.")

    def __init__(self, *args, model=EvaluationResponse, questions=(), comment_help=LECTURERS_READ, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for name in model.RATINGS:
            self.fields[name] = self._rating(model._meta.get_field(name).verbose_name)
        for question in self.questions:
            if question.kind == "rating":
                self.fields[f"own_{question.id}"] = self._rating(question.question)
            else:
                self.fields[f"own_{question.id}"] = forms.CharField(
                    label=question.question, required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                )
        self.fields["comment"] = forms.CharField(
            label=model._meta.get_field("comment").verbose_name, required=False, max_length=2000,
            widget=forms.Textarea(attrs={"rows": 5}), help_text=comment_help,
        )

    @staticmethod
    def _rating(label):
        # Radios without a blank "---------" choice, the highest first.
        return forms.TypedChoiceField(label=label, choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect)

    def ratings(self):
        return {name: self.cleaned_data[name] for name in EvaluationAnswers.RATINGS}

    def own_answers(self):
        """{question id: answer} for services.evaluation_submit."""
        return {question.id: self.cleaned_data.get(f"own_{question.id}") for question in self.questions}
