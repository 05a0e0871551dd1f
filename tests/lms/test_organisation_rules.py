import datetime

from lms.organisations.models import Job, Membership
from lms.organisations.rules import years_of_experience

TODAY = datetime.date(2026, 4, 1)


def membership(job, started_on, ended_on=None):
    return Membership(job=job, started_on=started_on, ended_on=ended_on)


def test_years_counted_from_start_date():
    assert years_of_experience([membership(Job.SUPPORTER_INDIVIDUAL, datetime.date(2021, 4, 1))], TODAY) == 5.0


def test_two_jobs_at_once_count_once():
    jobs = [
        membership(Job.SUPPORTER_INDIVIDUAL, datetime.date(2023, 4, 1)),
        membership(Job.OJT_COORDINATOR, datetime.date(2024, 4, 1)),
    ]
    assert years_of_experience(jobs, TODAY) == 3.0


def test_gap_between_jobs_is_not_counted():
    jobs = [
        membership(Job.SUPPORTER_INDIVIDUAL, datetime.date(2018, 4, 1), datetime.date(2020, 3, 31)),
        membership(Job.SUPERVISOR, datetime.date(2023, 4, 1)),
    ]
    assert years_of_experience(jobs, TODAY) == 5.0


def test_non_centre_roles_and_future_jobs_do_not_count():
    jobs = [
        membership(Job.LECTURER, datetime.date(2010, 4, 1)),
        membership(Job.SUPPORTER_INDIVIDUAL, datetime.date(2027, 4, 1)),
    ]
    assert years_of_experience(jobs, TODAY) == 0
