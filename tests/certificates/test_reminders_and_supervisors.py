import datetime

import pytest

from lms.certificates import services
from lms.certificates.models import ReminderSent
from lms.certificates.selectors import supervisors_overdue
from lms.certificates.tasks import send_renewal_reminders
from lms.organisations.models import Job
from tests import factories

pytestmark = pytest.mark.django_db


def test_reminders_go_at_180_90_30_days_once_each(world, completion, mailoutbox, django_capture_on_commit_callbacks):
    # Completed in FY2021: the refresher is due by 31 March 2027.
    services.issue_certificate(record=completion(world.supporter, datetime.date(2021, 10, 1)), by=world.institute_staff)
    with django_capture_on_commit_callbacks(execute=True):  # each mail leaves through the outbox once committed
        assert send_renewal_reminders("2026-09-01") == 0  # 211 days before
        assert send_renewal_reminders("2026-10-02") == 1  # 180 days before
        assert send_renewal_reminders("2026-10-02") == 0  # running twice sends nothing more
        assert send_renewal_reminders("2026-12-31") == 1  # 90 days
        assert send_renewal_reminders("2027-03-01") == 1  # 30 days
        assert send_renewal_reminders("2027-04-01") == 0  # past the deadline
    assert sorted(ReminderSent.objects.values_list("days_before", flat=True)) == [30, 90, 180]
    assert len(mailoutbox) == 3
    assert set(mailoutbox[0].to) == {"supporter@example.jp", "director@example.jp"}
    assert "2027年3月31日" in mailoutbox[0].subject


def test_supervisors_without_supervisor_training_after_five_years_are_flagged(world, completion, curriculum):
    veteran = factories.person(world.centre, Job.SUPERVISOR, started_on=datetime.date(2020, 4, 1))
    recent = factories.person(world.centre, Job.SUPERVISOR, started_on=datetime.date(2022, 4, 1))
    flagged = supervisors_overdue(today=datetime.date(2026, 11, 23))
    people = {appointment.user for appointment, _missing in flagged}
    assert veteran in people and recent not in people
    completion(veteran, datetime.date(2024, 6, 1), code="supervision")
    completion(veteran, datetime.date(2024, 9, 1), code="staff-development")
    people = {appointment.user for appointment, _missing in supervisors_overdue(today=datetime.date(2026, 11, 23))}
    assert veteran not in people
    assert {a.user for a, _m in supervisors_overdue(centre_ids={world.other_centre.pk}, today=datetime.date(2026, 11, 23))} == set()


def test_the_institute_home_counts_and_lists_overdue_supervisors_as_people(login, world, curriculum, frozen):
    from lms.organisations.models import Membership
    from tests.clock import at

    # On a fixed day: world.supervisor, appointed 2026-04-01, must not yet be five years in post.
    frozen.move_to(at(datetime.date(2026, 11, 29)), tick=False)
    # Twelve supervisors appointed in 2015, each at two centres: twelve people, twenty-four appointments.
    for n in range(12):
        person = factories.person(world.centre, Job.SUPERVISOR, started_on=datetime.date(2015, 4, 1), email=f"sv{n}@example.jp")
        Membership.objects.create(user=person, organisation=world.other_centre, job=Job.SUPERVISOR, started_on=datetime.date(2015, 4, 1))
    Membership.objects.filter(user=world.supervisor).update(started_on=datetime.date(2026, 4, 1))
    panel = login(world.institute_staff).get("/").context
    shown_people = {appointment.user_id for appointment, _missing in panel["overdue"]}
    assert panel["overdue_count"] == 12 and len(shown_people) == panel["shown"] == 10
