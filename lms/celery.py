import os

from celery import Celery
from celery.signals import celeryd_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

app = Celery("lms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@celeryd_init.connect
def give_workers_longer_database_limits(**kwargs):
    """A web request that waits seconds on the database is stuck; a worker's national recount or
    a batch of certificates may rightly run for minutes. Workers open their sessions with limits of
    their own (WORKER_DB_STATEMENT_TIMEOUT, WORKER_DB_LOCK_TIMEOUT). Sent by `celery worker` only,
    not by a worker embedded in another process (the tests'), whose sessions keep the web's limits."""
    from django.conf import settings
    from django.db import connections

    options = settings.DATABASES["default"].get("OPTIONS", {})
    if "options" in options:
        # No idle-in-transaction limit: a handler may wait on an SMTP server inside its transaction.
        options["options"] = settings.DB_SESSION_LIMITS.format(
            statement=os.environ.get("WORKER_DB_STATEMENT_TIMEOUT", "15min"), lock=os.environ.get("WORKER_DB_LOCK_TIMEOUT", "60s"), idle="0"
        )
        connections.close_all()
