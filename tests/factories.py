"""factory_boy factories for every model the tests build (Wagtail pages come from curriculum.setup)."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from curriculum.models import Ability, Domain, GridCell, ProgrammeSlot, RenewalPolicy, Subject, SubjectRequirement, SyllabusUnit, Tier
from fieldwork.models import Block, DailyLog, EligibilityPolicy, HostInvitation, Offer, Placement
from lms import clock
from lms.audit.models import AuditEntry
from lms.certificates.models import Certificate, ExperienceProof, IssuanceBatch, ReminderSent, SerialCounter, TrainingHistoryProof
from lms.organisations.models import Job, Membership, Organisation, Prefecture
from lms.training.models import Attendance, Enrolment, OutsideCourse, SessionDay, TrainingRecord, TrainingSession
from ojt.models import IndividualOjt, Kind, MinimumHoursPolicy, OjtEvaluation, OjtEvaluationReceipt, OjtProgramme, OjtSession, ProgrammeItem, Theme
from skillpath.models import AbilityRating, PlanRow, Reflection, TrainingPlan

PASSWORD = "test-pass-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.jp")
    last_name = factory.Iterator(["佐藤", "鈴木", "高橋", "田中", "伊藤"])
    first_name = factory.Sequence(lambda n: ["花子", "太郎", "美咲", "健一", "由美"][n % 5] + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[n // 5 % 26])
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PrefectureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prefecture
        django_get_or_create = ["code"]

    code = 40
    name = "福岡県"
    name_en = "Fukuoka"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.CENTRE
    name = factory.Sequence(lambda n: f"テスト総合相談支援センター{n}")
    prefecture = factory.SubFactory(PrefectureFactory)


class CentreFactory(OrganisationFactory):
    pass


class InstituteFactory(OrganisationFactory):
    kind = Organisation.Kind.INSTITUTE
    name = factory.Sequence(lambda n: f"研修機構{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(CentreFactory)
    job = Job.SUPPORTER_INDIVIDUAL
    started_on = datetime.date(2020, 4, 1)


def person(organisation, *jobs, started_on=datetime.date(2020, 4, 1), **user_fields):
    """A new user holding `jobs` in `organisation` from `started_on`."""
    user = UserFactory(**user_fields)
    for job in jobs or [Job.SUPPORTER_INDIVIDUAL]:
        MembershipFactory(user=user, organisation=organisation, job=job, started_on=started_on)
    return user


# --- Curriculum (content: tests usually load the real curriculum and look subjects up by code) ---

class TierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tier
        django_get_or_create = ["code"]

    code = "common"
    order = 1
    name = "共通"


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Domain
        django_get_or_create = ["code"]

    code = "core"
    order = 1
    name = "伴走型支援の基本"
    delivery = Domain.Delivery.LECTURE


class AbilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ability
        django_get_or_create = ["number"]

    number = factory.Sequence(lambda n: n % 10 + 1)
    name = factory.LazyAttribute(lambda ability: f"能力{ability.number}")


class SubjectFactory(factory.django.DjangoModelFactory):
    """A subject; with the real curriculum loaded, pass code= an existing code to get it."""

    class Meta:
        model = Subject
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"subject-{n}")
    name = factory.Sequence(lambda n: f"科目{n}")
    tier = factory.SubFactory(TierFactory)
    domain = factory.SubFactory(DomainFactory)
    standard_hours = Decimal("6.0")


class GridCellFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GridCell
        django_get_or_create = ["tier", "domain"]

    tier = factory.SubFactory(TierFactory)
    domain = factory.SubFactory(DomainFactory)


class SyllabusUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SyllabusUnit

    subject = factory.SubFactory(SubjectFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = "伴走型支援の理念"


class ProgrammeSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeSlot

    subject = factory.SubFactory(SubjectFactory)
    day = 1
    starts_at = datetime.time(9, 30)
    ends_at = datetime.time(10, 30)
    topic = "オリエンテーション"
    method = ProgrammeSlot.Method.LECTURE


class SubjectRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubjectRequirement

    subject = factory.SubFactory(SubjectFactory)
    job = Job.SUPPORTER_INDIVIDUAL


class RenewalPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RenewalPolicy

    subject = factory.SubFactory(SubjectFactory)
    effective_from = datetime.date(2020, 4, 1)


# --- Training -------------------------------------------------------------------------------------

def _subject(code):
    return Subject.objects.get(code=code)


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    """A published session of 生活困窮者支援論 (the real curriculum must be loaded), open for
    applications around `opens_on`, with `days` (three January days by default) of 6 hours."""

    class Meta:
        model = TrainingSession
        skip_postgeneration_save = True

    class Params:
        subject_code = "poverty-support"
        opens_on = datetime.date(2026, 11, 13)

    subject = factory.LazyAttribute(lambda session: _subject(session.subject_code))
    title = "テスト回"
    organiser = factory.SubFactory(InstituteFactory)
    capacity = 100
    applications_open_on = factory.SelfAttribute("opens_on")
    applications_close_on = factory.LazyAttribute(lambda session: session.opens_on + datetime.timedelta(days=20))
    status = TrainingSession.Status.PUBLISHED

    @factory.post_generation
    def days(session, create, extracted, **kwargs):
        if not create:
            return
        for date in extracted if extracted is not None else [datetime.date(2027, 1, d) for d in (20, 21, 22)]:
            SessionDayFactory(session=session, date=date)


class SessionDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionDay

    session = factory.SubFactory(TrainingSessionFactory, days=[])
    date = datetime.date(2027, 1, 20)
    starts_at = datetime.time(9, 30)
    ends_at = datetime.time(16, 30)
    hours = Decimal("6.0")


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    session = factory.SubFactory(TrainingSessionFactory)
    person = factory.SubFactory(UserFactory)
    status = Enrolment.Status.CONFIRMED
    requested_by = factory.SelfAttribute("person")


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    enrolment = factory.SubFactory(EnrolmentFactory)
    day = factory.LazyAttribute(lambda attendance: attendance.enrolment.session.days.first())
    present = True
    marked_by = factory.SubFactory(UserFactory)


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    """A verified Off-JT record of two days, counted in the fiscal year it ended."""

    class Meta:
        model = TrainingRecord

    person = factory.SubFactory(UserFactory)
    subject = None
    title = factory.LazyAttribute(lambda record: record.subject.name if record.subject else "外部研修")
    kind = factory.LazyAttribute(lambda record: TrainingRecord.Kind.CENTRAL if record.subject else TrainingRecord.Kind.OTHER)
    provider = "研修機構"
    completed_on = datetime.date(2026, 6, 2)
    started_on = factory.LazyAttribute(lambda record: record.completed_on - datetime.timedelta(days=1))
    hours = Decimal("12.0")
    status = TrainingRecord.Status.VERIFIED
    verified_at = factory.LazyFunction(clock.now)


class OutsideCourseFactory(factory.django.DjangoModelFactory):
    """A course in the catalogue centres share, not yet recognised by the institute."""

    class Meta:
        model = OutsideCourse

    title = factory.Sequence(lambda n: f"外部研修{n}")
    kind = TrainingRecord.Kind.RELATED_BODY
    provider = "社会福祉協議会"


# --- Plans, OJT, fieldwork, certificates, history ---------------------------------------------------

class TrainingPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingPlan

    person = factory.SubFactory(UserFactory)
    fiscal_year = 2026
    centre = factory.SubFactory(CentreFactory)


class PlanRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanRow

    plan = factory.SubFactory(TrainingPlanFactory)
    domain = factory.SubFactory(DomainFactory)


class AbilityRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AbilityRating

    plan = factory.SubFactory(TrainingPlanFactory)
    ability = factory.SubFactory(AbilityFactory)
    rater = AbilityRating.Rater.SELF
    moment = AbilityRating.Moment.START
    level = AbilityRating.Level.DEVELOPING
    rated_by = factory.SelfAttribute("plan.person")


class ReflectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reflection

    record = factory.SubFactory(TrainingRecordFactory)
    learned = "アセスメントの視点"
    apply_at_work = "初回面談で使う"


class MinimumHoursPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MinimumHoursPolicy

    effective_from = datetime.date(2020, 4, 1)


class OjtProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OjtProgramme

    centre = factory.SubFactory(CentreFactory)
    fiscal_year = 2026


class ProgrammeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeItem

    programme = factory.SubFactory(OjtProgrammeFactory)
    month = 6
    kind = Kind.MUTUAL_STAFF
    theme = Theme.SUPPORT
    title = "事例検討"
    planned_hours = Decimal("2.0")


class OjtSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OjtSession
        skip_postgeneration_save = True

    centre = factory.SubFactory(CentreFactory)
    date = datetime.date(2026, 6, 10)
    hours = Decimal("2.0")
    kind = Kind.MUTUAL_STAFF
    theme = Theme.SUPPORT
    title = "事例検討会"
    logged_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def attendees(session, create, extracted, **kwargs):
        if create and extracted:
            session.attendees.set(extracted)


class OjtEvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OjtEvaluation

    session = factory.SubFactory(OjtSessionFactory)
    answered_on = datetime.date(2026, 6, 10)
    content, method, lecturer, usefulness = 4, 4, 5, 3


class OjtEvaluationReceiptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OjtEvaluationReceipt

    session = factory.SubFactory(OjtSessionFactory)
    person = factory.SubFactory(UserFactory)


class IndividualOjtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndividualOjt

    person = factory.SubFactory(UserFactory)
    date = datetime.date(2026, 6, 10)
    hours = Decimal("1.0")
    description = "面談への同席と振り返り"


class EligibilityPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EligibilityPolicy

    effective_from = datetime.date(2020, 4, 1)


class HostFactory(OrganisationFactory):
    kind = Organisation.Kind.RELATED_BODY
    name = factory.Sequence(lambda n: f"受入団体{n}")


class HostInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HostInvitation

    organisation = factory.SubFactory(HostFactory)
    email = factory.Sequence(lambda n: f"host{n}@example.jp")
    contact_name = "受入 担当"
    invited_by = factory.SubFactory(UserFactory)


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    host = factory.SubFactory(HostFactory)
    title = "家計改善支援の現場"
    themes = "家計"
    supervision = "各ブロック末に振り返り"
    supervisor = factory.SubFactory(UserFactory)
    places = 2
    available_from = datetime.date(2026, 6, 1)
    available_until = datetime.date(2026, 9, 30)
    applications_close_on = datetime.date(2026, 5, 20)
    created_by = factory.SelfAttribute("supervisor")
    status = Offer.Status.PUBLISHED


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    offer = factory.SubFactory(OfferFactory)
    person = factory.SubFactory(UserFactory)
    centre = factory.SubFactory(CentreFactory)
    nominated_by = factory.SubFactory(UserFactory)
    nomination_reason = "地域の資源を知るため"


class BlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Block

    placement = factory.SubFactory(PlacementFactory, status=Placement.Status.ACCEPTED)
    number = 1
    starts_on = datetime.date(2026, 6, 1)
    ends_on = datetime.date(2026, 6, 12)


class DailyLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DailyLog

    block = factory.SubFactory(BlockFactory)
    date = factory.SelfAttribute("block.starts_on")
    activities = "相談への同席"


class CertificateFactory(factory.django.DjangoModelFactory):
    """A certificate for a central record; issue through lms.certificates.services when the serial matters."""

    class Meta:
        model = Certificate

    record = factory.SubFactory(TrainingRecordFactory, subject=factory.LazyFunction(lambda: _subject("poverty-support")))
    holder = factory.SelfAttribute("record.person")
    subject = factory.SelfAttribute("record.subject")
    serial = factory.Sequence(lambda n: f"2026-{n + 1:06d}")
    status_position = factory.Sequence(lambda n: n)
    issued_on = factory.SelfAttribute("record.completed_on")
    issued_by = factory.SubFactory(UserFactory)


class SerialCounterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SerialCounter
        django_get_or_create = ["year"]

    year = 2026


class IssuanceBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssuanceBatch

    requested_by = factory.SubFactory(UserFactory)


class ReminderSentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReminderSent

    certificate = factory.SubFactory(CertificateFactory)
    days_before = 180


class TrainingHistoryProofFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingHistoryProof

    person = factory.SubFactory(UserFactory)
    issued_on = datetime.date(2026, 6, 1)
    issued_by = factory.SubFactory(UserFactory)


class ExperienceProofFactory(factory.django.DjangoModelFactory):
    """A proof as issued; issue through lms.certificates.services to count a real job history."""

    class Meta:
        model = ExperienceProof

    person = factory.SubFactory(UserFactory)
    name = factory.LazyAttribute(lambda proof: proof.person.get_full_name())
    issued_on = datetime.date(2026, 6, 1)
    issued_by = factory.SubFactory(UserFactory)
    periods = factory.LazyFunction(lambda: [
        {"job": "supporter_individual", "job_name": "相談支援員（対個人）", "centre": "北九州センター", "from": "2024-04-01", "to": "2026-06-01", "current": True},
    ])
    months, days = 26, 1


class AuditEntryFactory(factory.django.DjangoModelFactory):
    """A history entry; real ones are written by the services (lms.audit.services.record)."""

    class Meta:
        model = AuditEntry
        exclude = ["target"]

    target = factory.SubFactory(TrainingRecordFactory)
    content_type = factory.LazyAttribute(lambda entry: ContentType.objects.get_for_model(entry.target))
    object_id = factory.SelfAttribute("target.pk")
    action = "verified"
    actor = factory.SubFactory(UserFactory)
