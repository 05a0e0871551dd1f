import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from curriculum.models import RenewalPolicy, Subject
from lms.organisations.models import Job
from lms.training.models import TrainingRecord
from skillpath.models import TrainingPlan
from skillpath.rules import required_subjects_missing, uncovered_gaps
from skillpath.workflow import PLAN

pytestmark = pytest.mark.django_db
D = datetime.date


def subjects():
    return list(Subject.objects.select_related("domain", "tier").prefetch_related("requirements", "renewal_policies"))


def completion(subject_code, completed_on):
    return TrainingRecord(subject=Subject.objects.get(code=subject_code), completed_on=completed_on)


def gaps_for(jobs, completions, year):
    by_subject = {record.subject.pk: record for record in completions}
    return {gap.subject.code: gap for gap in required_subjects_missing(jobs=jobs, subjects=subjects(), completions=by_subject, fiscal_year=year)}


def test_new_supporter_misses_the_common_subjects_and_the_programme_subject(curriculum):
    gaps = gaps_for({Job.SUPPORTER_INDIVIDUAL}, [], 2026)
    assert set(gaps) == {"poverty-support", "community-life-support", "community-social-work", "support-programme"}
    assert all(gap.kind == "missing" for gap in gaps.values())


def test_clerical_staff_need_only_the_common_tier(curriculum):
    assert set(gaps_for({Job.CLERICAL}, [], 2026)) == {"poverty-support", "community-life-support", "community-social-work"}


def test_directors_need_centre_management_and_staff_development(curriculum):
    gaps = gaps_for({Job.DIRECTOR}, [], 2026)
    assert {"centre-management", "staff-development"} <= set(gaps) and "supervision" not in gaps


def test_common_certificate_four_and_a_half_years_old(curriculum):
    # Completed in October 2021 (FY2021): the refresher is due by 31 March 2027, inside FY2026.
    gaps = gaps_for({Job.CLERICAL}, [completion("poverty-support", D(2021, 10, 15))], 2026)
    assert gaps["poverty-support"].kind == "refresher_due" and gaps["poverty-support"].deadline == D(2027, 3, 31)
    assert "2027-03-31" in str(gaps["poverty-support"].reason)


def test_fiscal_year_boundary_of_the_completion(curriculum):
    # 31 March 2022 is FY2021 (due in FY2026); 1 April 2022 is FY2022 (due only in FY2027).
    assert "poverty-support" in gaps_for({Job.CLERICAL}, [completion("poverty-support", D(2022, 3, 31))], 2026)
    assert "poverty-support" not in gaps_for({Job.CLERICAL}, [completion("poverty-support", D(2022, 4, 1))], 2026)
    assert gaps_for({Job.CLERICAL}, [completion("poverty-support", D(2022, 4, 1))], 2027)["poverty-support"].kind == "refresher_due"


def test_lapsed_completion_follows_the_policy(curriculum):
    gaps = gaps_for({Job.CLERICAL}, [completion("poverty-support", D(2019, 6, 1))], 2026)
    assert gaps["poverty-support"].kind == "lapsed"
    RenewalPolicy.objects.filter(subject__code="poverty-support").update(after_lapse=RenewalPolicy.AfterLapse.REFRESHER)
    assert gaps_for({Job.CLERICAL}, [completion("poverty-support", D(2019, 6, 1))], 2026)["poverty-support"].kind == "refresher_due"


def test_recent_completion_leaves_no_gap(curriculum):
    assert "poverty-support" not in gaps_for({Job.CLERICAL}, [completion("poverty-support", D(2025, 6, 1))], 2026)


def test_planned_subjects_cover_gaps(curriculum):
    gaps = list(gaps_for({Job.CLERICAL}, [], 2026).values())
    planned = {Subject.objects.get(code="poverty-support").pk}
    assert {gap.subject.code for gap in uncovered_gaps(gaps, planned)} == {"community-life-support", "community-social-work"}


def test_who_may_take_each_step_of_a_plan(world):
    """図表 2-2: the person drafts, submits, starts and evaluates; their centre's director or
    supervisor approves, returns and closes; nobody decides on their own plan."""
    plan = TrainingPlan(person=world.supervisor, centre=world.centre, fiscal_year=2026, status=TrainingPlan.Status.SUBMITTED)
    assert PLAN.refusal(plan, "approved", world.supervisor)[0] is PermissionDenied  # own plan
    assert PLAN.refusal(plan, "approved", world.other_director)[0] is PermissionDenied  # another centre
    assert PLAN.refusal(plan, "approved", world.director) is None
    assert PLAN.available(plan, world.director) == {"approved", "returned", "rate_as_supervisor"}
    assert PLAN.available(plan, world.supervisor) == {"rate_self"}
    plan.status = TrainingPlan.Status.APPROVED
    error, reason = PLAN.refusal(plan, "approved", world.director)  # already decided
    assert error is ValidationError and str(TrainingPlan.Status.APPROVED.label) in reason
    assert PLAN.available(plan, world.supervisor) == {"in_progress", "self_evaluated", "rate_self"}
    plan.status = TrainingPlan.Status.CLOSED
    assert PLAN.available(plan, world.supervisor) == set() and PLAN.available(plan, world.director) == set()


def test_seed004_part2_subject3_programme_subject_is_for_supporters_who_draft_support_plans(curriculum):
    """「サポートプランを策定する相談支援員の必修科目」 (part 2, subject ③; 図表 1-12): individual support, not community work."""
    assert "support-programme" in gaps_for({Job.SUPPORTER_INDIVIDUAL}, [], 2026)
    assert "support-programme" not in gaps_for({Job.SUPPORTER_COMMUNITY}, [], 2026)
    assert "support-programme" in gaps_for({Job.SUPPORTER_COMMUNITY, Job.SUPPORTER_INDIVIDUAL}, [], 2026)
