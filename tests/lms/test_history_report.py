"""Every state change goes through the one transition path with its history entry, and the institute
reads all history in one place (/history/), filtered in SQL at a fixed cost."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.audit.models import AuditEntry
from lms.audit.selectors import history_of
from lms.training import services as training
from lms.training.models import Enrolment
from tests import factories
from tests.training.conftest import TODAY, make_session

pytestmark = [pytest.mark.django_db, pytest.mark.today(TODAY)]


def test_applying_nominating_and_moving_up_are_each_in_the_places_history(world, curriculum):
    session = make_session(organiser=world.institute, capacity=1)
    applied = training.enrolment_apply(session=session, person=world.supporter)
    [nominated] = training.enrolment_nominate(session=session, people=[world.clerk], by=world.director)
    training.enrolment_approve(enrolment=applied, by=world.director)
    applied.refresh_from_db()
    assert applied.status == Enrolment.Status.WAITLISTED  # the clerk took the one place first
    training.enrolment_cancel(enrolment=nominated.enrolment, by=world.clerk)
    steps = [(entry.action, entry.from_status, entry.to_status, entry.actor) for entry in history_of(applied)]
    assert steps == [
        ("applied", "", "awaiting_approval", world.supporter),
        ("approved", "awaiting_approval", "waitlisted", world.director),
        ("promoted", "waitlisted", "confirmed", None),  # the site moved them up; it names nobody
    ]
    assert [(entry.action, entry.actor) for entry in history_of(nominated.enrolment)] == [("nominated", world.director), ("cancelled", world.clerk)]


def test_a_host_who_accepts_an_invitation_has_the_job_in_their_history(world, django_capture_on_commit_callbacks):
    from fieldwork import services as fieldwork
    from lms.organisations.models import Job

    invitation = fieldwork.invitation_send(by=world.institute_staff, new_organisation_name="受入の会", contact_name="受入 花子", email="host@example.jp")
    host = factories.UserFactory(email="host@example.jp")
    fieldwork.invitation_accept(invitation=invitation, by=host)
    assert [entry.action for entry in history_of(invitation)] == ["sent", "accepted"]
    assert [entry.action for entry in history_of(invitation.organisation)] == ["created", "edited"]
    [granted] = history_of(host)
    assert granted.action == "job_started" and granted.detail["job"] == str(Job.HOST_SUPERVISOR.label) and granted.actor == host


def test_the_institute_reads_every_history_at_a_fixed_cost_and_filters_it(world, login, curriculum):
    client = login(world.institute_staff)
    session = make_session(organiser=world.institute)
    training.enrolment_apply(session=session, person=world.supporter)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries("/history/")
    for _ in range(60):
        training.enrolment_cancel(enrolment=Enrolment.objects.get(person=world.supporter), by=world.supporter)
        training.enrolment_apply(session=session, person=world.supporter)
    assert queries("/history/") == few
    filtered = client.get("/history/?action=cancelled")
    assert {entry.action for entry in filtered.context["entries"]} == {"cancelled"} and len(filtered.context["entries"]) == 50
    assert "古い記録" in client.get("/history/").content.decode()  # 121 entries: a page of 50, and older ones
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    assert list(client.get(f"/history/?since={tomorrow}").context["entries"]) == []
    draft = make_session(organiser=world.institute, status="draft")
    training.session_publish(session=draft, by=world.institute_staff)
    entry = AuditEntry.objects.get(action="published")
    assert client.get(f"/history/objects/{entry.content_type_id}/{entry.object_id}/")["Location"] == draft.get_absolute_url()
    for outsider in (world.director, world.editor, world.lecturer):
        assert login(outsider).get("/history/").status_code == 403
