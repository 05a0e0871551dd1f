"""A scene with something at every address: a session with a pending application, training records,
a submitted plan, OJT waiting for confirmation and sign-off, a certificate, and a fieldwork offer."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings

from curriculum.loader import load_curriculum
from curriculum.models import Ability, Subject
from curriculum.setup import ensure_curriculum_pages
from fieldwork.models import EligibilityPolicy
from lms.assessment import services as assessment_services
from lms.assessment.models import CompletionRule, Report
from lms.certificates import services as certificate_services
from lms.certificates.models import IssuanceBatch
from lms.directory import services as directory_services
from lms.organisations.models import Job, Membership, Organisation
from lms.training import services as session_services
from lms.training.models import Attendance, OutsideCourse, TrainingRecord
from ojt import services as ojt_services
from ojt.models import Kind, Theme
from skillpath import services as plan_services
from tests import factories
from tests.assessment.conftest import publish_test
from tests.clock import at
from tests.conftest import build_world
from tests.training.conftest import make_session

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture(scope="module")
def _built(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world and the scene, built once for the module inside a transaction rolled back at its
    end. Each test runs in a savepoint within it (pytest-django's `db`), so what one test writes the
    next never sees; building the scene for each of the table's 150 rows took most of the suite."""
    folder = tmp_path_factory.mktemp("scene")
    overrides = override_settings(INSTITUTE_SIGNING_KEY_FILE=str(folder / "key.pem"), MEDIA_ROOT=str(folder / "media"))
    overrides.enable()
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        with time_machine.travel(at(TODAY), tick=False):
            load_curriculum()
            world = build_world()
            built = (world, build_scene(world))
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
    overrides.disable()


@pytest.fixture
def world(_built, db):
    return _built[0]


@pytest.fixture
def scene(_built, db, frozen):
    frozen.move_to(at(TODAY), tick=False)
    return _built[1]


def build_scene(world):
    ensure_curriculum_pages()
    host = factories.OrganisationFactory(kind=Organisation.Kind.RELATED_BODY, name="受入団体", is_fieldwork_host=True)
    host_supervisor = factories.person(host, Job.HOST_SUPERVISOR, email="host@example.jp")
    session = make_session(organiser=world.institute)
    draft = make_session(organiser=world.institute, status="draft")
    finished = make_session(organiser=world.institute, status="completed")  # certificates are issued for these
    factories.TrainingRecordFactory(person=world.clerk, subject=finished.subject, session=finished, completed_on=datetime.date(2026, 6, 12))
    enrolment = session_services.enrolment_apply(session=session, person=world.supporter)
    completed = factories.TrainingRecordFactory(
        person=world.supporter, subject=Subject.objects.get(code="poverty-support"), completed_on=datetime.date(2026, 6, 12), hours=Decimal("18"),
    )
    certificate = certificate_services.issue_certificate(record=completed, by=world.institute_staff)
    history_proof = certificate_services.issue_history_proof(person=world.supporter, by=world.institute_staff)
    uncertified = factories.TrainingRecordFactory(
        person=world.supporter, subject=Subject.objects.get(code="community-life-support"), completed_on=datetime.date(2026, 7, 3), hours=Decimal("18"),
    )
    external = plan_services.external_record_submit(
        person=world.supporter, title="県の研修", kind=TrainingRecord.Kind.PREFECTURAL, provider="福岡県",
        started_on=datetime.date(2026, 10, 1), completed_on=datetime.date(2026, 10, 1), hours=Decimal("3"),
        evidence=SimpleUploadedFile("evidence.pdf", b"%PDF-1.4 evidence"),
    )
    plan = plan_services.plan_create(person=world.supporter, fiscal_year=2026)
    plan_services.plan_submit(plan=plan, by=world.supporter)
    ojt_session = ojt_services.session_log(
        centre=world.centre, by=world.coordinator, date=datetime.date(2026, 11, 10), hours=Decimal("2"), kind=Kind.SUPERVISION_GROUP,
        theme=Theme.EXPERTISE, title="グループSV", attendees=[world.supporter], facilitator=world.supervisor,
    )
    individual = ojt_services.individual_log(person=world.supporter, date=datetime.date(2026, 10, 2), hours=Decimal("1"), description="個別SV")
    batch = IssuanceBatch.objects.create(requested_by=world.institute_staff, session=session, record_ids=[], total=0)
    office = factories.OrganisationFactory(kind=Organisation.Kind.PREFECTURE, name="福岡県庁")
    prefecture_officer = factories.person(office, Job.PREFECTURE_OFFICER, email="pref@example.jp")
    closed = factories.CentreFactory(name="閉鎖したセンター", closed_on=datetime.date(2026, 4, 1))
    leaver = factories.person(world.centre, Job.CLERICAL, email="leaver@example.jp", is_active=False)
    Membership.objects.filter(user=leaver).update(ended_on=datetime.date(2026, 3, 31))
    staff_import, _ = directory_services.import_check(
        by=world.director, filename="staff.csv",
        data=f"メールアドレス,姓,名,所属,職種,着任日\nimported@example.jp,取込,太郎,{world.centre.name},事務員,2026-12-01\n".encode(),
    )
    future_policy = EligibilityPolicy.objects.create(effective_from=datetime.date(2027, 10, 1))
    # A session held today (its test published by then) with a report asked for: the supporter has submitted a file, the colleague not yet.
    reported = make_session("sst", organiser=world.institute, days=[TODAY])
    reported.lecturers.add(world.lecturer)
    CompletionRule.objects.create(subject=reported.subject, effective_from=datetime.date(2026, 4, 1), report_required=True, report_question="問い")
    for person in (world.supporter, world.community_supporter):
        place = factories.EnrolmentFactory(session=reported, person=person)
        Attendance.objects.create(enrolment=place, day=reported.days.get(), present=True, marked_by=world.institute_staff)
    report = Report.objects.create(enrolment=reported.enrolments.get(person=world.supporter), due_on=datetime.date(2026, 12, 20))
    report.submissions.create(number=1, file=SimpleUploadedFile("report.pdf", b"%PDF-1.4 report"), submitted_at=at(TODAY))
    # Its day-1 understanding test: the supporter's attempt waits for the lecturer to mark the written answer.
    test = publish_test(reported.subject)
    attempt = assessment_services.test_submit(
        enrolment=reported.enrolments.get(person=world.supporter), test=test, by=world.supporter, answers={"q1": ["0"], "q2": ["0", "1"], "q3": "答え"},
    )
    outside_course = OutsideCourse.objects.create(title="家計相談の基礎", kind=TrainingRecord.Kind.RELATED_BODY, provider="家計相談支援協会")
    return {
        "reported": reported, "report": report, "reported_place": reported.enrolments.get(person=world.community_supporter), "first": "1", "test": test, "attempt": attempt, "reported_code": reported.subject.code, "lecturer_user": world.lecturer,
        "outside_course": outside_course, "history_proof": history_proof,
        "certificate_ct": str(ContentType.objects.get_for_model(certificate).pk), "history_series": "history",
        "prefecture_officer": prefecture_officer, "closed": closed, "leaver": leaver, "staff_import": staff_import,
        "membership": Membership.objects.get(user=world.supporter), "other_centre": world.other_centre,
        "future_policy": future_policy, "minimum_hours": "minimum-hours", "eligibility": "fieldwork-eligibility",
        "batch": batch, "session": session, "finished": finished, "uncertified": uncertified, "colleague": world.community_supporter,
        "subject": session.subject, "institute_org": world.institute, "ability": Ability.objects.order_by("pk").first(), "draft": draft, "enrolment": enrolment, "record": completed, "external": external, "certificate": certificate,
        "plan": plan, "ojt_session": ojt_session, "individual": individual, "centre": world.centre, "supporter": world.supporter,
        "host_supervisor": host_supervisor, "prefecture_code": str(world.centre.prefecture_id),
    }


def roles(world, scene):
    return {
        "anonymous": None, "supporter": world.supporter, "colleague": world.community_supporter, "coordinator": world.coordinator,
        "supervisor": world.supervisor, "director": world.director, "other_director": world.other_director, "clerk": world.clerk,
        "institute": world.institute_staff, "editor": world.editor, "lecturer": world.lecturer, "host": scene["host_supervisor"],
        "prefecture": scene["prefecture_officer"],
    }
