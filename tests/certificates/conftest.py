import datetime
from decimal import Decimal

import pytest

from curriculum.models import Subject
from tests import factories


@pytest.fixture(autouse=True)
def signing_key(settings, tmp_path):
    settings.INSTITUTE_SIGNING_KEY_FILE = str(tmp_path / "institute-key.pem")


@pytest.fixture
def completion(curriculum):
    def make(person, completed_on=datetime.date(2026, 6, 12), code="poverty-support", refresher=False):
        return factories.TrainingRecordFactory(
            person=person, subject=Subject.objects.get(code=code), completed_on=completed_on, hours=Decimal("18.0"), is_refresher=refresher,
        )

    return make
