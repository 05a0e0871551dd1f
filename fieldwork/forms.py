from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from lms.forms import IdModelChoiceField, ModelForm
from lms.organisations.models import Job, Membership, Organisation, Prefecture

from . import rules
from .models import Block, DailyLog, Offer

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _rows(n):
    return forms.Textarea(attrs={"rows": n})


# How many organisations a search offers: the country has about 3,000, far too many for one list.
ORGANISATION_MATCHES = 20


class InvitationForm(forms.Form):
    organisation_search = forms.CharField(
        label=_("Find a known organisation"), required=False, max_length=100,
        help_text=_("Part of its name; then press “Search” and choose it below."),
    )
    organisation = IdModelChoiceField(
        label=_("Organisation"), required=False, widget=forms.RadioSelect, empty_label=None,
        queryset=Organisation.objects.none(),
        help_text=_("An advanced centre or another agency already known to the system."),
    )
    new_organisation_name = forms.CharField(label=_("…or a new related body"), max_length=200, required=False)
    prefecture = IdModelChoiceField(label=_("Prefecture of the new body"), queryset=Prefecture.objects.all(), required=False)
    contact_name = forms.CharField(label=_("Contact name"), max_length=100)
    email = forms.EmailField(label=_("Contact email"))
    message = forms.CharField(label=_("Message"), widget=_rows(4), required=False, max_length=2000)

    def __init__(self, *args, search="", **kwargs):
        super().__init__(*args, **kwargs)
        # The choices are the matches of the search typed (sent again with the form, so the choice
        # made is among them); without a search there is nothing to choose yet.
        search = (self.data.get("organisation_search") if self.is_bound else search) or ""
        # Searched only when it could be valid: a huge or binary string is the form's error, not a query.
        limit = self.fields["organisation_search"].max_length
        self.searched = search.strip() if len(search) <= limit and "\x00" not in search else ""
        known = Organisation.objects.filter(kind__in=[Organisation.Kind.CENTRE, Organisation.Kind.RELATED_BODY]).open()
        if self.searched:
            first = list(known.filter(name__icontains=self.searched).order_by("name").values_list("pk", flat=True)[:ORGANISATION_MATCHES])
            self.fields["organisation"].queryset = known.filter(pk__in=first).order_by("name")
        if not self.is_bound:
            self.initial.setdefault("organisation_search", search)

    def clean(self):
        data = super().clean()
        if bool(data.get("organisation")) == bool(data.get("new_organisation_name", "").strip()):
            raise forms.ValidationError(_("Choose an organisation or name a new one (not both)."))
        return data


class HostAccountForm(forms.Form):
    last_name = forms.CharField(label=_("Family name"), max_length=150)
    first_name = forms.CharField(label=_("Given name"), max_length=150)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Password (again)"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class OfferForm(ModelForm):
    class Meta:
        model = Offer
        fields = [
            "title", "themes", "description", "supervision", "supervisor", "places", "available_from", "available_until",
            "applications_close_on", "location", "lodging",
        ]
        widgets = {
            "available_from": DATE, "available_until": DATE, "applications_close_on": DATE,
            "themes": _rows(3), "description": _rows(4), "supervision": _rows(3), "lodging": _rows(3),
        }

    def __init__(self, *args, host, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.host = host
        supervisors = Membership.objects.current().filter(organisation=host, job=Job.HOST_SUPERVISOR).values("user_id")
        self.fields["supervisor"].queryset = get_user_model().objects.filter(pk__in=supervisors)
        self.fields["places"].widget.attrs.update(min=1, max=10)

    def clean(self):
        data = super().clean()
        start, end, close = data.get("available_from"), data.get("available_until"), data.get("applications_close_on")
        if start and end and end < start:
            self.add_error("available_until", _("The period ends before it starts."))
        if close and end and close > end:
            self.add_error("applications_close_on", _("Nominations must close before the end of the period."))
        if start and end and end >= start and (refusal := rules.offer_period_refusal(
            available_from=start, available_until=end, applications_close_on=close,
        )):
            self.add_error("available_until", refusal)
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=_rows(2))


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=_rows(3), max_length=2000)


class NominationForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Staff member"), coerce=int)
    reason = forms.CharField(label=_("Why this person, and what they should bring back"), widget=_rows(3), max_length=2000)
    preferred_period = forms.CharField(label=_("Preferred period"), max_length=200, required=False, help_text=_("e.g. June, September and November"))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(person.pk, str(person)) for person, refusal in candidates if refusal is None]


class ScheduleForm(forms.Form):
    """The three blocks' dates, edited together so their order and gaps can be checked as a whole."""

    def __init__(self, *args, blocks=(), **kwargs):
        initial = kwargs.pop("initial", {}) or {}
        for block in blocks:
            initial[f"start_{block.number}"] = block.starts_on
            initial[f"end_{block.number}"] = block.ends_on
        super().__init__(*args, initial=initial, **kwargs)
        for number in range(1, 4):
            self.fields[f"start_{number}"] = forms.DateField(label=_("Block %(number)s starts") % {"number": number}, widget=DATE)
            self.fields[f"end_{number}"] = forms.DateField(label=_("Block %(number)s ends") % {"number": number}, widget=DATE)

    def block_dates(self):
        return [
            rules.BlockDates(number, self.cleaned_data[f"start_{number}"], self.cleaned_data[f"end_{number}"])
            for number in range(1, 4)
        ]

    def rows(self):
        return [(number, self[f"start_{number}"], self[f"end_{number}"]) for number in range(1, 4)]


class GoalForm(ModelForm):
    class Meta:
        model = Block
        fields = ["goal"]
        widgets = {"goal": _rows(3)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].required = True


class LogForm(ModelForm):
    class Meta:
        model = DailyLog
        fields = ["date", "activities", "learning"]
        widgets = {"date": DATE, "activities": _rows(3), "learning": _rows(2)}


class SelfReviewForm(ModelForm):
    class Meta:
        model = Block
        fields = ["attainment", "self_review"]
        widgets = {"attainment": forms.RadioSelect, "self_review": _rows(4)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attainment"].required = True
        self.fields["attainment"].choices = Block.Attainment.choices
        self.fields["self_review"].required = True


class ReportForm(forms.Form):
    report = forms.CharField(
        label=_("Final report"), widget=_rows(8), max_length=20000,
        help_text=_("What you learned across the three blocks, and how you will use it at your centre (and pass it on)."),
    )


#: Far above any six weeks of travel and lodging, far below what the database column holds.
MAX_YEN = 10_000_000


class CostsForm(forms.Form):
    travel_cost = forms.IntegerField(label=_("Travel (yen)"), min_value=0, max_value=MAX_YEN, required=False)
    lodging_cost = forms.IntegerField(label=_("Lodging (yen)"), min_value=0, max_value=MAX_YEN, required=False)
    subsidy_applies = forms.BooleanField(label=_("A subsidy applies"), required=False)
    subsidy_amount = forms.IntegerField(label=_("Subsidy (yen)"), min_value=0, max_value=MAX_YEN, required=False)
    costs_note = forms.CharField(label=_("Note on costs"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        costs = {key: data.get(key) for key in ("travel_cost", "lodging_cost", "subsidy_applies", "subsidy_amount")}
        if not self.errors and (refusal := rules.costs_refusal(**costs)):
            raise forms.ValidationError(refusal)
        return data
