from celery import shared_task
from django.core.exceptions import ValidationError
from django.db.models import F


@shared_task
def run_issuance_batch(batch_id):
    """Issue one certificate per record of the batch, counting progress as it goes."""
    from skillpath.models import TrainingRecord

    from .models import IssuanceBatch
    from .services import issue_certificate

    batch = IssuanceBatch.objects.select_related("requested_by").get(pk=batch_id)
    errors = []
    for record in TrainingRecord.objects.filter(pk__in=batch.record_ids).select_related("person"):
        try:
            issue_certificate(record=record, by=batch.requested_by)
        except ValidationError as error:
            errors.append(f"{record.person}: {' '.join(error.messages)}")
        IssuanceBatch.objects.filter(pk=batch.pk).update(done=F("done") + 1)
    IssuanceBatch.objects.filter(pk=batch.pk).update(errors=errors, finished=True)
    return len(batch.record_ids) - len(errors)
