"""Writes of the handbook and the plan cycle: external training and its verification, reflections,
yearly plans and ability ratings."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lms import clock
from lms.audit import services as audit
from lms.fiscal import fiscal_year_label
from lms.organisations.access import centre_of
from lms.outbox import services as outbox
from lms.training.models import TrainingRecord
from lms.uploads import removed_if_not_saved

from . import rules
from .models import AbilityRating, PlanRow, Reflection, TrainingPlan
from .tasks import notify_plan_event
from .workflow import PLAN

REASON_REQUIRED = _("Give the reason so the person can correct it.")


@transaction.atomic
@removed_if_not_saved
def external_record_submit(*, person, title, kind, provider, started_on, completed_on, hours, days=None, evidence=None, subject=None, outside_course=None):
    """Training outside the institute counts once the person's supervisor verifies it."""
    refusals = rules.external_training_refusals(started_on=started_on, completed_on=completed_on, hours=hours, days=days, today=clock.today())
    if refusals:
        raise ValidationError(refusals)
    record = TrainingRecord(
        person=person, title=title, kind=kind, provider=provider, started_on=started_on,
        completed_on=completed_on, hours=hours, days=days, subject=subject, outside_course=outside_course,
        status=TrainingRecord.Status.PENDING,
    )
    if evidence:
        record.evidence = evidence
    record.full_clean(exclude=["fiscal_year"])
    record.save()
    audit.record(record, TrainingRecord.AuditAction.SUBMITTED, person, to_status=record.status)
    return record


def external_record_verify(*, record, by):
    def verify(record):
        record.verified_by, record.verified_at = by, clock.now()
        record.rejection_reason = ""

    record, _entry = audit.perform_step(record, TrainingRecord.Status.VERIFIED, by, apply=verify)
    return record


def external_record_reject(*, record, by, reason):
    def reject(record):
        if not reason.strip():
            raise ValidationError(REASON_REQUIRED)
        record.verified_by, record.verified_at = by, clock.now()
        record.rejection_reason = reason.strip()

    record, _entry = audit.perform_step(record, TrainingRecord.Status.REJECTED, by, note=reason.strip(), apply=reject)
    return record


@transaction.atomic
def reflection_save(*, record, by, learned, apply_at_work, next_steps=""):
    record = TrainingRecord.objects.select_for_update().get(pk=record.pk)
    audit.require_step(record, "reflected", by)
    reflection, _ = Reflection.objects.update_or_create(
        record=record, defaults={"learned": learned, "apply_at_work": apply_at_work, "next_steps": next_steps},
    )
    reflection.full_clean()
    return reflection


# --- Yearly plans ----------------------------------------------------------------------------

PLAN_EXISTS = _("There is already a plan for %(year)s.")
NO_CENTRE = _("You need a job in a centre to make a training plan.")


def _notify(entry):
    if entry is None:
        return None
    outbox.send(notify_plan_event, event_id=entry.pk)
    return entry


def _step(plan, name, by, *, note="", apply=None):
    """Take one step of the plan's workflow and tell the people who act next."""
    plan, entry = PLAN.perform(plan, name, by, note=note.strip(), apply=apply)
    _notify(entry)
    return plan


@transaction.atomic
def plan_create(*, person, fiscal_year):
    """Start a draft for the year, pre-filled from last year's self-evaluation (step 5 → step 1)."""
    if TrainingPlan.objects.filter(person=person, fiscal_year=fiscal_year).exists():
        raise ValidationError(PLAN_EXISTS % {"year": fiscal_year_label(fiscal_year)})
    centre = centre_of(person)
    if centre is None:
        raise ValidationError(NO_CENTRE)
    previous = TrainingPlan.objects.filter(person=person, fiscal_year=fiscal_year - 1).first()
    plan = TrainingPlan.objects.create(
        person=person, fiscal_year=fiscal_year, centre=centre,
        self_image=previous.self_image if previous else "",
        strengths=previous.strengths if previous else "",
        training_issues=(previous.next_year_focus or previous.self_evaluation) if previous else "",
    )
    audit.record(plan, TrainingPlan.AuditAction.CREATED, person, to_status=plan.status)
    return plan


def plan_submit(*, plan, by):
    return _step(plan, TrainingPlan.Status.SUBMITTED, by)


def plan_return(*, plan, by, comment):
    def require_comment(plan):
        if not comment.strip():
            raise ValidationError(rules.REFUSED_COMMENT_REQUIRED)

    return _step(plan, TrainingPlan.Status.RETURNED, by, note=comment, apply=require_comment)


def plan_approve(*, plan, by, comment=""):
    def approve(plan):
        plan.approved_by, plan.approved_at = by, clock.now()

    return _step(plan, TrainingPlan.Status.APPROVED, by, note=comment, apply=approve)


def plan_start(*, plan, by):
    return _step(plan, TrainingPlan.Status.IN_PROGRESS, by)


def plan_self_evaluate(*, plan, by, self_evaluation, next_year_focus):
    def evaluate(plan):
        if not self_evaluation.strip():
            raise ValidationError(_("Write the self-evaluation of the year."))
        plan.self_evaluation, plan.next_year_focus = self_evaluation.strip(), next_year_focus.strip()

    return _step(plan, TrainingPlan.Status.SELF_EVALUATED, by, apply=evaluate)


def plan_close(*, plan, by, comment=""):
    return _step(plan, TrainingPlan.Status.CLOSED, by, note=comment)


@transaction.atomic
def plan_update(*, plan, by, fields, rows, deleted=()):
    """Save the plan's text and entries (new, changed and `deleted` ones); only the person, and only
    while it is a draft or returned."""
    def update(plan):
        changed = [name for name, value in fields.items() if getattr(plan, name) != value]
        for name in changed:
            setattr(plan, name, fields[name])
        plan.full_clean()
        for row in rows:
            if row.pk and row.plan_id != plan.pk:
                raise PermissionDenied(rules.REFUSED_NOT_OWNER)
            row.plan = plan
            if row.line not in rules.plan_lines(row.domain.delivery):
                raise ValidationError(rules.REFUSED_LINE)
            row.full_clean()
            row.save()
        removed, _counts = PlanRow.objects.filter(plan=plan, pk__in=[row.pk for row in deleted if row.pk]).delete()
        return bool(changed or rows or removed)  # saving an unchanged plan leaves no history entry

    plan, _entry = PLAN.perform(plan, "edited", by, apply=update)
    return plan


@transaction.atomic
def ratings_save(*, plan, by, rater, moment, levels):
    """Save levels {ability_id: 1..4} as the person's own or their supervisor's ratings."""
    step = "rate_self" if rater == AbilityRating.Rater.SELF else "rate_as_supervisor"
    plan = TrainingPlan.objects.select_for_update().get(pk=plan.pk)
    PLAN.require(plan, step, by)
    for ability_id, level in levels.items():
        if level is None:
            continue
        AbilityRating.objects.update_or_create(
            plan=plan, ability_id=ability_id, rater=rater, moment=moment, defaults={"level": level, "rated_by": by},
        )
