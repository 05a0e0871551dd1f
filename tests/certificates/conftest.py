import datetime
from decimal import Decimal

import pytest

from curriculum.models import Subject
from lms.training.models import TrainingRecord


@pytest.fixture(autouse=True)
def signing_key(settings, tmp_path):
    settings.INSTITUTE_SIGNING_KEY_FILE = str(tmp_path / "institute-key.pem")


@pytest.fixture
def completion(curriculum):
    def make(person, completed_on=datetime.date(2026, 6, 12), code="poverty-support", refresher=False):
        return TrainingRecord.objects.create(
            person=person, subject=Subject.objects.get(code=code), title="生活困窮者支援論", kind=TrainingRecord.Kind.CENTRAL,
            started_on=completed_on - datetime.timedelta(days=2), completed_on=completed_on, hours=Decimal("18.0"),
            status=TrainingRecord.Status.VERIFIED, is_refresher=refresher,
        )

    return make
