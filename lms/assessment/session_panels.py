"""What a session asks beyond attendance, on its page: for a participant their tests, report and
what is still to do; for those who teach it the way to the marking."""

from django.utils.translation import gettext_lazy as _

from lms import clock
from lms.training.session_panels import Panel, register

from . import selectors


@register
def report_panel(request, session):
    role, enrolment = selectors.role_on(session, request.user)
    if role is None or session.status not in (session.Status.PUBLISHED, session.Status.COMPLETED):
        return None
    rule = selectors.rule_for(session)
    tests = selectors.tests_for(session)
    context = {
        "session": session, "rule": rule, "role": role, "tests": tests, "today": clock.today(),
        "due_on": selectors.report_due_on(session, rule) if rule else None,
    }
    if role == "marker":
        context["counts"] = selectors.marking_counts(session) if rule and rule.report_required else None
    else:
        context["report"] = selectors.report_of(enrolment) if rule and rule.report_required else None
        context["shortfalls"] = selectors.standings(session, [enrolment]).get(enrolment.pk, [])
        context["enrolment"] = enrolment
        context["evaluated"] = hasattr(enrolment, "evaluation_receipt")
        context["evaluation_refusal"] = selectors.evaluation_refusal(enrolment, clock.today())
    return Panel(title=_("Completion, tests, report and evaluation"), template="assessment/panels/session.html", context=context, order=20)
