"""The one access rule: own records; a manager their centre's; the institute all; lecturers none."""

import datetime

import pytest

from lms.organisations.access import access_for, can_view_records_of, people_visible_to
from lms.organisations.models import Job
from tests import factories

pytestmark = pytest.mark.django_db


def test_staff_member_sees_only_themselves(world):
    assert can_view_records_of(world.supporter, world.supporter)
    assert not can_view_records_of(world.supporter, world.community_supporter)
    assert not can_view_records_of(world.clerk, world.supporter)
    assert list(people_visible_to(world.supporter)) == [world.supporter]


def test_ojt_coordinator_is_not_a_records_manager(world):
    assert not can_view_records_of(world.coordinator, world.supporter)


@pytest.mark.parametrize("manager", ["director", "supervisor"])
def test_director_and_supervisor_see_their_centre_only(world, manager):
    viewer = getattr(world, manager)
    assert can_view_records_of(viewer, world.supporter)
    assert can_view_records_of(viewer, world.clerk)
    assert not can_view_records_of(viewer, world.other_supporter)
    visible = set(people_visible_to(viewer))
    assert world.supporter in visible and world.other_supporter not in visible


def test_institute_sees_everyone(world):
    assert can_view_records_of(world.institute_staff, world.other_supporter)
    assert world.other_supporter in set(people_visible_to(world.institute_staff))


def test_the_textbook_committee_reads_course_evaluations_not_peoples_records(world, login):
    """The editor's reach is course content and evaluations (docs/decisions/0004)."""
    assert not can_view_records_of(world.editor, world.supporter)
    assert list(people_visible_to(world.editor)) == [world.editor]
    assert access_for(world.editor).works_at_institute and not access_for(world.editor).is_institute
    client = login(world.editor)
    for url in (f"/handbook/{world.supporter.pk}/", f"/directory/people/{world.supporter.pk}/edit/", f"/directory/organisations/{world.centre.pk}/edit/",
                "/directory/people/", "/policies/", "/reports/"):
        assert client.get(url).status_code == 403, url


def test_lecturer_sees_no_records(world):
    assert not can_view_records_of(world.lecturer, world.supporter)
    assert list(people_visible_to(world.lecturer)) == [world.lecturer]
    assert access_for(world.lecturer).is_lecturer


def test_former_staff_are_no_longer_visible_to_the_centre(world):
    leaver = factories.UserFactory()
    factories.MembershipFactory(
        user=leaver, organisation=world.centre, started_on=datetime.date(2015, 4, 1), ended_on=datetime.date(2020, 3, 31),
    )
    assert not can_view_records_of(world.director, leaver)


def test_director_of_two_jobs_gets_both_powers(world):
    factories.MembershipFactory(user=world.other_director, organisation=world.other_centre, job=Job.SUPERVISOR)
    access = access_for(world.other_director)
    assert access.is_director and access.managed_centre_ids == {world.other_centre.pk}


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not can_view_records_of(AnonymousUser(), world.supporter)
    assert not people_visible_to(AnonymousUser()).exists()
