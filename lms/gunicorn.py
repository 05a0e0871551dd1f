"""Gunicorn's settings for production: `gunicorn -c python:lms.gunicorn lms.wsgi`.

Sizing (README, "Production"): a sign-in hashes the password (PBKDF2, about 0.3 s of one core),
so a burst of sign-ins is bound by cores, not by workers; threads let the other requests (most
take 10–50 ms, much of it waiting on PostgreSQL) go on beside them.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Two processes per core and one more, each with a few threads.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request that takes longer is stuck (the PDFs and exports take a few seconds at most).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak cannot grow for ever.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
# The client's address for the logs and limits comes from the proxy (TRUSTED_PROXY_COUNT).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
