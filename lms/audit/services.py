"""Writing to the audit log and moving objects between states, the one way either is done."""

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lms.fields import length_refusal

from .models import AuditEntry

WRONG_STEP = _("This cannot be done at this step (it is: %(status)s).")


def record(obj, action, by, *, from_status="", to_status="", note="", detail=None):
    """Add one entry to `obj`'s history."""
    if refusal := length_refusal(AuditEntry, "note", note):
        raise ValidationError({"note": refusal})
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False), object_id=obj.pk,
        action=action, from_status=from_status, to_status=to_status, actor=by, note=note, detail=detail or {},
    )


def record_many(entries):
    """Write many unsaved entries (from `entry`) in one statement: a bulk step of hundreds of rows."""
    return AuditEntry.objects.bulk_create(entries)


def entry(obj, action, by, *, from_status="", to_status="", note="", detail=None):
    """An unsaved entry for `obj`, for writing many at once with AuditEntry.objects.bulk_create."""
    return AuditEntry(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False), object_id=obj.pk,
        action=action, from_status=from_status, to_status=to_status, actor=by, note=note, detail=detail or {},
    )


def snapshot(obj, fields):
    """The values of `fields` as a person reads them, to compare before and after an edit."""
    values = {}
    for name in fields:
        field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if field.choices:
            value = getattr(obj, f"get_{name}_display")()
        elif isinstance(value, bool):
            value = _("yes") if value else _("no")
        values[name] = "" if value is None else str(value)
    return values


def changes(before, after):
    """{field: [before, after]} for the fields whose values differ (for an entry's detail)."""
    return {name: [before.get(name, ""), value] for name, value in after.items() if before.get(name, "") != value}


@dataclass(frozen=True)
class Transition:
    """One step an object may take: from which states, to which, and who may take it.

    `permission(user, obj)` returns why the user may not (a sentence) or None; it is asked before
    the state, so a stranger learns nothing about the object's state.
    """

    name: str
    sources: frozenset
    target: str | None
    permission: Callable
    wrong_step: str | None = None  # what to say when the object is elsewhere (else the workflow's sentence)
    # A further check of the object in its state (e.g. a date passed): returns why not, or None.
    condition: Callable | None = None


_workflows = {}


def models_with_workflows():
    return set(_workflows)


def _workflow_of(model):
    """The workflow registered for `model`, its app's `workflow` module loaded if it was not yet."""
    if model not in _workflows:
        from importlib import import_module

        from django.apps import apps

        with contextlib.suppress(ModuleNotFoundError):
            import_module(f"{apps.get_containing_app_config(model.__module__).name}.workflow")
    return _workflows.get(model)


def available_actions(obj, user):
    """The steps `user` may take on `obj` now (empty when its model has no workflow)."""
    workflow = _workflow_of(type(obj))
    return workflow.available(obj, user) if workflow else set()


def perform_step(obj, name, by, **options):
    """Take step `name` of the workflow registered for `obj`'s model: how another app moves an
    object it does not own (the owner's workflow decides who and when, and writes the history)."""
    return _workflow_of(type(obj)).perform(obj, name, by, **options)


def require_step(obj, name, by):
    """Raise the refusal, if any, of step `name` on `obj` (its model's registered workflow)."""
    _workflow_of(type(obj)).require(obj, name, by)


@dataclass
class Workflow:
    """The transitions of one model, by name; `perform` is the only way they happen."""

    model: type
    transitions: list = field(default_factory=list)
    status_field: str = "status"
    wrong_step: str = WRONG_STEP  # said when the object is not in a state the step starts from

    def __post_init__(self):
        self.by_name = {transition.name: transition for transition in self.transitions}
        _workflows[self.model] = self

    def refusal(self, obj, name, user):
        """(error class, reason) when `user` may not take step `name` on `obj` now, else None."""
        transition = self.by_name[name]
        if reason := transition.permission(user, obj):
            return PermissionDenied, str(reason)
        status = getattr(obj, self.status_field)
        if status not in transition.sources:
            display = getattr(obj, f"get_{self.status_field}_display")()
            return ValidationError, str((transition.wrong_step or self.wrong_step) % {"status": display})
        if transition.condition is not None and (reason := transition.condition(obj)):
            return ValidationError, str(reason)
        return None

    def require(self, obj, name, user):
        """Raise the refusal (PermissionDenied or ValidationError), if any, for a step saved elsewhere.

        For steps whose change is made by a form or on other rows; call it with the row locked and
        write the history entry with `record` in the same transaction.
        """
        if refused := self.refusal(obj, name, user):
            error, reason = refused
            raise error(reason)

    def available(self, obj, user):
        """The names of the steps `user` may take on `obj` now: what templates show as buttons."""
        return {name for name in self.by_name if self.refusal(obj, name, user) is None}

    @transaction.atomic
    def perform(self, obj, name, by, *, note="", detail=None, apply=None):
        """Lock the row, check the person and then the state, change it, and write one history entry.

        `apply(locked)` sets what else the step changes (it may raise ValidationError); when it
        returns False nothing changed, so nothing is saved or written. Returns the locked object and
        its history entry (None when nothing changed).
        """
        locked = type(obj).objects.select_for_update().get(pk=obj.pk)
        self.require(locked, name, by)
        transition = self.by_name[name]
        previous = getattr(locked, self.status_field)
        if transition.target is not None:
            setattr(locked, self.status_field, transition.target)
        if apply is not None and apply(locked) is False and getattr(locked, self.status_field) == previous:
            return locked, None  # a repeated form changed nothing: no entry
        locked.save()
        entry = record(locked, name, by, from_status=previous, to_status=getattr(locked, self.status_field), note=note, detail=detail)
        return locked, entry
