"""Pure certificate rules: status, the Japanese era, why a deadline is what it is."""


from django.utils.translation import gettext_lazy as _

from curriculum.rules import policy_in_force, renewal_terms
from lms.formats import japanese_era_date, official_date, western_date  # noqa: F401  (the documents' dates, shared)

VALID, RENEWAL_DUE, LAPSED, REVOKED, SUPERSEDED, PERMANENT = "valid", "renewal_due", "lapsed", "revoked", "superseded", "permanent"
STATUS_LABELS = {
    VALID: _("Valid"), RENEWAL_DUE: _("Renewal due"), LAPSED: _("Lapsed"), REVOKED: _("Revoked"),
    SUPERSEDED: _("Superseded by a renewal"), PERMANENT: _("Valid (no renewal needed)"),
}
IN_FORCE = (VALID, PERMANENT, RENEWAL_DUE)
# What a verifier is told first, by status: (how it is shown: ok, bad or neutral, the words).
VERDICTS = {
    VALID: ("ok", _("Genuine and valid")), PERMANENT: ("ok", _("Genuine and valid")), RENEWAL_DUE: ("ok", _("Genuine and valid")),
    REVOKED: ("bad", _("Genuine, but revoked")), SUPERSEDED: ("", _("Genuine; renewed by a newer certificate")),
    LAPSED: ("bad", _("Genuine but lapsed")),
}
def terms_for(*, subject_policies, completed_on):
    policy = policy_in_force(subject_policies, completed_on)
    return renewal_terms(policy, completed_on) if policy else None


def certificate_status(*, revoked, superseded, terms, today):
    """The state of a certificate on `today`, given its renewal terms (None when it never expires)."""
    if revoked:
        return REVOKED
    if superseded:
        return SUPERSEDED
    if terms is None:
        return PERMANENT
    if today > terms.deadline:
        return LAPSED
    if today >= terms.window_opens:
        return RENEWAL_DUE
    return VALID
