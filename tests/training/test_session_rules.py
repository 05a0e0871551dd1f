import datetime
from decimal import Decimal

import pytest

from curriculum.models import Subject
from lms.organisations.models import Job
from lms.training import rules
from lms.training.models import TrainingSession

TODAY = datetime.date(2026, 11, 23)
pytestmark = [pytest.mark.django_db, pytest.mark.today(TODAY)]


def session(subject, **kwargs):
    values = {
        "subject": subject, "status": TrainingSession.Status.PUBLISHED,
        "applications_open_on": datetime.date(2026, 11, 1), "applications_close_on": datetime.date(2026, 11, 30),
    }
    values.update(kwargs)
    return TrainingSession(**values)


def refusal(subject_code="poverty-support", jobs=(Job.SUPPORTER_INDIVIDUAL,), years=3, today=TODAY, **kwargs):
    subject = Subject.objects.get(code=subject_code)
    completed_on = kwargs.pop("completed_on", None)
    already = kwargs.pop("already_enrolled", False)
    return rules.enrolment_refusal(
        session=session(subject, **kwargs), jobs=set(jobs), experience_years=years, today=today,
        already_enrolled=already, completed_on=completed_on,
    )


def test_centre_staff_may_take_a_common_subject(curriculum):
    assert refusal() is None
    assert refusal(jobs=[Job.CLERICAL]) is None


def test_application_window_is_inclusive(curriculum):
    assert refusal(today=datetime.date(2026, 11, 1)) is None
    assert refusal(today=datetime.date(2026, 11, 30)) is None
    assert "2026年11月1日" in refusal(today=datetime.date(2026, 10, 31))
    assert "2026年11月30日" in refusal(today=datetime.date(2026, 12, 1))


def test_drafts_refuse(curriculum):
    assert refusal(status=TrainingSession.Status.DRAFT) == str(rules.REFUSED_NOT_PUBLISHED)


def test_supervisor_tier_is_for_directors_and_supervisors(curriculum):
    assert refusal("supervision", jobs=[Job.SUPPORTER_INDIVIDUAL]) == str(rules.REFUSED_SUPERVISOR_TIER)
    assert refusal("supervision", jobs=[Job.SUPERVISOR]) is None
    assert refusal("centre-management", jobs=[Job.DIRECTOR]) is None


def test_people_outside_centres_are_refused(curriculum):
    assert refusal(jobs=[Job.LECTURER]) == str(rules.REFUSED_NOT_CENTRE_STAFF)


def test_minimum_experience(curriculum):
    Subject.objects.filter(code="support-programme").update(min_experience_years=Decimal("2"))
    assert "2" in refusal("support-programme", years=1.99)
    assert refusal("support-programme", years=2) is None


def test_completed_subject_needs_a_refresher_session(curriculum):
    completed = datetime.date(2022, 6, 1)
    assert "2022年6月1日" in refusal(completed_on=completed)
    assert refusal(completed_on=completed, is_refresher=True) is None


def test_already_enrolled(curriculum):
    assert refusal(already_enrolled=True) == str(rules.REFUSED_ALREADY_ENROLLED)


def test_seed004_part3_a_day_of_under_four_hours_is_half_a_day():
    from decimal import Decimal

    from lms.training.rules import training_days

    assert training_days([Decimal("6"), Decimal("3")]) == Decimal("1.5")  # the seed's 1.5 days
    assert training_days([Decimal("4")]) == 1 and training_days([Decimal("3.9")]) == Decimal("0.5")
    assert training_days([]) == 0
