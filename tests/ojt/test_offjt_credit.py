"""Seed 004 part 3 ②: what counts as Off-JT and for how many hours, under the versioned hours policy.

The seed's worked example counts a five-day central course as 40 h and a day and a half of other
courses as 12 h (8 h a day, although the timetables give 6 h of lectures a day); 図表 2-2 puts the
fieldwork row under Off-JT; part 3 says centres invite outside lecturers to hold Off-JT as well.
"""

import datetime
import subprocess
from decimal import Decimal

import pytest

from lms.training import services as training_services
from lms.training.models import TrainingRecord
from ojt import selectors, services
from ojt.models import Kind, MinimumHoursPolicy, Theme
from skillpath import services as handbook_services
from tests import factories
from tests.clock import at

pytestmark = pytest.mark.django_db

D = datetime.date


def ledger(person, year=2026, today=D(2027, 3, 31)):
    [row] = selectors.ledgers_for([person], year, today)
    return row


def complete_five_day_course(world, person, frozen):
    """The central course of the seed's example, through enrolment, attendance and completion."""
    days = [D(2027, 1, day) for day in (18, 19, 20, 21, 22)]
    session = factories.TrainingSessionFactory(organiser=world.institute, opens_on=D(2026, 11, 13), days=days)
    frozen.move_to(at(D(2026, 11, 20)), tick=False)  # nominated while applications are open, whatever day the suite runs
    [outcome] = training_services.enrolment_nominate(session=session, people=[person], by=world.director)
    frozen.move_to(at(days[-1], hour=17), tick=False)
    training_services.attendance_mark(
        session=session, present={outcome.enrolment.pk: {day.pk for day in session.ordered_days}}, by=world.institute_staff,
    )
    training_services.session_complete(session=session, enrolment_ids={outcome.enrolment.pk}, by=world.institute_staff)
    return TrainingRecord.objects.get(enrolment=outcome.enrolment)


def day_and_a_half_outside(world, person, frozen, *, days=Decimal("1.5"), hours=Decimal("9")):
    """The prefecture's social welfare administration training, recorded and verified."""
    frozen.move_to(at(D(2027, 2, 20)), tick=False)
    record = handbook_services.external_record_submit(
        person=person, title="社会福祉行政職員研修", kind=TrainingRecord.Kind.PREFECTURAL, provider="福岡県",
        started_on=D(2027, 2, 10), completed_on=D(2027, 2, 11), hours=hours, days=days,
    )
    return handbook_services.external_record_verify(record=record, by=world.supervisor)


def standard_ojt_year(world, person):
    """Seed 004 part 3 ①: workplace training 2.5 h × 12 and supervision 2 h × 12 = 54 h."""
    for month in range(1, 13):
        date = D(2026 if month >= 4 else 2027, month, 10)
        for kind, hours in ((Kind.WORKPLACE, Decimal("2.5")), (Kind.SUPERVISION_GROUP, Decimal("2"))):
            session = services.session_log(
                centre=world.centre, by=world.coordinator, date=date, hours=hours, kind=kind, theme=Theme.SUPPORT,
                title="職場内研修" if kind == Kind.WORKPLACE else "グループSV", attendees=[person], facilitator=world.supervisor,
            )
            services.session_confirm(session=session, by=world.supervisor)


def test_seed004_part3_the_five_day_course_counts_40_hours_and_the_example_reaches_52(world, curriculum, frozen):
    course = complete_five_day_course(world, world.supporter, frozen)
    assert (course.hours, course.days) == (Decimal("30.0"), Decimal("5"))  # the timetable's 6 h a day, kept
    day_and_a_half_outside(world, world.supporter, frozen)
    row = ledger(world.supporter)
    assert row.hours.courses == Decimal("52.0") and row.offjt_hours == Decimal("52.0")
    assert row.offjt_compliant
    assert "8" in row.credit_rule and "40" in row.credit_rule


def test_seed004_part3_a_policy_counting_timetable_hours_leaves_the_example_short(world, curriculum, frozen):
    MinimumHoursPolicy.objects.create(effective_from=D(2026, 4, 1), offjt_day_hours=None)
    complete_five_day_course(world, world.supporter, frozen)
    day_and_a_half_outside(world, world.supporter, frozen)
    row = ledger(world.supporter)
    assert row.offjt_hours == Decimal("39.0") and not row.offjt_compliant


def test_seed004_part3_49_and_a_half_hours_is_not_met(world, frozen):
    factories.TrainingRecordFactory(person=world.supporter, completed_on=D(2026, 9, 4), hours=Decimal("36"), days=Decimal("6"))
    factories.TrainingRecordFactory(person=world.supporter, completed_on=D(2026, 10, 1), hours=Decimal("1.5"))
    row = ledger(world.supporter)
    assert row.offjt_hours == Decimal("49.5") and not row.offjt_compliant


def test_figure_2_2_fieldwork_days_count_as_offjt_in_the_year_the_placement_ended(world):
    factories.PlacementFactory(
        person=world.supervisor, centre=world.centre, status="completed", completed_on=D(2027, 3, 31), days=29, fiscal_year=2026,
    )
    row = ledger(world.supervisor)
    assert (row.fieldwork_days, row.hours.fieldwork, row.offjt_hours) == (29, Decimal("232"), Decimal("232"))
    assert ledger(world.supervisor, 2027, D(2027, 4, 1)).offjt_hours == 0  # 1 April: a new year, nothing carried
    MinimumHoursPolicy.objects.create(effective_from=D(2026, 4, 1), fieldwork_day_hours=Decimal("0"))
    assert ledger(world.supervisor).offjt_hours == 0


def test_seed004_part3_centre_sessions_with_outside_lecturers_count_as_offjt(world, login, frozen):
    frozen.move_to(at(D(2026, 11, 29)), tick=False)
    session = services.session_log(
        centre=world.centre, by=world.coordinator, date=D(2026, 11, 10), hours=Decimal("2"), kind=Kind.EXTERNAL_LECTURER,
        theme=Theme.SUPPORT, title="外部講師：家計改善支援の実際", attendees=[world.supporter], facilitator_note="家計相談の専門家",
    )
    services.session_confirm(session=session, by=world.supervisor)
    row = ledger(world.supporter, today=D(2026, 11, 29))
    assert (row.ojt_hours, row.offjt_hours, row.hours.centre_lectures) == (0, Decimal("2.0"), Decimal("2.0"))
    [entry] = [e for e in login(world.supporter).get("/handbook/").context["years"][0][1] if e.title.startswith("外部講師")]
    assert entry.section == "offjt"
    assert "Off-JT に算入" in login(world.supporter).get("/ojt/").content.decode()  # the ledger's list says so too
    # The institute may decide otherwise from a fiscal year on: the session is OJT again.
    MinimumHoursPolicy.objects.create(effective_from=D(2026, 4, 1), centre_lectures_are_offjt=False)
    row = ledger(world.supporter, today=D(2026, 11, 29))
    assert (row.ojt_hours, row.offjt_hours) == (Decimal("2.0"), 0)
    assert "Off-JT に算入" not in login(world.supporter).get("/ojt/").content.decode()


def test_seed004_part3_the_acceptance_year_reads_the_same_on_every_page(world, curriculum, login, frozen, tmp_path):
    """54 h OJT and 52 h Off-JT on 31 March, on /ojt/, /handbook/, its PDF and the home page."""
    complete_five_day_course(world, world.supporter, frozen)
    day_and_a_half_outside(world, world.supporter, frozen)
    frozen.move_to(at(D(2027, 3, 31), hour=23, minute=30), tick=False)
    standard_ojt_year(world, world.supporter)
    client = login(world.supporter)
    ledger_page = client.get("/ojt/")
    row = ledger_page.context["ledger"]
    assert (row.ojt_hours, row.supervision_hours, row.offjt_hours) == (Decimal("54.0"), Decimal("24.0"), Decimal("52.0"))
    assert row.ojt_compliant and row.offjt_compliant
    assert "1日を8時間" in ledger_page.content.decode()
    handbook = client.get("/handbook/")
    summary = handbook.context["years"][0][2]
    assert (summary["hours"], summary["met"], summary["courses"]) == (Decimal("52.0"), True, Decimal("52.0"))
    page = handbook.content.decode()
    assert "研修 52 時間" in page and "1日を8時間" in page
    pdf = tmp_path / "handbook.pdf"
    pdf.write_bytes(client.get("/handbook/handbook.pdf").content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = text.replace(" ", "")
    assert "Off-JT：52.0時間（年間最低50時間）" in text and "内訳：研修52時間" in text and "1日を8時間" in text
    home = client.get("/").content.decode()
    assert "54.0" in home and "52.0" in home
    # At 00:30 on 1 April the home page is in the new year and starts again from nothing.
    frozen.move_to(at(D(2027, 4, 1), hour=0, minute=30), tick=False)
    assert client.get("/ojt/").context["ledger"].offjt_hours == 0
