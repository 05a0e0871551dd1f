"""A centre's OJT sessions take the same anonymous evaluation as training sessions, for the centre's
own PDCA: attendees answer once; those who run the centre's OJT and the facilitator read the
summaries, never below five answers."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lms.organisations.models import Job
from ojt import services
from ojt.models import Kind, OjtEvaluation, OjtEvaluationReceipt, Theme
from tests import factories

TODAY = datetime.date(2026, 11, 23)
pytestmark = [pytest.mark.django_db, pytest.mark.today(TODAY)]
GOOD = {"content": 4, "method": 4, "lecturer": 5, "usefulness": 5}


def held(world, attendees, title="事例検討会"):
    return services.session_log(
        centre=world.centre, by=world.coordinator, date=datetime.date(2026, 11, 20), hours=Decimal("2.0"), kind=Kind.MUTUAL_STAFF,
        theme=Theme.EXPERTISE, title=title, attendees=attendees, facilitator=world.supervisor,
    )


def staff(world, count):
    return [factories.person(world.centre, Job.SUPPORTER_INDIVIDUAL, email=f"ojt{index}@example.jp") for index in range(count)]


def test_an_attendee_answers_once_without_their_name(world, login):
    session = held(world, [world.supporter, world.clerk])
    client = login(world.supporter)
    assert "この研修を評価する" in client.get(session.get_absolute_url()).content.decode()
    form = {name: str(value) for name, value in GOOD.items()}
    response = client.post(f"/ojt/sessions/{session.pk}/evaluation/", {**form, "content": "", "comment": "具体的だった"})
    assert response.status_code == 200 and "具体的だった" in response.content.decode() and not OjtEvaluation.objects.exists()
    assert client.post(f"/ojt/sessions/{session.pk}/evaluation/", {**form, "comment": "具体的だった"}).status_code == 302
    evaluation = OjtEvaluation.objects.get()
    assert evaluation.comment == "具体的だった" and evaluation.answered_on == TODAY
    assert not {field.name for field in OjtEvaluation._meta.get_fields()} & {"person", "user", "created_at"}
    assert OjtEvaluationReceipt.objects.filter(session=session, person=world.supporter).exists()
    with pytest.raises(ValidationError):
        services.session_evaluate(session=session, by=world.supporter, ratings=GOOD)
    assert "回答済み" in client.get(f"/ojt/sessions/{session.pk}/evaluation/").content.decode()
    assert "この研修を評価する" not in client.get(session.get_absolute_url()).content.decode()
    assert OjtEvaluation.objects.count() == 1


def test_only_attendees_answer(world, login):
    session = held(world, [world.supporter])
    with pytest.raises(PermissionDenied):
        services.session_evaluate(session=session, by=world.clerk, ratings=GOOD)
    for outsider in (world.clerk, world.other_supporter, world.coordinator):
        assert login(outsider).get(f"/ojt/sessions/{session.pk}/evaluation/").status_code == 403
    assert not OjtEvaluation.objects.exists()


def test_the_summary_appears_from_five_answers_to_those_who_run_the_ojt(world, login):
    people = staff(world, 5)
    session = held(world, people)
    for person in people[:4]:
        services.session_evaluate(session=session, by=person, ratings=GOOD, comment=f"{person.email}の感想")
    url = f"/ojt/sessions/{session.pk}/evaluation/summary/"
    page = login(world.coordinator).get(url).content.decode()
    assert "ojt0@example.jpの感想" not in page and "5 人以上が回答してから" in page
    services.session_evaluate(session=session, by=people[4], ratings=GOOD, comment="五人目")
    for reader in (world.coordinator, world.supervisor, world.director, world.institute_staff):  # supervisor facilitates
        page = login(reader).get(url).content.decode()
        assert "五人目" in page and "ojt0@example.jpの感想" in page
    for outsider in (people[0], world.other_director, world.lecturer):
        assert login(outsider).get(url).status_code == 403


def test_the_centre_year_leaves_out_sessions_below_five(world, login):
    people = staff(world, 6)
    large, small = held(world, people[:5], title="大きい検討会"), held(world, people[5:], title="小さい検討会")
    for person in people[:5]:
        services.session_evaluate(session=large, by=person, ratings=GOOD, comment="大きい回の感想")
    services.session_evaluate(session=small, by=people[5], ratings={**GOOD, "content": 1}, comment="小さい回の感想")
    url = f"/ojt/centre/{world.centre.pk}/2026/evaluations/"
    page = login(world.coordinator).get(url).content.decode()
    assert "大きい回の感想" in page and "小さい回の感想" not in page and "回答 5 件" in page and "小さい検討会" not in page
    assert login(world.other_director).get(url).status_code == 403
    assert login(world.supporter).get(url).status_code == 403
    assert "OJT研修の評価" in login(world.coordinator).get(f"/ojt/centre/{world.centre.pk}/2026/").content.decode()


def test_the_evaluation_is_open_for_thirty_days_and_the_ledger_lists_it_meanwhile(world, login, frozen):
    from tests.clock import at

    session = held(world, [world.supporter])  # held on 20 November
    ledger = login(world.supporter).get("/ojt/").content.decode()
    assert "評価をお願いしている研修" in ledger and f"/ojt/sessions/{session.pk}/evaluation/" in ledger
    frozen.move_to(at(datetime.date(2026, 12, 21)), tick=False)
    with pytest.raises(ValidationError, match="2026年12月20日"):
        services.session_evaluate(session=session, by=world.supporter, ratings=GOOD)
    assert f"/ojt/sessions/{session.pk}/evaluation/" not in login(world.supporter).get("/ojt/").content.decode()
    frozen.move_to(at(datetime.date(2026, 12, 20)), tick=False)
    services.session_evaluate(session=session, by=world.supporter, ratings=GOOD)
    assert f"/ojt/sessions/{session.pk}/evaluation/" not in login(world.supporter).get("/ojt/").content.decode()  # answered


def test_the_ojt_form_names_the_facilitator_and_who_reads_the_comments(world, login):
    session = held(world, [world.supporter])
    page = login(world.supporter).get(f"/ojt/sessions/{session.pk}/evaluation/").content.decode()
    assert "進行役" in page and "センターのOJT担当者がコメントを読める" in page and "講師がコメントを読める" not in page


def test_the_facilitator_does_not_rate_their_own_session(world, login):
    session = held(world, [world.supervisor, world.supporter])  # the supervisor facilitates and is listed
    with pytest.raises(PermissionDenied):
        services.session_evaluate(session=session, by=world.supervisor, ratings=GOOD)
    assert login(world.supervisor).get(f"/ojt/sessions/{session.pk}/evaluation/").status_code == 403
    assert f"/ojt/sessions/{session.pk}/evaluation/" not in login(world.supervisor).get("/ojt/").content.decode()


def test_a_reader_who_answered_needs_five_answers_besides_their_own(world, login):
    people = staff(world, 4)
    session = held(world, [world.coordinator, *people])
    for person in [world.coordinator, *people]:
        services.session_evaluate(session=session, by=person, ratings=GOOD, comment=f"{person.email}の感想")
    url = f"/ojt/sessions/{session.pk}/evaluation/summary/"
    assert "ojt0@example.jpの感想" not in login(world.coordinator).get(url).content.decode()  # four others only
    assert "ojt0@example.jpの感想" in login(world.director).get(url).content.decode()
    centre = f"/ojt/centre/{world.centre.pk}/2026/evaluations/"
    assert "ojt0@example.jpの感想" not in login(world.coordinator).get(centre).content.decode()
    assert "ojt0@example.jpの感想" in login(world.director).get(centre).content.decode()
