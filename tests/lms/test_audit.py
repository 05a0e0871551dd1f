"""The one transition path (lms.audit.services.Workflow) and the one history (AuditEntry)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lms.audit.models import AuditEntry
from lms.audit.selectors import history_of
from lms.audit.services import available_actions
from lms.training.models import TrainingRecord
from lms.training.workflow import OWN_RECORD, RECORD
from skillpath import services as skillpath_services

pytestmark = pytest.mark.django_db


def external(person):
    return skillpath_services.external_record_submit(
        person=person, title="家計改善支援研修", kind=TrainingRecord.Kind.PREFECTURAL, provider="福岡県",
        started_on=datetime.date(2026, 6, 1), completed_on=datetime.date(2026, 6, 2), hours=Decimal("12.0"),
    )


def test_a_step_changes_the_state_and_writes_exactly_one_entry(world):
    record = external(world.supporter)
    verified, entry = RECORD.perform(record, TrainingRecord.Status.VERIFIED, world.supervisor)
    assert TrainingRecord.objects.get(pk=record.pk).status == TrainingRecord.Status.VERIFIED == verified.status
    assert (entry.action, entry.from_status, entry.to_status, entry.actor) == ("verified", "pending", "verified", world.supervisor)
    assert [e.action for e in history_of(record)] == ["submitted", "verified"]


def test_a_refused_step_changes_nothing_and_says_why(world):
    record = external(world.supporter)
    # The wrong person is refused before anything about the state is said.
    with pytest.raises(PermissionDenied) as refused:
        RECORD.perform(record, TrainingRecord.Status.VERIFIED, world.supporter)
    assert refused.value.args[0] == str(OWN_RECORD)
    with pytest.raises(PermissionDenied):
        RECORD.perform(record, TrainingRecord.Status.VERIFIED, world.other_director)
    RECORD.perform(record, TrainingRecord.Status.VERIFIED, world.supervisor)
    # The right person at the wrong step: the state did not allow it.
    with pytest.raises(ValidationError):
        RECORD.perform(record, TrainingRecord.Status.REJECTED, world.director)
    assert TrainingRecord.objects.get(pk=record.pk).status == TrainingRecord.Status.VERIFIED
    assert [e.action for e in history_of(record)] == ["submitted", "verified"]


def test_a_refusal_raised_while_applying_the_step_rolls_everything_back(world):
    record = external(world.supporter)

    def fail(locked):
        locked.rejection_reason = "途中まで"
        raise ValidationError("no")

    with pytest.raises(ValidationError):
        RECORD.perform(record, TrainingRecord.Status.REJECTED, world.supervisor, apply=fail)
    record.refresh_from_db()
    assert (record.status, record.rejection_reason) == (TrainingRecord.Status.PENDING, "")
    assert AuditEntry.objects.filter(action="rejected").count() == 0


def test_available_actions_are_what_each_person_may_do_now(world):
    record = external(world.supporter)
    assert available_actions(record, world.supervisor) == {"verified", "rejected"}
    assert available_actions(record, world.supporter) == set()
    assert available_actions(world.centre, world.supervisor) == set()  # no workflow for organisations


def test_the_history_shows_on_the_objects_page_with_who_and_what_they_said(login, world, curriculum):
    plan = skillpath_services.plan_create(person=world.supporter, fiscal_year=2026)
    plan = skillpath_services.plan_submit(plan=plan, by=world.supporter)
    skillpath_services.plan_return(plan=plan, by=world.supervisor, comment="目標を<具体的>に")
    page = login(world.supporter).get(reverse("plan_detail", args=[plan.pk])).content.decode()
    history = page[page.index('class="history"'):]
    assert "差し戻し" in history
    assert str(world.supervisor) in history
    assert "目標を&lt;具体的&gt;に" in history  # the comment, escaped
    record = external(world.supporter)
    page = login(world.supervisor).get(record.get_absolute_url()).content.decode()
    assert 'class="history"' in page and str(world.supporter) in page[page.index('class="history"'):]


@pytest.mark.today("2026-11-23")
def test_moving_up_the_waiting_list_names_nobody(world, curriculum):
    from lms.training import services as training_services
    from lms.training.models import Enrolment
    from tests.training.conftest import make_session

    session = make_session(organiser=world.institute, capacity=1)
    [taken] = training_services.enrolment_nominate(session=session, people=[world.other_supporter], by=world.other_director)
    [waiting] = training_services.enrolment_nominate(session=session, people=[world.supporter], by=world.director)
    assert waiting.enrolment.status == Enrolment.Status.WAITLISTED
    training_services.enrolment_cancel(enrolment=taken.enrolment, by=world.other_supporter)
    promoted = history_of(waiting.enrolment).get(action=Enrolment.AuditAction.PROMOTED)
    assert promoted.actor is None  # not the other centre's person who gave up the place


@pytest.mark.today("2026-11-23")
def test_repeating_a_form_that_changes_nothing_writes_no_history(world, curriculum, frozen):
    from lms.training import services as training_services
    from lms.training.models import TrainingSession
    from tests.clock import at
    from tests.training.conftest import make_session

    session = make_session(organiser=world.institute)
    [outcome] = training_services.enrolment_nominate(session=session, people=[world.supporter], by=world.institute_staff)
    frozen.move_to(at("2027-01-22", hour=17), tick=False)  # after the last day
    days = {day.pk for day in session.days.all()}
    training_services.attendance_mark(session=session, present={outcome.enrolment.pk: days}, by=world.institute_staff)
    training_services.attendance_mark(session=session, present={outcome.enrolment.pk: days}, by=world.institute_staff)
    training_services.session_complete(session=session, enrolment_ids={outcome.enrolment.pk}, by=world.institute_staff)
    training_services.session_complete(session=session, enrolment_ids={outcome.enrolment.pk}, by=world.institute_staff)
    actions = [entry.action for entry in history_of(session)]
    assert actions.count(TrainingSession.AuditAction.ATTENDANCE) == 1
    assert actions.count(TrainingSession.Status.COMPLETED) == 1
    plan = skillpath_services.plan_create(person=world.supporter, fiscal_year=2026)
    skillpath_services.plan_update(plan=plan, by=world.supporter, fields={"goals": "面談力"}, rows=[])
    skillpath_services.plan_update(plan=plan, by=world.supporter, fields={"goals": "面談力"}, rows=[])
    assert [entry.action for entry in history_of(plan)] == ["created", "edited"]


@pytest.mark.today("2026-11-23")
def test_attendance_waits_for_the_first_day_and_a_cancelled_place_keeps_its_history(login, world, curriculum):
    from lms.training import services as training_services
    from tests.training.conftest import make_session

    session = make_session(organiser=world.institute)  # held in January 2027
    [outcome] = training_services.enrolment_nominate(session=session, people=[world.supporter], by=world.director)
    with pytest.raises(ValidationError):
        training_services.attendance_mark(session=session, present={}, by=world.institute_staff)
    page = login(world.institute_staff).get(session.get_absolute_url())
    assert page.context["can_mark_attendance"] is False
    training_services.enrolment_cancel(enrolment=outcome.enrolment, by=world.institute_staff)
    page = login(world.supporter).get(session.get_absolute_url()).content.decode()
    assert str(world.institute_staff) in page[page.index('class="history"'):]  # who cancelled, and that it happened


def test_certificates_are_issued_once_per_session(world, curriculum, settings, tmp_path, django_capture_on_commit_callbacks):
    from lms.certificates import services as certificate_services
    from lms.training.models import TrainingSession
    from tests import factories

    settings.INSTITUTE_SIGNING_KEY_FILE = str(tmp_path / "key.pem")
    session = factories.TrainingSessionFactory(organiser=world.institute, status=TrainingSession.Status.COMPLETED)
    factories.TrainingRecordFactory(person=world.supporter, subject=session.subject, session=session)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        certificate_services.issue_for_session(session=session, by=world.institute_staff)
    with pytest.raises(ValidationError):  # the first batch has not finished yet
        certificate_services.issue_for_session(session=session, by=world.institute_staff)
    for callback in queued:
        callback()  # the worker runs the batch
    with pytest.raises(ValidationError):  # everyone has their certificate now
        certificate_services.issue_for_session(session=session, by=world.institute_staff)
    assert [entry.action for entry in history_of(session)] == ["certificates"]
