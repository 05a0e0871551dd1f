from django.utils.translation import gettext as _

from lms.fields import plain_number
from lms.handbook import HandbookEntry, register
from ojt.rules import course_credit
from ojt.selectors import minimum_hours_policies, policy_for

from .selectors import handbook_records


@register
def offjt_entries(person):
    """Every Off-JT training (central, prefectural, related bodies') and its reflection."""
    policies = minimum_hours_policies()
    for record in handbook_records(person):
        counted = record.status == record.Status.VERIFIED
        days = _("%(days)s days") % {"days": plain_number(record.days)} if record.days else ""
        yield HandbookEntry(
            section="offjt",
            fiscal_year=record.fiscal_year,
            date=record.completed_on,
            title=record.title,
            detail=" / ".join(filter(None, [record.get_kind_display(), record.provider, days])),
            hours=course_credit(record.hours, record.days, policy_for(policies, record.fiscal_year)) if counted else None,
            status=record.get_status_display(),
            url=record.get_absolute_url(),
        )
        reflection = getattr(record, "reflection", None)
        if reflection is not None:
            yield HandbookEntry(
                section="reflection",
                fiscal_year=record.fiscal_year,
                date=reflection.written_at.date(),
                title=record.title,
                detail=reflection.learned[:120],
                url=record.get_absolute_url(),
            )


@register
def plan_entries(person):
    """Each year's plan with its step and approver."""
    from .models import TrainingPlan

    for plan in TrainingPlan.objects.filter(person=person).select_related("approved_by", "person"):
        detail = plan.goals[:120]
        if plan.approved_by:
            detail = f"{detail} ({plan.approved_by})" if detail else str(plan.approved_by)
        yield HandbookEntry(
            section="plan", fiscal_year=plan.fiscal_year, date=plan.approved_at.date() if plan.approved_at else None,
            title=str(plan), detail=detail, status=plan.get_status_display(), url=plan.get_absolute_url(),
        )
