import datetime
from decimal import Decimal

import pytest

from curriculum.models import Subject
from lms.training.models import SessionDay, TrainingSession
from tests.clock import at

# Sessions here open for applications around Monday 23 November 2026 and run in January 2027.
TODAY = datetime.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    """Application windows and eligibility are judged on TODAY, whatever the real date is."""
    time_machine.move_to(at(TODAY), tick=False)
    return time_machine


def make_session(subject_code="poverty-support", *, organiser, capacity=100, days=None, status=TrainingSession.Status.PUBLISHED, title="テスト回", **extra):
    session = TrainingSession.objects.create(
        subject=Subject.objects.get(code=subject_code), title=title, organiser=organiser, capacity=capacity,
        applications_open_on=TODAY - datetime.timedelta(days=10), applications_close_on=TODAY + datetime.timedelta(days=10),
        status=status, **extra,
    )
    for date in days or [datetime.date(2027, 1, 20), datetime.date(2027, 1, 21), datetime.date(2027, 1, 22)]:
        SessionDay.objects.create(session=session, date=date, starts_at=datetime.time(9, 30), ends_at=datetime.time(16, 30), hours=Decimal("6.0"))
    return session


@pytest.fixture
def session_factory(curriculum, world):
    def factory(subject_code="poverty-support", **kwargs):
        kwargs.setdefault("organiser", world.institute)
        return make_session(subject_code, **kwargs)

    return factory
