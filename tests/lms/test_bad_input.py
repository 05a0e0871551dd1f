"""Bad input gets a clear error (400 or 404 with a message, or the form again): never a 500, never a wrong record."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from curriculum.models import Enrolment
from ojt.models import IndividualOjt, OjtProgramme
from skillpath.models import Reflection, TrainingRecord
from tests.clock import at
from tests.curriculum.conftest import make_session

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999"


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(at("2026-11-23"), tick=False)


@pytest.mark.parametrize("query", ["year=0", "year=99999", "year=abc", "year=２０２６", f"year={HUGE}"])
def test_a_fiscal_year_the_site_does_not_know_is_a_400_with_a_message(login, world, query):
    response = login(world.supporter).get(f"/ojt/?{query}")
    assert response.status_code == 400
    assert "年度は 2000 から 2100 までの年で指定してください" in response.content.decode()


@pytest.mark.parametrize("year", ["0", "0000", "40000", "1999", "2101", HUGE])
def test_fiscal_years_out_of_range_in_addresses_are_404(login, world, year):
    client = login(world.coordinator)
    for path in (f"/ojt/centre/{world.centre.pk}/{year}/", f"/ojt/centre/{world.centre.pk}/{year}/table/"):
        assert client.get(path).status_code == 404
    response = client.post(f"/ojt/centre/{world.centre.pk}/{year}/", {"month": "5", "kind": "supervision_group", "theme": "expertise", "title": "SV", "planned_hours": "2"})
    assert response.status_code == 404
    assert not OjtProgramme.objects.exists()


def test_huge_ids_in_addresses_and_filters_are_not_errors(login, world, curriculum):
    client = login(world.institute_staff)
    assert client.get(f"/certificates/?session={HUGE}").status_code == 200
    assert client.get(f"/certificates/?prefecture={HUGE}").status_code == 200
    for path in (f"/certificates/{HUGE}/", f"/sessions/{HUGE}/", f"/training/{HUGE}/", f"/plans/{HUGE}/", f"/handbook/{HUGE}/"):
        assert client.get(path).status_code == 404, path


def test_nominating_a_person_who_does_not_exist_changes_nothing(login, world, curriculum):
    session = make_session(organiser=world.institute)
    response = login(world.director).post(reverse("enrolment_nominate", args=[session.pk]), {"person": [HUGE, "0"]}, follow=True)
    assert response.status_code == 200
    assert not Enrolment.objects.exists()


def external_form(**changes):
    data = {
        "title": "地域福祉研修", "kind": TrainingRecord.Kind.PREFECTURAL, "provider": "福岡県", "started_on": "2026-10-01",
        "completed_on": "2026-10-02", "hours": "6", "evidence": SimpleUploadedFile("attendance.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("field, value, message", [
    ("completed_on", "2027-03-31", "今日より後の日付は入力できません"),
    ("started_on", "0001-01-01", "2000-04-01 以降の日付"),
    ("completed_on", "9999-12-31", "今日より後の日付は入力できません"),
])
def test_external_training_must_have_taken_place(login, world, field, value, message):
    response = login(world.supporter).post(reverse("external_new"), external_form(**{field: value}))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and 'value="地域福祉研修"' in page
    assert not TrainingRecord.objects.exists()


@pytest.mark.parametrize("value", ["2026-11-24", "0001-01-01", "9999-12-31"])
def test_individual_ojt_must_have_taken_place(login, world, value):
    response = login(world.supporter).post(reverse("ojt_individual_new"), {"date": value, "hours": "1", "is_supervision": "on", "description": "個別SV"})
    assert response.status_code == 200 and "個別SV" in response.content.decode()
    assert not IndividualOjt.objects.exists()


def test_individual_ojt_today_is_accepted(login, world):
    login(world.supporter).post(reverse("ojt_individual_new"), {"date": "2026-11-23", "hours": "1", "is_supervision": "on", "description": "個別SV"})
    assert IndividualOjt.objects.get().date == datetime.date(2026, 11, 23)


def test_free_text_has_a_stated_limit(login, world):
    record = TrainingRecord.objects.create(
        person=world.supporter, title="生活困窮者支援論", kind=TrainingRecord.Kind.CENTRAL, started_on=datetime.date(2026, 9, 1),
        completed_on=datetime.date(2026, 9, 1), hours=Decimal("6"), status=TrainingRecord.Status.VERIFIED,
    )
    client = login(world.supporter)
    page = client.get(record.get_absolute_url()).content.decode()
    assert 'maxlength="4000"' in page and "4000 文字以内" in page
    response = client.post(record.get_absolute_url(), {"learned": "学" * 100_000, "apply_at_work": "面談で使う", "next_steps": ""})
    assert response.status_code == 200 and "面談で使う" in response.content.decode()
    assert not Reflection.objects.exists()
