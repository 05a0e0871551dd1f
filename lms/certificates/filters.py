"""The institute's certificate list filters, applied in SQL (django-filter)."""

import datetime
import re
import unicodedata

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from curriculum.models import Subject
from lms import clock
from lms.accounts.selectors import people_matching
from lms.http import id_param
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
        if not match or not 1 <= int(match[2]) <= 12 or not 1950 <= int(match[1]) <= 2100:
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
    # Choices rather than a model lookup: a 30-digit code in the address is an invalid choice, not an overflow.
    prefecture = django_filters.ChoiceFilter(
        label=_("Prefecture"), choices=lambda: [(str(p.code), p.name) for p in Prefecture.objects.all()],
        empty_label=_("All prefectures"), method="filter_prefecture",
    )
    expires = MonthFilter(label=_("Renewal deadline month"), method="filter_expires")
    session = django_filters.CharFilter(method="filter_session", widget=forms.HiddenInput)

    class Meta:
        model = Certificate
        fields = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # The holders are found first, in the people table (a country's staff, not its certificates),
        # and read into a list: the database then knows how many certificates they hold and takes
        # them by the holder's index, or walks the list's order index when they are most of the
        # country. A serial is ASCII, so only ASCII text is looked for in serials (through a trigram
        # index on PostgreSQL). One OR across the join made it test every certificate in the country.
        matches = Q(holder_id__any_of=list(people_matching(value).values_list("pk", flat=True)))
        # A Japanese keyboard often types digits and dashes full-width (２０２６－０００１２３).
        serial = unicodedata.normalize("NFKC", value)
        if serial.isascii():
            matches |= Q(serial__icontains=serial)
        return queryset.filter(matches)

    def filter_status(self, queryset, name, value):
        return queryset.in_status(value, clock.today())

    def filter_prefecture(self, queryset, name, value):
        # Anyone who has worked in the prefecture; EXISTS keeps one row per certificate.
        worked_there = Membership.objects.filter(user=OuterRef("holder_id"), organisation__prefecture_id=int(value))
        return queryset.filter(Exists(worked_there))

    def filter_session(self, queryset, name, value):
        session_id = id_param(value)
        return queryset.filter(record__session_id=session_id) if session_id is not None else queryset.none()

    def filter_expires(self, queryset, name, value):
        year, month = (int(part) for part in MONTH.match(value).groups())
        first = datetime.date(year, month, 1)
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        # A range, not __year/__month, listed by deadline: one index then gives both the month's
        # certificates and their order. In issue order the database walked the newest certificates
        # first, while those due in a month were issued years ago together.
        return queryset.filter(renewal_deadline__gte=first, renewal_deadline__lt=following).order_by("renewal_deadline", "-issued_on", "-serial")
