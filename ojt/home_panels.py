from django.utils.translation import gettext_lazy as _

from lms import clock
from lms.fiscal import fiscal_year
from lms.home import Panel, register
from lms.organisations.access import access_for

from . import selectors


@register
def ledger_panel(request):
    """Progress against this year's 50-hour minimums."""
    if not access_for(request.user).is_centre_staff:
        return None
    today = clock.today()
    [ledger] = selectors.ledgers_for([request.user], fiscal_year(today), today)
    return Panel(
        title=_("Training hours this year"), template="ojt/panels/ledger.html",
        context={"ledger": ledger, "cascade_owed": selectors.cascade_owed_for(request.user)}, order=8,
    )
