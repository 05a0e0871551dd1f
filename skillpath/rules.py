"""Pure rules of the skill path; they read nothing from the database and never write."""

from decimal import Decimal

#: The guideline's yearly minimum of Off-JT (第二部 6).
OFFJT_MINIMUM_HOURS = Decimal("50")


def offjt_status(hours, minimum=OFFJT_MINIMUM_HOURS):
    """(hours, minimum, shortfall, percent) for a fiscal year's Off-JT."""
    hours = hours or Decimal("0")
    shortfall = max(minimum - hours, Decimal("0"))
    percent = int(min(hours / minimum * 100, 100)) if minimum else 100
    return {"hours": hours, "minimum": minimum, "shortfall": shortfall, "percent": percent, "met": shortfall == 0}
