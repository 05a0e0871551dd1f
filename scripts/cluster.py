"""Rehearse the national service on this machine: several machines as processes, then cut each part.

    .venv/bin/python scripts/cluster.py [--centres 100] [--users 50]

It starts, each on ports of its own and in a folder of its own under /tmp:
- PostgreSQL: a primary and a streaming-replication standby (Debian's PostgreSQL 15);
- Redis, SeaweedFS (S3) and an SMTP server that counts what it receives;
- two web nodes (gunicorn with lms.gunicorn and production settings) behind haproxy, which
  ends TLS and asks each node's /health/ready/;
- two Celery workers on different queues and one beat.

The site is set up there (migrate, setup_site, seed_demo and the benchmark's centres). Then the
load test's people (scripts/loadtest.py) use it through haproxy while these happen in turn:
a web node is killed, Redis stops for 30 s, SMTP stops while password resets are asked, the
object store stops for 30 s, and the primary stops and the standby is promoted. It prints a
table: each fault, the requests in its window and how many failed, their p95, and what the
fault was to prove (mails sent once, evidence readable from both nodes, certificates gapless).

Needs root (PostgreSQL runs as the postgres user) and Debian's haproxy and pgbouncer.
"""

import argparse
import datetime
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers.s3 import SeaweedS3  # noqa: E402
from tests.servers.smtp import SmtpServer  # noqa: E402

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PYTHON = str(Path(sys.executable))
PORTS = {"primary": 55432, "standby": 55433, "bouncer": 56432, "redis": 56379, "web1": 58001, "web2": 58002, "lb": 58443}
SECRET = "cluster-rehearsal-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


class Cluster:
    def __init__(self, folder):
        self.folder = Path(folder)
        self.logs = self.folder / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.processes, self.commands, self.restarts = {}, {}, {}
        self.stopping = False
        self.smtp = SmtpServer()
        self.s3 = SeaweedS3(self.folder / "seaweedfs")

    # --- processes ---

    def spawn(self, name, args, env=None, user=None):
        if user:
            args = ["runuser", "-u", user, "--", *args]
        self.commands[name] = (args, env)
        log = (self.logs / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True)
        return self.processes[name]

    def supervise(self, names):
        """Start again any of these that exits, 5 s later, as systemd's Restart=always does on a
        real machine (beat exits when Redis goes away under its lock)."""
        def watch():
            while not self.stopping:
                for name in names:
                    process = self.processes.get(name)
                    if process is not None and process.poll() is not None:
                        self.restarts[name] = self.restarts.get(name, 0) + 1
                        time.sleep(5)
                        self.spawn(name, *self.commands[name])
                time.sleep(1)

        threading.Thread(target=watch, daemon=True).start()

    def kill(self, name, sig=signal.SIGKILL):
        process = self.processes.pop(name, None)
        if process and process.poll() is None:
            os.killpg(process.pid, sig)
            process.wait(timeout=30)

    def stop_all(self):
        self.stopping = True
        for name in list(self.processes):
            self.kill(name, signal.SIGTERM)
        for data in ("primary", "standby"):
            if (self.folder / data / "postmaster.pid").exists():
                self.pg_ctl(data, "stop", "-m", "immediate", check=False)
        self.s3.stop()
        self.smtp.stop()

    # --- PostgreSQL ---

    def pg_ctl(self, data, *args, check=True):
        return subprocess.run(["runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "-D", str(self.folder / data), *args],
                              check=check, capture_output=True, text=True, timeout=120)

    def start_databases(self):
        primary = self.folder / "primary"
        shutil.chown(self.folder, "postgres")
        shutil.chown(self.logs, "postgres")
        subprocess.run(["runuser", "-u", "postgres", "--", str(PG_BIN / "initdb"), "-D", str(primary), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
                       check=True, capture_output=True)
        with (primary / "postgresql.conf").open("a") as conf:
            conf.write(f"port = {PORTS['primary']}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.folder}'\n"
                       "wal_level = replica\nmax_wal_senders = 5\nhot_standby = on\nmax_connections = 200\nfsync = off\n")
        with (primary / "pg_hba.conf").open("a") as hba:
            hba.write("host replication postgres 127.0.0.1/32 trust\n")
        self.pg_ctl("primary", "-l", str(self.logs / "primary.log"), "start", "-w")
        subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(PORTS["primary"]), "-U", "postgres", "-c", "CREATE DATABASE lms"], check=True, capture_output=True)
        subprocess.run(["runuser", "-u", "postgres", "--", str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(PORTS["primary"]), "-U", "postgres",
                        "-D", str(self.folder / "standby"), "-R", "-X", "stream", "-c", "fast"], check=True, capture_output=True)
        with (self.folder / "standby" / "postgresql.auto.conf").open("a") as conf:
            conf.write(f"port = {PORTS['standby']}\n")
        self.pg_ctl("standby", "-l", str(self.logs / "standby.log"), "start", "-w")

    def start_bouncer(self):
        ini = self.folder / "pgbouncer.ini"
        ini.write_text(
            f"[databases]\nlms = host=127.0.0.1 port={PORTS['primary']} dbname=lms\n"
            f"[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {PORTS['bouncer']}\nauth_type = trust\n"
            f"auth_file = {self.folder / 'users.txt'}\npool_mode = transaction\ndefault_pool_size = 20\nmax_client_conn = 500\n"
            f"unix_socket_dir =\nignore_startup_parameters = extra_float_digits\nserver_login_retry = 1\n"
        )
        (self.folder / "users.txt").write_text('"postgres" ""\n')
        shutil.chown(ini, "postgres")
        shutil.chown(self.folder / "users.txt", "postgres")
        self.spawn("pgbouncer", ["/usr/sbin/pgbouncer", str(ini)], user="postgres")

    # --- the site ---

    def environment(self, **extra):
        database = (f"postgres://postgres@/lms?host=127.0.0.1,127.0.0.1&port={PORTS['primary']},{PORTS['standby']}"
                    "&target_session_attrs=read-write")
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lms.settings.production", "SECRET_KEY": SECRET,
            "ALLOWED_HOSTS": "127.0.0.1,localhost", "SITE_URL": f"https://127.0.0.1:{PORTS['lb']}",
            "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{PORTS['lb']}", "TRUSTED_PROXY_COUNT": "1",
            "DATABASE_URL": database, "DB_CONNECT_TIMEOUT": "2",
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{PORTS['redis']}/0", "CACHE_URL": f"redis://127.0.0.1:{PORTS['redis']}/1",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(self.smtp.port),
            "EMAIL_TIMEOUT": "3",
            "STORAGE_BUCKET": "lms-media", "STORAGE_ENDPOINT_URL": self.s3.endpoint_url, "STORAGE_REGION": "us-east-1",
            "STORAGE_ACCESS_KEY": "lms-tests", "STORAGE_SECRET_KEY": "lms-tests-secret",
            "INSTITUTE_SIGNING_KEY_FILE": str(self.folder / "keys" / "institute.pem"),
            "OUTBOX_STALE_SECONDS": "30", "BATCH_LEASE_SECONDS": "30", "LOG_LEVEL": "WARNING", "SECURE_SSL_REDIRECT": "0",
            **extra,
        }

    def manage(self, *args, **extra):
        return subprocess.run([PYTHON, "manage.py", *args], env=self.environment(**extra), cwd=ROOT, check=True, capture_output=True, text=True)

    def set_up_site(self, centres):
        keys = self.folder / "keys"
        keys.mkdir()
        subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", str(keys / "institute.pem")], check=True, capture_output=True)
        subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", str(keys / "institute.ed25519.pem")], check=True, capture_output=True)
        self.manage("migrate", "--no-input")
        self.manage("collectstatic", "--no-input")
        self.manage("setup_site")
        self.manage("seed_demo")
        code = (f"import scripts.benchmark as b; b.build({centres}, 10)")
        subprocess.run([PYTHON, "-c", code], env=self.environment(DB_STATEMENT_TIMEOUT="0"), cwd=ROOT, check=True, capture_output=True, text=True)

    def start_web(self, name):
        """web1 reaches PostgreSQL through the multi-host address, web2 through pgbouncer."""
        through_bouncer = {"DATABASE_URL": f"postgres://postgres@127.0.0.1:{PORTS['bouncer']}/lms", "DB_POOLER_TRANSACTION_MODE": "1"}
        self.spawn(name, [PYTHON, "-m", "gunicorn", "-c", "python:lms.gunicorn", "lms.wsgi"],
                   env=self.environment(GUNICORN_BIND=f"127.0.0.1:{PORTS[name]}", WEB_CONCURRENCY="3", GUNICORN_THREADS="4",
                                        **(through_bouncer if name == "web2" else {})))

    def point_bouncer_at(self, server):
        """After a failover pgbouncer is told the new primary (an operator's step, or Patroni's)."""
        ini = self.folder / "pgbouncer.ini"
        ini.write_text(re.sub(r"port=\d+ dbname=lms", f"port={PORTS[server]} dbname=lms", ini.read_text()))
        self.processes["pgbouncer"].send_signal(signal.SIGHUP)

    def start_workers(self):
        celery = [PYTHON, "-m", "celery", "-A", "lms"]
        self.spawn("worker-mail", [*celery, "worker", "-Q", "mail", "-c", "2", "-n", "mail@%h", "--loglevel", "WARNING"], env=self.environment())
        self.spawn("worker-rest", [*celery, "worker", "-Q", "default,batches,reports", "-c", "1", "-n", "rest@%h", "--loglevel", "WARNING"], env=self.environment())
        self.spawn("beat", [*celery, "beat", "--loglevel", "WARNING", "-s", str(self.folder / "beat-schedule")], env=self.environment())

    def start_balancer(self):
        pem = self.folder / "tls.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-days", "2",
                        "-keyout", str(self.folder / "tls.key"), "-out", str(self.folder / "tls.crt")], check=True, capture_output=True)
        pem.write_bytes((self.folder / "tls.crt").read_bytes() + (self.folder / "tls.key").read_bytes())
        config = self.folder / "haproxy.cfg"
        config.write_text(f"""
global
    maxconn 2000
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 30s
    retries 2
    option redispatch
    option forwardfor
frontend site
    bind 127.0.0.1:{PORTS['lb']} ssl crt {pem}
    http-request set-header X-Forwarded-Proto https
    default_backend web
backend web
    balance roundrobin
    option httpchk GET /health/ready/
    http-check send hdr Host 127.0.0.1 hdr Accept text/plain
    default-server inter 1s fall 2 rise 2
    server web1 127.0.0.1:{PORTS['web1']} check
    server web2 127.0.0.1:{PORTS['web2']} check
""")
        self.spawn("haproxy", ["/usr/sbin/haproxy", "-f", str(config)])

    def wait_for(self, url, seconds=60):
        import requests
        import urllib3

        urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
        session = requests.Session()
        session.verify, session.trust_env = False, False
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if session.get(url, timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"{url} did not answer")

    def start(self, centres):
        self.smtp.start()
        self.start_databases()
        self.start_bouncer()
        self.spawn("redis", ["redis-server", "--port", str(PORTS["redis"]), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        self.s3.start()
        self.set_up_site(centres)
        for name in ("web1", "web2"):
            self.start_web(name)
        self.start_workers()
        self.supervise(["beat", "worker-mail", "worker-rest"])
        self.start_balancer()
        self.wait_for(f"http://127.0.0.1:{PORTS['web1']}/health/ready/")
        self.wait_for(f"http://127.0.0.1:{PORTS['web2']}/health/ready/")
        self.wait_for(f"https://127.0.0.1:{PORTS['lb']}/health/live/")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--centres", type=int, default=100)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="leave the folder (logs) behind")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("Run as root: PostgreSQL's servers run as the postgres user.")
    for binary in ("/usr/sbin/haproxy", "/usr/sbin/pgbouncer", str(PG_BIN / "initdb")):
        if not Path(binary).exists():
            sys.exit(f"{binary} is missing: apt-get install haproxy pgbouncer postgresql-15")
    folder = Path(tempfile.mkdtemp(prefix="lms-cluster-"))
    cluster = Cluster(folder)
    started = time.monotonic()
    try:
        cluster.start(args.centres)
        print(f"cluster up in {time.monotonic() - started:.0f} s ({folder})", flush=True)
        from scripts import cluster_faults

        rows = cluster_faults.rehearse(cluster, users=args.users, centres=args.centres)
        cluster_faults.print_table(rows)
    finally:
        cluster.stop_all()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
        print(f"done in {datetime.timedelta(seconds=int(time.monotonic() - started))}")


if __name__ == "__main__":
    main()
