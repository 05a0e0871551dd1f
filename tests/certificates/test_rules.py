import datetime

import pytest

from curriculum.models import RenewalPolicy
from curriculum.rules import renewal_terms
from lms.certificates import rules

D = datetime.date


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (D(2026, 11, 23), "令和8年11月23日"),
        (D(2019, 5, 1), "令和元年5月1日"),
        (D(2019, 4, 30), "平成31年4月30日"),
        (D(2024, 2, 29), "令和6年2月29日"),
    ],
)
def test_japanese_era(day, text):
    assert rules.japanese_era_date(day) == text


def test_official_documents_give_the_era_with_the_western_date_beside_it_without_leading_zeros():
    assert rules.official_date(D(2026, 7, 1)) == "令和8年7月1日（2026年7月1日）"
    assert rules.official_date(D(2019, 5, 1)) == "令和元年5月1日（2019年5月1日）"
    assert rules.western_date(D(2028, 2, 29)) == "2028年2月29日"


def fiscal_terms(completed_on):
    return renewal_terms(RenewalPolicy(effective_from=D(2015, 4, 1), period_years=5, window_months=12), completed_on)


@pytest.mark.parametrize(
    ("completed_on", "today", "status"),
    [
        (D(2026, 6, 1), D(2030, 3, 31), rules.VALID),
        (D(2026, 6, 1), D(2031, 4, 1), rules.RENEWAL_DUE),  # window opens with the final fiscal year
        (D(2026, 6, 1), D(2032, 3, 31), rules.RENEWAL_DUE),  # last day
        (D(2026, 6, 1), D(2032, 4, 1), rules.LAPSED),
        (D(2024, 2, 29), D(2029, 3, 31), rules.RENEWAL_DUE),
        (D(2024, 2, 29), D(2029, 4, 1), rules.LAPSED),
    ],
)
def test_status_across_fiscal_year_boundaries(completed_on, today, status):
    assert rules.certificate_status(revoked=False, superseded=False, terms=fiscal_terms(completed_on), today=today) == status


def test_revoked_and_superseded_win_and_no_terms_means_permanent():
    terms = fiscal_terms(D(2026, 6, 1))
    assert rules.certificate_status(revoked=True, superseded=True, terms=terms, today=D(2027, 1, 1)) == rules.REVOKED
    assert rules.certificate_status(revoked=False, superseded=True, terms=terms, today=D(2027, 1, 1)) == rules.SUPERSEDED
    assert rules.certificate_status(revoked=False, superseded=False, terms=None, today=D(2090, 1, 1)) == rules.PERMANENT
