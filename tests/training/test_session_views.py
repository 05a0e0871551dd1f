import datetime

import pytest
from django.urls import reverse

from lms.training import services
from lms.training.models import Enrolment, TrainingSession
from tests.training.conftest import TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.today(TODAY)]


def test_anonymous_is_sent_to_login(client, session_factory):
    session = session_factory()
    for url in (reverse("session_list"), reverse("session_detail", args=[session.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_apply_through_the_page_and_see_their_status(login, world, session_factory):
    session = session_factory()
    client = login(world.supporter)
    response = client.post(reverse("enrolment_apply", args=[session.pk]), follow=True)
    assert "申込みを送信しました" in response.content.decode()
    assert Enrolment.objects.get(session=session, person=world.supporter).status == Enrolment.Status.AWAITING_APPROVAL


def test_refusal_reason_is_shown_instead_of_the_apply_button(login, world, session_factory):
    session = session_factory("supervision")
    content = login(world.supporter).get(reverse("session_detail", args=[session.pk])).content.decode()
    assert reverse("enrolment_apply", args=[session.pk]) not in content
    assert "センター長" in content  # the reason names who the course is for


def test_roster_with_names_is_for_the_institute_only(login, world, session_factory):
    session = session_factory()
    services.enrolment_nominate(session=session, people=[world.clerk], by=world.director)
    for user in (world.supporter, world.other_director, world.lecturer):
        content = login(user).get(reverse("session_detail", args=[session.pk])).content.decode()
        assert world.clerk.get_full_name() not in content
    assert world.clerk.get_full_name() in login(world.institute_staff).get(reverse("session_detail", args=[session.pk])).content.decode()


def test_non_institute_cannot_mark_attendance_or_see_drafts(login, world, session_factory):
    session = session_factory(status=TrainingSession.Status.DRAFT)
    client = login(world.director)
    assert client.get(reverse("session_detail", args=[session.pk])).status_code == 403
    assert client.get(reverse("session_create")).status_code == 403
    response = client.post(reverse("session_complete", args=[session.pk]), {"complete": ["1"]}, follow=True)
    assert TrainingSession.objects.get(pk=session.pk).status == TrainingSession.Status.DRAFT
    assert "研修機関" in response.content.decode()


def test_session_form_redisplays_bad_input(login, world, curriculum):
    client = login(world.institute_staff)
    from curriculum.models import Subject

    data = {
        "subject": Subject.objects.get(code="poverty-support").pk, "title": "第9回", "organiser": world.institute.pk,
        "capacity": "500", "applications_open_on": "2026-12-01", "applications_close_on": "2026-11-01",
        "days-TOTAL_FORMS": "1", "days-INITIAL_FORMS": "0", "days-MIN_NUM_FORMS": "1", "days-MAX_NUM_FORMS": "1000",
        "days-0-date": "2027-01-10", "days-0-starts_at": "10:00", "days-0-ends_at": "09:00", "days-0-hours": "6",
    }
    response = client.post(reverse("session_create"), data)
    content = response.content.decode()
    assert response.status_code == 200 and not TrainingSession.objects.exists()
    assert "第9回" in content and "2027-01-10" in content  # nothing typed is lost
    assert "定員は1〜200人の範囲で入力してください。" in content
    assert "申込締切日は受付開始日より後にしてください。" in content
    assert "終了時刻は開始時刻より後にしてください。" in content
    assert 'value="500"' in content


def test_institute_creates_and_publishes_a_session(login, world, curriculum):
    from curriculum.models import Subject

    client = login(world.institute_staff)
    data = {
        "subject": Subject.objects.get(code="poverty-support").pk, "title": "第9回", "organiser": world.institute.pk,
        "capacity": "100", "applications_open_on": "2026-11-01", "applications_close_on": "2026-12-01", "venue": "大阪",
        "days-TOTAL_FORMS": "1", "days-INITIAL_FORMS": "0", "days-MIN_NUM_FORMS": "1", "days-MAX_NUM_FORMS": "1000",
        "days-0-date": "2027-01-10", "days-0-starts_at": "09:30", "days-0-ends_at": "16:30", "days-0-hours": "6",
    }
    response = client.post(reverse("session_create"), data)
    session = TrainingSession.objects.get()
    assert response.status_code == 302 and session.status == TrainingSession.Status.DRAFT
    client.post(reverse("session_publish", args=[session.pk]))
    session.refresh_from_db()
    assert session.status == TrainingSession.Status.PUBLISHED


def test_list_query_count_does_not_grow_with_sessions(login, world, session_factory, django_assert_max_num_queries):
    client = login(world.supporter)
    session_factory()
    client.get(reverse("session_list"))
    with django_assert_max_num_queries(30) as baseline:
        client.get(reverse("session_list"))
    for _ in range(6):
        session = session_factory()
        services.enrolment_nominate(session=session, people=[world.supporter], by=world.director)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        client.get(reverse("session_list"))


def test_ical_feed_lists_published_session_days(client, session_factory):
    from icalendar import Calendar

    session_factory()
    session_factory(status=TrainingSession.Status.DRAFT)
    calendar = Calendar.from_ical(client.get(reverse("session_feed")).content)
    events = calendar.walk("VEVENT")
    assert len(events) == 3
    assert "生活困窮者支援論" in str(events[0]["summary"])


@pytest.mark.today(datetime.date(2026, 12, 6))
def test_every_feed_event_has_a_dtstamp_and_its_time_zone_is_defined(client, session_factory):
    """RFC 5545: DTSTAMP is required in every VEVENT, and a TZID must name a VTIMEZONE in the calendar."""
    from icalendar import Calendar

    session_factory()
    calendar = Calendar.from_ical(client.get(reverse("session_feed")).content)
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Asia/Tokyo" and zone.walk("STANDARD")
    for event in calendar.walk("VEVENT"):
        assert event.decoded("DTSTAMP") == datetime.datetime(2026, 12, 6, 1, 0, tzinfo=datetime.UTC)  # 10:00 in Japan
        assert event["DTSTART"].params["TZID"] == "Asia/Tokyo" == event["DTEND"].params["TZID"]
        assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(hours=9)


@pytest.mark.parametrize("action", ["enrolment_approve", "enrolment_decline"])
@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_next_never_leaves_the_site(login, world, session_factory, action, next_url):
    session = session_factory()
    enrolment = services.enrolment_apply(session=session, person=world.supporter)
    response = login(world.director).post(reverse(action, args=[enrolment.pk]), {"next": next_url, "reason": "今年度は見送り"})
    assert response.status_code == 302 and response["Location"] == session.get_absolute_url()


def test_next_on_this_site_is_followed(login, world, session_factory):
    enrolment = services.enrolment_apply(session=session_factory(), person=world.supporter)
    response = login(world.director).post(reverse("enrolment_approve", args=[enrolment.pk]), {"next": reverse("session_list")})
    assert response["Location"] == reverse("session_list")


def edit_form_data(session, **changes):
    """The session's edit form as the page would post it, with `changes` applied."""
    days = list(session.ordered_days)
    data = {
        "subject": session.subject_id, "title": session.title, "organiser": session.organiser_id, "venue": session.venue or "",
        "capacity": session.capacity, "applications_open_on": session.applications_open_on.isoformat(),
        "applications_close_on": session.applications_close_on.isoformat(), "notes": session.notes,
        "days-TOTAL_FORMS": str(len(days)), "days-INITIAL_FORMS": str(len(days)), "days-MIN_NUM_FORMS": "1", "days-MAX_NUM_FORMS": "1000",
    }
    for number, day in enumerate(days):
        data.update({
            f"days-{number}-id": day.pk, f"days-{number}-session": session.pk, f"days-{number}-date": day.date.isoformat(),
            f"days-{number}-starts_at": day.starts_at.strftime("%H:%M"), f"days-{number}-ends_at": day.ends_at.strftime("%H:%M"),
            f"days-{number}-hours": str(day.hours),
        })
    data.update(changes)
    return data


def test_raising_the_capacity_moves_the_waiting_list_up_in_order(login, world, session_factory):
    session = session_factory(capacity=1)
    first, second, third = [
        o.enrolment for o in services.enrolment_nominate(session=session, people=[world.supporter, world.clerk, world.community_supporter], by=world.director)
    ]
    client = login(world.institute_staff)
    response = client.post(reverse("session_edit", args=[session.pk]), edit_form_data(session, capacity="2"))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    statuses = dict(Enrolment.objects.filter(session=session).values_list("pk", "status"))
    assert statuses == {first.pk: Enrolment.Status.CONFIRMED, second.pk: Enrolment.Status.CONFIRMED, third.pk: Enrolment.Status.WAITLISTED}


def test_the_capacity_cannot_drop_below_the_confirmed_places_and_the_form_keeps_the_input(login, world, session_factory):
    session = session_factory(capacity=5)
    services.enrolment_nominate(session=session, people=[world.supporter, world.clerk], by=world.director)
    client = login(world.institute_staff)
    response = client.post(reverse("session_edit", args=[session.pk]), edit_form_data(session, capacity="1", title="変更後の題名"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 人分の席が確定" in page and 'value="変更後の題名"' in page
    session.refresh_from_db()
    assert session.capacity == 5 and session.title != "変更後の題名"


def test_completing_again_shows_completed_people_fixed_and_says_when_nobody_was_added(login, world, session_factory, frozen):
    from tests.clock import at

    session = session_factory(days=[datetime.date(2027, 1, 20)])
    [outcome] = services.enrolment_nominate(session=session, people=[world.supporter], by=world.director)
    [day] = session.ordered_days
    frozen.move_to(at("2027-01-21"), tick=False)
    services.attendance_mark(session=session, present={outcome.enrolment.pk: {day.pk}}, by=world.institute_staff)
    client = login(world.institute_staff)
    response = client.post(reverse("session_complete", args=[session.pk]), {"complete": [str(outcome.enrolment.pk)]}, follow=True)
    assert "修了を記録し" in response.content.decode()
    page = client.get(session.get_absolute_url()).content.decode()
    assert f'name="complete" value="{outcome.enrolment.pk}" checked disabled' in page
    response = client.post(reverse("session_complete", args=[session.pk]), {}, follow=True)
    assert "新たに修了とした人はいません" in response.content.decode()
    assert Enrolment.objects.get(pk=outcome.enrolment.pk).status == Enrolment.Status.COMPLETED


def test_the_institute_is_not_told_it_cannot_apply_to_a_completed_session(login, world, session_factory):
    """Only centre staff take places: the institute's page of a completed session has no 'your place' card."""
    session = session_factory(status=TrainingSession.Status.COMPLETED)
    content = login(world.institute_staff).get(reverse("session_detail", args=[session.pk])).content.decode()
    assert "申し込めません" not in content and "あなたの申込み" not in content
    staff_page = login(world.supporter).get(reverse("session_detail", args=[session.pk])).content.decode()
    assert "申し込めません" in staff_page
