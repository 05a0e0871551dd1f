"""What completing a subject takes, as a versioned policy the institute edits."""

from django.utils.translation import gettext_lazy as _

from lms.audit import policies
from lms.forms import DATE_INPUT, ModelForm, SensibleDateField
from lms.organisations.access import access_for

from .models import CompletionRule


class CompletionRuleForm(ModelForm):
    class Meta:
        model = CompletionRule
        fields = [
            "subject", "effective_from", "every_day_attended", "tests_required", "pass_mark", "attempts_allowed", "report_required", "report_question", "report_length",
            "report_due_days", "late_report_counts", "note",
        ]
        widgets = {"effective_from": DATE_INPUT}
        field_classes = {"effective_from": SensibleDateField}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("report_required") and not (cleaned.get("report_question") or "").strip():
            self.add_error("report_question", _("Give the report question participants answer."))
        return cleaned


COMPLETION = policies.register(policies.PolicyKind(
    slug="completion", model=CompletionRule, form_class=CompletionRuleForm,
    title=_("Completion of a session"),
    description=_("What completing a subject's session takes besides attending: every day, each day's understanding test passed, an accepted report by its deadline. The version in force on the session's last day decides that session; a subject without one needs a day attended."),
    columns=("subject", "effective_from", "every_day_attended", "tests_required", "pass_mark", "attempts_allowed", "report_required", "report_length", "report_due_days", "late_report_counts"),
    may_edit=lambda user: access_for(user).is_institute,
    order_by=("subject__code", "-effective_from"),
))
