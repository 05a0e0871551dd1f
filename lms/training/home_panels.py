from django.utils.translation import gettext_lazy as _

from lms.home import Panel, register
from lms.organisations.access import access_for

from . import selectors
from .models import Enrolment


@register
def sessions_panel(request):
    """Upcoming places and waiting-list positions; for directors, applications to approve."""
    access = access_for(request.user)
    if not (access.is_centre_staff or access.is_institute):
        return None
    mine = (
        Enrolment.objects.filter(person=request.user, status__in=[
            Enrolment.Status.AWAITING_APPROVAL, Enrolment.Status.CONFIRMED, Enrolment.Status.WAITLISTED,
        ]).select_related("session__subject")
    )
    return Panel(
        title=_("Training sessions"),
        template="training/panels/sessions.html",
        context={"mine": list(mine), "approvals": selectors.awaiting_approval_for(request.user).count()},
        order=10,
    )
