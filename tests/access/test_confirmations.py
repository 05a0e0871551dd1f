"""Every step that ends or removes something asks first, on a page that works without JavaScript:
the first click changes nothing and says what will follow; the confirmation's button does it."""

import pytest

from .conftest import roles
from .test_matrix import fill, signed_in, snapshot

pytestmark = pytest.mark.django_db

# (address, what the page it comes from posts, who may take the step)
ENDING = [
    ("/sessions/enrolments/{enrolment}/cancel/", {}, "supporter"),
    ("/sessions/enrolments/{reported_place}/withdraw/", {"reason": "体調不良"}, "institute"),
    ("/certificates/{certificate}/revoke/", {"reason": "誤登録"}, "institute"),
    ("/certificates/proofs/{history_series}/{history_proof}/revoke/", {"reason": "誤登録"}, "institute"),
    ("/directory/organisations/{centre}/close/", {"on": "2026-12-01"}, "institute"),
    ("/directory/people/{supporter}/leave/", {"last_day": "2026-11-30"}, "director"),
    ("/directory/jobs/{membership}/end/", {"ended_on": "2026-11-30"}, "director"),
]


@pytest.mark.parametrize(("path", "data", "actor"), ENDING, ids=[row[0] for row in ENDING])
def test_the_first_click_asks_and_the_confirmation_does_it(world, scene, path, data, actor):
    url = fill(path, scene)
    client = signed_in(roles(world, scene)[actor])
    before = snapshot()
    asked = client.post(url, data)
    page = asked.content.decode()
    assert asked.status_code == 200 and "この操作で起きること" in page and 'name="confirmed" value="yes"' in page
    assert 'href="/' in page[page.find("何も変えずに戻る") - 200:]  # the way back, changing nothing
    for value in data.values():
        assert f'value="{value}"' in page or value in page  # what was typed is carried on
    assert snapshot() == before
    assert client.post(url, {**data, "confirmed": "yes"}).status_code == 302
    assert snapshot() != before


def test_the_first_click_shows_no_error_for_what_was_not_typed_yet(world, scene):
    page = signed_in(world.institute_staff).post(fill("/sessions/enrolments/{reported_place}/withdraw/", scene)).content.decode()
    assert "この操作で起きること" in page and "aria-invalid" not in page


def test_a_step_that_cannot_be_taken_is_refused_before_anything_is_asked(world, scene):
    director = signed_in(world.director)
    myself = director.post(f"/directory/people/{world.director.pk}/leave/", {"last_day": "2026-11-30"}, follow=True).content.decode()
    assert "ご自身を退職として記録することはできません" in myself and "この操作で起きること" not in myself
    closed = signed_in(world.institute_staff).get(fill("/directory/organisations/{closed}/close/", scene), follow=True).content.decode()
    assert "すでに閉鎖されています" in closed and "この操作で起きること" not in closed
