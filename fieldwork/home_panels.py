from django.utils.translation import gettext_lazy as _

from lms import clock
from lms.home import Panel, register
from lms.organisations.access import access_for

from . import rules, selectors
from .models import Offer, Placement


@register
def fieldwork_panel(request):
    """What fieldwork asks of this person today: as trainee, host, director or institute."""
    access = access_for(request.user)
    if not (access.is_host or access.is_institute or access.is_director or access.is_centre_staff):
        return None
    today = clock.today()
    mine = [
        (placement, [step for step in rules.next_steps(placement, list(placement.blocks.all()), today) if step.who == rules.TRAINEE])
        for placement in selectors.placements_visible_to(access)
        .filter(person=request.user, status__in=[Placement.Status.NOMINATED, Placement.Status.ACCEPTED])
        .prefetch_related("blocks")
    ]
    context = {"mine": mine, "access": access}
    if access.is_host:
        hosted = selectors.placements_visible_to(access).filter(
            offer__host_id__in=access.host_ids, status__in=[Placement.Status.NOMINATED, Placement.Status.ACCEPTED],
        ).prefetch_related("blocks")
        context["host_steps"] = [
            (placement, step) for placement in hosted
            for step in rules.next_steps(placement, list(placement.blocks.all()), today) if step.who == rules.HOST
        ]
    if access.is_director:
        context["open_offers"] = Offer.objects.published().filter(applications_close_on__gte=today).count()
    if access.is_institute:
        context["proposed_offers"] = Offer.objects.filter(status=Offer.Status.PROPOSED).count()
    if not (mine or context.get("host_steps") or context.get("open_offers") or context.get("proposed_offers")):
        return None
    return Panel(title=_("Fieldwork"), template="fieldwork/panels/fieldwork.html", context=context, order=20)
