"""A row another session holds, or a database that stalls, ends the request within seconds with the
styled 503 that says to try again, instead of holding the person (and a web worker) until a proxy
gives up with a 504 while the step goes through behind it. Real PostgreSQL, a real second session."""

import time

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from lms.training.models import Enrolment
from tests.training.conftest import TODAY

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True), pytest.mark.today(TODAY)]


def other_session():
    """A connection of its own, as another web worker or an administrator's psql would be."""
    params = connection.get_connection_params()
    return psycopg.connect(
        dbname=params["dbname"], user=params.get("user"), host=params.get("host"), port=params.get("port"), autocommit=False
    )


def test_a_session_row_held_by_another_session_gives_a_503_within_seconds_and_the_apply_works_after(world, session_factory, settings):
    session = session_factory()
    client = Client(raise_request_exception=False)
    client.force_login(world.supporter)
    with other_session() as holder:
        holder.execute("SELECT id FROM training_trainingsession WHERE id = %s FOR UPDATE", [session.pk])
        started = time.monotonic()
        response = client.post(reverse("enrolment_apply", args=[session.pk]))
        waited = time.monotonic() - started
        holder.rollback()
    assert response.status_code == 503 and response["Retry-After"]
    assert "もう一度" in response.content.decode()
    assert waited < 10  # the lock timeout (4 s), not the 75 s the other session held it
    assert not Enrolment.objects.filter(session=session, person=world.supporter).exists()  # nothing half-done

    response = client.post(reverse("enrolment_apply", args=[session.pk]))
    assert response.status_code == 302
    assert Enrolment.objects.filter(session=session, person=world.supporter).exists()


def test_web_sessions_start_with_statement_and_lock_limits():
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        [lock] = cursor.fetchone()
        cursor.execute("SHOW statement_timeout")
        [statement] = cursor.fetchone()
    assert lock == "4s" and statement == "8s"
