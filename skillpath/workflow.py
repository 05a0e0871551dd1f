"""The steps of a yearly plan (図表 2-2): who takes each, from which step, to which."""

from lms.audit.services import Transition, Workflow
from lms.organisations.access import access_for

from . import rules
from .models import TrainingPlan

Status = TrainingPlan.Status
EVERY_OPEN_STEP = frozenset(Status.values) - {Status.CLOSED}


def _owner(user, plan):
    return None if plan.person_id == user.pk else rules.REFUSED_NOT_OWNER


def _manager(user, plan):
    """A director or supervisor of the plan's centre, never for their own plan."""
    if plan.person_id == user.pk:
        return rules.REFUSED_OWN_PLAN
    if plan.centre_id not in access_for(user).managed_centre_ids:
        return rules.REFUSED_NOT_MANAGER
    return None


PLAN = Workflow(TrainingPlan, [
    Transition("edited", frozenset(TrainingPlan.EDITABLE), None, _owner),
    Transition(Status.SUBMITTED, frozenset(TrainingPlan.EDITABLE), Status.SUBMITTED, _owner),
    Transition(Status.RETURNED, frozenset({Status.SUBMITTED}), Status.RETURNED, _manager),
    Transition(Status.APPROVED, frozenset({Status.SUBMITTED}), Status.APPROVED, _manager),
    Transition(Status.IN_PROGRESS, frozenset({Status.APPROVED}), Status.IN_PROGRESS, _owner),
    Transition(Status.SELF_EVALUATED, frozenset({Status.APPROVED, Status.IN_PROGRESS}), Status.SELF_EVALUATED, _owner),
    Transition(Status.CLOSED, frozenset({Status.SELF_EVALUATED}), Status.CLOSED, _manager),
    # Ratings are not steps, but follow the same rule of who and when.
    Transition("rate_self", EVERY_OPEN_STEP, None, _owner),
    Transition("rate_as_supervisor", EVERY_OPEN_STEP, None, _manager),
])
