import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from lms.certificates import badges, integrity

ROOT = Path(__file__).resolve().parents[2]


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": "a-real-looking-secret-key-for-the-deploy-check-0123456789-abcdefghij",
        "ALLOWED_HOSTS": "lms.example.jp",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.production", "SECRET_KEY": ""}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_migrations_match_models():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"], cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test"}, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_project_loads_on_an_empty_database(tmp_path):
    """What `make run` and `make check` do first on a new machine: nothing may query the database
    while the code is imported (a form's choices read at import failed on a fresh clone)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.dev", "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_never_makes_a_signing_key_of_its_own(settings, tmp_path):
    """Two web machines that each made a key would sign credentials the other cannot vouch for."""
    settings.GENERATE_MISSING_KEYS = False
    settings.INSTITUTE_SIGNING_KEY_FILE = str(tmp_path / "institute.pem")
    settings.INSTITUTE_PROOF_KEY_FILE = ""
    with pytest.raises(ImproperlyConfigured, match="same key file"):
        badges.institute_key()
    with pytest.raises(ImproperlyConfigured, match="same key file"):
        integrity.proof_key()
    assert list(tmp_path.iterdir()) == []


def test_postgres_sessions_get_timeouts_and_keepalives_from_the_settings(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.production", "SECRET_KEY": "x" * 60,
           "DATABASE_URL": "postgres://lms@db.internal:5432/lms", "DB_LOCK_TIMEOUT": "3s"}
    code = "from django.conf import settings; o = settings.DATABASES['default']['OPTIONS']; print(o['options'], o['connect_timeout'], o['keepalives'], o['tcp_user_timeout'])"
    result = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert "-c lock_timeout=3s" in result.stdout and "statement_timeout=8s" in result.stdout
    assert result.stdout.split()[-3:] == ["3", "1", "9000"]
    pooled = subprocess.run([sys.executable, "-c", "import django; django.setup(); from django.conf import settings; d = settings.DATABASES['default']; print('options' in d['OPTIONS'], d['DISABLE_SERVER_SIDE_CURSORS'])"],
                            cwd=ROOT, env={**env, "DB_POOLER_TRANSACTION_MODE": "1"}, capture_output=True, text=True, check=True)
    assert pooled.stdout.split() == ["False", "True"]  # pgbouncer passes no options: the roles carry the limits


def test_any_of_takes_a_list_and_refuses_what_would_mean_everyone_or_a_subquery():
    """`people_visible_ids` answers None for the institute (everyone): passed to __any_of by mistake,
    it must fail loudly at the call, not mean nobody or everybody."""
    from django.contrib.auth import get_user_model

    from lms.certificates.models import Certificate

    assert "= ANY(" in str(Certificate.objects.filter(holder_id__any_of=[1, 2]).query) or " IN (" in str(
        Certificate.objects.filter(holder_id__any_of=[1, 2]).query)
    for wrong in (None, "12", get_user_model().objects.values("pk")):
        with pytest.raises(ValueError, match="any_of takes a list"):
            Certificate.objects.filter(holder_id__any_of=wrong)
