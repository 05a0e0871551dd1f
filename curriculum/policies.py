"""How long a completion stays valid (renewal), per subject, as a versioned policy the institute edits."""

from django.utils.translation import gettext_lazy as _

from lms.audit import policies
from lms.forms import DATE_INPUT, ModelForm
from lms.organisations.access import access_for

from .models import RenewalPolicy


class RenewalPolicyForm(ModelForm):
    class Meta:
        model = RenewalPolicy
        fields = ["subject", "effective_from", "period_years", "basis", "window_months", "after_lapse", "note"]
        widgets = {"effective_from": DATE_INPUT}


RENEWAL = policies.register(policies.PolicyKind(
    slug="renewal", model=RenewalPolicy, form_class=RenewalPolicyForm,
    title=_("Renewal of completions"),
    description=_("How long a completed subject stays valid and when the refresher may be taken; the version in force on the completion date decides that completion's deadline."),
    columns=("subject", "effective_from", "period_years", "basis", "window_months", "after_lapse"),
    may_edit=lambda user: access_for(user).is_institute,
    order_by=("subject__code", "-effective_from"),
))
