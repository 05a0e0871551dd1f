from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from lms.forms import ModelForm

from . import rules
from .models import IndividualOjt, OjtSession, ProgrammeItem


class HoursMixin:
    hours_field = "hours"

    def _clean_hours(self):
        hours = self.cleaned_data.get(self.hours_field)
        if refusal := rules.duration_refusal(hours):
            raise forms.ValidationError(refusal)
        return hours


class SessionForm(HoursMixin, ModelForm):
    class Meta:
        model = OjtSession
        fields = ["date", "hours", "kind", "theme", "title", "facilitator", "facilitator_note", "attendees", "reflection", "evaluation"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "attendees": forms.CheckboxSelectMultiple,
            "reflection": forms.Textarea(attrs={"rows": 3}),
            "evaluation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer the centre's staff; the service still refuses anyone else who is posted.
        self.fields["attendees"].queryset = get_user_model().objects.all()
        self.fields["attendees"].choices = [(person.pk, str(person)) for person in staff]
        self.fields["facilitator"].queryset = get_user_model().objects.all()
        self.fields["facilitator"].choices = [("", "—")] + [(person.pk, str(person)) for person in staff]
        self.fields["hours"].help_text = _("More than 0 and at most 8 hours.")

    def clean_hours(self):
        return self._clean_hours()


class IndividualForm(HoursMixin, ModelForm):
    class Meta:
        model = IndividualOjt
        fields = ["date", "hours", "is_supervision", "description"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}), "description": forms.Textarea(attrs={"rows": 3})}

    def clean_hours(self):
        return self._clean_hours()


class ProgrammeItemForm(HoursMixin, ModelForm):
    hours_field = "planned_hours"

    class Meta:
        model = ProgrammeItem
        fields = ["month", "kind", "theme", "title", "planned_hours"]

    def clean_planned_hours(self):
        return self._clean_hours()


# What the shared evaluation form (lms.assessment.forms.EvaluationForm) says under the comment box here.
OJT_COMMENT_HELP = _(
    "What helped, what to change. Those who run the centre's OJT read the comments only once five or more people have answered, without names."
)
