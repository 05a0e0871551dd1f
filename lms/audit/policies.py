"""Versioned policies (minimum hours, renewal, fieldwork eligibility): one way to change them.

A policy is a row with an `effective_from` date; the row in force on a day decides that day.
A version that has started (effective_from on or before today) is history and stays as it was;
the institute changes a rule by adding a version from today or a later day, and may correct a
version that has not started yet. Every change is in the row's history with before and after.

Each app registers its policy models here (a PolicyKind) when it starts, so the pages that list
and edit them (lms.audit.views) need not import the apps.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lms import clock
from lms.formats import short_date

from . import services as audit

STARTED = _("This version has been in force since %(date)s; it stays as it was. Add a new version from today or a later day instead.")
IN_THE_PAST = _("A new version starts today or later: the rule of days already past stays as it was.")
NOT_ALLOWED = _("Only the institute changes policies.")


@dataclass(frozen=True)
class PolicyKind:
    slug: str
    model: type
    form_class: type
    title: str
    description: str
    columns: tuple  # the fields shown in the list of versions
    may_edit: Callable  # may_edit(user) -> bool
    order_by: tuple = ("-effective_from",)

    def versions(self):
        return self.model.objects.order_by(*self.order_by)


_kinds = {}


def register(kind):
    _kinds[kind.slug] = kind
    return kind


def kinds():
    return list(_kinds.values())


def kind(slug):
    return _kinds.get(slug)


def displayed(policy, fields):
    """{field: value as a person reads it} for the list and the read-only page (dates in the reader's format)."""
    values = audit.snapshot(policy, fields)
    return {field: short_date(getattr(policy, field)) if isinstance(getattr(policy, field), datetime.date) else value
            for field, value in values.items()}


def is_started(policy, today=None):
    return policy.effective_from <= (today or clock.today())


@transaction.atomic
def save_version(*, kind, policy, by, today=None):
    """Add `policy` (unsaved) as a new version, or save corrections to a version that has not started."""
    if not kind.may_edit(by):
        raise PermissionDenied(NOT_ALLOWED)
    today = today or clock.today()
    fields = kind.form_class.Meta.fields
    is_new = policy.pk is None
    before = {}
    if not is_new:
        stored = kind.model.objects.select_for_update().get(pk=policy.pk)
        if is_started(stored, today):
            raise ValidationError(STARTED % {"date": short_date(stored.effective_from)})
        before = audit.snapshot(stored, fields)
    if policy.effective_from is not None and policy.effective_from < today:
        raise ValidationError({"effective_from": IN_THE_PAST})
    if is_new and hasattr(policy, "created_by_id"):
        policy.created_by = by
    policy.full_clean()
    policy.save()
    policy.refresh_from_db()  # the values as stored (60 hours reads back as 60.0), like `before`
    audit.record(policy, "created" if is_new else "edited", by, detail={"changes": audit.changes(before, audit.snapshot(policy, fields))})
    return policy
