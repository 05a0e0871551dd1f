from django.utils.translation import gettext_lazy as _

from lms import clock
from lms.fiscal import fiscal_year
from lms.home import Panel, register
from lms.organisations.access import access_for

from . import selectors
from .models import TrainingPlan


@register
def handbook_panel(request):
    """Centre staff: reflections owed and where the handbook is."""
    if not access_for(request.user).is_centre_staff:
        return None
    return Panel(
        title=_("Training handbook"),
        template="skillpath/panels/handbook.html",
        context={"owed": list(selectors.reflections_owed(request.user)[:5])},
        order=30,
    )


@register
def verification_panel(request):
    """Supervisors and directors: external training waiting for them."""
    if not access_for(request.user).is_manager:
        return None
    pending = selectors.pending_external_for(request.user).count()
    if not pending:
        return None
    return Panel(title=_("External training to verify"), template="skillpath/panels/verify.html", context={"pending": pending}, order=20)


@register
def plan_panel(request):
    """What to do next with this year's plan; for managers, plans waiting for them."""
    access = access_for(request.user)
    if not access.is_centre_staff:
        return None
    year = fiscal_year(clock.today())
    plan = TrainingPlan.objects.filter(person=request.user, fiscal_year=year).first()
    waiting = selectors.plan_queue(request.user, year)["waiting"].count() if access.is_manager else 0
    return Panel(title=_("Training plan"), template="skillpath/panels/plan.html", context={"plan": plan, "year": year, "waiting": waiting}, order=5)
