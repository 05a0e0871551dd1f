from django import forms
from django.utils.translation import gettext_lazy as _

from curriculum.models import Domain
from lms import clock
from lms.forms import ModelForm, checked_upload
from lms.training.models import OutsideCourse, TrainingRecord

from . import rules
from .models import AbilityRating, PlanRow, Reflection, TrainingPlan

EVIDENCE_TYPES = (".pdf", ".jpg", ".jpeg", ".png")


class ExternalTrainingForm(ModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["title", "kind", "provider", "started_on", "completed_on", "hours", "days", "evidence"]
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}),
            "completed_on": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {"evidence": _("A certificate of attendance or the programme (PDF or image, up to 10 MB).")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            choice for choice in TrainingRecord.Kind.choices if choice[0] != TrainingRecord.Kind.CENTRAL
        ]
        self.fields["evidence"].required = True
        self.fields["provider"].required = True

    def clean_evidence(self):
        return checked_upload(self.cleaned_data["evidence"], max_megabytes=10, suffixes=EVIDENCE_TYPES, wrong_type=_("Upload a PDF, JPEG or PNG file."))

    def clean(self):
        cleaned = super().clean()
        refusals = rules.external_training_refusals(
            started_on=cleaned.get("started_on"), completed_on=cleaned.get("completed_on"), hours=cleaned.get("hours"),
            days=cleaned.get("days"), today=clock.today(),
        )
        for field, refusal in refusals.items():
            self.add_error(field, refusal)
        return cleaned


class ReflectionForm(ModelForm):
    class Meta:
        model = Reflection
        fields = ["learned", "apply_at_work", "next_steps"]


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000)


# --- Yearly plans ----------------------------------------------------------------------------

class PlanForm(ModelForm):
    class Meta:
        model = TrainingPlan
        fields = ["self_image", "strengths", "training_issues", "goals"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}


class PlanRowForm(ModelForm):
    """One entry of 図表 2-2; its domain and line are fixed by where it sits on the form."""

    class Meta:
        model = PlanRow
        fields = ["domain", "line", "knowledge", "goal", "method", "subject", "course_text", "period", "organiser"]
        widgets = {
            "domain": forms.HiddenInput, "line": forms.HiddenInput,
            "knowledge": forms.Textarea(attrs={"rows": 2}), "goal": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.domain = self.instance.domain if self.instance.pk else self.initial.get("domain")
        if self.domain is not None:
            # An entry offers the subjects of its own domain.
            self.fields["subject"].queryset = self.domain.subjects.all()

    def clean(self):
        cleaned = super().clean()
        domain, line, subject = cleaned.get("domain"), cleaned.get("line"), cleaned.get("subject")
        if domain and line and line not in rules.plan_lines(domain.delivery):
            raise forms.ValidationError(rules.REFUSED_LINE)
        if domain and subject and subject.domain_id != domain.pk:
            self.add_error("subject", rules.REFUSED_SUBJECT_DOMAIN % {"subject": subject, "domain": subject.domain})
        elif subject and line == rules.OJT:
            self.add_error("subject", rules.REFUSED_SUBJECT_IN_OJT)
        return cleaned


def plan_entry_formset(data, *, plan, domains):
    """The plan's entries, and one blank entry in each line of 図表 2-2 to add to (a blank left
    unchanged is not saved)."""
    slots = rules.plan_slots(domains)
    formset_class = forms.modelformset_factory(PlanRow, form=PlanRowForm, extra=len(slots), can_delete=True)
    return formset_class(
        data, queryset=plan.rows.select_related("domain", "subject").order_by("domain__order", "-line", "pk"),
        initial=[{"domain": domain, "line": line} for domain, line in slots],
    )


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)


class SelfEvaluationForm(ModelForm):
    class Meta:
        model = TrainingPlan
        fields = ["self_evaluation", "next_year_focus"]
        widgets = {"self_evaluation": forms.Textarea(attrs={"rows": 5}), "next_year_focus": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["self_evaluation"].required = True


class RatingsForm(forms.Form):
    """One choice per ability, on the four-level scale with its descriptors."""

    def __init__(self, *args, abilities, initial_levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.abilities = abilities
        choices = [("", "—")] + list(AbilityRating.Level.choices)
        for ability in abilities:
            self.fields[f"ability_{ability.pk}"] = forms.TypedChoiceField(
                label=str(ability), choices=choices, coerce=int, empty_value=None, required=False,
                initial=initial_levels.get(ability.pk),
            )

    def levels(self):
        return {ability.pk: self.cleaned_data.get(f"ability_{ability.pk}") for ability in self.abilities}


class OutsideCourseForm(ModelForm):
    class Meta:
        model = OutsideCourse
        fields = ["title", "kind", "provider", "domain", "days", "hours", "url", "description"]


class OutsideCourseSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    domain = forms.ModelChoiceField(label=_("Domain"), queryset=Domain.objects.all(), required=False, empty_label=_("All domains"))
    recognised = forms.BooleanField(label=_("Recognised by the institute only"), required=False)
