"""Course reports and the completion rule: submit, return, resubmit, accept; late reports; rule
versions; who may read and mark; and the session completes only for those who met the rule."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lms.assessment import selectors, services
from lms.assessment.models import CompletionRule, Report
from lms.training import services as training
from lms.training.models import Attendance, Enrolment, TrainingRecord
from tests import factories
from tests.clock import at

from .conftest import LAST_DAY, QUESTION, queries_for

pytestmark = [pytest.mark.django_db, pytest.mark.today(LAST_DAY)]


def test_submit_return_resubmit_accept_then_the_session_completes(world, course, frozen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_submit(enrolment=course.mine, by=world.supporter, text="学んだこと" * 100)
    assert report.status == Report.Status.SUBMITTED and report.due_on == datetime.date(2027, 2, 21)
    assert mail.outbox[-1].to == [world.lecturer.email]

    with pytest.raises(ValidationError):
        services.report_return(report=report, by=world.lecturer, feedback="  ")  # comments are required to return
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_return(report=report, by=world.lecturer, feedback="具体例を一つ加えてください。")
    assert mail.outbox[-1].to == [world.supporter.email] and "具体例" in mail.outbox[-1].body

    with pytest.raises(ValidationError):
        training.session_complete(session=course, enrolment_ids={course.mine.pk}, by=world.institute_staff)

    frozen.move_to(at(datetime.date(2027, 3, 5)), tick=False)  # after the deadline: a resubmission is not late
    report = services.report_submit(enrolment=course.mine, by=world.supporter, text="改訂版" * 100)
    report = services.report_accept(report=report, by=world.lecturer, feedback="よくできました。")
    assert report.status == Report.Status.ACCEPTED and not report.first_submitted_late
    assert [(s.number, s.outcome) for s in report.submissions.order_by("number")] == [(1, "returned"), (2, "accepted")]
    assert report.submissions.get(number=1).text.startswith("学んだこと")  # the first text is kept

    done = training.session_complete(session=course, enrolment_ids={course.mine.pk}, by=world.institute_staff)
    assert [enrolment.pk for enrolment in done] == [course.mine.pk]
    assert TrainingRecord.objects.filter(enrolment=course.mine).exists()


def test_a_missed_day_or_a_missing_report_keeps_the_person_from_completing(world, course):
    Attendance.objects.filter(enrolment=course.colleagues, day__date=LAST_DAY).update(present=False)
    with pytest.raises(ValidationError) as refused:
        training.session_complete(session=course, enrolment_ids={course.colleagues.pk}, by=world.institute_staff)
    [message] = refused.value.messages
    assert str(world.community_supporter) in message and "2" in message and "2027" in message  # days, and the report's due date
    course.colleagues.refresh_from_db()
    assert course.colleagues.status == Enrolment.Status.CONFIRMED and not TrainingRecord.objects.exists()


def test_a_late_first_report_does_not_count_unless_the_rule_allows_it(world, course, frozen):
    frozen.move_to(at(datetime.date(2027, 2, 22)), tick=False)  # the day after the due date
    report = services.report_submit(enrolment=course.mine, by=world.supporter, text="遅れて提出")
    assert report.first_submitted_late
    services.report_accept(report=report, by=world.lecturer)
    with pytest.raises(ValidationError):
        training.session_complete(session=course, enrolment_ids={course.mine.pk}, by=world.institute_staff)
    CompletionRule.objects.filter(pk=course.rule.pk).update(late_report_counts=True)
    assert training.session_complete(session=course, enrolment_ids={course.mine.pk}, by=world.institute_staff)


def test_a_report_submitted_on_its_due_date_is_on_time(world, course, frozen):
    frozen.move_to(at(datetime.date(2027, 2, 21)), tick=False)
    assert not services.report_submit(enrolment=course.mine, by=world.supporter, text="期限日").first_submitted_late


def test_the_rule_in_force_on_the_last_day_decides(world, course):
    """A rule added later (no report needed) does not change a session already held, and the other way round."""
    CompletionRule.objects.create(subject=course.subject, effective_from=LAST_DAY + datetime.timedelta(days=1), report_required=False)
    assert selectors.rule_for(course) == course.rule
    later = factories.TrainingSessionFactory(days=[datetime.date(2027, 6, 1)])
    assert selectors.rule_for(later).report_required is False
    assert selectors.standings(later, list(later.enrolments.all())) == {}


def test_a_subject_without_a_rule_completes_on_attendance(world, curriculum):
    from tests.training.conftest import make_session

    session = make_session("community-life-support", organiser=world.institute)
    enrolment = factories.EnrolmentFactory(session=session, person=world.supporter)
    Attendance.objects.create(enrolment=enrolment, day=session.ordered_days[0], present=True, marked_by=world.institute_staff)
    assert training.session_complete(session=session, enrolment_ids={enrolment.pk}, by=world.institute_staff)


def test_the_report_opens_on_the_last_day_and_only_to_the_participant(world, course, frozen):
    frozen.move_to(at(LAST_DAY - datetime.timedelta(days=1)), tick=False)
    with pytest.raises(ValidationError):
        services.report_submit(enrolment=course.mine, by=world.supporter, text="早すぎる")
    frozen.move_to(at(LAST_DAY), tick=False)
    with pytest.raises(PermissionDenied):
        services.report_submit(enrolment=course.mine, by=world.community_supporter, text="他人の")
    with pytest.raises(ValidationError):
        services.report_submit(enrolment=course.mine, by=world.supporter, text="   ")
    assert not Report.objects.exists()


def test_a_submitted_report_cannot_be_changed_and_a_decided_one_not_decided_again(world, course):
    report = services.report_submit(enrolment=course.mine, by=world.supporter, text="一回目")
    with pytest.raises(ValidationError):
        services.report_submit(enrolment=course.mine, by=world.supporter, text="書き換え")
    services.report_accept(report=report, by=world.lecturer)
    with pytest.raises(ValidationError):
        services.report_return(report=report, by=world.lecturer, feedback="やはり")
    assert report.submissions.count() == 1 and report.submissions.get().text == "一回目"


def test_only_those_who_teach_the_session_mark(world, course):
    report = services.report_submit(enrolment=course.mine, by=world.supporter, text="本文")
    other_lecturer = factories.person(world.institute, "lecturer", email="other.lecturer@example.jp")
    for stranger in (other_lecturer, world.director, world.supporter, world.community_supporter):
        with pytest.raises(PermissionDenied):
            services.report_accept(report=report, by=stranger)
    # A lecturer assigned to the subject's page marks too, and so does the institute.
    from curriculum.setup import ensure_curriculum_pages

    ensure_curriculum_pages()
    course.subject.page.lecturers.add(other_lecturer)
    other_lecturer.__dict__.pop("_lms_access", None)
    assert services.report_return(report=report, by=other_lecturer, feedback="直してください").status == Report.Status.RETURNED


def test_a_file_report_is_kept_and_served_only_to_the_writer_and_markers(world, course, login):
    report = services.report_submit(enrolment=course.mine, by=world.supporter, file=SimpleUploadedFile("report.pdf", b"%PDF-1.4 report"))
    url = f"/sessions/{course.pk}/report/{report.pk}/files/1/"
    assert login(world.supporter).get(url).status_code == 200
    assert login(world.lecturer).get(url).status_code == 200
    assert login(world.community_supporter).get(url).status_code == 403
    assert login(world.other_director).get(url).status_code == 403
    assert login(world.director).get(url).status_code == 200  # the director reads the supporter's handbook, which lists it


def test_the_participant_page_shows_question_deadline_and_keeps_input_on_refusal(world, course, login, frozen):
    client = login(world.supporter)
    page = client.get(f"/sessions/{course.pk}/report/").content.decode()
    assert QUESTION in page and "2027" in page and 'name="text"' in page
    # A file of the wrong type: refused with the reason, the text kept.
    response = client.post(f"/sessions/{course.pk}/report/", {"text": "書いた本文", "file": SimpleUploadedFile("x.exe", b"MZ")})
    assert response.status_code == 200 and "書いた本文" in response.content.decode() and not Report.objects.exists()
    response = client.post(f"/sessions/{course.pk}/report/", {"text": "書いた本文"})
    assert response.status_code == 302 and Report.objects.get().submissions.get().text == "書いた本文"


def test_a_participant_never_reads_another_report(world, course, login):
    theirs = services.report_submit(enrolment=course.colleagues, by=world.community_supporter, text="同僚の本文")
    client = login(world.supporter)
    assert client.get(f"/sessions/{course.pk}/report/{theirs.pk}/").status_code == 403
    assert "同僚の本文" not in client.get(f"/sessions/{course.pk}/report/").content.decode()


def test_the_lecturer_returns_with_comments_from_the_page(world, course, login):
    report = services.report_submit(enrolment=course.mine, by=world.supporter, text="本文")
    client = login(world.lecturer)
    listing = client.get(f"/sessions/{course.pk}/report/?status=waiting").content.decode()
    assert str(world.supporter) in listing and str(world.community_supporter) not in listing
    response = client.post(f"/sessions/{course.pk}/report/{report.pk}/decide/", {"decision": "return", "feedback": ""})
    assert response.status_code == 200 and Report.objects.get().status == Report.Status.SUBMITTED  # refused, page kept
    response = client.post(f"/sessions/{course.pk}/report/{report.pk}/decide/", {"decision": "return", "feedback": "事例を加えて"})
    assert response.status_code == 302 and Report.objects.get().status == Report.Status.RETURNED


def test_marking_a_session_takes_the_same_queries_for_5_or_60_people(world, course, login):
    client = login(world.lecturer)

    def add(count):
        for _ in range(count):
            person = factories.UserFactory()
            enrolment = factories.EnrolmentFactory(session=course, person=person)
            report = Report.objects.create(enrolment=enrolment, due_on=LAST_DAY)
            report.submissions.create(number=1, text="本文", submitted_at=at(LAST_DAY))


    add(5)
    few = queries_for(client, f"/sessions/{course.pk}/report/")
    add(55)
    assert queries_for(client, f"/sessions/{course.pk}/report/") == few


def test_reports_appear_in_the_handbook_with_the_lecturers_comments(world, course, login):
    report = services.report_submit(enrolment=course.mine, by=world.supporter, text="本文")
    services.report_return(report=report, by=world.lecturer, feedback="具体例を加えてください")
    page = login(world.supporter).get("/handbook/").content.decode()
    assert "具体例を加えてください" in page and "生活困窮者支援論" in page


def test_reminders_go_7_days_and_1_day_before_to_those_who_owe_a_report(world, course, django_capture_on_commit_callbacks):
    from lms.assessment.tasks import send_report_reminders

    services.report_submit(enrolment=course.colleagues, by=world.community_supporter, text="提出済み")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_report_reminders("2027-02-13") == 0  # 8 days before
        assert send_report_reminders("2027-02-14") == 1  # 7 days before: only the supporter owes one
        assert send_report_reminders("2027-02-14") == 0  # running twice sends nothing more
        assert send_report_reminders("2027-02-20") == 1  # the day before
        assert send_report_reminders("2027-02-22") == 0  # past the deadline
    assert [message.to for message in mail.outbox] == [[world.supporter.email]] * 2
    assert "2027" in mail.outbox[0].subject and f"/sessions/{course.pk}/report/" in mail.outbox[0].body


def test_a_refused_resubmission_says_why(world, course, login):
    services.report_submit(enrolment=course.mine, by=world.supporter, text="一回目")
    response = login(world.supporter).post(f"/sessions/{course.pk}/report/", {"text": "二回目"}, follow=True)
    assert "再提出できるのは差し戻されたレポートだけです" in response.content.decode()
    assert Report.objects.get().submissions.count() == 1


def test_a_returned_report_is_revised_from_the_last_text_under_the_lecturers_comments(world, course, login):
    report = services.report_submit(enrolment=course.mine, by=world.supporter, text="最初の本文。伴走の経験から考えたこと。")
    services.report_return(report=report, by=world.lecturer, feedback="具体的な事例を一つ加えてください。")
    page = login(world.supporter).get(f"/sessions/{course.pk}/report/").content.decode()
    comments, form = page.find("具体的な事例を一つ加えてください。"), page.find('<textarea')
    assert 0 < comments < form  # the comments come before the form, not at the foot of the page
    box = page[form:page.find("</textarea>", form)]
    assert "最初の本文。伴走の経験から考えたこと。" in box
