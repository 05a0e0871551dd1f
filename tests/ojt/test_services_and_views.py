import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lms.organisations.models import Job
from ojt import selectors, services
from ojt.models import IndividualOjt, Kind, MinimumHoursPolicy, OjtSession, Theme
from tests import factories

TODAY = datetime.date(2026, 11, 23)
pytestmark = [pytest.mark.django_db, pytest.mark.today(TODAY)]


def log(world, by=None, attendees=None, hours=Decimal("2.0"), date=datetime.date(2026, 10, 10), kind=Kind.SUPERVISION_GROUP, **extra):
    return services.session_log(
        centre=world.centre, by=by or world.coordinator, date=date, hours=hours, kind=kind, theme=Theme.EXPERTISE,
        title="グループSV", attendees=attendees if attendees is not None else [world.supporter, world.clerk],
        facilitator=extra.pop("facilitator", world.supervisor), **extra,
    )


def ledger(person, year=2026):
    [row] = selectors.ledgers_for([person], year, TODAY)
    return row


def test_hours_count_only_after_confirmation(world):
    session = log(world)
    assert ledger(world.supporter).ojt_hours == 0
    services.session_confirm(session=session, by=world.supervisor)
    row = ledger(world.supporter)
    assert row.ojt_hours == Decimal("2.0") and row.supervision_hours == Decimal("2.0")
    assert ledger(world.community_supporter).ojt_hours == 0  # not an attendee


def test_attendees_from_another_centre_are_refused(world):
    with pytest.raises(ValidationError) as error:
        log(world, attendees=[world.supporter, world.other_supporter])
    assert world.other_supporter.get_full_name() in str(error.value)
    assert not OjtSession.objects.exists()


@pytest.mark.parametrize("hours", [Decimal("0"), Decimal("-2"), Decimal("12")])
def test_absurd_durations_are_refused(world, hours):
    with pytest.raises(ValidationError):
        log(world, hours=hours)


def test_only_coordinators_and_managers_log_sessions(world):
    for user in (world.supporter, world.other_director, world.lecturer):
        with pytest.raises(PermissionDenied):
            log(world, by=user)


def test_confirmation_by_the_facilitator_or_a_manager_only(world):
    session = log(world)
    for user in (world.supporter, world.coordinator, world.other_director):
        with pytest.raises(PermissionDenied):
            services.session_confirm(session=session, by=user)
    services.session_confirm(session=session, by=world.director)


def test_individual_ojt_needs_a_sign_off_by_someone_else(world):
    entry = services.individual_log(person=world.supporter, date=datetime.date(2026, 9, 1), hours=Decimal("1.5"), description="家計相談の同席")
    assert ledger(world.supporter).ojt_hours == 0
    with pytest.raises(PermissionDenied):
        services.individual_sign_off(entry=entry, by=world.supporter)
    with pytest.raises(PermissionDenied):
        services.individual_sign_off(entry=entry, by=world.other_director)
    supervisor_entry = services.individual_log(person=world.supervisor, date=datetime.date(2026, 9, 1), hours=Decimal("1"), description="SV")
    with pytest.raises(PermissionDenied):
        services.individual_sign_off(entry=supervisor_entry, by=world.supervisor)
    services.individual_sign_off(entry=entry, by=world.supervisor)
    assert ledger(world.supporter).ojt_hours == Decimal("1.5")
    assert IndividualOjt.objects.get(pk=entry.pk).status == IndividualOjt.Status.SIGNED_OFF


def test_standard_year_gives_54_hours_and_offjt_counts_in_the_ledger(world):
    for month in range(1, 13):
        date = datetime.date(2026 if month >= 4 else 2027, month, 10)
        for kind, hours in ((Kind.WORKPLACE, Decimal("2.5")), (Kind.SUPERVISION_GROUP, Decimal("2"))):
            session = OjtSession.objects.create(centre=world.centre, date=date, hours=hours, kind=kind, theme=Theme.SUPPORT,
                                                title="x", logged_by=world.coordinator, status=OjtSession.Status.CONFIRMED)
            session.attendees.add(world.supporter)
    for hours, completed in ((Decimal("40"), datetime.date(2026, 9, 1)), (Decimal("12"), datetime.date(2027, 3, 31))):
        factories.TrainingRecordFactory(person=world.supporter, completed_on=completed, hours=hours)
    row = ledger(world.supporter)
    assert (row.ojt_hours, row.supervision_hours, row.offjt_hours) == (Decimal("54.0"), Decimal("24.0"), Decimal("52.0"))
    assert row.ojt_compliant and row.offjt_compliant


def test_minimum_policy_change_applies_from_its_year(world):
    MinimumHoursPolicy.objects.create(effective_from=datetime.date(2027, 4, 1), ojt_hours=Decimal("60"), offjt_hours=Decimal("50"))
    assert ledger(world.supporter, 2026).ojt_minimum == Decimal("50")
    assert ledger(world.supporter, 2027).ojt_minimum == Decimal("60")


def test_mid_year_joiner_has_a_prorated_minimum(world):
    newcomer = factories.person(world.centre, Job.SUPPORTER_INDIVIDUAL, started_on=datetime.date(2026, 10, 1))
    assert ledger(newcomer).ojt_minimum == Decimal("25")


def test_cascade_owed_after_the_programme_subject_until_given(world, curriculum):
    from curriculum.models import Subject

    factories.TrainingRecordFactory(person=world.supporter, subject=Subject.objects.get(code="support-programme"), completed_on=datetime.date(2026, 6, 3))
    assert len(selectors.cascade_owed_for(world.supporter)) == 1
    given = log(world, kind=Kind.CASCADE, facilitator=world.supporter, attendees=[world.clerk], date=datetime.date(2026, 7, 1))
    assert len(selectors.cascade_owed_for(world.supporter)) == 1  # logged, not yet confirmed
    with pytest.raises(PermissionDenied):  # the facilitator cannot clear their own obligation
        services.session_confirm(session=given, by=world.supporter)
    services.session_confirm(session=given, by=world.director)
    assert selectors.cascade_owed_for(world.supporter) == []


def test_centre_table_access_and_query_count(login, world, django_assert_max_num_queries):
    url = reverse("ojt_centre_table", args=[world.centre.pk, 2026])
    for user in (world.supporter, world.other_director, world.lecturer):
        assert login(user).get(url).status_code == 403
    client = login(world.director)
    client.get(url)
    with django_assert_max_num_queries(40) as baseline:
        assert client.get(url).status_code == 200
    for _ in range(10):
        person = factories.person(world.centre, Job.SUPPORTER_COMMUNITY)
        session = log(world, attendees=[person])
        services.session_confirm(session=session, by=world.supervisor)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        client.get(url)


def test_ledger_and_session_pages_refuse_outsiders(login, world, client):
    session = log(world)
    assert login(world.other_supporter).get(reverse("ojt_session", args=[session.pk])).status_code == 403
    assert login(world.lecturer).get(reverse("ojt_ledger")).status_code == 403
    assert login(world.supporter).get(reverse("ojt_programme", args=[world.centre.pk, 2026])).status_code == 403
    assert login(world.coordinator).get(reverse("ojt_programme", args=[world.centre.pk, 2026])).status_code == 200


def test_session_form_redisplays_bad_input(login, world):
    client = login(world.coordinator)
    response = client.post(reverse("ojt_session_new", args=[world.centre.pk]), {
        "date": "2026-10-10", "hours": "12", "kind": Kind.WORKPLACE, "theme": Theme.SUPPORT, "title": "事例検討の会",
        "attendees": [world.supporter.pk],
    })
    content = response.content.decode()
    assert response.status_code == 200 and "事例検討の会" in content and "8時間" in content
    assert not OjtSession.objects.exists()


def test_nobody_confirms_a_session_that_adds_their_own_hours(world, login):
    """A coordinator who facilitated and attended their own session cannot confirm it (36 → 44 h)."""
    session = log(world, attendees=[world.coordinator], facilitator=world.coordinator, hours=Decimal("8.0"))
    with pytest.raises(PermissionDenied):
        services.session_confirm(session=session, by=world.coordinator)
    # A supervisor who attended is refused too, even though supervisors confirm other sessions.
    attended = log(world, attendees=[world.supervisor, world.supporter], facilitator=world.coordinator)
    with pytest.raises(PermissionDenied):
        services.session_confirm(session=attended, by=world.supervisor)
    page = login(world.coordinator).get(session.get_absolute_url()).content.decode()
    assert reverse("ojt_session_confirm", args=[session.pk]) not in page
    response = login(world.coordinator).post(reverse("ojt_session_confirm", args=[session.pk]))
    assert response.status_code == 403
    assert OjtSession.objects.get(pk=session.pk).status == OjtSession.Status.LOGGED
    assert ledger(world.coordinator).ojt_hours == 0
    services.session_confirm(session=session, by=world.director)
    assert ledger(world.coordinator).ojt_hours == Decimal("8.0")


def test_a_confirmed_session_is_not_confirmed_again(world, login):
    session = log(world)
    services.session_confirm(session=session, by=world.supervisor)
    with pytest.raises(ValidationError):
        services.session_confirm(session=session, by=world.director)
    assert OjtSession.objects.get(pk=session.pk).confirmed_by == world.supervisor
    response = login(world.director).post(reverse("ojt_session_confirm", args=[session.pk]), follow=True)
    assert response.status_code == 200 and "既に確認済み" in response.content.decode()


def test_returning_an_entry_needs_a_reason_and_a_pending_entry(world, login):
    entry = services.individual_log(person=world.supporter, date=datetime.date(2026, 10, 1), hours=Decimal("1.0"), description="個別SV")
    with pytest.raises(ValidationError):
        services.individual_sign_off(entry=entry, by=world.supervisor, approve=False, reason="  ")
    services.individual_sign_off(entry=entry, by=world.supervisor)
    with pytest.raises(ValidationError):
        services.individual_sign_off(entry=entry, by=world.director, approve=False, reason="記録が不十分")
    entry.refresh_from_db()
    assert entry.status == IndividualOjt.Status.SIGNED_OFF and entry.decided_by == world.supervisor
    response = login(world.director).post(reverse("ojt_individual_decide", args=[entry.pk]), {"decision": "reject", "reason": "やり直し"}, follow=True)
    assert response.status_code == 200
    assert IndividualOjt.objects.get(pk=entry.pk).status == IndividualOjt.Status.SIGNED_OFF
