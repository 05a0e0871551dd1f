"""The report's place on the session page: the participant's state and deadline, the lecturer's counts."""

from django.utils.translation import gettext_lazy as _

from lms import clock
from lms.training.session_panels import Panel, register

from . import selectors


@register
def report_panel(request, session):
    rule = selectors.rule_for(session)
    if rule is None:
        return None
    role, enrolment = selectors.role_on(session, request.user)
    if role is None:
        return None
    context = {"session": session, "rule": rule, "role": role, "due_on": selectors.report_due_on(session, rule), "today": clock.today()}
    if role == "marker":
        context["counts"] = selectors.marking_counts(session) if rule.report_required else None
    else:
        context["report"] = selectors.report_of(enrolment) if rule.report_required else None
        context["shortfalls"] = selectors.standings(session, [enrolment]).get(enrolment.pk, [])
        context["enrolment"] = enrolment
    return Panel(title=_("Completion and report"), template="assessment/panels/session.html", context=context, order=20)
