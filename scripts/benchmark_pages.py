"""The pages the benchmark measures, as (user, url) pairs."""

import datetime


def pages(*, supporter, director, centre):
    year = datetime.date.today().year if datetime.date.today().month >= 4 else datetime.date.today().year - 1
    return [
        (supporter, "/plans/"),
        (supporter, "/plans/path/"),
        (director, "/plans/"),
        (supporter, "/sessions/"),
        (supporter, "/ojt/"),
        (director, f"/ojt/centre/{centre.pk}/{year}/table/"),
        (supporter, "/certificates/"),
        (director, f"/handbook/{supporter.pk}/"),
        (supporter, "/curriculum/"),
        (director, "/directory/people/"),
        (director, f"/directory/organisations/{centre.pk}/"),
    ]


def fieldwork_pages(*, director, host):
    from fieldwork.models import Placement

    placement = Placement.objects.filter(person=director).first()
    return [
        (director, "/fieldwork/"),
        (director, "/fieldwork/placements/"),
        (director, f"/fieldwork/placements/{placement.pk}/"),
        (host, "/fieldwork/applications/"),
        (host, "/fieldwork/placements/"),
        (host, "/"),
    ]


def institute_user():
    """An institute staff member with TOTP, as the institute's pages require."""
    from django.contrib.auth import get_user_model

    from lms.organisations.models import Job, Membership, Organisation

    User = get_user_model()
    institute, _ = Organisation.objects.get_or_create(kind=Organisation.Kind.INSTITUTE, name="ベンチマーク研修機構")
    user, created = User.objects.get_or_create(email="institute@bench.example.jp", defaults={"last_name": "機構"})
    if created:
        Membership.objects.create(user=user, organisation=institute, job=Job.INSTITUTE_STAFF, started_on=datetime.date(2015, 4, 1))
    return user


def sign_in(client, user):
    """Sign in; an institute user also passes the TOTP step, as the login form would record it."""
    from allauth.mfa.models import Authenticator

    from lms.organisations.access import access_for
    from tests.conftest import give_totp, passed_totp

    client.force_login(user)
    if access_for(user).is_institute:
        if not Authenticator.objects.filter(user=user).exists():
            give_totp(user)
        passed_totp(client, user)


def report_pages(*, institute, director, centre):
    year = datetime.date.today().year if datetime.date.today().month >= 4 else datetime.date.today().year - 1
    return [
        (institute, "/reports/"),
        (institute, f"/reports/prefectures/{centre.prefecture_id}/"),
        (institute, f"/reports/centres/{centre.pk}/"),
        (institute, f"/reports/people/?year={year}&figure=ojt_behind"),
        (director, f"/reports/centres/{centre.pk}/"),
        (institute, "/certificates/"),
        (institute, "/certificates/?status=lapsed"),
        (institute, f"/certificates/?expires={year + 1}-03"),
        (institute, "/certificates/?q=試験"),
        (institute, "/certificates/?q=B0001234"),
        (director, "/certificates/"),
        (institute, "/directory/people/"),
        (institute, "/"),
        (institute, f"/reports/research/?year={year}"),
    ]


def export_pages(*, institute, director):
    """Files whose whole body is timed, not just the first chunk: a country's worth of rows."""
    year = datetime.date.today().year if datetime.date.today().month >= 4 else datetime.date.today().year - 1
    return [
        (institute, f"/reports/people/?year={year}&figure=ojt_behind&format=csv"),
        (institute, f"/reports/people/?year={year}&figure=staff&format=csv"),
        (institute, f"/reports/research/?year={year}&format=csv&table=research"),
        (institute, f"/reports/research/?year={year}&format=xlsx&table=research"),
        (director, "/certificates/?format=csv"),
    ]


def lecturer_user():
    from django.contrib.auth import get_user_model

    from lms.organisations.models import Job, Membership, Organisation

    User = get_user_model()
    institute, _ = Organisation.objects.get_or_create(kind=Organisation.Kind.INSTITUTE, name="ベンチマーク研修機構")
    user, created = User.objects.get_or_create(email="lecturer@bench.example.jp", defaults={"last_name": "講師"})
    if created:
        Membership.objects.create(user=user, organisation=institute, job=Job.LECTURER, started_on=datetime.date(2015, 4, 1))
    return user


def assessment_pages(*, lecturer, institute, participant, session):
    """A session of 170: its marking of reports and tests, its evaluation summary, the subject's year."""
    return [
        (lecturer, f"/sessions/{session.pk}/report/"),
        (lecturer, f"/sessions/{session.pk}/report/?status=waiting"),
        (lecturer, f"/sessions/{session.pk}/tests/"),
        (lecturer, f"/sessions/{session.pk}/evaluation/summary/"),
        (institute, f"/sessions/evaluations/{session.subject.code}/"),
        (institute, f"/sessions/{session.pk}/"),
        (participant, f"/sessions/{session.pk}/"),
        (participant, f"/sessions/{session.pk}/tests/"),
        (participant, f"/sessions/{session.pk}/report/"),
    ]
