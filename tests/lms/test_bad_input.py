"""Bad input gets a clear error (400 or 404 with a message, or the form again): never a 500, never a wrong record."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lms.training.models import Enrolment, TrainingRecord
from ojt.models import IndividualOjt, OjtProgramme
from skillpath.models import Reflection
from tests import factories
from tests.training.conftest import make_session

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-11-23")]
HUGE = "99999999999999999999"


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
    ("started_on", "0001-01-01", "2000年4月1日 以降の日付"),
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
    record = factories.TrainingRecordFactory(person=world.supporter, completed_on=datetime.date(2026, 9, 1), hours=Decimal("6"))
    client = login(world.supporter)
    page = client.get(record.get_absolute_url()).content.decode()
    assert 'maxlength="4000"' in page and "4000 文字以内" in page
    response = client.post(record.get_absolute_url(), {"learned": "学" * 100_000, "apply_at_work": "面談で使う", "next_steps": ""})
    assert response.status_code == 200 and "面談で使う" in response.content.decode()
    assert not Reflection.objects.exists()


@pytest.mark.parametrize("next_url", ["foo", "2027-02-30", "あ", "session_list"])
def test_a_next_that_is_not_a_path_falls_back_to_the_page(login, world, curriculum, next_url):
    session = make_session(organiser=world.institute)
    from lms.training import services

    enrolment = services.enrolment_apply(session=session, person=world.supporter)
    response = login(world.director).post(reverse("enrolment_approve", args=[enrolment.pk]), {"next": next_url})
    assert response.status_code == 302 and response["Location"] == session.get_absolute_url()


def test_overlong_reasons_are_refused_with_a_message(login, world, curriculum, tmp_path, settings):
    from lms.certificates.models import Certificate
    from ojt import services as ojt_services

    entry = ojt_services.individual_log(person=world.supporter, date=datetime.date(2026, 10, 1), hours=Decimal("1"), description="個別SV")
    response = login(world.supervisor).post(reverse("ojt_individual_decide", args=[entry.pk]), {"decision": "reject", "reason": "理" * 301}, follow=True)
    assert response.status_code == 200 and "300 文字以内にしてください" in response.content.decode()
    assert IndividualOjt.objects.get(pk=entry.pk).status == IndividualOjt.Status.PENDING

    from curriculum.models import Subject
    from lms.certificates import services as certificate_services

    settings.INSTITUTE_SIGNING_KEY_FILE = str(tmp_path / "key.pem")
    record = factories.TrainingRecordFactory(
        person=world.supporter, subject=Subject.objects.get(code="poverty-support"), completed_on=datetime.date(2026, 6, 3), hours=Decimal("18"),
    )
    certificate = certificate_services.issue_certificate(record=record, by=world.institute_staff)
    # The confirmation page shows the reason again, with what is wrong with it.
    response = login(world.institute_staff).post(f"/certificates/{certificate.pk}/revoke/", {"reason": "理" * 301, "confirmed": "yes"})
    assert response.status_code == 200 and "300 文字以下でなければなりません" in response.content.decode() and "理" * 301 in response.content.decode()
    assert Certificate.objects.get(pk=certificate.pk).revoked_on is None


def test_a_plan_comment_keeps_to_its_limit(login, world, curriculum):
    from lms.audit.models import AuditEntry
    from skillpath import services as plan_services

    plan = plan_services.plan_create(person=world.supporter, fiscal_year=2026)
    plan_services.plan_submit(plan=plan, by=world.supporter)
    response = login(world.supervisor).post(reverse("plan_return", args=[plan.pk]), {"comment": "直" * 100_000}, follow=True)
    assert response.status_code == 200
    assert not AuditEntry.objects.filter(note__startswith="直").exists()
    # Approving with a comment over the limit is refused too, not approved with the comment dropped.
    response = login(world.supervisor).post(reverse("plan_approve", args=[plan.pk]), {"comment": "直" * 3000}, follow=True)
    plan.refresh_from_db()
    assert plan.status == plan.Status.SUBMITTED and "文字" in response.content.decode()


def test_a_decision_on_individual_ojt_must_be_one_of_the_two(login, world):
    from ojt import services as ojt_services
    from ojt.models import IndividualOjt

    entry = ojt_services.individual_log(person=world.supporter, date=datetime.date(2026, 11, 2), hours=Decimal("1"), description="同席")
    login(world.supervisor).post(reverse("ojt_individual_decide", args=[entry.pk]), {"decision": "yes please"})
    assert IndividualOjt.objects.get(pk=entry.pk).status == IndividualOjt.Status.PENDING


@pytest.mark.parametrize("year", ["²", "٢٠٢٦", "2026.0", ""])
def test_plan_years_that_are_not_plain_digits(login, world, curriculum, year):
    response = login(world.supporter).post(reverse("plan_new"), {"fiscal_year": year}, follow=True)
    assert response.status_code == 200 and "今年度か来年度" in response.content.decode()


def test_a_huge_id_among_choices_is_an_invalid_choice(login, world):
    response = login(world.coordinator).post(reverse("ojt_session_new", args=[world.centre.pk]), {
        "date": "2026-11-01", "hours": "2", "kind": "supervision_group", "theme": "expertise", "title": "SV",
        "attendees": [HUGE], "facilitator": HUGE,
    })
    assert response.status_code == 200 and 'value="SV"' in response.content.decode()


@pytest.mark.parametrize(("started", "completed", "hours", "message"), [
    ("2026-10-01", "2026-10-01", "200", "1日10時間を超えます"),
    ("2001-04-01", "2026-11-01", "150", "年度ごとに分けて"),
])
def test_external_training_that_cannot_be_right_is_refused(login, world, started, completed, hours, message):
    response = login(world.supporter).post(reverse("external_new"), external_form(started_on=started, completed_on=completed, hours=hours))
    assert response.status_code == 200 and message in response.content.decode()
    assert not TrainingRecord.objects.exists()


def test_a_completed_session_cannot_be_edited(login, world, curriculum, time_machine):
    from lms.training.models import TrainingSession
    from tests.training.test_session_views import edit_form_data

    session = make_session(organiser=world.institute, status=TrainingSession.Status.COMPLETED)
    client = login(world.institute_staff)
    response = client.get(reverse("session_edit", args=[session.pk]), follow=True)
    assert response.request["PATH_INFO"] == session.get_absolute_url() and "もう編集できません" in response.content.decode()
    response = client.post(reverse("session_edit", args=[session.pk]), edit_form_data(session, title="書き換え"), follow=True)
    assert "もう編集できません" in response.content.decode()
    assert TrainingSession.objects.get(pk=session.pk).title == "テスト回"


def test_a_tampered_days_formset_is_refused_not_a_500(login, world, curriculum):
    from lms.training.models import SessionDay
    from tests.training.test_session_views import edit_form_data

    session = make_session(organiser=world.institute)
    data = edit_form_data(session, **{"days-INITIAL_FORMS": "0"})
    data = {key: value for key, value in data.items() if not key.endswith("-id")}
    response = login(world.institute_staff).post(reverse("session_edit", args=[session.pk]), data)
    assert response.status_code == 200 and "同じ日付" in response.content.decode()
    assert SessionDay.objects.filter(session=session).count() == 3
