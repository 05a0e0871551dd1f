from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lms import clock
from lms.fiscal import fiscal_year
from lms.formats import short_date
from lms.handbook import HandbookEntry, register

from .models import Certificate, ExperienceProof, TrainingHistoryProof
from .selectors import with_status

REVOKED_ON = _("Revoked on %(date)s")
REVOKED = _("Revoked")


@register
def certificate_entries(person):
    certificates = Certificate.objects.filter(holder=person).select_related("subject", "record", "superseded_by").prefetch_related("subject__renewal_policies")
    for certificate in with_status(certificates, clock.today()):
        detail = certificate.serial
        if certificate.terms:
            detail = f"{detail} / 〜{short_date(certificate.terms.deadline)}"
        yield HandbookEntry(
            section="certificate", fiscal_year=fiscal_year(certificate.issued_on), date=certificate.issued_on,
            title=certificate.subject.name, detail=detail, status=str(certificate.status_label), url=certificate.get_absolute_url(),
        )


@register
def proof_entries(person):
    """The proofs issued to the person: each links to its verification page (where the institute may revoke it)."""
    for model in (TrainingHistoryProof, ExperienceProof):
        for proof in model.objects.filter(person=person):
            yield HandbookEntry(
                section="proof", fiscal_year=fiscal_year(proof.issued_on), date=proof.issued_on, title=str(model._meta.verbose_name).capitalize(),
                detail=f"{proof.name}（{REVOKED_ON % {'date': short_date(proof.revoked_on)}}）" if proof.is_revoked else proof.name,
                status=str(REVOKED) if proof.is_revoked else "",
                url=reverse("certificate_verify", args=[proof.code]),
            )
