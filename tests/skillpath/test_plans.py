import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lms.audit.models import AuditEntry
from lms.audit.selectors import history_of
from skillpath import services
from skillpath.models import AbilityRating, TrainingPlan
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world, curriculum):
    return services.plan_create(person=world.supporter, fiscal_year=2026)


def test_draft_starts_without_entries_and_with_history(plan):
    assert not plan.rows.exists()  # entries are added line by line (図表 2-2)
    [created] = history_of(plan)
    assert (created.action, created.to_status, created.actor) == ("created", TrainingPlan.Status.DRAFT, plan.person)


def test_second_plan_for_the_same_year_is_refused(world, plan):
    with pytest.raises(ValidationError, match="2026"):
        services.plan_create(person=world.supporter, fiscal_year=2026)
    assert TrainingPlan.objects.count() == 1


def test_full_cycle_records_who_when_and_comments(world, plan, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_submit(plan=plan, by=world.supporter)
        services.plan_return(plan=plan, by=world.supervisor, comment="目標を具体的に")
        services.plan_submit(plan=plan, by=world.supporter)
        services.plan_approve(plan=plan, by=world.director)
        services.plan_start(plan=plan, by=world.supporter)
        services.plan_self_evaluate(plan=plan, by=world.supporter, self_evaluation="見立てが上達した", next_year_focus="資源開拓")
        services.plan_close(plan=plan, by=world.supervisor, comment="お疲れさまでした")
    steps = list(history_of(plan).values_list("to_status", "actor__email", "note"))
    assert steps == [
        ("draft", "supporter@example.jp", ""), ("submitted", "supporter@example.jp", ""),
        ("returned", "supervisor@example.jp", "目標を具体的に"), ("submitted", "supporter@example.jp", ""),
        ("approved", "director@example.jp", ""), ("in_progress", "supporter@example.jp", ""),
        ("self_evaluated", "supporter@example.jp", ""), ("closed", "supervisor@example.jp", "お疲れさまでした"),
    ]
    plan.refresh_from_db()
    assert plan.approved_by == world.director
    # The approvers hear of submissions; the person hears of decisions.
    recipients = [set(message.to) for message in mailoutbox]
    assert {"director@example.jp", "supervisor@example.jp"} in recipients
    assert {"supporter@example.jp"} in recipients


def test_nobody_decides_on_their_own_plan(world, curriculum):
    plan = services.plan_create(person=world.supervisor, fiscal_year=2026)
    services.plan_submit(plan=plan, by=world.supervisor)
    with pytest.raises(PermissionDenied):
        services.plan_approve(plan=plan, by=world.supervisor)
    services.plan_approve(plan=plan, by=world.director)


@pytest.mark.parametrize("approver", ["other_director", "coordinator", "community_supporter", "lecturer", "institute_staff"])
def test_only_managers_of_the_centre_approve(world, plan, approver):
    services.plan_submit(plan=plan, by=world.supporter)
    with pytest.raises(PermissionDenied):
        services.plan_approve(plan=plan, by=getattr(world, approver))
    plan.refresh_from_db()
    assert plan.status == TrainingPlan.Status.SUBMITTED


def test_returning_needs_a_comment(world, plan):
    services.plan_submit(plan=plan, by=world.supporter)
    with pytest.raises(ValidationError):
        services.plan_return(plan=plan, by=world.supervisor, comment=" ")


def test_approved_plan_cannot_be_edited(world, plan):
    services.plan_submit(plan=plan, by=world.supporter)
    services.plan_approve(plan=plan, by=world.supervisor)
    with pytest.raises(ValidationError):
        services.plan_update(plan=plan, by=world.supporter, fields={"goals": "変更"}, rows=[])
    plan.refresh_from_db()
    assert plan.goals == ""


def test_self_evaluation_prefills_next_year(world, plan):
    services.plan_submit(plan=plan, by=world.supporter)
    services.plan_approve(plan=plan, by=world.supervisor)
    services.plan_self_evaluate(plan=plan, by=world.supporter, self_evaluation="振り返り", next_year_focus="社会資源の開拓")
    following = services.plan_create(person=world.supporter, fiscal_year=2027)
    assert following.training_issues == "社会資源の開拓"


def test_ratings_self_and_supervisor(world, plan, curriculum):
    from curriculum.models import Ability

    first = Ability.objects.get(number=1)
    services.ratings_save(plan=plan, by=world.supporter, rater="self", moment="start", levels={first.pk: 2})
    services.ratings_save(plan=plan, by=world.supervisor, rater="supervisor", moment="start", levels={first.pk: 3})
    with pytest.raises(PermissionDenied):
        services.ratings_save(plan=plan, by=world.supporter, rater="supervisor", moment="start", levels={first.pk: 4})
    with pytest.raises(PermissionDenied):
        services.ratings_save(plan=plan, by=world.other_director, rater="supervisor", moment="start", levels={first.pk: 4})
    assert dict(plan.ratings.values_list("rater", "level")) == {"self": 2, "supervisor": 3}
    assert AbilityRating.objects.count() == 2


def test_views_refuse_the_wrong_people(login, world, plan):
    url = reverse("plan_detail", args=[plan.pk])
    for user in (world.community_supporter, world.other_director, world.lecturer, world.clerk):
        assert login(user).get(url).status_code == 403
    assert login(world.supervisor).get(url).status_code == 200
    response = login(world.other_director).post(reverse("plan_approve", args=[plan.pk]))
    assert response.status_code == 403
    assert login(world.supervisor).get(reverse("plan_edit", args=[plan.pk])).status_code == 403


def test_approving_another_centres_plan_through_the_page_changes_nothing(login, world, plan):
    services.plan_submit(plan=plan, by=world.supporter)
    login(world.other_director).post(reverse("plan_approve", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == TrainingPlan.Status.SUBMITTED and not AuditEntry.objects.filter(to_status="approved").exists()


def test_editing_an_approved_plan_through_the_page_is_refused(login, world, plan):
    services.plan_submit(plan=plan, by=world.supporter)
    services.plan_approve(plan=plan, by=world.supervisor)
    response = login(world.supporter).get(reverse("plan_edit", args=[plan.pk]), follow=True)
    assert "承認済み" in response.content.decode()


def test_submitting_with_gaps_warns_and_the_approver_sees_them(login, world, plan):
    client = login(world.supporter)
    response = client.post(reverse("plan_submit", args=[plan.pk]), follow=True)
    content = response.content.decode()
    assert "生活困窮者支援論" in content and "入っていません" in content
    plan.refresh_from_db()
    assert plan.status == TrainingPlan.Status.SUBMITTED
    approver_view = login(world.supervisor).get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert "この計画にない" in approver_view


def test_queue_shows_waiting_plans_and_people_without_one(login, world, plan, django_assert_max_num_queries):
    services.plan_submit(plan=plan, by=world.supporter)
    client = login(world.supervisor)
    content = client.get(reverse("plan_index")).content.decode()
    assert world.supporter.get_full_name() in content and world.clerk.get_full_name() in content
    assert world.other_supporter.get_full_name() not in content
    with django_assert_max_num_queries(40) as baseline:
        client.get(reverse("plan_index"))
    from lms.organisations.models import Job
    from tests import factories

    for _ in range(8):
        person = factories.person(world.centre, Job.SUPPORTER_COMMUNITY)
        services.plan_submit(plan=services.plan_create(person=person, fiscal_year=2026), by=person)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        client.get(reverse("plan_index"))


@pytest.mark.today("2026-11-29")
def test_skill_path_charts_show_the_persons_hours_and_ratings(login, world, plan):
    import datetime
    import re
    from decimal import Decimal

    from curriculum.models import Ability

    factories.TrainingRecordFactory(
        person=world.supporter, title="生活困窮者支援論", started_on=datetime.date(2026, 6, 12), completed_on=datetime.date(2026, 6, 12), hours=Decimal("18.0"),
    )
    first = Ability.objects.order_by("pk").first()
    services.ratings_save(plan=plan, by=world.supporter, rater="self", moment="start", levels={first.pk: 2})
    content = login(world.supporter).get(reverse("skill_path")).content.decode()
    titles = re.findall(r"<title>([^<]*)</title>", content)
    assert "Off-JT 2026年度: 18.0時間" in titles  # the bar of this year's hours, with its unit
    ability_charts = [title for title in titles if re.match(r"\d+\. ", title)]
    assert len(ability_charts) == 10 and ability_charts[0] == f"1. {first.name}"
    assert titles[titles.index(f"1. {first.name}") + 1] == "本人: 2"  # the self-rating, plotted under its ability
    # Titles, legend and the year still running are HTML, which wraps and keeps its size on a phone.
    assert f'<figcaption class="chart-title">1. {first.name}</figcaption>' in content
    assert "2026年度のOJT・Off-JTそれぞれの最低時間：50時間" in content
    assert "（年度途中）" in content and "2026年度は年度途中です" in content
    assert '>時間</text>' in content  # the y-axis says what it counts
    assert login(world.other_director).get(reverse("skill_path_person", args=[world.supporter.pk])).status_code == 403
