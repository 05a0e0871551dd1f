"""Pure certificate rules: status, the Japanese era, why a deadline is what it is."""

import datetime

from django.utils.translation import gettext_lazy as _

from curriculum.rules import policy_in_force, renewal_terms

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
ERAS = [(datetime.date(2019, 5, 1), "令和"), (datetime.date(1989, 1, 8), "平成"), (datetime.date(1926, 12, 25), "昭和")]


def japanese_era_date(day):
    """e.g. 2026-11-23 → 令和8年11月23日; the first year of an era is 元年."""
    for start, name in ERAS:
        if day >= start:
            year = day.year - start.year + 1
            return f"{name}{'元' if year == 1 else year}年{day.month}月{day.day}日"
    return western_date(day)


def western_date(day):
    """e.g. 2026-06-12 → 2026年6月12日 (no leading zeros, as Japanese documents write it)."""
    return f"{day.year}年{day.month}月{day.day}日"


def official_date(day):
    """How certificates date things: the era first, the Western year beside it (令和8年6月12日（2026年6月12日）)."""
    return f"{japanese_era_date(day)}（{western_date(day)}）"


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
