
from curriculum.models import Subject
from curriculum.rules import add_years
from lms.organisations.access import access_for, people_visible_to
from lms.organisations.models import Job, Membership, Organisation
from lms.training.models import TrainingRecord

from . import rules
from .models import Certificate


def certificates_visible_to(user):
    access = access_for(user)
    certificates = Certificate.objects.select_related("holder", "subject", "record", "superseded_by").prefetch_related("subject__renewal_policies")
    if access.is_institute:
        return certificates
    return certificates.filter(holder__in=people_visible_to(user))


def certificate_list_for(user):
    """The certificates `user` may list, with what a row shows joined in (no per-row queries)."""
    access = access_for(user)
    certificates = Certificate.objects.select_related("holder", "subject", "record")
    if access.is_institute:
        return certificates
    return certificates.filter(holder__in=people_visible_to(user))


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


def supervisors_overdue(*, centre_ids=None, today):
    """Supervisors appointed over five years ago without every required supervisor-tier subject."""
    appointments = Membership.objects.current(today).filter(job=Job.SUPERVISOR, started_on__lte=add_years(today, -5))
    if centre_ids is not None:
        appointments = appointments.filter(organisation_id__in=centre_ids)
    appointments = list(appointments.select_related("user", "organisation"))
    courses = Subject.objects.filter(tier__code="supervisor").exclude(domain__code="fieldwork").prefetch_related("requirements")
    required = [subject for subject in courses if subject.is_required_for({Job.SUPERVISOR})]
    done = set(
        TrainingRecord.objects.counted().filter(person_id__in=[a.user_id for a in appointments], subject__in=required)
        .values_list("person_id", "subject_id")
    )
    flagged = []
    for appointment in appointments:
        missing = [s for s in required if (appointment.user_id, s.pk) not in done]
        if missing:
            flagged.append((appointment, missing))
    return flagged
