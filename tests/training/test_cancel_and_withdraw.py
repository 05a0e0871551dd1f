"""A place is cancelled only before the first day; after it the institute records a withdrawal with a
reason, and nothing the participant attended or submitted is lost or hidden from the lecturer."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lms.audit.selectors import history_of
from lms.training import services
from lms.training.models import Enrolment
from lms.training.workflow import NOT_STARTED, STARTED
from tests import factories
from tests.clock import at

pytestmark = pytest.mark.django_db

FIRST_DAY = datetime.date(2027, 1, 20)


def confirmed(session, person, director):
    """A place the director gave `person` while applications were open."""
    return factories.EnrolmentFactory(session=session, person=person, requested_by=director, status=Enrolment.Status.CONFIRMED)


@pytest.mark.today("2027-01-19")
def test_a_place_is_cancelled_up_to_the_evening_before_the_first_day(world, session_factory, frozen):
    enrolment = confirmed(session_factory(), world.supporter, world.director)
    frozen.move_to(at("2027-01-19", 23, 59), tick=False)
    services.enrolment_cancel(enrolment=enrolment, by=world.supporter)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CANCELLED


@pytest.mark.today("2027-01-20")
@pytest.mark.parametrize("who", ["supporter", "director", "institute_staff"])
def test_from_the_first_day_nobody_cancels_a_place(world, session_factory, who):
    session = session_factory()
    enrolment = confirmed(session, world.supporter, world.director)
    with pytest.raises(ValidationError) as refused:
        services.enrolment_cancel(enrolment=enrolment, by=getattr(world, who))
    assert refused.value.messages == [str(STARTED % {"date": "2027年1月20日"})]
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CONFIRMED


@pytest.mark.today("2027-02-03")
def test_twelve_days_after_the_end_the_page_offers_no_cancelling_and_a_post_changes_nothing(world, session_factory, login):
    """The reported case: a session of 20–22 January, a participant still 受講決定 on 3 February."""
    session = session_factory()
    enrolment = confirmed(session, world.supporter, world.director)
    client = login(world.supporter)
    page = client.get(session.get_absolute_url()).content.decode()
    assert f"/sessions/enrolments/{enrolment.pk}/cancel/" not in page
    response = client.post(f"/sessions/enrolments/{enrolment.pk}/cancel/", {"confirmed": "yes"}, follow=True)
    assert "2027年1月20日" in response.content.decode()  # the reason, on the session's page
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CONFIRMED


@pytest.mark.today("2027-01-21")
def test_a_wait_is_dropped_even_after_the_first_day(world, session_factory):
    session = session_factory(capacity=1)
    confirmed(session, world.supporter, world.director)
    waiting = factories.EnrolmentFactory(session=session, person=world.clerk, status=Enrolment.Status.WAITLISTED, queued_at=at("2026-11-20"))
    services.enrolment_cancel(enrolment=waiting, by=world.clerk)
    waiting.refresh_from_db()
    assert waiting.status == Enrolment.Status.CANCELLED


@pytest.mark.today("2027-01-19")
def test_cancelling_asks_first_and_says_what_will_follow(world, session_factory, login):
    enrolment = confirmed(session_factory(), world.supporter, world.director)
    client = login(world.supporter)
    url = f"/sessions/enrolments/{enrolment.pk}/cancel/"
    asked = client.post(url)
    assert asked.status_code == 200
    text = asked.content.decode()
    assert "申込みを取り消しますか" in text and "次の方が自動的に繰り上がります" in text
    assert 'name="confirmed" value="yes"' in text
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CONFIRMED  # the first click changes nothing
    assert client.post(url, {"confirmed": "yes"}).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CANCELLED


@pytest.mark.today("2027-01-19")
def test_a_stranger_is_refused_before_the_question_is_asked(world, session_factory, login):
    enrolment = confirmed(session_factory(), world.supporter, world.director)
    response = login(world.other_director).post(f"/sessions/enrolments/{enrolment.pk}/cancel/")
    assert response.status_code == 403


@pytest.mark.today("2027-01-21")
def test_the_institute_withdraws_a_participant_with_a_reason_and_nobody_moves_up(world, session_factory):
    session = session_factory(capacity=1)
    enrolment = confirmed(session, world.supporter, world.director)
    waiting = factories.EnrolmentFactory(session=session, person=world.clerk, status=Enrolment.Status.WAITLISTED, queued_at=at("2026-11-20"))
    with pytest.raises(PermissionDenied):
        services.enrolment_withdraw(enrolment=enrolment, by=world.director, reason="体調不良")
    with pytest.raises(ValidationError):
        services.enrolment_withdraw(enrolment=enrolment, by=world.institute_staff, reason="  ")
    services.enrolment_withdraw(enrolment=enrolment, by=world.institute_staff, reason="体調不良のため2日目以降欠席")
    enrolment.refresh_from_db()
    waiting.refresh_from_db()
    assert enrolment.status == Enrolment.Status.WITHDRAWN and enrolment.reason == "体調不良のため2日目以降欠席"
    assert waiting.status == Enrolment.Status.WAITLISTED
    last = list(history_of(enrolment))[-1]
    assert (last.action, last.actor, last.note) == ("withdrawn", world.institute_staff, "体調不良のため2日目以降欠席")


@pytest.mark.today("2027-01-19")
def test_no_withdrawal_before_the_first_day(world, session_factory):
    enrolment = confirmed(session_factory(), world.supporter, world.director)
    with pytest.raises(ValidationError) as refused:
        services.enrolment_withdraw(enrolment=enrolment, by=world.institute_staff, reason="x")
    assert refused.value.messages == [str(NOT_STARTED % {"date": "2027年1月20日"})]


@pytest.mark.today("2027-01-21")
def test_the_withdrawal_page_keeps_the_reason_typed_when_it_is_refused(world, session_factory, login):
    enrolment = confirmed(session_factory(), world.supporter, world.director)
    client = login(world.institute_staff)
    url = f"/sessions/enrolments/{enrolment.pk}/withdraw/"
    page = client.get(url)
    assert page.status_code == 200 and "出欠と修了の対象から外れます" in page.content.decode()
    too_long = "理由" * 200
    again = client.post(url, {"reason": too_long, "confirmed": "yes"})
    assert again.status_code == 200 and too_long in again.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CONFIRMED
    assert client.post(url, {"reason": "所属変更", "confirmed": "yes"}).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.WITHDRAWN
    for role in ("supporter", "director", "lecturer"):
        assert login(getattr(world, role)).get(url).status_code == 403
