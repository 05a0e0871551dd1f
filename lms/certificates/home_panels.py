from django.utils.translation import gettext_lazy as _

from lms import clock
from lms.home import Panel, register
from lms.organisations.access import access_for

from . import rules, selectors
from .models import Certificate


@register
def certificates_panel(request):
    """Holders: certificates due for renewal. Directors and the institute: supervisors past five years."""
    access = access_for(request.user)
    if not (access.is_centre_staff or access.is_institute):
        return None
    today = clock.today()
    # One query: the status from the deadline each certificate keeps, not from the policies.
    mine = list(Certificate.objects.filter(holder=request.user).select_related("subject", "superseded_by"))
    due = []
    for certificate in mine:
        if (status := certificate.status_on(today)) in (rules.RENEWAL_DUE, rules.LAPSED):
            certificate.status_label = rules.STATUS_LABELS[status]
            due.append(certificate)
    overdue, overdue_count, shown = [], 0, 0
    if access.is_institute or access.is_director:
        # Counted and sliced in SQL: the institute's list is the whole country's.
        required = selectors.supervisor_tier_required()
        appointments = selectors.overdue_appointments(
            required=required, centre_ids=None if access.is_institute else access.directed_centre_ids, today=today,
        )
        people = appointments.order_by().values("user_id").distinct()
        overdue_count = people.count()  # people, not appointments: a supervisor at two centres counts once
        first_ten = list(people.order_by("user_id").values_list("user_id", flat=True)[:10])
        overdue = selectors.with_missing(appointments.filter(user_id__in=first_ten), required)
        shown = len(first_ten)
    return Panel(title=_("Certificates"), template="certificates/panels/certificates.html",
                 context={"due": due, "count": len(mine), "overdue": overdue, "overdue_count": overdue_count, "shown": shown}, order=15)
