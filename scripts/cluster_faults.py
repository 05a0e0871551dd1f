"""The faults of scripts/cluster.py, cut one at a time while the load test runs, and what each showed."""

import re
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests
import urllib3

from scripts.cluster import PORTS, PYTHON, ROOT

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
SITE = f"https://127.0.0.1:{PORTS['lb']}"
PASSWORD = "bench-pass"
PDF = b"%PDF-1.4\n% attendance sheet, cluster rehearsal\n"


@dataclass
class Window:
    fault: str
    started: float
    ended: float = 0.0
    checks: list = field(default_factory=list)


def csrf_of(html):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return match.group(1) if match else ""


def new_session():
    """A browser of the rehearsal's: it trusts the self-signed certificate, and no proxy or CA
    bundle from the environment."""
    session = requests.Session()
    session.verify, session.trust_env = False, False
    return session


def signed_in(email):
    session = new_session()
    form = session.get(f"{SITE}/accounts/login/", timeout=20)
    answer = session.post(f"{SITE}/accounts/login/", {"csrfmiddlewaretoken": csrf_of(form.text), "login": email, "password": PASSWORD},
                          headers={"Referer": f"{SITE}/accounts/login/"}, timeout=20)
    return session, answer


def ask_password_reset(email):
    session = new_session()
    form = session.get(f"{SITE}/accounts/password/reset/", timeout=20)
    answer = session.post(f"{SITE}/accounts/password/reset/", {"csrfmiddlewaretoken": csrf_of(form.text), "email": email},
                          headers={"Referer": f"{SITE}/accounts/password/reset/"}, timeout=20)
    return answer.status_code == 200 and "/password/reset/done/" in answer.url


def submit_evidence(session, title):
    form = session.get(f"{SITE}/training/external/new/", timeout=20)
    today = time.strftime("%Y-%m-%d")
    return session.post(f"{SITE}/training/external/new/", data={
        "csrfmiddlewaretoken": csrf_of(form.text), "title": title, "kind": "prefectural", "provider": "福岡県",
        "started_on": today, "completed_on": today, "hours": "6", "days": "1",
    }, files={"evidence": ("attendance.pdf", PDF, "application/pdf")}, headers={"Referer": f"{SITE}/training/external/new/"}, timeout=30)


def from_node(session, node, path):
    """The same person's request straight to one web node, past haproxy."""
    cookie = "; ".join(f"{name}={value}" for name, value in session.cookies.items())
    return new_session().get(f"http://127.0.0.1:{PORTS[node]}{path}", headers={"Cookie": cookie, "X-Forwarded-Proto": "https", "Host": "127.0.0.1"}, timeout=20)


def bench_email(centre, index):
    return f"bench-centre-{centre:04d}-{index}@bench.example.jp"


def rehearse(cluster, users, centres):
    log = cluster.folder / "requests.tsv"
    seconds = 600  # stopped once the last fault's window has passed
    load = subprocess.Popen(
        [PYTHON, "scripts/loadtest.py", "--host", SITE, "--users", str(users), "--seconds", str(seconds), "--centres", str(centres),
         "--insecure", "--requests-log", str(log), "--spawn-rate", "5"],
        cwd=ROOT, stdout=(cluster.logs / "loadtest.log").open("w"), stderr=subprocess.STDOUT,
    )
    windows = []
    batch = start_batch(cluster, 600)  # issued by the batches worker while the parts below are cut
    time.sleep(20)  # everyone signs in
    windows.append(Window("none (baseline)", time.time()))
    time.sleep(20)
    windows[-1].ended = time.time()

    # 1. A web node dies: haproxy's checks take it out; its requests in flight are tried on the other.
    window = Window("web node 1 killed (SIGKILL), back after 20 s", time.time())
    cluster.kill("web1")
    time.sleep(20)
    cluster.start_web("web1")
    cluster.wait_for(f"http://127.0.0.1:{PORTS['web1']}/health/ready/")
    window.ended = time.time()
    windows.append(window)

    # 2. Redis stops for 30 s: sign-in, password reset and /verify/ go on (limits in PostgreSQL).
    window = Window("Redis stopped 30 s", time.time())
    cluster.kill("redis", sig=15)
    time.sleep(3)
    _, answer = signed_in(bench_email(1, 3))
    window.checks.append(f"sign-in during: {'home page' if answer.url.rstrip('/') == SITE else answer.url}")
    window.checks.append(f"password reset during: {'done page' if ask_password_reset(bench_email(1, 4)) else 'FAILED'}")
    verify = new_session().get(f"{SITE}/verify/NO-SUCH-CODE/", timeout=20).status_code
    window.checks.append(f"/verify/ during: {verify}")
    time.sleep(27)
    cluster.spawn("redis", ["redis-server", "--port", str(PORTS["redis"]), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
    window.ended = time.time()
    windows.append(window)

    # 3. SMTP stops: ten password resets are asked; each mail arrives once when it is back.
    window = Window("SMTP stopped 20 s, 10 password resets asked", time.time())
    cluster.smtp.stop()
    asked = [bench_email(2 + n, 5) for n in range(10)]
    answered = sum(ask_password_reset(email) for email in asked)
    time.sleep(max(0, 20 - (time.time() - window.started)))
    cluster.smtp.start()
    deadline = time.time() + 150  # beat's sweep runs every minute; OUTBOX_STALE_SECONDS is 30 here
    while time.time() < deadline and not all(_received(cluster, email) for email in asked):
        time.sleep(2)
    counts = [_received(cluster, email) for email in asked]
    window.checks.append(f"pages answered {answered}/10; mails delivered {sum(1 for c in counts if c)}/10, twice {sum(1 for c in counts if c > 1)}")
    window.ended = time.time()
    windows.append(window)

    # 4. The object store stops for 30 s: uploads are refused with a message, downloads answer 503.
    supporter, _ = signed_in(bench_email(3, 3))
    submit_evidence(supporter, "停止前の研修")  # back on the handbook, which links the new record
    handbook = supporter.get(f"{SITE}/handbook/", timeout=20).text
    ids = [int(found) for found in re.findall(r"/training/(\d+)/", handbook)]
    record = max(ids) if ids else None
    window = Window("object store stopped 30 s", time.time())
    cluster.s3.stop()
    refused = submit_evidence(supporter, "停止中の研修")
    window.checks.append(f"upload during: {refused.status_code}, message shown: {'ファイルを保存できませんでした' in refused.text}")
    if record:
        download = supporter.get(f"{SITE}/training/{record}/evidence/", timeout=20)
        window.checks.append(f"download during: {download.status_code}")
    time.sleep(max(0, 30 - (time.time() - window.started)))
    cluster.s3.start()
    if record:
        path = f"/training/{record}/evidence/"
        both = [from_node(supporter, node, path) for node in ("web1", "web2")]
        window.checks.append("evidence from both nodes after: " + ", ".join(f"{r.status_code} {'same' if r.content == PDF else 'DIFFERENT'}" for r in both))
    window.ended = time.time()
    windows.append(window)

    # 5. The primary stops; the standby is promoted; web1 and the workers find it through
    # target_session_attrs, web2 through pgbouncer once it is pointed there.
    window = Window("PostgreSQL primary stopped, standby promoted", time.time())
    cluster.pg_ctl("primary", "stop", "-m", "fast")
    time.sleep(3)
    cluster.pg_ctl("standby", "promote", "-w")
    cluster.point_bouncer_at("standby")
    time.sleep(25)
    window.checks.append(f"sign-in after: {'home page' if signed_in(bench_email(4, 3))[1].url.rstrip('/') == SITE else 'FAILED'}")
    window.ended = time.time()
    windows.append(window)

    window.checks.append(f"restarted by the supervisor during the run: {cluster.restarts or 'nothing'}")
    load.send_signal(signal.SIGTERM)
    load.wait(timeout=60)
    return [*_rows(windows, log), batch_outcome(cluster, batch), invitations(cluster), beat_takeover(cluster)]


IMPORT = """
import time
import scripts.benchmark as bench
from django.db import transaction
from lms.organisations.models import Organisation
centres = list(Organisation.objects.filter(name__startswith=bench.BENCH_MARKER).order_by("pk")[:50])
read, errors = bench.importing.read_rows(bench.staff_csv({rows}, centres))
plan = bench.importing.plan_import(read, Organisation.objects.centres().open())
assert not errors and not plan.errors
with transaction.atomic():
    bench.directory_services.apply_plan(plan, by=None, source="cluster.csv")
print(time.time())
"""


def invitations(cluster, rows=10000):
    """A staff import of `rows` new people, as a centre's file gives them: how long until the SMTP
    server has every invitation, and whether any came twice."""
    started = time.time()
    result = subprocess.run([PYTHON, "-c", IMPORT.format(rows=rows)], env=cluster.environment(DB_STATEMENT_TIMEOUT="0"),
                            cwd=ROOT, capture_output=True, text=True, check=True)
    committed = float(result.stdout.split()[-1])
    deadline = committed + 600
    while time.time() < deadline and _imported(cluster) < rows:
        time.sleep(1)
    arrived = time.time()
    counts = {}
    for envelope in cluster.smtp.received:
        for recipient in envelope.rcpt_tos:
            if recipient.startswith("import-"):
                counts[recipient] = counts.get(recipient, 0) + 1
    return (f"staff import of {rows:,} new people", rows, rows - len(counts), 0,
            f"written in {committed - started:.0f} s; every invitation at the SMTP server {arrived - committed:.0f} s after the commit; "
            f"{len(counts):,} delivered, {sum(1 for count in counts.values() if count > 1)} twice")


WAITING_MAIL = """
import datetime
from lms import clock
from lms.outbox.models import Message
Message.objects.create(handler="outbox.email", created_at=clock.now() - datetime.timedelta(minutes=5),
                       arguments={{"subject": "beat", "body": "sweep", "from_email": "lms@example.jp", "to": ["{to}"]}})
"""


def beat_takeover(cluster):
    """A second beat waits on the lock; the first is killed for good. A mail left waiting in the
    outbox (as when the broker was down) must still go: the second beat's sweep sends it."""
    cluster.spawn("beat2", cluster.commands["beat"][0], env=cluster.commands["beat"][1])
    time.sleep(15)
    cluster.kill("beat")  # out of the supervisor's list: it stays dead
    killed = time.time()
    to = "waiting-for-the-sweep@bench.example.jp"
    subprocess.run([PYTHON, "-c", "import django; django.setup();" + WAITING_MAIL.format(to=to)],
                   env=cluster.environment(), cwd=ROOT, check=True, capture_output=True, text=True)
    while time.time() < killed + 240 and not _received(cluster, to):
        time.sleep(2)
    sent = _received(cluster, to)
    return ("beat killed, a second beat waiting on the lock", 1, 0 if sent == 1 else 1, 0,
            f"the waiting mail sent {sent} time(s), {time.time() - killed:.0f} s after the first beat died" if sent else "the waiting mail was not sent within 240 s")


START_BATCH = """
import scripts.faults as faults
from lms.certificates import services
issuer, records = faults.build({count})
print(services.start_batch(records=records, by=issuer).pk)
"""

BATCH_STATE = """
import django; django.setup()
from collections import defaultdict
from lms.certificates.models import Certificate, IssuanceBatch
batch = IssuanceBatch.objects.get(pk={pk})
series = defaultdict(list)
for serial in Certificate.objects.filter(serial__contains="-").values_list("serial", flat=True):  # the issued series (not the benchmark's B…)
    prefix, number = serial.rsplit("-", 1)
    series[prefix].append(int(number))
gapless = all(sorted(numbers) == list(range(1, len(numbers) + 1)) for numbers in series.values())
one_each = Certificate.objects.filter(record_id__in=batch.record_ids).values("record").distinct().count()
print(batch.finished, batch.done, batch.total, gapless, one_each, Certificate.objects.filter(record_id__in=batch.record_ids).count())
"""


def start_batch(cluster, count):
    result = subprocess.run([PYTHON, "-c", START_BATCH.format(count=count)], env=cluster.environment(DB_STATEMENT_TIMEOUT="0"),
                            cwd=ROOT, capture_output=True, text=True, check=True)
    return int(result.stdout.split()[-1])


def batch_outcome(cluster, pk, seconds=300):
    """Wait for the batch to finish, then whether every series of serials is gapless."""
    deadline = time.time() + seconds
    while True:
        result = subprocess.run([PYTHON, "-c", BATCH_STATE.format(pk=pk)], env=cluster.environment(), cwd=ROOT, capture_output=True, text=True, check=True)
        finished, done, total, gapless, one_each, issued = result.stdout.split()
        if finished == "True" or time.time() > deadline:
            break
        time.sleep(5)
    return (f"a batch of {total} certificates, started as the faults began", int(total), int(total) - int(issued), 0,
            f"finished {finished}; {issued} certificates, one per record {one_each == total}; every series of serials gapless {gapless}")


def _imported(cluster):
    return len({recipient for envelope in list(cluster.smtp.received) for recipient in envelope.rcpt_tos if recipient.startswith("import-")})


def _received(cluster, email):
    return sum(1 for envelope in cluster.smtp.received for recipient in envelope.rcpt_tos if recipient == email)


def _rows(windows, log):
    requests_seen = []
    for line in Path(log).read_text().splitlines():
        moment, name, milliseconds, failed = line.split("\t")
        requests_seen.append((float(moment), name, float(milliseconds), failed == "1"))
    rows = []
    for window in windows:
        inside = [entry for entry in requests_seen if window.started <= entry[0] <= window.ended]
        times = sorted(entry[2] for entry in inside)
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 20 else (times[-1] if times else 0)
        rows.append((window.fault, len(inside), sum(entry[3] for entry in inside), p95, "; ".join(window.checks)))
    return rows


def print_table(rows):
    print()
    print("| fault | requests | failed | p95 ms | checked during and after |")
    print("|---|---|---|---|---|")
    for fault, count, failed, p95, checks in rows:
        print(f"| {fault} | {count} | {failed} | {p95:.0f} | {checks} |")
    sys.stdout.flush()
