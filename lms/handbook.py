"""What each app contributes to a person's training handbook (研修手帳).

An app's `handbook_sections` module registers a function `(person) -> iterable[HandbookEntry]`.
The handbook groups every entry by fiscal year and renders the same entries as HTML, PDF and
CSV. Each provider should use a fixed number of queries, whatever the size of the record.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from django.utils.translation import gettext_lazy as _

_providers = []

SECTION_LABELS = {
    "plan": _("Training plan"),
    "offjt": _("Off-JT"),
    "ojt": _("OJT"),
    "fieldwork": _("Fieldwork"),
    "certificate": _("Certificate"),
    "proof": _("Proof issued"),
    "reflection": _("Reflection"),
    "report": _("Course report"),
    "test": _("Understanding test"),
}


@dataclass(frozen=True)
class HandbookEntry:
    section: str  # "plan", "offjt", "ojt", "fieldwork", "certificate", "reflection", "report", "test"
    fiscal_year: int
    date: datetime.date | None
    title: str
    detail: str = ""
    hours: Decimal | None = None
    days: int | None = None
    status: str = ""
    url: str = ""

    @property
    def section_label(self):
        return SECTION_LABELS.get(self.section, self.section)


def register(func):
    _providers.append(func)
    return func


def entries_for(person):
    entries = [entry for provider in _providers for entry in provider(person)]
    return sorted(entries, key=lambda e: (-e.fiscal_year, e.section, e.date or datetime.date.min))


def entries_by_fiscal_year(person):
    """[(fiscal_year, [entries…]), …], newest year first."""
    return [(year, list(entries)) for year, entries in groupby(entries_for(person), key=lambda e: e.fiscal_year)]
