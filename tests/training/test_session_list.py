"""The session list filters in SQL and pages, in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from curriculum.models import Subject
from lms.pagination import PAGE_SIZE
from tests.training.conftest import TODAY, make_session

pytestmark = [pytest.mark.django_db, pytest.mark.today(TODAY)]


def test_filters_by_subject_text_and_open_window_and_keeps_them_across_pages(login, world, curriculum):
    for number in range(PAGE_SIZE + 3):
        make_session(organiser=world.institute, title=f"福岡会場 第{number}回")
    closed = make_session("community-life-support", organiser=world.institute, title="札幌会場")
    closed.applications_close_on = closed.applications_open_on = TODAY - datetime.timedelta(days=1)
    closed.save()
    client = login(world.supporter)
    first = client.get(reverse("session_list"), {"q": "福岡"})
    assert len(first.context["sessions"].object_list) == PAGE_SIZE
    assert 'href="?q=%E7%A6%8F%E5%B2%A1&amp;page=2"' in first.content.decode()
    second = client.get(reverse("session_list"), {"q": "福岡", "page": 2})
    assert len(second.context["sessions"].object_list) == 3
    by_subject = client.get(reverse("session_list"), {"subject": Subject.objects.get(code="community-life-support").pk})
    assert [s.title for s in by_subject.context["sessions"]] == ["札幌会場"]
    open_now = client.get(reverse("session_list"), {"open_now": "on", "q": "札幌"})
    assert list(open_now.context["sessions"]) == []
    # Nonsense in a filter is ignored with the form's message, never a 500.
    junk = client.get(reverse("session_list"), {"subject": "abc", "page": "x"})
    assert junk.status_code == 200 and junk.context["filters"].form.errors


def test_the_list_takes_the_same_number_of_queries_for_five_or_fifty_sessions(login, world, curriculum):
    client = login(world.supporter)
    counts = []
    for total in (5, 50):
        while world.institute.training_sessions.count() < total:
            make_session(organiser=world.institute)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("session_list")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
