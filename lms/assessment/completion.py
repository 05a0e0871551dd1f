"""The subject's completion rule, checked whenever the institute completes a session."""

from lms.training import completion

from . import selectors


@completion.register
def completion_rule_check(session, enrolments):
    return selectors.standings(session, enrolments)
