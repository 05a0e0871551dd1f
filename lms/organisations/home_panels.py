from django.utils.translation import gettext_lazy as _

from lms.home import Panel, register
from lms.organisations.access import access_for


@register
def roles_panel(request):
    """Everyone sees their current jobs and organisations first."""
    memberships = (
        request.user.memberships.current().select_related("organisation").order_by("organisation__name", "job")
    )
    return Panel(
        title=_("Your roles"),
        template="organisations/panels/roles.html",
        context={"memberships": memberships, "access": access_for(request.user)},
        order=0,
    )
