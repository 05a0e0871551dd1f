"""Settings shared by every environment; everything that differs comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
# Earlier keys, still accepted for a while after SECRET_KEY is changed (sessions, password links).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
# Keys the centre pseudonyms of the published research data (lms/reports/rules.py). Its own
# setting, so rotating SECRET_KEY does not renumber centres across years of published files.
RESEARCH_PSEUDONYM_KEY = os.environ.get("RESEARCH_PSEUDONYM_KEY", SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "lms.accounts",
    "lms.organisations",
    "lms.audit",
    "lms.outbox",
    "lms.directory",
    "lms.certificates",
    "curriculum",
    "lms.training",
    "lms.assessment",
    "lms.reports",
    "lms.setup",
    "skillpath",
    "ojt",
    "fieldwork",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "health_check",
]

# No inline script anywhere on the site (static/js/site.js carries the few behaviours); styles
# allow inline attributes. Wagtail's and Django's admin screens use inline scripts of their own,
# so they are left out; whoever enters them has passed TOTP in that session (lms.accounts.middleware).
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lms.http.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms.request_facts.RequestFactsMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lms.outbox.middleware.OutboxMiddleware",
    "lms.uploads.StorageUnavailableMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "lms.accounts.middleware.RequireInstituteTwoFactorMiddleware",
    "lms.accounts.middleware.PrivatePagesAreNotStoredMiddleware",
    "curriculum.middleware.TestAnswersMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lms.organisations.context_processors.access",
            ],
        },
    },
]

WSGI_APPLICATION = "lms.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
# PostgreSQL answers within bounds or the request ends: a database that is unreachable, a network
# that drops packets, or a row that another session holds longer than DB_LOCK_TIMEOUT gives the
# styled 503 ("try again", lms.views.server_error) within seconds instead of a pinned web worker.
# Workers get longer limits (lms.celery); so do operators' commands (manage.py).
DB_STATEMENT_TIMEOUT = os.environ.get("DB_STATEMENT_TIMEOUT", "8s")
DB_LOCK_TIMEOUT = os.environ.get("DB_LOCK_TIMEOUT", "4s")

# libpq's `options`: the limits each new session starts with (no query spent on them).
DB_SESSION_LIMITS = "-c statement_timeout={statement} -c lock_timeout={lock} -c idle_in_transaction_session_timeout={idle}"


if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _given = DATABASES["default"].setdefault("OPTIONS", {})  # what DATABASE_URL's query string set wins
    for _name, _value in {
        "connect_timeout": int(os.environ.get("DB_CONNECT_TIMEOUT", "3")),
        # A peer that vanished (a partition, a failed-over primary) is noticed in about 10 s, both
        # while idle (keepalives) and while a query's packets go unanswered (tcp_user_timeout).
        "keepalives": 1,
        "keepalives_idle": 5,
        "keepalives_interval": 2,
        "keepalives_count": 2,
        "tcp_user_timeout": 9000,
    }.items():
        _given.setdefault(_name, _value)
    if env_bool("DB_POOLER_TRANSACTION_MODE", False):
        # pgbouncer in transaction mode hands each transaction to any server connection: a cursor
        # held across transactions (iterator() on PostgreSQL) would not survive it, and it passes
        # no `options` on, so the limits are set on the database roles (docs/deploy.md).
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    else:
        _given.setdefault("options", DB_SESSION_LIMITS.format(statement=DB_STATEMENT_TIMEOUT, lock=DB_LOCK_TIMEOUT, idle="60s"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "lms.accounts.backends.ModelBackend",
    "lms.accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts are created by the institute and the centres, never by self sign-up.
ACCOUNT_ADAPTER = "lms.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# An invitation is allauth's password link: whoever sets their password from it is signed in
# (through the same stages as the login form, TOTP included) and lands on their home page.
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
# Invitations go out in bulk at the start of a fiscal year; a week lets people on leave use them.
PASSWORD_RESET_TIMEOUT = 7 * 24 * 60 * 60
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "伴走型支援 研修LMS"
# A training room of 200 people behind one address signs in at once: the per-address limits
# leave room for that; the per-account lockout (5 failures in 5 minutes) protects each person.
ACCOUNT_RATE_LIMITS = {
    "login": os.environ.get("LOGIN_RATE_LIMIT", "600/m/ip"),
    "login_failed": os.environ.get("LOGIN_FAILED_RATE_LIMIT", "100/m/ip,5/300s/key"),
}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
# The project's catalogue first; then Japanese for the Wagtail admin strings that Wagtail's own
# catalogue lacks (hand-kept, see its header), which Django ranks above the app catalogues.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "wagtail"]
FORMAT_MODULE_PATH = ["lms.formats"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded evidence is personal data; it is served only through access-checked views.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Several web machines share their files through S3-compatible object storage (django-storages):
# set STORAGE_BUCKET, and STORAGE_ENDPOINT_URL for a store other than AWS. Objects are private
# (no ACL, the bucket refuses anonymous reads); the site streams each one after its access check,
# so no object address is ever handed out (lms/storage.py). A store that does not answer fails in seconds.
STORAGE_BUCKET = os.environ.get("STORAGE_BUCKET", "")
if STORAGE_BUCKET:
    from botocore.config import Config as _BotoConfig

    STORAGES["default"] = {
        "BACKEND": "lms.storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": STORAGE_BUCKET,
            "endpoint_url": os.environ.get("STORAGE_ENDPOINT_URL") or None,
            "access_key": os.environ.get("STORAGE_ACCESS_KEY") or None,
            "secret_key": os.environ.get("STORAGE_SECRET_KEY") or None,
            "region_name": os.environ.get("STORAGE_REGION") or None,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
            # Given a client_config, django-storages leaves the signature and addressing to it.
            "client_config": _BotoConfig(
                signature_version="s3v4", s3={"addressing_style": "path" if os.environ.get("STORAGE_ENDPOINT_URL") else "auto"},
                connect_timeout=2, read_timeout=10, retries={"max_attempts": 2, "mode": "standard"},
            ),
        },
    }

# Email
# Whatever sends mail in the site (Django, allauth, Wagtail) puts it into the outbox; the worker
# delivers it with the backend EMAIL_BACKEND names in the environment (lms/outbox/mail.py).
EMAIL_BACKEND = "lms.outbox.mail.OutboxBackend"
EMAIL_DELIVERY_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "lms@example.jp")
# An SMTP server that does not answer fails the worker's attempt after this many seconds (the
# outbox tries again) instead of holding the worker, and the message's row lock, for ever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))

# Celery: without a broker, tasks run eagerly in-process (the embedded default).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# No task result is ever read, so there is no result backend: with one, a broker that is down
# made every request that queued work wait 19 s for the backend before failing.
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged once it has run, and put back when its worker dies mid-way; every task
# is written to be safe to run twice. One task at a time per worker process, so a dying worker
# takes back at most one.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Fail fast when the broker is down (0.1 s, not 2 s of reconnecting inside the person's request):
# the outbox keeps the work and the sweep sends it later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 0}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker that dies mid-task: its batch is taken over after BATCH_LEASE_SECONDS without progress,
# and the outbox publishes a message not done after OUTBOX_STALE_SECONDS again (both are safe to
# run twice, so the only cost of a short value is a wasted look).
BATCH_LEASE_SECONDS = int(os.environ.get("BATCH_LEASE_SECONDS", "120"))
OUTBOX_STALE_SECONDS = int(os.environ.get("OUTBOX_STALE_SECONDS", "120"))
# Work waits in named queues, so a worker can be given a queue of its own: 10,000 invitations
# ("mail") never hold up a batch of certificates or an import ("batches") or a recount
# ("reports"). A worker started without -Q takes them all (make run, a small site).
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = [Queue(name) for name in ("default", "mail", "batches", "reports")]
CELERY_TASK_ROUTES = {
    "lms.reports.tasks.*": {"queue": "reports"},
    "lms.certificates.tasks.send_renewal_reminders": {"queue": "mail"},
    "lms.assessment.tasks.send_report_reminders": {"queue": "mail"},
}
# Beat runs on two machines and sends each task once: RedBeat keeps the schedule in Redis under a
# lock the running beat renews; the other beat waits and takes over when the lock lapses.
CELERY_BEAT_SCHEDULER = "redbeat.RedBeatScheduler"
CELERY_REDBEAT_REDIS_URL = os.environ.get("REDBEAT_REDIS_URL") or CELERY_BROKER_URL or None
# It wakes at least every 10 s and holds the lock for 60 s: a beat that dies is replaced within a minute.
CELERY_BEAT_MAX_LOOP_INTERVAL = 10
CELERY_REDBEAT_LOCK_TIMEOUT = 60
# While Redis is down beat waits for it (retrying, at most 30 s apart) instead of exiting.
CELERY_REDBEAT_REDIS_OPTIONS = {"retry_period": -1, "socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_BEAT_SCHEDULE = {
    "renewal-reminders": {"task": "lms.certificates.tasks.send_renewal_reminders", "schedule": 24 * 60 * 60},
    "report-reminders": {"task": "lms.assessment.tasks.send_report_reminders", "schedule": 24 * 60 * 60},
    "outbox-sweep": {"task": "lms.outbox.republish_pending", "schedule": 60},
    "deactivate-leavers": {"task": "lms.directory.tasks.deactivate_leavers", "schedule": 60 * 60},
    # The oversight figures are a summary of the day: recomputed every six hours (about a minute at national size).
    "reports-refresh": {"task": "lms.reports.tasks.refresh_recent", "schedule": 6 * 60 * 60},
}

# Cache: the rate limits need one shared by every web machine. Redis, and the database's cache
# table while Redis is down (lms/cache.py), so that an outage of Redis never stops sign-in.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "lms.cache.RedisOrDatabaseCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
RATELIMIT_VIEW = "lms.views.rate_limited"
# Behind the production proxy every request comes from the proxy's address: every limit is
# keyed on the real client instead, by the rule allauth uses (a trusted header, or the
# address the last TRUSTED_PROXY_COUNT proxies saw in X-Forwarded-For).
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("TRUSTED_CLIENT_IP_HEADER") or None
RATELIMIT_IP_META_KEY = "lms.accounts.client.client_ip"

# Who may read /health/ (every part's state, lms/health.py): the monitoring hosts' networks.
HEALTH_CHECK_NETWORKS = env_list("HEALTH_CHECK_NETWORKS", "127.0.0.1/32,::1/128")

# Wagtail
WAGTAIL_SITE_NAME = "伴走型支援 研修LMS"
# No avatars from gravatar.com: it would send a hash of each user's email address abroad.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
# Passwords are reset and changed through allauth only (its rate limits, one set of emails).
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
# Documents are streamed by the site after the check in curriculum.wagtail_hooks, never linked to
# storage directly: a staff-only material's slides must not be one guessable address away.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "pptx", "ppt", "docx", "xlsx", "csv", "txt", "zip"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# The public site address, used in links printed on certificates and emails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# The institute's signing key for Open Badges credentials (PEM); dev generates one on demand.
INSTITUTE_SIGNING_KEY_FILE = os.environ.get("INSTITUTE_SIGNING_KEY_FILE", str(BASE_DIR / "var" / "institute-signing-key.pem"))
# Development makes the keys on first use; production refuses to (lms/settings/production.py).
GENERATE_MISSING_KEYS = True
# Its Ed25519 key for the Data Integrity proofs (eddsa-rdfc-2022); by default beside the RSA key.
INSTITUTE_PROOF_KEY_FILE = os.environ.get("INSTITUTE_PROOF_KEY_FILE", "")

# The JSON-LD contexts and the Open Badges schema, carried in the repository (never fetched).
OPENBADGES_DIR = BASE_DIR / "lms" / "certificates" / "standards"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
