from lms import clock
from lms.fiscal import fiscal_year
from lms.formats import short_date
from lms.handbook import HandbookEntry, register

from .models import Certificate
from .selectors import with_status


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
