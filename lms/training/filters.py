"""The filters of the session list, applied in SQL (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from curriculum.models import Subject, Tier
from lms import clock

from .models import TrainingSession


class SessionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    subject = django_filters.ModelChoiceFilter(label=_("Subject"), queryset=Subject.objects.all(), empty_label=_("Any subject"))
    tier = django_filters.ModelChoiceFilter(label=_("Tier"), field_name="subject__tier", queryset=Tier.objects.all(), empty_label=_("Any tier"))
    open_now = django_filters.BooleanFilter(label=_("Open for applications now"), method="filter_open", widget=forms.CheckboxInput)

    class Meta:
        model = TrainingSession
        fields = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(venue__icontains=value) | Q(subject__name__icontains=value))

    def filter_open(self, queryset, name, value):
        if not value:
            return queryset
        today = clock.today()
        return queryset.filter(
            status=TrainingSession.Status.PUBLISHED, applications_open_on__lte=today, applications_close_on__gte=today,
        )
