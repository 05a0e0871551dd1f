from django.utils.translation import gettext as _

from lms.handbook import HandbookEntry, register

from .models import IndividualOjt, OjtSession
from .selectors import minimum_hours_policies, policy_for


@register
def ojt_entries(person):
    """Confirmed OJT sessions attended and signed-off individual OJT; a session with an outside
    lecturer is listed under Off-JT when the year's hours policy counts it there."""
    policies = minimum_hours_policies()
    sessions = OjtSession.objects.filter(attendees=person, status=OjtSession.Status.CONFIRMED).select_related("centre")
    for session in sessions:
        is_offjt = policy_for(policies, session.fiscal_year).counts_as_offjt(session.kind)
        yield HandbookEntry(
            section="offjt" if is_offjt else "ojt", fiscal_year=session.fiscal_year, date=session.date, title=session.title,
            detail=session.get_kind_display(), hours=session.hours, status=session.get_status_display(),
            url=session.get_absolute_url(),
        )
    for entry in IndividualOjt.objects.filter(person=person).exclude(status=IndividualOjt.Status.REJECTED):
        yield HandbookEntry(
            section="ojt", fiscal_year=entry.fiscal_year, date=entry.date, title=_("Individual OJT"),
            detail=entry.description[:80],
            hours=entry.hours if entry.status == IndividualOjt.Status.SIGNED_OFF else None,
            status=entry.get_status_display(),
        )
