# ruff: noqa: F405  (the names come from base through the star import)
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# pytest-django puts Django's locmem backend in EMAIL_BACKEND; the worker's delivery goes there too.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Tests run tasks eagerly unless they start a real worker (the `celery_worker` fixture).
CELERY_TASK_ALWAYS_EAGER = True
# Even eager calls acquire a producer: keep it off any real broker.
CELERY_BROKER_URL = "memory://"

# Each test process (pytest-xdist runs two or more) keeps uploads and the development signing keys in
# a folder of its own, so two processes never write the same file or make two keys at one path.
_FOLDER = Path(tempfile.mkdtemp(prefix="lms-tests-"))
MEDIA_ROOT = _FOLDER / "media"
INSTITUTE_SIGNING_KEY_FILE = str(_FOLDER / "institute-signing-key.pem")

# SQLite (when no PostgreSQL is given): a file in WAL mode rather than an in-memory database, so
# that the threads of a live server or a Celery worker read and write beside the test without
# "database table is locked"; pytest-xdist gives each process its own file.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test.sqlite3")}
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "transaction_mode": "IMMEDIATE", "timeout": 30,
    })
