from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from lms.forms import ModelForm
from lms.organisations.models import Job, Membership, Organisation

from .models import SessionDay, TrainingSession


class SessionForm(ModelForm):
    class Meta:
        model = TrainingSession
        fields = [
            "subject", "title", "organiser", "is_refresher", "venue", "is_online", "capacity",
            "applications_open_on", "applications_close_on", "lecturers", "notes",
        ]
        widgets = {
            "applications_open_on": forms.DateInput(attrs={"type": "date"}),
            "applications_close_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["organiser"].queryset = Organisation.objects.exclude(kind=Organisation.Kind.CENTRE)
        lecturers = Membership.objects.current().filter(job=Job.LECTURER).values("user_id")
        self.fields["lecturers"].queryset = self.fields["lecturers"].queryset.filter(pk__in=lecturers)

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("applications_open_on"), cleaned.get("applications_close_on")
        if opens and closes and closes < opens:
            self.add_error("applications_close_on", _("Applications must close after they open."))
        capacity = cleaned.get("capacity")
        if capacity is not None and not 1 <= capacity <= 200:
            self.add_error("capacity", _("A session has between 1 and 200 places."))
        return cleaned


class SessionDayForm(ModelForm):
    class Meta:
        model = SessionDay
        fields = ["date", "starts_at", "ends_at", "hours"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "starts_at": forms.TimeInput(attrs={"type": "time"}),
            "ends_at": forms.TimeInput(attrs={"type": "time"}),
        }

    def clean(self):
        cleaned = super().clean()
        starts, ends, hours = cleaned.get("starts_at"), cleaned.get("ends_at"), cleaned.get("hours")
        if starts and ends:
            if ends <= starts:
                self.add_error("ends_at", _("The day must end after it starts."))
            elif hours is not None:
                span = (ends.hour * 60 + ends.minute - starts.hour * 60 - starts.minute) / 60
                if hours <= 0 or hours > span:
                    self.add_error("hours", _("Training hours must be more than 0 and no more than the time between start and end."))
        return cleaned


SessionDayFormSet = inlineformset_factory(
    TrainingSession, SessionDay, form=SessionDayForm, extra=3, min_num=1, validate_min=True, can_delete=True,
)


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.TextInput,
                             error_messages={"required": _("Give the reason for declining.")})


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the withdrawal"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the person's history; they and their centre can read it."),
        error_messages={"required": _("Give the reason for the withdrawal: it is kept in the person's history.")},
    )
