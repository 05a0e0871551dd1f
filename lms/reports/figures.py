"""The figures a report counts, each defined once: the same definition counts them at refresh
time (in Python, over the year's rows) and lists the people behind a number (in SQL)."""

import operator
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Standing

# Plan statuses grouped as the oversight asks: not yet submitted, waiting for approval, approved.
PLAN_GROUPS = {
    "none": ("",),
    "draft": ("draft", "returned"),
    "submitted": ("submitted",),
    "approved": ("approved", "in_progress", "self_evaluated", "closed"),
}


@dataclass(frozen=True)
class Figure:
    label: str
    field: str = ""
    lookup: str = "exact"
    value: object = None

    def q(self):
        return Q(**{f"{self.field}__{self.lookup}": self.value}) if self.field else Q()

    def holds(self, row):
        if not self.field:
            return True
        actual = getattr(row, self.field)
        test = {"exact": operator.eq, "gt": operator.gt, "in": lambda a, b: a in b}[self.lookup]
        return test(actual, self.value)


FIGURES = {
    "staff": Figure(_("Staff in post")),
    "ojt_met": Figure(_("OJT minimum met"), "ojt_standing", value=Standing.MET),
    "ojt_on_pace": Figure(_("OJT on pace"), "ojt_standing", value=Standing.ON_PACE),
    "ojt_behind": Figure(_("OJT behind"), "ojt_standing", value=Standing.BEHIND),
    "offjt_met": Figure(_("Off-JT minimum met"), "offjt_standing", value=Standing.MET),
    "offjt_on_pace": Figure(_("Off-JT on pace"), "offjt_standing", value=Standing.ON_PACE),
    "offjt_behind": Figure(_("Off-JT behind"), "offjt_standing", value=Standing.BEHIND),
    "missing_common": Figure(_("Never completed a compulsory common-tier subject"), "missing_common", "gt", 0),
    "renewals_due": Figure(_("Renewal due this year"), "renewals_due", "gt", 0),
    "renewals_overdue": Figure(_("Renewal overdue"), "renewals_overdue", "gt", 0),
    "renewals_lapsed": Figure(_("Lapsed (full course again)"), "renewals_lapsed", "gt", 0),
    "supervisor_overdue": Figure(_("Supervisors past five years without the supervisor tier"), "supervisor_overdue", value=True),
    "plan_none": Figure(_("No plan yet"), "plan_status", "in", PLAN_GROUPS["none"]),
    "plan_draft": Figure(_("Plan not yet submitted"), "plan_status", "in", PLAN_GROUPS["draft"]),
    "plan_submitted": Figure(_("Plan waiting for approval"), "plan_status", "in", PLAN_GROUPS["submitted"]),
    "plan_approved": Figure(_("Plan approved"), "plan_status", "in", PLAN_GROUPS["approved"]),
    "fieldwork_completed": Figure(_("Completed a fieldwork placement"), "fieldwork_completed", "gt", 0),
}

# The columns of the area tables, in order (each a FIGURES key).
TABLE_COLUMNS = [
    "staff", "ojt_met", "ojt_on_pace", "ojt_behind", "offjt_met", "offjt_on_pace", "offjt_behind", "missing_common",
    "renewals_due", "renewals_overdue", "renewals_lapsed", "supervisor_overdue", "plan_none", "plan_draft", "plan_submitted",
    "plan_approved", "fieldwork_completed",
]
# After the year's end nobody is "on pace": the final table leaves those columns out.
FINAL_HIDDEN = {"ojt_on_pace", "offjt_on_pace"}


def columns(final):
    return [key for key in TABLE_COLUMNS if not (final and key in FINAL_HIDDEN)]

# Once the year is over "behind" means the minimum was not met.
FINAL_LABELS = {"ojt_behind": _("OJT minimum not met"), "offjt_behind": _("Off-JT minimum not met")}


def label(key, final):
    return str(FINAL_LABELS[key]) if final and key in FINAL_LABELS else str(FIGURES[key].label)
