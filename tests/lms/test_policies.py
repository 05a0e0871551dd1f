"""The institute edits the versioned policies in the site: a version from today or later, a started
version read-only, corrections before the start, each change in the version's history."""

import datetime
from decimal import Decimal

import pytest

from curriculum.models import RenewalPolicy, Subject
from fieldwork.models import EligibilityPolicy
from lms.audit.models import AuditEntry
from ojt.models import MinimumHoursPolicy
from ojt.rules import policy_for_year

pytestmark = [pytest.mark.django_db, pytest.mark.today("2027-03-31")]


def test_a_new_minimum_from_next_fiscal_year_is_used_from_then_and_recorded(world, login):
    # The migrations add this row; a database reused after a transactional test has lost it.
    MinimumHoursPolicy.objects.get_or_create(effective_from=datetime.date(2015, 4, 1))
    client = login(world.institute_staff)
    response = client.post("/policies/minimum-hours/new/", {"effective_from": "2027-04-01", "ojt_hours": "60", "offjt_hours": "50", "offjt_day_hours": "8", "fieldwork_day_hours": "8", "centre_lectures_are_offjt": "on", "note": "見直し"})
    assert response.status_code == 302
    new = MinimumHoursPolicy.objects.get(effective_from=datetime.date(2027, 4, 1))
    policies = list(MinimumHoursPolicy.objects.all())
    assert policy_for_year(policies, 2026).ojt_hours == Decimal("50") and policy_for_year(policies, 2027).ojt_hours == Decimal("60")
    [entry] = AuditEntry.objects.filter(content_type__model="minimumhourspolicy", object_id=new.pk)
    assert entry.actor == world.institute_staff and entry.detail["changes"]["ojt_hours"] == ["", "60.0"]
    page = client.get("/policies/").content.decode()
    assert "修正（未開始）" in page and "履歴" in page


def test_a_version_cannot_start_in_the_past_and_the_form_keeps_the_input(world, login):
    response = login(world.institute_staff).post("/policies/minimum-hours/new/", {"effective_from": "2027-03-30", "ojt_hours": "40", "offjt_hours": "50", "fieldwork_day_hours": "8", "note": "遡及"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "新しい版は今日以降に始まります" in page and 'value="遡及"' in page
    assert not MinimumHoursPolicy.objects.filter(effective_from=datetime.date(2027, 3, 30)).exists()


def test_a_started_version_is_read_only_and_a_future_one_can_be_corrected(world, login):
    started = EligibilityPolicy.objects.create(effective_from=datetime.date(2026, 4, 1))
    future = EligibilityPolicy.objects.create(effective_from=datetime.date(2027, 10, 1), open_to=EligibilityPolicy.OpenTo.APPLIED)
    client = login(world.institute_staff)
    page = client.get(f"/policies/fieldwork-eligibility/{started.pk}/").content.decode()
    assert "<form method=\"post\"" not in page.split("<main", 1)[1] and "この版は開始済みのため" in page
    client.post(f"/policies/fieldwork-eligibility/{started.pk}/", {"effective_from": "2026-04-01", "open_to": "common", "min_experience_years": "0"})
    started.refresh_from_db()
    assert started.open_to == EligibilityPolicy.OpenTo.SUPERVISOR
    response = client.post(f"/policies/fieldwork-eligibility/{future.pk}/", {"effective_from": "2027-10-01", "open_to": "common", "min_experience_years": "1"})
    assert response.status_code == 302
    future.refresh_from_db()
    assert future.open_to == EligibilityPolicy.OpenTo.COMMON
    [entry] = AuditEntry.objects.filter(content_type__model="eligibilitypolicy", object_id=future.pk)
    assert entry.action == "edited" and set(entry.detail["changes"]) == {"open_to", "min_experience_years"}
    page = client.get(f"/policies/fieldwork-eligibility/{future.pk}/").content.decode()
    assert "開始前の版の修正" in page


def test_a_renewal_version_is_added_per_subject(world, login, curriculum):
    subject = Subject.objects.get(code="poverty-support")
    response = login(world.institute_staff).post("/policies/renewal/new/", {
        "subject": subject.pk, "effective_from": "2027-04-01", "period_years": "3", "basis": "anniversary", "window_months": "6", "after_lapse": "refresher",
    })
    assert response.status_code == 302
    assert RenewalPolicy.objects.get(subject=subject, effective_from=datetime.date(2027, 4, 1)).period_years == 3


@pytest.mark.parametrize("role", ["director", "supervisor", "supporter", "lecturer"])
def test_only_the_institute_reaches_the_policies(world, login, role):
    client = login(getattr(world, role))
    assert client.get("/policies/").status_code == 403
    assert client.post("/policies/minimum-hours/new/", {"effective_from": "2027-04-01", "ojt_hours": "1", "offjt_hours": "1"}).status_code == 403
    assert not MinimumHoursPolicy.objects.filter(ojt_hours=1).exists()


def test_nonsense_values_are_refused_on_the_form_in_japanese(world, login, curriculum):
    client = login(world.institute_staff)
    response = client.post("/policies/minimum-hours/new/", {"effective_from": "2027-04-01", "ojt_hours": "-5", "offjt_hours": "9999.9"})
    assert response.status_code == 200 and "0 以上" in response.content.decode()
    subject = Subject.objects.get(code="poverty-support")
    response = client.post("/policies/renewal/new/", {
        "subject": subject.pk, "effective_from": "2027-04-01", "period_years": "0", "basis": "anniversary", "window_months": "6", "after_lapse": "refresher",
    })
    page = response.content.decode()
    assert response.status_code == 200 and "renewal_period_positive" not in page and "1 以上" in page
    assert not MinimumHoursPolicy.objects.filter(effective_from=datetime.date(2027, 4, 1)).exists()


def test_the_completion_rules_table_says_how_many_attempts_a_test_allows(world, login, curriculum):
    from lms.assessment.models import CompletionRule

    CompletionRule.objects.create(subject=Subject.objects.get(code="poverty-support"), effective_from=datetime.date(2026, 4, 1),
                                  tests_required=True, pass_mark=70, attempts_allowed=3)
    page = login(world.institute_staff).get("/policies/").content.decode()
    table = page[page.find("研修の修了要件"):]
    assert "テストごとの受験回数の上限" in table[:table.find("</thead>")] and "<td>3</td>" in table
