"""Seed 004 part 3 D (外部の関連団体による研修): centres share information on outside courses; staff
pick from it when they record external training; the institute marks the courses it recognises."""

import datetime

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
