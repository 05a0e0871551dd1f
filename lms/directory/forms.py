from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from lms import clock
from lms.forms import DATE_INPUT, IdModelChoiceField, ModelForm, SensibleDateField
from lms.organisations.models import CENTRE_JOBS, Job, Organisation

from .importing import normalise_email

DATE = DATE_INPUT
CENTRE_JOB_CHOICES = [(job.value, job.label) for job in Job if job in CENTRE_JOBS]
# Jobs outside centres (the institute, prefectures, hosts, lecturers) are given by the institute.
ALL_JOB_CHOICES = [(job.value, job.label) for job in Job]


class OrganisationForm(ModelForm):
    class Meta:
        model = Organisation
        fields = ["kind", "name", "prefecture", "is_fieldwork_host", "address", "email", "phone"]

    def clean(self):
        data = super().clean()
        if data.get("kind") == Organisation.Kind.CENTRE and not data.get("prefecture"):
            self.add_error("prefecture", _("A centre belongs to a prefecture."))
        return data


class CloseForm(forms.Form):
    on = SensibleDateField(label=_("Closed from"), initial=clock.today)


class PersonForm(ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["email", "last_name", "first_name", "family_name_kana", "given_name_kana"]
        labels = {"last_name": _("Family name"), "first_name": _("Given name")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["last_name"].required = self.fields["first_name"].required = True

    def clean_email(self):
        # Stored in one form, so that Kita.Supporter3@Example.jp is the same person as before.
        email = normalise_email(self.cleaned_data["email"])
        if get_user_model().objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another account already uses this email address."))
        return email


class JobForm(forms.Form):
    centre = IdModelChoiceField(label=_("Centre"), queryset=Organisation.objects.none())
    job = forms.ChoiceField(label=_("Job"), choices=CENTRE_JOB_CHOICES)
    started_on = SensibleDateField(label=_("Starts on"), initial=clock.today)
    ended_on = SensibleDateField(label=_("Ends on (if known)"), required=False)

    def __init__(self, *args, centres, institute=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres
        if institute:
            # The institute also gives jobs outside centres: prefectural officers, hosts, lecturers.
            self.fields["centre"].label = _("Organisation")
            self.fields["job"].choices = ALL_JOB_CHOICES

    def clean(self):
        data = super().clean()
        if data.get("started_on") and data.get("ended_on") and data["ended_on"] < data["started_on"]:
            self.add_error("ended_on", _("The end date is before the start date."))
        return data


class AddPersonForm(JobForm):
    email = forms.EmailField(label=_("Email address"))
    last_name = forms.CharField(label=_("Family name"), max_length=150)
    first_name = forms.CharField(label=_("Given name"), max_length=150)
    family_name_kana = forms.CharField(label=_("Family name (kana)"), max_length=150, required=False)
    given_name_kana = forms.CharField(label=_("Given name (kana)"), max_length=150, required=False)

    field_order = ["email", "last_name", "first_name", "family_name_kana", "given_name_kana", "centre", "job", "started_on", "ended_on"]


class EndJobForm(forms.Form):
    ended_on = SensibleDateField(label=_("Last day"), initial=clock.today)


class TransferForm(forms.Form):
    centre = IdModelChoiceField(label=_("New centre"), queryset=Organisation.objects.none())
    job = forms.ChoiceField(label=_("Job there"), choices=CENTRE_JOB_CHOICES)
    on = SensibleDateField(label=_("First day at the new centre"), initial=clock.today)

    def __init__(self, *args, centres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres


class LeaveForm(forms.Form):
    last_day = SensibleDateField(label=_("Last day"), initial=clock.today)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_("UTF-8 or Shift_JIS (Excel's \"CSV\"); the first row names the columns."))

    MAX_BYTES = 20 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload
