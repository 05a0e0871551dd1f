from django.utils.translation import gettext as _

from lms.handbook import HandbookEntry, register

from .models import Placement
from .selectors import handbook_placements, placement_fiscal_year


@register
def fieldwork_entries(person):
    """Each accepted or completed placement; its days count once the host confirms completion."""
    for placement in handbook_placements(person):
        blocks = sorted(placement.blocks.all(), key=lambda block: block.number)
        goals = " / ".join(f"{block.number}: {block.goal}" for block in blocks if block.goal)
        reviewed = sum(block.is_reviewed for block in blocks)
        completed = placement.status == Placement.Status.COMPLETED
        status = placement.get_status_display()
        if not completed and blocks:
            status = _("%(status)s (%(reviewed)s of 3 blocks reviewed)") % {"status": status, "reviewed": reviewed}
        yield HandbookEntry(
            section="fieldwork",
            fiscal_year=placement_fiscal_year(placement),
            date=placement.completed_on if completed else (blocks[0].starts_on if blocks else None),
            title=_("Fieldwork at %(host)s") % {"host": placement.offer.host},
            detail=" — ".join(filter(None, [placement.offer.title, goals]))[:200],
            days=placement.days if completed else None,
            status=status,
            url=placement.get_absolute_url(),
        )
