"""Who centres may nominate for fieldwork, as a versioned policy the institute edits."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.audit import policies
from lms.forms import DATE_INPUT, ModelForm
from lms.organisations.access import access_for

from .models import EligibilityPolicy


class EligibilityPolicyForm(ModelForm):
    class Meta:
        model = EligibilityPolicy
        fields = ["effective_from", "open_to", "min_experience_years", "note"]
        widgets = {"effective_from": DATE_INPUT, "open_to": forms.RadioSelect}


ELIGIBILITY = policies.register(policies.PolicyKind(
    slug="fieldwork-eligibility", model=EligibilityPolicy, form_class=EligibilityPolicyForm,
    title=_("Who may be nominated for fieldwork"),
    description=_("The report starts fieldwork with supervisor-tier staff and widens it later; nominations keep the rule they were made under."),
    columns=("effective_from", "open_to", "min_experience_years", "note", "created_by"),
    may_edit=lambda user: access_for(user).is_institute,
))
