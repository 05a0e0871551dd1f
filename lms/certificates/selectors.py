
from django.db.models import Exists, Max, OuterRef, Q

from curriculum.models import Subject
from curriculum.rules import add_years
from lms.organisations.access import access_for, people_visible_ids
from lms.organisations.models import Job, Membership, Organisation
from lms.training.models import TrainingRecord

from . import rules, status_list
from .models import Certificate, ExperienceProof, TrainingHistoryProof


def certificates_visible_to(user):
    access = access_for(user)
    certificates = Certificate.objects.select_related("holder", "subject", "record", "superseded_by").prefetch_related("subject__renewal_policies")
    if access.is_institute:
        return certificates
    return certificates.filter(holder_id__any_of=people_visible_ids(user))


def certificate_list_for(user):
    """The certificates `user` may list, with what a row shows joined in (no per-row queries)."""
    access = access_for(user)
    certificates = Certificate.objects.select_related("holder", "subject", "record", "superseded_by")
    if access.is_institute:
        return certificates
    return certificates.filter(holder_id__any_of=people_visible_ids(user))


def with_status(certificates, today):
    """Attach status, terms and label to each certificate (no extra queries)."""
    rows = []
    for certificate in certificates:
        terms = rules.terms_for(subject_policies=list(certificate.subject.renewal_policies.all()), completed_on=certificate.record.completed_on)
        superseded = getattr(certificate, "superseded_by", None) is not None
        certificate.status = rules.certificate_status(revoked=bool(certificate.revoked_on), superseded=superseded, terms=terms, today=today)
        certificate.status_label = rules.STATUS_LABELS[certificate.status]
        certificate.verdict_tone, certificate.verdict = rules.VERDICTS[certificate.status]
        certificate.terms = terms
        rows.append(certificate)
    return rows


def issuer_name():
    institute = Organisation.objects.filter(kind=Organisation.Kind.INSTITUTE).order_by("pk").first()
    return institute.name if institute else "伴走型支援人材育成研修機構"


def supervisor_tier_required():
    """The supervisor-tier courses a supervisor must complete (the fieldwork is recommended, not required)."""
    courses = Subject.objects.filter(tier__code="supervisor").exclude(domain__code="fieldwork").prefetch_related("requirements")
    return [subject for subject in courses if subject.is_required_for({Job.SUPERVISOR})]


def overdue_appointments(*, required, centre_ids=None, today):
    """Supervisor appointments over five years old missing one of `required`, as one SQL query
    (so a home page can count them and show ten without loading the country's)."""
    appointments = Membership.objects.current(today).filter(job=Job.SUPERVISOR, started_on__lte=add_years(today, -5))
    if centre_ids is not None:
        appointments = appointments.filter(organisation_id__in=centre_ids)
    missing_any = Q(pk__in=[])
    for subject in required:
        done = TrainingRecord.objects.counted().filter(person_id=OuterRef("user_id"), subject=subject)
        missing_any |= ~Exists(done)
    return appointments.filter(missing_any).select_related("user", "organisation").order_by("started_on", "pk")


def with_missing(appointments, required):
    """(appointment, subjects missing) for a few appointments, in one query."""
    appointments = list(appointments)
    done = set(
        TrainingRecord.objects.counted().filter(person_id__in=[a.user_id for a in appointments], subject__in=required)
        .values_list("person_id", "subject_id")
    )
    return [(a, [s for s in required if (a.user_id, s.pk) not in done]) for a in appointments]


def supervisors_overdue(*, centre_ids=None, today):
    """Supervisors appointed over five years ago without every required supervisor-tier subject."""
    required = supervisor_tier_required()
    return with_missing(overdue_appointments(required=required, centre_ids=centre_ids, today=today), required)


# Each kind of credential has its own series of revocation lists (certificates the first, at
# /verify/status/<n>/), so a position is unique within one table, where the database enforces it.
STATUS_SERIES = {"": Certificate, TrainingHistoryProof.STATUS_SERIES: TrainingHistoryProof, ExperienceProof.STATUS_SERIES: ExperienceProof}


def revoked_indexes(list_number, series=""):
    """The indexes set in revocation list `list_number` of a series: its revoked documents' positions."""
    first = (list_number - 1) * status_list.LIST_SIZE
    positions = STATUS_SERIES[series].objects.filter(
        revoked_on__isnull=False, status_position__gte=first, status_position__lt=first + status_list.LIST_SIZE,
    ).values_list("status_position", flat=True)
    return [status_list.index_in_list(position) for position in positions]


def status_lists_in_use(series=""):
    """How many revocation lists a series has: enough for the highest position held (at least one)."""
    highest = STATUS_SERIES[series].objects.aggregate(highest=Max("status_position"))["highest"]
    return status_list.list_number(highest) if highest is not None else 1


def verifiable(code, today):
    """What a verification code stands for: a certificate (with its status today), a proof of
    training history or a proof of practical experience; None when it is none of them."""
    certificate = Certificate.objects.select_related("holder", "subject", "record", "superseded_by").filter(code=code).first()
    if certificate is not None:
        return with_status([certificate], today)[0]
    for model in (TrainingHistoryProof, ExperienceProof):
        proof = model.objects.select_related("person").filter(code=code).first()
        if proof is not None:
            return proof
    return None
