"""What else completing a session takes, added by the apps above training (the assessment's rules)
in the manner of Wagtail hooks, so training need not import them.

A check is `check(session, enrolments) -> {enrolment id: [reason, …]}`: the people it names have
not met what it asks, and why. It must use a fixed number of queries for any number of people.
"""

_checks = []


def register(check):
    _checks.append(check)
    return check


def shortfalls(session, enrolments):
    """Every check's reasons, by enrolment id; people with none are left out."""
    reasons = {}
    for check in _checks:
        for enrolment_id, found in check(session, enrolments).items():
            if found:
                reasons.setdefault(enrolment_id, []).extend(str(reason) for reason in found)
    return reasons
