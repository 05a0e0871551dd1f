import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lms.training.models import TrainingRecord
from ojt.selectors import hours_by_year
from skillpath import services
from skillpath.selectors import reflections_owed

pytestmark = pytest.mark.django_db


def external(person, hours="12.0"):
    return services.external_record_submit(
        person=person, title="社会福祉行政職員研修", kind=TrainingRecord.Kind.PREFECTURAL, provider="福岡県",
        started_on=datetime.date(2026, 10, 1), completed_on=datetime.date(2026, 10, 2), hours=Decimal(hours),
    )


def test_external_training_counts_only_once_verified(world):
    record = external(world.supporter)
    assert hours_by_year(world.supporter, [2026])[2026].offjt == 0
    services.external_record_verify(record=record, by=world.supervisor)
    assert hours_by_year(world.supporter, [2026])[2026].offjt == Decimal("12.0")


def test_verification_refuses_the_wrong_people(world):
    record = external(world.supervisor)
    with pytest.raises(PermissionDenied):
        services.external_record_verify(record=record, by=world.supervisor)  # own
    for user in (world.supporter, world.other_director, world.lecturer, world.coordinator):
        with pytest.raises(PermissionDenied):
            services.external_record_verify(record=record, by=user)
    services.external_record_verify(record=record, by=world.director)


def test_rejection_needs_a_reason_and_cannot_be_verified_after(world):
    record = external(world.supporter)
    with pytest.raises(ValidationError):
        services.external_record_reject(record=record, by=world.supervisor, reason="")
    services.external_record_reject(record=record, by=world.supervisor, reason="修了証の写しを添付してください")
    with pytest.raises(ValidationError):
        services.external_record_verify(record=record, by=world.director)
    assert TrainingRecord.objects.get(pk=record.pk).rejection_reason == "修了証の写しを添付してください"


@pytest.mark.parametrize("hours", ["0", "-3", "999"])
def test_absurd_hours_are_refused(world, hours):
    with pytest.raises(ValidationError):
        external(world.supporter, hours=hours)


def test_reflections_are_owed_until_written_and_only_by_the_person(world):
    record = external(world.supporter)
    services.external_record_verify(record=record, by=world.supervisor)
    assert list(reflections_owed(world.supporter)) == [record]
    with pytest.raises(PermissionDenied):
        services.reflection_save(record=record, by=world.supervisor, learned="x", apply_at_work="y")
    services.reflection_save(record=record, by=world.supporter, learned="家計の見立て", apply_at_work="面談で使う")
    assert not reflections_owed(world.supporter).exists()
