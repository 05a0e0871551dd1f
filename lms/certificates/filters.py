"""The institute's certificate list filters, applied in SQL (django-filter)."""

import re

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from curriculum.models import Subject
from lms import clock
from lms.organisations.models import Membership, Prefecture

from . import rules
from .models import Certificate

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class MonthField(forms.CharField):
    """A `YYYY-MM` month, as `<input type="month">` sends it."""

    widget = forms.TextInput(attrs={"type": "month"})

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        match = MONTH.match(value)
        if not match or not 1 <= int(match[2]) <= 12:
            raise forms.ValidationError(_("Enter a month as YYYY-MM, e.g. 2027-03."))
        return value


class MonthFilter(django_filters.CharFilter):
    field_class = MonthField


class CertificateFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Serial number or holder"), method="filter_text")
    subject = django_filters.ModelChoiceFilter(
        label=_("Subject"), queryset=Subject.objects.all(), to_field_name="code", empty_label=_("All subjects"),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=list(rules.STATUS_LABELS.items()), empty_label=_("Any status"), method="filter_status")
    prefecture = django_filters.ModelChoiceFilter(
        label=_("Prefecture"), queryset=Prefecture.objects.all(), empty_label=_("All prefectures"), method="filter_prefecture",
    )
    expires = MonthFilter(label=_("Renewal deadline month"), method="filter_expires")
    session = django_filters.NumberFilter(field_name="record__session_id", widget=forms.HiddenInput)

    class Meta:
        model = Certificate
        fields = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(serial__icontains=value) | Q(holder__email__iexact=value)
            | Q(holder__last_name__icontains=value) | Q(holder__first_name__icontains=value)
        )

    def filter_status(self, queryset, name, value):
        return queryset.in_status(value, clock.today())

    def filter_prefecture(self, queryset, name, value):
        # Anyone who has worked in the prefecture; EXISTS keeps one row per certificate.
        worked_there = Membership.objects.filter(user=OuterRef("holder_id"), organisation__prefecture=value)
        return queryset.filter(Exists(worked_there))

    def filter_expires(self, queryset, name, value):
        year, month = MONTH.match(value).groups()
        return queryset.filter(renewal_deadline__year=int(year), renewal_deadline__month=int(month))
