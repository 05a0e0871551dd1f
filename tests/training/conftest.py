import datetime

import pytest

from tests import factories

# Sessions here open for applications around Monday 23 November 2026 and run in January 2027.
TODAY = datetime.date(2026, 11, 23)


def make_session(subject_code="poverty-support", *, organiser, days=None, **extra):
    """A published session open for applications around TODAY (see factories.TrainingSessionFactory)."""
    return factories.TrainingSessionFactory(
        subject_code=subject_code, organiser=organiser, opens_on=TODAY - datetime.timedelta(days=10), days=days, **extra,
    )


@pytest.fixture
def session_factory(curriculum, world):
    def factory(subject_code="poverty-support", **kwargs):
        kwargs.setdefault("organiser", world.institute)
        return make_session(subject_code, **kwargs)

    return factory
