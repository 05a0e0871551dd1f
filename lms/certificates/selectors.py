from django.db.models import Q

from lms.organisations.access import access_for
from lms.organisations.models import Membership, Organisation

from . import rules
from .models import Certificate


def certificates_visible_to(user):
    access = access_for(user)
    certificates = Certificate.objects.select_related("holder", "subject", "record", "superseded_by").prefetch_related("subject__renewal_policies")
    if access.is_institute:
        return certificates
    if access.managed_centre_ids:
        staff = Membership.objects.current().filter(organisation_id__in=access.managed_centre_ids).values("user_id")
        return certificates.filter(Q(holder=user) | Q(holder_id__in=staff))
    return certificates.filter(holder=user)


def with_status(certificates, today):
    """Attach status, terms and label to each certificate (no extra queries)."""
    rows = []
    for certificate in certificates:
        terms = rules.terms_for(subject_policies=list(certificate.subject.renewal_policies.all()), completed_on=certificate.record.completed_on)
        superseded = getattr(certificate, "superseded_by", None) is not None
        certificate.status = rules.certificate_status(revoked=bool(certificate.revoked_on), superseded=superseded, terms=terms, today=today)
        certificate.status_label = rules.STATUS_LABELS[certificate.status]
        certificate.terms = terms
        rows.append(certificate)
    return rows


def issuer_name():
    institute = Organisation.objects.filter(kind=Organisation.Kind.INSTITUTE).order_by("pk").first()
    return institute.name if institute else "伴走型支援人材育成研修機構"
