"""The yearly OJT and Off-JT minimums as a versioned policy the institute edits."""

from django.utils.translation import gettext_lazy as _

from lms.audit import policies
from lms.forms import DATE_INPUT, ModelForm
from lms.organisations.access import access_for

from .models import MinimumHoursPolicy


class MinimumHoursForm(ModelForm):
    class Meta:
        model = MinimumHoursPolicy
        fields = ["effective_from", "ojt_hours", "offjt_hours", "offjt_day_hours", "fieldwork_day_hours", "centre_lectures_are_offjt", "note"]
        widgets = {"effective_from": DATE_INPUT}


MINIMUM_HOURS = policies.register(policies.PolicyKind(
    slug="minimum-hours", model=MinimumHoursPolicy, form_class=MinimumHoursForm,
    title=_("Yearly minimum hours (OJT and Off-JT)"),
    description=_(
        "The hours each staff member must reach in a fiscal year, and what counts towards Off-JT for how many hours; from its date, "
        "for fiscal years starting on or after it. People who join mid-year have the minimums pro-rated."
    ),
    columns=("effective_from", "ojt_hours", "offjt_hours", "offjt_day_hours", "fieldwork_day_hours", "centre_lectures_are_offjt", "note"),
    may_edit=lambda user: access_for(user).is_institute,
))
