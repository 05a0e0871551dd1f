"""Measure the main pages at national scale: 1,300 centres and 13,000 staff with --centres 1300
(five fiscal years of Off-JT records and OJT logs, about 65,000 certificates, ten years of fieldwork,
and a year of the common course: 2,000 participants in sessions of 170 with tests, reports and evaluations).

Builds the data set once in its own database, then times each page through the Django test
client and counts its SQL queries. Each time is also printed as a ratio to a bare Django view
(one that only returns "ok" behind the same middleware) measured in the same run. Run against
PostgreSQL:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms_bench \
        .venv/bin/python scripts/benchmark.py [--centres 1300] [--staff-per-centre 10] [--rebuild]

Timings are printed, never asserted: the tests assert query counts, this script shows seconds.
"""

import argparse
import datetime
import logging
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
# The invitations of the timed import are published to Redis as in production (db 14, emptied
# afterwards, no worker): keep them out of the console.
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/14")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
# Building a country's worth of rows runs statements longer than a web request may.
os.environ.setdefault("DB_STATEMENT_TIMEOUT", "0")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import (  # noqa: E402
    close_old_connections,
    connection,
    reset_queries,
)
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from curriculum.loader import load_curriculum  # noqa: E402
from curriculum.models import Subject  # noqa: E402
from curriculum.setup import ensure_curriculum_pages  # noqa: E402
from lms.celery import app as celery_app  # noqa: E402
from lms.directory import importing  # noqa: E402
from lms.directory import services as directory_services  # noqa: E402
from lms.organisations.models import Job, Membership, Organisation, Prefecture  # noqa: E402
from lms.training.models import TrainingRecord  # noqa: E402
from scripts import benchmark_pages  # noqa: E402

BENCH_MARKER = "bench-centre-"
JOB_CYCLE = [
    [Job.DIRECTOR], [Job.SUPERVISOR], [Job.SUPPORTER_INDIVIDUAL, Job.OJT_COORDINATOR],
    [Job.SUPPORTER_INDIVIDUAL], [Job.SUPPORTER_INDIVIDUAL], [Job.SUPPORTER_INDIVIDUAL],
    [Job.SUPPORTER_COMMUNITY], [Job.SUPPORTER_COMMUNITY], [Job.SUPPORTER_INDIVIDUAL], [Job.CLERICAL],
]


def build(centres, staff_per_centre):
    User = get_user_model()
    if not Prefecture.objects.exists():
        call_command("loaddata", "fixtures/prefectures.json", verbosity=0)
    load_curriculum()
    ensure_curriculum_pages()
    common = list(Subject.objects.filter(tier__code="common"))
    centre_rows = Organisation.objects.bulk_create(
        Organisation(kind=Organisation.Kind.CENTRE, name=f"{BENCH_MARKER}{n:04d}", prefecture_id=n % 47 + 1)
        for n in range(centres)
    )
    hashed = User(email="x@example.jp")
    hashed.set_password("bench-pass")
    users, memberships, records = [], [], []
    for centre in centre_rows:
        for index in range(staff_per_centre):
            users.append(User(email=f"{centre.name}-{index}@bench.example.jp", last_name="試験", first_name=f"{index}", password=hashed.password))
    users = User.objects.bulk_create(users, batch_size=2000)
    today = datetime.date.today()
    for number, user in enumerate(users):
        centre = centre_rows[number // staff_per_centre]
        jobs = JOB_CYCLE[number % staff_per_centre % len(JOB_CYCLE)]
        started = datetime.date(today.year - 1 - number % 8, 4, 1)
        memberships.extend(Membership(user=user, organisation=centre, job=job, started_on=started) for job in jobs)
        # Five fiscal years of Off-JT: one central course a year, cycling through the common tier.
        for year_back in range(5):
            subject = common[year_back % len(common)]
            completed = datetime.date(today.year - 1 - year_back, 9, 20)
            record = TrainingRecord(
                person=user, subject=subject, title=subject.name, kind=TrainingRecord.Kind.CENTRAL,
                started_on=completed - datetime.timedelta(days=2), completed_on=completed,
                hours=Decimal("18.0"), status=TrainingRecord.Status.VERIFIED,
            )
            record.fiscal_year = completed.year if completed.month >= 4 else completed.year - 1
            records.append(record)
    Membership.objects.bulk_create(memberships, batch_size=5000)
    records = TrainingRecord.objects.bulk_create(records, batch_size=5000)
    build_ojt(users, today)
    build_certificates(records, users[0])
    build_fieldwork(centre_rows, users, staff_per_centre, hashed.password)
    return centre_rows


def build_ojt(users, today):
    """Five fiscal years of signed-off individual OJT: six entries a year for everyone."""
    from ojt.models import IndividualOjt

    current = today.year if today.month >= 4 else today.year - 1
    logs = []
    for user in users:
        for year in range(current - 4, current + 1):
            for month in (4, 6, 8, 10, 12, 2):
                day = datetime.date(year + (month < 4), month, 15)
                if day > today:
                    continue
                logs.append(IndividualOjt(person=user, date=day, fiscal_year=year, hours=Decimal("4.5"), description="面談同席",
                                          status=IndividualOjt.Status.SIGNED_OFF))
    IndividualOjt.objects.bulk_create(logs, batch_size=10000)


def build_certificates(records, issuer):
    """A certificate for every central record (about 60,000 at national size), deadlines stored."""
    from lms.certificates.models import Certificate
    from lms.certificates.services import stored_terms

    policies = {}
    certificates = []
    for number, record in enumerate(records):
        if record.subject_id not in policies:
            policies[record.subject_id] = list(record.subject.renewal_policies.all())
        certificates.append(Certificate(
            record=record, holder_id=record.person_id, subject_id=record.subject_id, serial=f"B{number:08d}",
            issued_on=record.completed_on, issued_by=issuer, **stored_terms(policies[record.subject_id], record.completed_on),
        ))
    certificates = Certificate.objects.bulk_create(certificates, batch_size=5000)
    fill_status_positions(Certificate, [certificate.pk for certificate in certificates])


def fill_status_positions(model, ids):
    """Random distinct positions in the revocation lists, as issuance draws them one by one."""
    from lms.certificates import status_list

    positions = random.sample(range(status_list.capacity(len(ids))), len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {model._meta.db_table} SET status_position = v.position"
            f" FROM unnest(%s::bigint[], %s::int[]) AS v(id, position) WHERE {model._meta.db_table}.id = v.id",
            [ids, positions],
        )


def build_fieldwork(centre_rows, users, staff_per_centre, password, hosts=50, offers_per_host=2):
    """The report's pace, ~200 supervisors a year, over ten years: every director and supervisor placed
    once (about 2,000 placements), each with three blocks and a daily log for each working day."""
    from fieldwork import rules
    from fieldwork.models import Block, DailyLog, Offer, Placement

    User = get_user_model()
    host_rows = Organisation.objects.bulk_create(
        Organisation(kind=Organisation.Kind.RELATED_BODY, name=f"{BENCH_MARKER}host-{n:03d}", prefecture_id=n % 47 + 1,
                     is_fieldwork_host=True)
        for n in range(hosts)
    )
    supervisors = User.objects.bulk_create(
        User(email=f"host-{n:03d}@bench.example.jp", last_name="受入", first_name=f"{n}", password=password) for n in range(hosts)
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=host, job=Job.HOST_SUPERVISOR, started_on=datetime.date(2015, 4, 1))
        for user, host in zip(supervisors, host_rows)
    )
    today = datetime.date.today()
    offers = Offer.objects.bulk_create(
        Offer(host=host, supervisor=supervisor, created_by=supervisor, title=f"受入募集 {n}", themes="家計改善支援", supervision="各回の振り返り",
              places=10, available_from=datetime.date(today.year - 10, 4, 1), available_until=today + datetime.timedelta(days=365),
              applications_close_on=today + datetime.timedelta(days=30), status=Offer.Status.PUBLISHED)
        for host, supervisor in zip(host_rows, supervisors) for n in range(offers_per_host)
    )
    placements, blocks, logs = [], [], []
    for number, user in enumerate(users):
        if number % staff_per_centre not in (0, 1):  # directors and supervisors (see JOB_CYCLE)
            continue
        start = datetime.date(today.year - 1 - number % 10, 5, 1)
        start -= datetime.timedelta(days=start.weekday())
        placements.append(Placement(
            offer=offers[number // staff_per_centre % len(offers)], person=user, centre=centre_rows[number // staff_per_centre], nominated_by=user,
            nomination_reason="連携を学ぶ", status=Placement.Status.COMPLETED, completed_on=start + datetime.timedelta(days=123),
            fiscal_year=start.year, days=30, report="報告",
        ))
    placements = Placement.objects.bulk_create(placements, batch_size=2000)
    for placement in placements:
        first = placement.completed_on - datetime.timedelta(days=123)
        for n in range(3):
            starts = first + datetime.timedelta(weeks=8 * n)
            blocks.append(Block(placement=placement, number=n + 1, starts_on=starts, ends_on=starts + datetime.timedelta(days=11), goal="目標"))
    blocks = Block.objects.bulk_create(blocks, batch_size=5000)
    for block in blocks:
        for offset in range(12):
            day = block.starts_on + datetime.timedelta(days=offset)
            if rules.is_working_day(day):
                logs.append(DailyLog(block=block, date=day, activities="面談に同席"))
    DailyLog.objects.bulk_create(logs, batch_size=10000)


ASSESSMENT_MARKER = "bench-assessment-"


def build_assessment(sessions=12, per_session=170):
    """A year of the common course with its tests, reports and evaluations: 2,000 participants in
    sessions of 170, each with a passed day-1 test, a submitted report and an evaluation."""
    import json

    from django.utils import timezone

    from curriculum.models import SubjectPage, UnderstandingTestPage
    from lms.assessment.models import CompletionRule, EvaluationReceipt, EvaluationResponse, Report, ReportSubmission, TestAttempt
    from lms.training.models import Attendance, Enrolment, SessionDay, TrainingSession

    User = get_user_model()
    subject = Subject.objects.get(code="poverty-support")
    lecturer = benchmark_pages.lecturer_user()
    CompletionRule.objects.get_or_create(subject=subject, effective_from=datetime.date(2020, 4, 1), defaults={
        "tests_required": True, "report_required": True, "report_question": "明日からの実践にどう活かしますか。", "report_length": 2000,
    })
    page = SubjectPage.objects.get(subject=subject).add_child(instance=UnderstandingTestPage(
        title="1日目 習得度テスト（ベンチマーク）", day=1, edition="ベンチマーク", questions=json.dumps([
            {"type": "single_choice", "id": f"b{n}", "value": {"prompt": f"問{n}", "points": 1, "explanation": "",
                                                                "choices": [{"text": "正", "correct": True}, {"text": "誤", "correct": False}]}}
            for n in range(10)
        ] + [{"type": "short_text", "id": "bt", "value": {"prompt": "記述", "points": 5, "model_answer": ""}}]),
    ))
    revision = page.save_revision()
    revision.publish()
    institute = Organisation.objects.filter(kind=Organisation.Kind.INSTITUTE).first()
    people = list(User.objects.filter(email__contains="@bench.example.jp").order_by("pk")[: sessions * per_session])
    today, now = datetime.date.today(), timezone.now()
    for number in range(sessions):
        first_day = today - datetime.timedelta(days=30 * (number + 1))
        session = TrainingSession.objects.create(
            subject=subject, title=f"{ASSESSMENT_MARKER}{number:02d}", organiser=institute, capacity=200, status=TrainingSession.Status.PUBLISHED,
            applications_open_on=first_day - datetime.timedelta(days=60), applications_close_on=first_day - datetime.timedelta(days=20),
        )
        session.lecturers.add(lecturer)
        days = SessionDay.objects.bulk_create(
            SessionDay(session=session, date=first_day + datetime.timedelta(days=n), starts_at=datetime.time(9, 30), ends_at=datetime.time(16, 30), hours=6)
            for n in range(3)
        )
        enrolments = Enrolment.objects.bulk_create(
            Enrolment(session=session, person=person, status=Enrolment.Status.CONFIRMED, requested_by=person)
            for person in people[number * per_session:(number + 1) * per_session]
        )
        Attendance.objects.bulk_create(Attendance(enrolment=e, day=day, present=True, marked_by=lecturer) for e in enrolments for day in days)
        TestAttempt.objects.bulk_create(
            TestAttempt(enrolment=e, test=page, revision=revision, number=1, submitted_at=now, answers={}, points={}, score=12, max_score=15,
                        pass_mark=60, status=TestAttempt.Status.PASSED if i % 10 else TestAttempt.Status.AWAITING_MARKING)
            for i, e in enumerate(enrolments)
        )
        reports = Report.objects.bulk_create(Report(enrolment=e, due_on=first_day + datetime.timedelta(days=32)) for e in enrolments)
        ReportSubmission.objects.bulk_create(ReportSubmission(report=r, number=1, text="本文" * 1000, submitted_at=now) for r in reports)
        EvaluationResponse.objects.bulk_create(
            EvaluationResponse(session=session, answered_on=first_day + datetime.timedelta(days=2), content=4, method=4, lecturer=5, usefulness=3,
                               comment="コメント" if i % 3 == 0 else "", released=True) for i in range(len(enrolments))
        )
        EvaluationReceipt.objects.bulk_create(EvaluationReceipt(enrolment=e) for e in enrolments)


def staff_csv(rows, centres):
    """A Shift_JIS staff file of `rows` new people spread over `centres`, as Excel in Japan saves it."""
    lines = [",".join(importing.JAPANESE_HEADERS)]
    for number in range(rows):
        centre = centres[number % len(centres)]
        lines.append(f"import-{number:05d}@bench.example.jp,取込,{number},トリコミ,,{centre.name},相談支援員（対個人）,令和9年4月1日,")
    return ("\r\n".join(lines) + "\r\n").encode("cp932")


class StatementCounter:
    """Counts the statements run through a connection (the query log keeps only the last 9,000)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure_import(rows):
    """Time checking and writing a staff file of `rows` rows, then the same file again (nothing changes)."""
    from django.db import transaction

    centres = list(Organisation.objects.centres().filter(name__startswith=BENCH_MARKER).order_by("pk")[:200])
    data = staff_csv(rows, centres)
    get_user_model().objects.filter(email__startswith="import-", email__endswith="@bench.example.jp").delete()
    for attempt in ("first import", "same file again"):
        started = time.perf_counter()
        read, errors = importing.read_rows(data)
        plan = importing.plan_import(read, Organisation.objects.centres().open())
        checked = time.perf_counter()
        assert not errors and not plan.errors, (errors, plan.errors[:3])
        statements = StatementCounter()
        with transaction.atomic(), connection.execute_wrapper(statements):
            directory_services.apply_plan(plan, by=None, source="benchmark.csv")
        finished = time.perf_counter()
        celery_app.control.purge()
        print(f"staff import, {attempt}: {rows} rows, {len(data) // 1024} KiB Shift_JIS: "
              f"checked in {checked - started:.1f}s, written in {finished - checked:.1f}s with {statements.count} queries "
              f"(created {plan.created}, updated {plan.updated}, unchanged {plan.unchanged})")


def bare_view(request):
    """The yardstick: a view that does nothing, behind the same middleware as every page."""
    from django.http import HttpResponse

    return HttpResponse("ok")


def add_bare_view():
    from django.urls import clear_url_caches, path

    from lms import urls

    urls.urlpatterns.insert(0, path("__benchmark_bare__/", bare_view))
    clear_url_caches()
    return "/__benchmark_bare__/"


def measure_refresh():
    from lms import clock
    from lms.fiscal import fiscal_year
    from lms.reports import services as report_services

    started = time.perf_counter()
    report_services.refresh(fiscal_year(clock.today()))
    print(f"oversight figures refreshed for the current fiscal year in {time.perf_counter() - started:.1f}s")


def measure_issuance(count):
    """Certificates a second through a real Celery worker: `count` new completions of one subject,
    issued as one batch started the way the institute's button starts it."""
    import subprocess

    from lms.certificates import services as certificate_services
    from lms.certificates.models import IssuanceBatch

    subject = Subject.objects.filter(tier__code="common").order_by("code").last()
    people = list(get_user_model().objects.filter(email__startswith=BENCH_MARKER, email__endswith="@bench.example.jp").order_by("pk")[:count])
    completed = datetime.date.today()
    records = TrainingRecord.objects.bulk_create(
        TrainingRecord(person=person, subject=subject, title=subject.name, kind=TrainingRecord.Kind.CENTRAL, started_on=completed,
                       completed_on=completed, hours=Decimal("6.0"), status=TrainingRecord.Status.VERIFIED,
                       fiscal_year=completed.year if completed.month >= 4 else completed.year - 1)
        for person in people
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "lms", "worker", "-Q", "batches", "-c", "1", "-P", "solo", "--loglevel", "WARNING",
         "-n", "benchmark@%h"], env=os.environ | {"DEBUG": "0"}, cwd=Path(__file__).resolve().parent.parent,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(5)  # the worker connects and listens
        started = time.perf_counter()
        batch = certificate_services.start_batch(records=records, by=benchmark_pages.institute_user())
        while not IssuanceBatch.objects.get(pk=batch.pk).finished:
            time.sleep(0.05)
        seconds = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait()
    batch = IssuanceBatch.objects.get(pk=batch.pk)
    print(f"issuance through a Celery worker: {batch.done} certificates ({len(batch.errors)} refused) in {seconds:.1f}s, "
          f"{batch.done / seconds:.0f} a second")


def give_ten_years(person):
    """Five fiscal years more of courses and OJT for one person: the handbook PDF's long case."""
    from ojt.models import IndividualOjt

    today = datetime.date.today()
    if TrainingRecord.objects.filter(person=person, completed_on__lt=datetime.date(today.year - 6, 4, 1)).exists():
        return
    subjects = list(Subject.objects.filter(tier__code="common"))
    for year in range(today.year - 10, today.year - 5):
        for month in (5, 7, 9, 11, 1):
            day = datetime.date(year + (month < 4), month, 10)
            fiscal = day.year if day.month >= 4 else day.year - 1
            subject = subjects[month % len(subjects)]
            TrainingRecord.objects.create(person=person, subject=subject, title=f"{subject.name}（{year}年度）", kind=TrainingRecord.Kind.CENTRAL,
                                          started_on=day, completed_on=day, hours=Decimal("6.0"), status=TrainingRecord.Status.VERIFIED,
                                          fiscal_year=fiscal)
            IndividualOjt.objects.create(person=person, date=day, fiscal_year=fiscal, hours=Decimal("3.0"),
                                         description="ケース会議への同席と振り返り、支援計画の見直しについて上司と話し合った",
                                         status=IndividualOjt.Status.SIGNED_OFF)


def measure_certificate_pdf(repeat=20):
    from lms.certificates.models import Certificate
    from lms.certificates.pdf import render_certificate_pdf

    certificate = Certificate.objects.select_related("holder", "subject", "record").order_by("pk").first()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        render_certificate_pdf(certificate, "伴走型支援人材育成研修機構")
        timings.append((time.perf_counter() - started) * 1000)
    print(f"a certificate's PDF: {statistics.median(timings):.1f} ms (median of {repeat})")


def measure_file(client, url):
    """Queries, seconds to the first chunk and seconds to the whole of a download."""
    reset_queries()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        chunks = iter(response.streaming_content) if response.streaming else iter([response.content])
        size = len(next(chunks, b""))
        first = time.perf_counter() - started
        size += sum(len(chunk) for chunk in chunks)
    return response.status_code, len(queries.captured_queries), first, time.perf_counter() - started, size


def first_byte(client, url):
    """Seconds to the first chunk of a streamed response (a national CSV export)."""
    started = time.perf_counter()
    response = client.get(url)
    next(iter(response.streaming_content))
    return time.perf_counter() - started


def measure(client, url, repeat=5):
    """Status, queries and median ms of `url`, and the first request's ms (report pages cache their
    body until the next recount: the first view after one pays for building it)."""
    timings = []
    reset_queries()  # the query log is a bounded deque: start it empty
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    first = (time.perf_counter() - started) * 1000
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return response.status_code, len(queries.captured_queries), statistics.median(timings), first


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--centres", type=int, default=1000)
    parser.add_argument("--staff-per-centre", type=int, default=10)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--import-rows", type=int, default=10000, help="rows of the staff import timed (0 to skip)")
    parser.add_argument("--issue", type=int, default=3000, help="certificates issued through a Celery worker, timed (0 to skip)")
    args = parser.parse_args()
    # Dev settings keep DEBUG on, which the query capture needs; it adds little to timings.
    # As Django's test runner does: keep one connection so queries can be counted per request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    logging.getLogger("django.request").setLevel(logging.ERROR)
    call_command("migrate", verbosity=0)
    analyze = False
    if args.rebuild or not Organisation.objects.filter(name__startswith=BENCH_MARKER).exists():
        started = time.perf_counter()
        build(args.centres, args.staff_per_centre)
        print(f"built {args.centres} centres × {args.staff_per_centre} staff in {time.perf_counter() - started:.1f}s")
        analyze = True
    from lms.training.models import TrainingSession

    if not TrainingSession.objects.filter(title__startswith=ASSESSMENT_MARKER).exists():
        started = time.perf_counter()
        build_assessment()
        analyze = True
        print(f"built a year of tests, reports and evaluations in {time.perf_counter() - started:.1f}s")
    if analyze:
        # The planner's statistics, as autovacuum would have gathered them on a live database.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    if args.import_rows:
        measure_import(args.import_rows)
    measure_refresh()
    User = get_user_model()
    centre = Organisation.objects.filter(name__startswith=BENCH_MARKER).order_by("name").first()
    director = User.objects.get(email=f"{centre.name}-0@bench.example.jp")
    supporter = User.objects.get(email=f"{centre.name}-3@bench.example.jp")
    give_ten_years(supporter)
    print(f"people: {User.objects.count()}, training records: {TrainingRecord.objects.count()}")
    client = Client()
    pages = [(supporter, "/"), (supporter, "/handbook/"), (supporter, "/handbook/handbook.pdf"), (director, "/")]
    pages += benchmark_pages.pages(supporter=supporter, director=director, centre=centre)
    host = User.objects.get(email="host-000@bench.example.jp")
    pages += benchmark_pages.fieldwork_pages(director=director, host=host)
    institute = benchmark_pages.institute_user()
    pages += benchmark_pages.report_pages(institute=institute, director=director, centre=centre)
    lecturer = benchmark_pages.lecturer_user()
    assessed = TrainingSession.objects.filter(title__startswith=ASSESSMENT_MARKER).order_by("pk").first()
    participant = assessed.enrolments.exclude(person__in=[director, supporter]).order_by("pk").first().person
    pages += benchmark_pages.assessment_pages(lecturer=lecturer, institute=institute, participant=participant, session=assessed)
    bare = add_bare_view()
    client.force_login(supporter)
    _status, _queries, bare_ms, _first = measure(client, bare, repeat=20)
    print(f"bare Django view: {bare_ms:.2f} ms (the ratio column is page time / this)")
    print(f"{'page':45} {'user':10} {'status':>6} {'queries':>7} {'median ms':>10} {'ratio':>7} {'first ms':>9}")
    names = {director: "director", supporter: "supporter", host: "host", institute: "institute", lecturer: "lecturer", participant: "participant"}
    for user, url in pages:
        benchmark_pages.sign_in(client, user)
        status, queries, median, first = measure(client, url)
        who = names[user]
        print(f"{url:45} {who:10} {status:>6} {queries:>7} {median:>10.1f} {median / bare_ms:>6.1f}× {first:>9.1f}")
    benchmark_pages.sign_in(client, institute)
    print(f"full-country certificate CSV: first byte after {first_byte(client, '/certificates/?format=csv'):.2f}s")
    print(f"{'file':60} {'user':10} {'status':>6} {'queries':>7} {'first s':>8} {'whole s':>8} {'KiB':>7}")
    for user, url in benchmark_pages.export_pages(institute=institute, director=director):
        benchmark_pages.sign_in(client, user)
        status, queries, first, whole, size = measure_file(client, url)
        print(f"{url:60} {names[user]:10} {status:>6} {queries:>7} {first:>8.2f} {whole:>8.2f} {size // 1024:>7}")
    measure_certificate_pdf()
    if args.issue:
        measure_issuance(args.issue)


if __name__ == "__main__":
    main()
