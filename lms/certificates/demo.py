"""Certificates for last year's completed session, one revoked and one due for renewal; a proof of
practical experience for the Kitakyushu supervisor."""

from lms.training.models import TrainingRecord

from .models import Certificate
from .services import issue_certificate, issue_experience_proof, revoke_certificate


def seed(context):
    admin = context["people"]["admin"]
    if Certificate.objects.exists():
        return
    records = TrainingRecord.objects.filter(kind=TrainingRecord.Kind.CENTRAL, status=TrainingRecord.Status.VERIFIED, subject__isnull=False)
    for record in records.order_by("completed_on", "pk"):
        issue_certificate(record=record, by=admin, today=record.completed_on)
    clerk = Certificate.objects.filter(holder=context["people"]["kita.clerk"]).first()
    if clerk:
        revoke_certificate(certificate=clerk, by=admin, reason="受講記録の誤登録のため（デモ）")
    issue_experience_proof(person=context["people"]["kita.supervisor"], by=admin)
