"""Measure the main pages at the report's national scale: ~1,000 centres, ~10,000 staff.

Builds the data set once in its own database, then times each page through the Django test
client and counts its SQL queries. Run against PostgreSQL:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms_bench \
        .venv/bin/python scripts/benchmark.py [--centres 1000] [--staff-per-centre 10] [--rebuild]

Timings are printed, never asserted: the tests assert query counts, this script shows seconds.
"""

import argparse
import logging
import datetime
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from curriculum.demo import ensure_curriculum_pages  # noqa: E402
from curriculum.loader import load_curriculum  # noqa: E402
from curriculum.models import Subject  # noqa: E402
from lms.organisations.models import Job, Membership, Organisation, Prefecture  # noqa: E402
from skillpath.models import TrainingRecord  # noqa: E402

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
        for year_back, subject in enumerate(common):
            completed = datetime.date(today.year - 1 - year_back, 9, 20)
            record = TrainingRecord(
                person=user, subject=subject, title=subject.name, kind=TrainingRecord.Kind.CENTRAL,
                started_on=completed - datetime.timedelta(days=2), completed_on=completed,
                hours=Decimal("18.0"), status=TrainingRecord.Status.VERIFIED,
            )
            record.fiscal_year = completed.year if completed.month >= 4 else completed.year - 1
            records.append(record)
    Membership.objects.bulk_create(memberships, batch_size=5000)
    TrainingRecord.objects.bulk_create(records, batch_size=5000)
    return centre_rows


def measure(client, url, repeat=5):
    timings = []
    reset_queries()  # the query log is a bounded deque: start it empty
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return response.status_code, len(queries.captured_queries), statistics.median(timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--centres", type=int, default=1000)
    parser.add_argument("--staff-per-centre", type=int, default=10)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    # Dev settings keep DEBUG on, which the query capture needs; it adds little to timings.
    # As Django's test runner does: keep one connection so queries can be counted per request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    logging.getLogger("django.request").setLevel(logging.ERROR)
    call_command("migrate", verbosity=0)
    if args.rebuild or not Organisation.objects.filter(name__startswith=BENCH_MARKER).exists():
        started = time.perf_counter()
        build(args.centres, args.staff_per_centre)
        print(f"built {args.centres} centres × {args.staff_per_centre} staff in {time.perf_counter() - started:.1f}s")
    User = get_user_model()
    centre = Organisation.objects.filter(name__startswith=BENCH_MARKER).order_by("name").first()
    director = User.objects.get(email=f"{centre.name}-0@bench.example.jp")
    supporter = User.objects.get(email=f"{centre.name}-3@bench.example.jp")
    print(f"people: {User.objects.count()}, training records: {TrainingRecord.objects.count()}")
    client = Client()
    pages = [(supporter, "/"), (supporter, "/handbook/"), (director, "/")]
    pages += benchmark_pages.pages(supporter=supporter, director=director, centre=centre)
    print(f"{'page':45} {'user':10} {'status':>6} {'queries':>7} {'median ms':>10}")
    for user, url in pages:
        client.force_login(user)
        status, queries, median = measure(client, url)
        who = "director" if user == director else "supporter"
        print(f"{url:45} {who:10} {status:>6} {queries:>7} {median:>10.1f}")


if __name__ == "__main__":
    main()
