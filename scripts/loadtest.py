"""Drive the main pages with many concurrent people, headless, and print what they saw.

    .venv/bin/python scripts/loadtest.py --host http://127.0.0.1:8000 --users 50 --seconds 60

Against this machine only (127.0.0.1 or localhost), bounded in users and time. The site must hold
the demo data (`seed_demo`) grown by scripts/benchmark.py (its centres' people sign in with
"bench-pass"). A third of the people are supporters, a third directors; one in ten is institute
staff, who passes TOTP with the demo secret. Each signs in once, then reads pages with pauses of
1–3 s, as a person does.
"""

import argparse
import random
import re
import sys
import time
from urllib.parse import urlparse

import gevent
from locust import HttpUser, between, events, task
from locust.env import Environment
from locust.stats import stats_printer

BENCH_PASSWORD = "bench-pass"
DEMO_PASSWORD = "demo-pass-2026"
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
CENTRES = 1000
MAX_USERS, MAX_SECONDS = 200, 600
INSECURE = False


def csrf_of(html):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return match.group(1) if match else ""


def totp_now(secret):
    import base64
    import hmac
    import struct

    key = base64.b32decode(secret)
    counter = struct.pack(">Q", int(time.time()) // 30)
    digest = hmac.new(key, counter, "sha1").digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


SIGN_IN_PAGES = ("/accounts/login/", "/accounts/2fa/", "/accounts/reauthenticate/")


def signed_out(response):
    """Whether a response left the person on a sign-in step (the form shown again, a wrong TOTP code,
    or a page that sent them to sign in): a failure, however quickly it came back."""
    return any(step in response.url for step in SIGN_IN_PAGES)


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    email = password = ""

    def on_start(self):
        if INSECURE:
            self.client.verify = False  # the cluster rehearsal's own self-signed certificate
        page = self.client.get("/accounts/login/", name="sign in (form)")
        with self.client.post("/accounts/login/", {
            "csrfmiddlewaretoken": csrf_of(page.text), "login": self.email, "password": self.password,
        }, name="sign in", headers={"Referer": self.host + "/accounts/login/"}, catch_response=True) as response:
            if "/2fa/" in response.url:
                response.success()  # the password step passed; the code step is judged below
            elif response.status_code != 200 or signed_out(response):
                response.failure(f"not signed in: ended at {response.url}")
                return
        if "/2fa/" in response.url:
            with self.client.post(response.url, {"csrfmiddlewaretoken": csrf_of(response.text), "code": totp_now(DEMO_TOTP_SECRET)},
                                  name="sign in (TOTP)", headers={"Referer": response.url}, catch_response=True) as answered:
                if answered.status_code != 200 or signed_out(answered):
                    answered.failure(f"TOTP not accepted: ended at {answered.url}")

    def read(self, path, name):
        """A page as the person reads it: anything but the page itself (a redirect to sign in, an error) fails."""
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"answered {response.status_code}")
            elif signed_out(response):
                response.failure(f"sent to sign in: {response.url}")


class Supporter(Person):
    weight = 6

    def on_start(self):
        self.email = f"bench-centre-{random.randrange(CENTRES):04d}-{random.choice([3, 4, 5, 6, 7])}@bench.example.jp"
        self.password = BENCH_PASSWORD
        super().on_start()

    @task(3)
    def home(self):
        self.read("/", "home")

    @task(3)
    def handbook(self):
        self.read("/handbook/", "handbook")

    @task(2)
    def plans(self):
        self.read("/plans/", "plans")
        self.read("/plans/path/", "skill path")

    @task(2)
    def sessions(self):
        self.read("/sessions/", "sessions")

    @task(1)
    def ojt(self):
        self.read("/ojt/", "OJT ledger")

    @task(1)
    def certificates(self):
        self.read("/certificates/", "certificates")


class Director(Person):
    weight = 3

    def on_start(self):
        self.centre = random.randrange(CENTRES)
        self.email = f"bench-centre-{self.centre:04d}-0@bench.example.jp"
        self.password = BENCH_PASSWORD
        super().on_start()

    @task(3)
    def home(self):
        self.read("/", "home")

    @task(2)
    def plans(self):
        self.read("/plans/", "plans")

    @task(2)
    def staff(self):
        self.read("/directory/people/", "directory: people")

    @task(1)
    def fieldwork(self):
        self.read("/fieldwork/", "fieldwork")


class InstituteStaff(Person):
    # One, the demo's administrator: allauth refuses a TOTP code used twice (two people signing in
    # to one account in the same 30 s), and counts sign-ins in flight against the account's limit.
    fixed_count = 1
    password = DEMO_PASSWORD

    def on_start(self):
        # The demo's institute administrator (the editor reads only course content and evaluations).
        self.email = "admin@example.jp"
        super().on_start()

    @task(2)
    def sessions(self):
        self.read("/sessions/", "sessions")

    @task(2)
    def organisations(self):
        self.read("/directory/organisations/?kind=centre", "directory: organisations")

    @task(1)
    def certificates(self):
        self.read("/certificates/", "certificates")

    @task(1)
    def policies(self):
        self.read("/policies/", "policies")


def main():
    global CENTRES, INSECURE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--centres", type=int, default=CENTRES, help="how many of the benchmark's centres the site holds")
    parser.add_argument("--insecure", action="store_true", help="accept a self-signed certificate (scripts/cluster.py)")
    parser.add_argument("--requests-log", help="write each request (time, name, ms, failed) to this file")
    args = parser.parse_args()
    CENTRES, INSECURE = args.centres, args.insecure
    if args.requests_log:
        log = open(args.requests_log, "w", buffering=1)  # noqa: SIM115 (open for the whole run)

        @events.request.add_listener
        def note(request_type, name, response_time, response_length, exception=None, **kwargs):
            log.write(f"{time.time():.3f}\t{name}\t{response_time:.0f}\t{int(exception is not None)}\n")
    if urlparse(args.host).hostname not in {"127.0.0.1", "localhost"}:
        sys.exit("The load test runs against this machine only (127.0.0.1 or localhost).")
    if not (1 <= args.users <= MAX_USERS and 1 <= args.seconds <= MAX_SECONDS):
        sys.exit(f"At most {MAX_USERS} users for {MAX_SECONDS} s.")
    environment = Environment(user_classes=[Supporter, Director, InstituteStaff], host=args.host, events=events)
    runner = environment.create_local_runner()
    printer = gevent.spawn(stats_printer(environment.stats))
    runner.start(args.users, spawn_rate=args.spawn_rate)
    gevent.spawn_later(args.seconds, runner.quit)
    runner.greenlet.join()
    printer.kill()
    total = environment.stats.total
    print()
    print(f"{'request':28} {'count':>7} {'fails':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for entry in sorted(environment.stats.entries.values(), key=lambda entry: entry.name):
        print(f"{entry.name:28} {entry.num_requests:>7} {entry.num_failures:>6} {entry.get_response_time_percentile(0.5):>7.0f} "
              f"{entry.get_response_time_percentile(0.95):>7.0f} {entry.get_response_time_percentile(0.99):>7.0f}")
    print(f"{'all':28} {total.num_requests:>7} {total.num_failures:>6} {total.get_response_time_percentile(0.5):>7.0f} "
          f"{total.get_response_time_percentile(0.95):>7.0f} {total.get_response_time_percentile(0.99):>7.0f}")
    pages = [entry for entry in environment.stats.entries.values() if not entry.name.startswith("sign in")]
    from locust.stats import StatsEntry

    reading = StatsEntry(environment.stats, "pages after signing in", "")
    for entry in pages:
        reading.extend(entry)
    print(f"{reading.name:28} {reading.num_requests:>7} {reading.num_failures:>6} {reading.get_response_time_percentile(0.5):>7.0f} "
          f"{reading.get_response_time_percentile(0.95):>7.0f} {reading.get_response_time_percentile(0.99):>7.0f}")
    print(f"{args.users} users for {args.seconds} s: {total.total_rps:.1f} requests/s, {total.num_failures} errors")
    for error in sorted(environment.stats.errors.values(), key=lambda error: -error.occurrences)[:10]:
        print(f"  {error.occurrences} × {error.name}: {error.error}")
    sys.exit(1 if total.num_failures else 0)


if __name__ == "__main__":
    main()
