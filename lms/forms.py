"""Form pieces every app's forms share."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.http import id_param
from lms.uploads import content_matches

# A list's empty choice in words, never Django's "---------": what to do, or what it means when optional.
CHOOSE = _("(choose)")
NONE_CHOSEN = _("(none)")


class IdModelChoiceField(forms.ModelChoiceField):
    """A choice by id where an id no table could hold is an invalid choice, not a database error.

    (PostgreSQL finds no row for 99999999999999999999; SQLite raises OverflowError instead.)
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", CHOOSE if kwargs.get("required", True) else NONE_CHOSEN)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value not in self.empty_values and self.to_field_name is None and id_param(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value:
                if id_param(pk) is None:
                    raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk})
        return super()._check_values(value)


def id_formfield(model_field, **kwargs):
    """ModelForm fields for relations, choosing by id safely (see IdModelChoiceField); a list's empty
    choice says what it means in words, never Django's "---------"."""
    if isinstance(model_field, models.ManyToManyField):
        kwargs.setdefault("form_class", IdModelMultipleChoiceField)
    elif isinstance(model_field, models.ForeignKey):
        kwargs.setdefault("form_class", IdModelChoiceField)
    field = model_field.formfield(**kwargs)
    empty = CHOOSE if field is not None and field.required else NONE_CHOSEN
    if isinstance(field, forms.ModelChoiceField):
        # Never read its choices here: that queries the database when the form class is made.
        if field.empty_label is not None:
            field.empty_label = empty
    elif isinstance(field, forms.ChoiceField) and field.choices and field.choices[0][0] == "":
        field.choices = [("", empty), *field.choices[1:]]
    return field


class _IdChoicesMetaclass(forms.models.ModelFormMetaclass):
    # Django reads formfield_callback from each form's Meta; setting it here means no form of the
    # apps can forget it.
    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(id_formfield)
        return super().__new__(mcs, name, bases, attrs)


class ModelForm(forms.ModelForm, metaclass=_IdChoicesMetaclass):
    """The apps' ModelForm: relations are chosen by id with IdModelChoiceField."""


#: A date picker that shows the value in the ISO form browsers expect.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def sensible_date(value):
    """Dates a person means: years 1950–2100 (9999-12-31 is a slip, and would overflow date sums)."""
    if not 1950 <= value.year <= 2100:
        raise ValidationError(_("Give a date between 1950 and 2100."), code="date_out_of_range")


class SensibleDateField(forms.DateField):
    default_validators = [sensible_date]

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", DATE_INPUT)
        super().__init__(**kwargs)


TOO_LARGE = _("The file is larger than %(megabytes)s MB.")


NOT_WHAT_IT_SAYS = _("The file's content is not a %(kind)s file, whatever its name says: save it again as one and attach that.")


def checked_upload(file, *, max_megabytes, suffixes, wrong_type):
    """The uploaded `file` if its size, name and content suit, else a form error saying which does not."""
    if not file:
        return file
    if file.size > max_megabytes * 1024 * 1024:
        raise forms.ValidationError(TOO_LARGE % {"megabytes": max_megabytes})
    suffix = next((suffix for suffix in suffixes if file.name.lower().endswith(suffix)), None)
    if suffix is None:
        raise forms.ValidationError(wrong_type)
    if not content_matches(file, suffix):
        raise forms.ValidationError(NOT_WHAT_IT_SAYS % {"kind": suffix.lstrip(".").upper()})
    return file
