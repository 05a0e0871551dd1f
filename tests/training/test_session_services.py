import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lms.organisations.models import Job
from lms.training import selectors, services
from lms.training.models import Enrolment, TrainingRecord
from tests import factories
from tests.clock import at

from .conftest import TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.today(TODAY)]


def test_application_waits_for_the_director_then_takes_a_place(world, session_factory):
    session = session_factory()
    enrolment = services.enrolment_apply(session=session, person=world.supporter)
    assert enrolment.status == Enrolment.Status.AWAITING_APPROVAL
    services.enrolment_approve(enrolment=enrolment, by=world.director)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CONFIRMED and enrolment.decided_by == world.director


def test_director_of_another_centre_cannot_approve(world, session_factory):
    enrolment = services.enrolment_apply(session=session_factory(), person=world.supporter)
    with pytest.raises(PermissionDenied):
        services.enrolment_approve(enrolment=enrolment, by=world.other_director)
    with pytest.raises(PermissionDenied):
        services.enrolment_approve(enrolment=enrolment, by=world.supervisor)  # approval is the director's
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.AWAITING_APPROVAL


def test_a_director_who_supervises_another_centre_decides_only_for_the_centre_they_direct(world, session_factory, client):
    """Directing centre A and supervising centre B manages B, but nominating and approving are A's director's."""
    factories.MembershipFactory(user=world.other_director, organisation=world.centre, job=Job.SUPERVISOR)
    session = session_factory()
    enrolment = services.enrolment_apply(session=session, person=world.supporter)
    for decide in (
        lambda: services.enrolment_approve(enrolment=enrolment, by=world.other_director),
        lambda: services.enrolment_decline(enrolment=enrolment, by=world.other_director, reason="不要"),
    ):
        with pytest.raises(PermissionDenied):
            decide()
    [outcome] = services.enrolment_nominate(session=session, people=[world.community_supporter], by=world.other_director)
    assert outcome.enrolment is None and outcome.refusal
    assert not Enrolment.objects.filter(person=world.community_supporter).exists()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.AWAITING_APPROVAL
    # Their own centre's staff they still nominate; the pages offer no one else.
    [outcome] = services.enrolment_nominate(session=session, people=[world.other_supporter], by=world.other_director)
    assert outcome.enrolment is not None
    client.force_login(world.other_director)
    page = client.get(session.get_absolute_url())
    assert page.context["nominees"] == [world.other_director]  # other_supporter already has a place
    assert list(page.context["centre_enrolments"]) == []


def test_declining_needs_a_reason(world, session_factory):
    enrolment = services.enrolment_apply(session=session_factory(), person=world.supporter)
    with pytest.raises(ValidationError):
        services.enrolment_decline(enrolment=enrolment, by=world.director, reason="  ")
    services.enrolment_decline(enrolment=enrolment, by=world.director, reason="今年度は地域生活支援論を優先")
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.DECLINED and "優先" in enrolment.reason


def test_full_session_waitlists_and_cancellation_promotes_the_first_waiting(world, session_factory):
    session = session_factory(capacity=2)
    outcomes = services.enrolment_nominate(
        session=session, people=[world.supporter, world.community_supporter, world.coordinator, world.clerk], by=world.director,
    )
    statuses = [outcome.enrolment.status for outcome in outcomes]
    assert statuses == [Enrolment.Status.CONFIRMED, Enrolment.Status.CONFIRMED, Enrolment.Status.WAITLISTED, Enrolment.Status.WAITLISTED]
    promoted = services.enrolment_cancel(enrolment=outcomes[0].enrolment, by=world.supporter)
    assert promoted.person == world.coordinator
    states = dict(Enrolment.objects.filter(session=session).values_list("person__email", "status"))
    assert states == {
        "supporter@example.jp": Enrolment.Status.CANCELLED, "community@example.jp": Enrolment.Status.CONFIRMED,
        "coordinator@example.jp": Enrolment.Status.CONFIRMED, "clerk@example.jp": Enrolment.Status.WAITLISTED,
    }


def test_cancelling_a_waiting_place_promotes_nobody(world, session_factory):
    session = session_factory(capacity=1)
    first, second = services.enrolment_nominate(session=session, people=[world.supporter, world.clerk], by=world.director)
    assert services.enrolment_cancel(enrolment=second.enrolment, by=world.clerk) is None
    first.enrolment.refresh_from_db()
    assert first.enrolment.status == Enrolment.Status.CONFIRMED


def test_nomination_of_another_centre_is_refused_with_a_reason(world, session_factory):
    [outcome] = services.enrolment_nominate(session=session_factory(), people=[world.other_supporter], by=world.director)
    assert outcome.enrolment is None and outcome.refusal == str(services.NOT_YOUR_CENTRE)


def test_nomination_reports_ineligible_people(world, session_factory):
    session = session_factory("supervision")
    outcomes = services.enrolment_nominate(session=session, people=[world.supervisor, world.supporter], by=world.director)
    assert outcomes[0].enrolment.status == Enrolment.Status.CONFIRMED
    assert "スーパーバイザー" in outcomes[1].refusal or "supervisor" in outcomes[1].refusal.lower()


def test_someone_else_cannot_cancel_my_place(world, session_factory):
    [outcome] = services.enrolment_nominate(session=session_factory(), people=[world.supporter], by=world.director)
    with pytest.raises(PermissionDenied):
        services.enrolment_cancel(enrolment=outcome.enrolment, by=world.community_supporter)
    with pytest.raises(PermissionDenied):
        services.enrolment_cancel(enrolment=outcome.enrolment, by=world.other_director)


def test_completion_creates_the_record_with_hours_attended_in_the_fiscal_year_it_ended(world, session_factory, frozen):
    # Ends on 31 March: counted in the fiscal year that is ending.
    session = session_factory(days=[datetime.date(2027, 3, 30), datetime.date(2027, 3, 31)])
    full, partial = [o.enrolment for o in services.enrolment_nominate(session=session, people=[world.supporter, world.clerk], by=world.director)]
    day1, day2 = session.ordered_days
    frozen.move_to(at("2027-03-31", hour=17), tick=False)
    services.attendance_mark(session=session, present={full.pk: {day1.pk, day2.pk}, partial.pk: {day1.pk}}, by=world.institute_staff)
    assert selectors.fully_attended_ids(session) == {full.pk}
    services.session_complete(session=session, enrolment_ids={full.pk}, by=world.institute_staff)
    record = TrainingRecord.objects.get(person=world.supporter)
    assert record.hours == Decimal("12.0") and record.fiscal_year == 2026 and record.completed_on == datetime.date(2027, 3, 31)
    assert record.status == TrainingRecord.Status.VERIFIED and record.session == session
    partial.refresh_from_db()
    assert partial.status == Enrolment.Status.NOT_COMPLETED
    assert not TrainingRecord.objects.filter(person=world.clerk).exists()
    # Completing again (e.g. adding the clerk after review) keeps one record per person.
    services.session_complete(session=session, enrolment_ids={full.pk, partial.pk}, by=world.institute_staff)
    assert TrainingRecord.objects.filter(person=world.supporter).count() == 1
    assert TrainingRecord.objects.get(person=world.clerk).hours == Decimal("6.0")


def test_session_ending_on_1_april_counts_in_the_new_fiscal_year(world, session_factory, frozen):
    session = session_factory(days=[datetime.date(2027, 3, 31), datetime.date(2027, 4, 1)])
    [outcome] = services.enrolment_nominate(session=session, people=[world.supporter], by=world.director)
    frozen.move_to(at("2027-04-01", hour=17), tick=False)
    services.attendance_mark(session=session, present={outcome.enrolment.pk: {day.pk for day in session.ordered_days}}, by=world.institute_staff)
    services.session_complete(session=session, enrolment_ids={outcome.enrolment.pk}, by=world.institute_staff)
    assert TrainingRecord.objects.get(person=world.supporter).fiscal_year == 2027


def test_only_the_institute_marks_attendance_and_completion(world, session_factory):
    session = session_factory()
    for user in (world.director, world.supervisor, world.lecturer):
        with pytest.raises(PermissionDenied):
            services.attendance_mark(session=session, present={}, by=user)
        with pytest.raises(PermissionDenied):
            services.session_complete(session=session, enrolment_ids=set(), by=user)


def test_a_directors_own_application_needs_no_approval(world, session_factory):
    enrolment = services.enrolment_apply(session=session_factory(), person=world.director)
    assert enrolment.status == Enrolment.Status.CONFIRMED


def test_reapplying_after_cancelling(world, session_factory):
    session = session_factory()
    enrolment = services.enrolment_apply(session=session, person=world.supporter)
    services.enrolment_cancel(enrolment=enrolment, by=world.supporter)
    again = services.enrolment_apply(session=session, person=world.supporter)
    assert again.pk == enrolment.pk and again.status == Enrolment.Status.AWAITING_APPROVAL


def test_applying_twice_is_refused(world, session_factory):
    session = session_factory()
    services.enrolment_apply(session=session, person=world.supporter)
    with pytest.raises(ValidationError):
        services.enrolment_apply(session=session, person=world.supporter)


def test_lecturer_cannot_apply(world, session_factory):
    with pytest.raises(ValidationError):
        services.enrolment_apply(session=session_factory(), person=world.lecturer)


def test_experience_counts_from_membership_start(world, session_factory, curriculum):
    from curriculum.models import Subject

    Subject.objects.filter(code="support-programme").update(min_experience_years=Decimal("3"))
    newcomer = factories.person(world.centre, Job.SUPPORTER_INDIVIDUAL, started_on=TODAY - datetime.timedelta(days=365))
    with pytest.raises(ValidationError):
        services.enrolment_apply(session=session_factory("support-programme"), person=newcomer)


def test_a_session_is_completed_only_after_its_last_day(world, session_factory, frozen):
    session = session_factory(days=[datetime.date(2027, 2, 26), datetime.date(2027, 2, 27)])
    [outcome] = services.enrolment_nominate(session=session, people=[world.supporter], by=world.director)
    first, second = session.ordered_days
    with pytest.raises(ValidationError, match="2027年2月26日"):  # attendance waits for the day itself
        services.attendance_mark(session=session, present={outcome.enrolment.pk: {first.pk}}, by=world.institute_staff)
    with pytest.raises(ValidationError, match="2027年2月27日"):
        services.session_complete(session=session, enrolment_ids={outcome.enrolment.pk}, by=world.institute_staff)
    frozen.move_to(at("2027-02-26", hour=18), tick=False)
    services.attendance_mark(session=session, present={outcome.enrolment.pk: {first.pk}}, by=world.institute_staff)
    with pytest.raises(ValidationError, match="2027年2月27日"):
        services.session_complete(session=session, enrolment_ids={outcome.enrolment.pk}, by=world.institute_staff)
    assert not TrainingRecord.objects.exists()
    frozen.move_to(at("2027-02-27", hour=17), tick=False)
    services.attendance_mark(session=session, present={outcome.enrolment.pk: {first.pk, second.pk}}, by=world.institute_staff)
    services.session_complete(session=session, enrolment_ids={outcome.enrolment.pk}, by=world.institute_staff)
    assert TrainingRecord.objects.get(person=world.supporter).hours == Decimal("12.0")


def test_someone_who_attended_no_day_gets_no_hours(world, session_factory, frozen):
    session = session_factory(days=[datetime.date(2027, 1, 20)])
    present, absent = [o.enrolment for o in services.enrolment_nominate(session=session, people=[world.supporter, world.clerk], by=world.director)]
    [day] = session.ordered_days
    frozen.move_to(at("2027-01-21"), tick=False)
    services.attendance_mark(session=session, present={present.pk: {day.pk}}, by=world.institute_staff)
    with pytest.raises(ValidationError, match=world.clerk.last_name):
        services.session_complete(session=session, enrolment_ids={present.pk, absent.pk}, by=world.institute_staff)
    assert not TrainingRecord.objects.exists()
    assert Enrolment.objects.get(pk=present.pk).status == Enrolment.Status.CONFIRMED


def test_state_changes_check_where_they_start(world, session_factory, frozen):
    from lms.training.models import TrainingSession

    session = session_factory(days=[datetime.date(2027, 1, 20)], status=TrainingSession.Status.DRAFT)
    with pytest.raises(ValidationError):
        services.session_complete(session=session, enrolment_ids=set(), by=world.institute_staff)
    services.session_publish(session=session, by=world.institute_staff)
    with pytest.raises(ValidationError):
        services.session_publish(session=session, by=world.institute_staff)
    frozen.move_to(at("2027-01-21"), tick=False)
    services.session_complete(session=session, enrolment_ids=set(), by=world.institute_staff)
    with pytest.raises(ValidationError):
        services.session_publish(session=session, by=world.institute_staff)
    session.refresh_from_db()
    assert session.status == TrainingSession.Status.COMPLETED


def test_a_completed_session_keeps_its_days_attendance_and_records(world, session_factory, frozen):
    """Its days and attendance stand behind records and certificates: only new completions are added."""
    session = session_factory(days=[datetime.date(2027, 1, 20), datetime.date(2027, 1, 21)])
    full, partial = [o.enrolment for o in services.enrolment_nominate(session=session, people=[world.supporter, world.clerk], by=world.director)]
    day1, day2 = session.ordered_days
    frozen.move_to(at("2027-01-22"), tick=False)
    services.attendance_mark(session=session, present={full.pk: {day1.pk, day2.pk}, partial.pk: {day1.pk}}, by=world.institute_staff)
    services.session_complete(session=session, enrolment_ids={full.pk}, by=world.institute_staff)
    record = TrainingRecord.objects.get(person=world.supporter)
    with pytest.raises(ValidationError):
        services.attendance_mark(session=session, present={full.pk: {day2.pk}}, by=world.institute_staff)
    # Completing again adds the clerk after review, and leaves the supporter's record as it was.
    services.session_complete(session=session, enrolment_ids={partial.pk}, by=world.institute_staff)
    assert TrainingRecord.objects.get(pk=record.pk).verified_at == record.verified_at
    assert TrainingRecord.objects.get(person=world.clerk).hours == Decimal("6.0")
    assert Enrolment.objects.get(pk=full.pk).status == Enrolment.Status.COMPLETED


def test_completing_a_session_takes_the_same_queries_for_5_or_40_people(world, session_factory, frozen, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def complete(size):
        session = session_factory(days=[datetime.date(2027, 1, 20), datetime.date(2027, 1, 21)], capacity=size)
        people = [factories.person(world.centre, Job.SUPPORTER_INDIVIDUAL) for _ in range(size)]
        enrolments = [o.enrolment for o in services.enrolment_nominate(session=session, people=people, by=world.director)]
        frozen.move_to(at("2027-01-21", hour=17), tick=False)
        day1, day2 = session.ordered_days
        services.attendance_mark(session=session, present={e.pk: {day1.pk, day2.pk} for e in enrolments}, by=world.institute_staff)
        with CaptureQueriesContext(connection) as queries:
            services.session_complete(session=session, enrolment_ids={e.pk for e in enrolments[1:]}, by=world.institute_staff)
        frozen.move_to(at(TODAY), tick=False)
        assert TrainingRecord.objects.filter(session=session).count() == size - 1
        assert Enrolment.objects.get(pk=enrolments[0].pk).status == Enrolment.Status.NOT_COMPLETED
        return len(queries)

    assert complete(5) == complete(40)
