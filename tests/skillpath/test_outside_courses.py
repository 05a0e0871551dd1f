"""Seed 004 part 3 D (外部の関連団体による研修): centres share information on outside courses; staff
pick from it when they record external training; the institute marks the courses it recognises."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lms.training.models import OutsideCourse, TrainingRecord
from lms.training.setup import load_outside_courses

pytestmark = [pytest.mark.django_db, pytest.mark.today(datetime.date(2026, 11, 29))]


def test_figure_2_1_the_site_starts_with_the_prefectural_training_in_the_life_domain(curriculum):
    assert load_outside_courses() == 1
    assert load_outside_courses() == 0  # setting the site up again adds nothing
    course = OutsideCourse.objects.get(title="社会福祉行政職員研修")
    assert (course.kind, course.domain.code, course.recognised) == ("prefectural", "life", True)


def test_part3_D_a_course_one_centre_adds_is_picked_by_staff_of_another(world, login, curriculum):
    colleague = login(world.community_supporter)
    bad = colleague.post("/training/outside-courses/", {"title": "", "kind": "related_body", "provider": "家計相談支援協会"})
    assert bad.status_code == 200 and "家計相談支援協会" in bad.content.decode()  # the input is kept with the error
    assert not OutsideCourse.objects.exists()
    response = colleague.post("/training/outside-courses/", {
        "title": "家計改善支援の実際", "kind": "related_body", "provider": "家計相談支援協会", "days": "1.5", "hours": "9",
    })
    assert response.status_code == 302
    course = OutsideCourse.objects.get()
    assert (course.added_by, course.recognised) == (world.community_supporter, False)

    other = login(world.other_supporter)
    listing = other.get("/training/outside-courses/", {"q": "家計 協会"})
    assert "家計改善支援の実際" in listing.content.decode()
    assert "家計改善支援の実際" not in other.get("/training/outside-courses/", {"q": "認知療法"}).content.decode()
    assert "家計改善支援の実際" not in other.get("/training/outside-courses/", {"recognised": "on"}).content.decode()
    form = other.get("/training/external/new/", {"course": course.pk})
    assert form.context["form"]["title"].value() == "家計改善支援の実際"
    other.post("/training/external/new/", {
        "outside_course": course.pk, "title": "家計改善支援の実際", "kind": "related_body", "provider": "家計相談支援協会",
        "started_on": "2026-11-10", "completed_on": "2026-11-11", "hours": "9", "days": "1.5",
        "evidence": SimpleUploadedFile("attendance.pdf", b"%PDF-1.4 attendance"),
    })
    record = TrainingRecord.objects.get(person=world.other_supporter)
    assert (record.outside_course, record.days) == (course, 1.5)

    institute = login(world.institute_staff)
    institute.post(f"/training/outside-courses/{course.pk}/recognise/", {"recognised": "1"})
    course.refresh_from_db()
    assert course.recognised and course.recognised_by == world.institute_staff
    assert "家計改善支援の実際" in other.get("/training/outside-courses/", {"recognised": "on"}).content.decode()


def test_days_that_do_not_fit_the_dates_are_refused_with_the_input_kept(world, login):
    response = login(world.supporter).post("/training/external/new/", {
        "title": "県の研修", "kind": "prefectural", "provider": "福岡県", "started_on": "2026-11-10", "completed_on": "2026-11-10",
        "hours": "6", "days": "2", "evidence": SimpleUploadedFile("a.pdf", b"%PDF-1.4"),
    })
    assert response.status_code == 200 and "1日以内" in response.content.decode() and "県の研修" in response.content.decode()
    assert not TrainingRecord.objects.exists()


def test_days_need_the_hours_of_a_training_day(world, login):
    """A two-hour lecture recorded as a day would count 8 h of Off-JT: refused, with the input kept."""
    response = login(world.supporter).post("/training/external/new/", {
        "title": "夜間講座", "kind": "other", "provider": "市民講座", "started_on": "2026-11-10", "completed_on": "2026-11-10",
        "hours": "2", "days": "1", "evidence": SimpleUploadedFile("a.pdf", b"%PDF-1.4"),
    })
    assert response.status_code == 200 and "3時間" in response.content.decode() and "夜間講座" in response.content.decode()
    assert not TrainingRecord.objects.exists()


def test_the_catalogue_refuses_impossible_days_and_hours_with_readable_reasons(world, login):
    client = login(world.supporter)
    for days, hours in (("0", "6"), ("0.3", "6"), ("2", "1000")):
        response = client.post("/training/outside-courses/", {"title": "講座", "kind": "other", "provider": "協会", "days": days, "hours": hours})
        content = response.content.decode()
        assert response.status_code == 200 and "sensible" not in content and "講座" in content, (days, hours)
    assert not OutsideCourse.objects.exists()


def test_the_supervisor_sees_where_a_record_came_from_and_its_days(world, login):
    course = OutsideCourse.objects.create(title="家計相談の基礎", kind="related_body", provider="協会", recognised=True)
    from skillpath import services

    services.external_record_submit(
        person=world.supporter, title="家計相談の基礎", kind="related_body", provider="協会", started_on=datetime.date(2026, 11, 10),
        completed_on=datetime.date(2026, 11, 11), hours=Decimal("9"), days=Decimal("1.5"), outside_course=course,
    )
    queue = login(world.supervisor).get("/training/external/").content.decode()
    assert "共有カタログから" in queue and "研修所が認定" in queue and "1.5" in queue
