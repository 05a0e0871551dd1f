import datetime

import factory
from django.contrib.auth import get_user_model

from lms.organisations.models import Job, Membership, Organisation, Prefecture

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
