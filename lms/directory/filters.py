"""The directory's list filters, applied in SQL (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms import clock
from lms.accounts.selectors import people_matching
from lms.http import id_param
from lms.organisations.models import CENTRE_JOBS, Job, Membership, Organisation, Prefecture


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Organisation.Kind.choices, empty_label=_("Any kind"))
    prefecture = django_filters.ModelChoiceFilter(label=_("Prefecture"), queryset=Prefecture.objects.all(), empty_label=_("Any prefecture"))
    is_fieldwork_host = django_filters.BooleanFilter(label=_("Fieldwork hosts only"), method="filter_host", widget=forms.CheckboxInput)
    closed = django_filters.BooleanFilter(label=_("Include closed"), method="filter_closed", widget=forms.CheckboxInput)

    class Meta:
        model = Organisation
        fields = []

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        # Closed organisations leave the list unless asked for.
        return queryset if self.form.cleaned_data.get("closed") else queryset.open(clock.today())

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(address__icontains=value) | Q(email__icontains=value)) if value else queryset

    def filter_host(self, queryset, name, value):
        return queryset.filter(is_fieldwork_host=True) if value else queryset

    def filter_closed(self, queryset, name, value):
        return queryset


# More centres than a list can usefully offer without a prefecture chosen first.
MANY_CENTRES = 100


class PeopleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    centre = django_filters.ModelChoiceFilter(label=_("Centre"), queryset=Organisation.objects.none(), method="filter_in_filter_queryset", empty_label=_("Any centre"))
    prefecture = django_filters.ModelChoiceFilter(label=_("Prefecture"), queryset=Prefecture.objects.all(), method="filter_in_filter_queryset", empty_label=_("Any prefecture"))
    job = django_filters.ChoiceFilter(label=_("Job"), choices=[(job.value, job.label) for job in Job if job in CENTRE_JOBS], method="filter_in_filter_queryset", empty_label=_("Any job"))
    leavers = django_filters.BooleanFilter(label=_("Include leavers"), method="filter_in_filter_queryset", widget=forms.CheckboxInput)

    def __init__(self, *args, centres, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["centre"].queryset = self._centre_choices(centres)
        self.current_jobs = Membership.objects.staff_posts(centres, clock.today())

    def _centre_choices(self, centres):
        """The reader's centres in the chosen prefecture; without one, all of them only when they are
        few. The country's thousand centres in one list took most of the page's time to draw and
        are no way to find one: the list then asks for a prefecture first (and keeps a centre
        already chosen, e.g. from a link)."""
        prefecture = id_param(self.data.get("prefecture"))
        if prefecture is not None:
            return centres.filter(prefecture_id=prefecture)
        if len(centres.values_list("pk", flat=True)[:MANY_CENTRES + 1]) <= MANY_CENTRES:
            return centres
        self.filters["centre"].extra["empty_label"] = _("Choose a prefecture to list its centres")
        return centres.filter(pk=id_param(self.data.get("centre")))

    def filter_queryset(self, queryset):
        # Centre, prefecture and job narrow one and the same current job (a director here who is a
        # clerk there is not a director there), as one subquery rather than a join per filter.
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        where = {key: data[name] for name, key in (("centre", "organisation"), ("prefecture", "organisation__prefecture"), ("job", "job")) if data.get(name)}
        if where:
            queryset = queryset.filter(pk__in=self.current_jobs.filter(**where).values("user_id"))
        return queryset if data.get("leavers") else queryset.filter(is_active=True)

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(pk__in=people_matching(value))

    def filter_in_filter_queryset(self, queryset, name, value):
        return queryset  # applied together in filter_queryset
