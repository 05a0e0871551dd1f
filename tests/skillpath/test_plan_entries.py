"""図表 2-2 of seed 004: the plan has an OJT and an Off-JT line per domain (practice OJT only,
fieldwork Off-JT only), each with as many entries as the year needs, and at step 5 each entry
shows what was done against it, with the unplanned training beside it."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from curriculum.models import Domain, Subject
from skillpath import rules, services
from skillpath.models import PlanRow, TrainingPlan
from skillpath.selectors import plan_lines_with_outcomes
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.today(datetime.date(2026, 11, 29))]
D = datetime.date


def test_figure_2_2_the_lines_of_each_domain():
    assert rules.plan_lines("lecture") == ["ojt", "off_jt"]
    assert rules.plan_lines("practice") == ["ojt"]  # 実践 OJT
    assert rules.plan_lines("fieldwork") == ["off_jt"]  # FW Off-JT


@pytest.fixture
def plan(world, curriculum):
    return services.plan_create(person=world.supporter, fiscal_year=2026)


def form_data(plan, entries, **fields):
    """What the edit form posts: the plan's text, its saved entries unchanged, and `entries` as new ones."""
    saved = list(plan.rows.order_by("domain__order", "-line", "pk"))
    data = {"self_image": "", "strengths": "", "training_issues": "", "goals": "", **fields,
            "form-TOTAL_FORMS": str(len(saved) + len(entries)), "form-INITIAL_FORMS": str(len(saved)),
            "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000"}
    for index, entry in enumerate(saved):
        data |= {f"form-{index}-id": str(entry.pk), f"form-{index}-domain": str(entry.domain_id), f"form-{index}-line": entry.line,
                 f"form-{index}-subject": str(entry.subject_id or ""), f"form-{index}-goal": entry.goal}
    for index, entry in enumerate(entries, start=len(saved)):
        data |= {f"form-{index}-{name}": value for name, value in entry.items()}
    return data


def test_figure_2_2_two_off_jt_entries_in_the_core_domain_for_a_first_year_supporter(world, login, plan):
    """生活困窮者支援論 and プログラム論 both sit in the core domain: one row per domain could not hold them."""
    core = Domain.objects.get(code="core")
    client = login(world.supporter)
    first = {"domain": str(core.pk), "line": "off_jt", "subject": str(Subject.objects.get(code="poverty-support").pk), "goal": "見立てを説明できる"}
    second = {"domain": str(core.pk), "line": "off_jt", "subject": str(Subject.objects.get(code="support-programme").pk), "period": "2月"}
    assert client.post(f"/plans/{plan.pk}/edit/", form_data(plan, [first, second], goals="必修を修了する")).status_code == 302
    entries = list(plan.rows.filter(domain=core, line="off_jt").order_by("pk"))
    assert [entry.subject.code for entry in entries] == ["poverty-support", "support-programme"]
    # The edit form shows both, and a blank entry in every line to add another.
    page = client.get(f"/plans/{plan.pk}/edit/")
    line = next(forms for domain, code, _label, forms in page.context["lines"] if domain == core and code == "off_jt")
    assert [form.instance.pk for form in line] == [entries[0].pk, entries[1].pk, None]
    # Removing one keeps the other.
    data = form_data(plan, [])
    data["form-0-DELETE"] = "on"
    client.post(f"/plans/{plan.pk}/edit/", data)
    assert list(plan.rows.values_list("subject__code", flat=True)) == ["support-programme"]


def test_figure_2_2_practice_is_ojt_only_and_fieldwork_off_jt_only(world, login, plan):
    practice, fieldwork = Domain.objects.get(code="practice"), Domain.objects.get(code="fieldwork")
    client = login(world.supporter)
    for domain, line in ((practice, "off_jt"), (fieldwork, "ojt")):
        response = client.post(f"/plans/{plan.pk}/edit/", form_data(plan, [{"domain": str(domain.pk), "line": line, "goal": "x"}], goals="残す"))
        assert response.status_code == 200 and "図表 2-2" in response.content.decode() and "残す" in response.content.decode()
    assert not plan.rows.exists()
    with pytest.raises(ValidationError):
        services.plan_update(plan=plan, by=world.supporter, fields={}, rows=[PlanRow(domain=practice, line="off_jt", goal="x")])
    # A subject must be chosen in its own domain's line.
    life = Domain.objects.get(code="life")
    wrong = {"domain": str(life.pk), "line": "off_jt", "subject": str(Subject.objects.get(code="poverty-support").pk)}
    assert client.post(f"/plans/{plan.pk}/edit/", form_data(plan, [wrong])).status_code == 200
    assert not plan.rows.exists()


def test_nobody_edits_another_persons_entries_through_their_own_plan(world, login, plan, curriculum):
    other = services.plan_create(person=world.community_supporter, fiscal_year=2026)
    theirs = PlanRow.objects.create(plan=other, domain=Domain.objects.get(code="core"), line="off_jt", goal="元の目標")
    data = form_data(plan, [])
    data |= {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": str(theirs.pk), "form-0-domain": str(theirs.domain_id),
             "form-0-line": "off_jt", "form-0-goal": "書き換え"}
    login(world.supporter).post(f"/plans/{plan.pk}/edit/", data)
    theirs.refresh_from_db()
    assert theirs.goal == "元の目標" and theirs.plan == other


def test_step_5_reconciles_entries_with_the_years_training_31_march_and_1_april(world, plan):
    core = Domain.objects.get(code="core")
    poverty, programme = Subject.objects.get(code="poverty-support"), Subject.objects.get(code="support-programme")
    PlanRow.objects.create(plan=plan, domain=core, line="off_jt", subject=poverty)
    PlanRow.objects.create(plan=plan, domain=core, line="off_jt", subject=programme)
    PlanRow.objects.create(plan=plan, domain=Domain.objects.get(code="life"), line="off_jt", course_text="社会福祉行政職員研修")
    PlanRow.objects.create(plan=plan, domain=core, line="ojt", goal="ケース会議で見立てを話す")
    done = factories.TrainingRecordFactory(person=world.supporter, subject=poverty, completed_on=D(2027, 3, 31))
    factories.TrainingRecordFactory(person=world.supporter, subject=programme, completed_on=D(2027, 4, 1))  # next year's
    prefectural = factories.TrainingRecordFactory(person=world.supporter, title="令和8年度 社会福祉行政職員研修（福岡県）", completed_on=D(2026, 11, 5))
    unplanned = factories.TrainingRecordFactory(person=world.supporter, title="家計相談の基礎", completed_on=D(2026, 7, 1))
    factories.TrainingRecordFactory(person=world.clerk, subject=programme, completed_on=D(2026, 7, 1))  # someone else's
    lines, extra = plan_lines_with_outcomes(TrainingPlan.objects.get(pk=plan.pk))
    outcomes = {(domain.code, line): [(o.entry.subject_id or o.entry.course_text or o.entry.goal, list(o.records)) for o in found]
                for domain, line, _label, found in lines}
    assert outcomes[("core", "off_jt")] == [(poverty.pk, [done]), (programme.pk, [])]
    assert outcomes[("life", "off_jt")] == [("社会福祉行政職員研修", [prefectural])]
    assert outcomes[("core", "ojt")] == [("ケース会議で見立てを話す", [])]
    assert outcomes[("practice", "ojt")] == [] and ("practice", "off_jt") not in outcomes
    assert extra == [unplanned]


def test_plan_page_queries_do_not_grow_with_entries(world, login, plan, django_assert_max_num_queries):
    client = login(world.supporter)
    core = Domain.objects.get(code="core")
    PlanRow.objects.create(plan=plan, domain=core, line="off_jt", goal="1")
    with django_assert_max_num_queries(60) as few:
        client.get(f"/plans/{plan.pk}/")
    for number in range(15):
        PlanRow.objects.create(plan=plan, domain=core, line="off_jt", goal=str(number))
        factories.TrainingRecordFactory(person=world.supporter, title=f"研修{number}", completed_on=D(2026, 8, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/plans/{plan.pk}/")


def test_an_entry_posted_from_an_older_copy_of_the_page_is_shown_not_a_500(world, login, plan):
    """Removed in another tab, then the old page sent with a mistake: the page comes back with the reason."""
    core = Domain.objects.get(code="core")
    stale = PlanRow.objects.create(plan=plan, domain=core, line="off_jt", goal="古い項目")
    data = form_data(plan, [{"domain": str(core.pk), "line": "off_jt", "subject": str(Subject.objects.get(code="community-life-support").pk)}])
    stale.delete()
    response = login(world.supporter).post(f"/plans/{plan.pk}/edit/", data)
    assert response.status_code == 200
    assert not plan.rows.exists()


def test_step_5_a_short_title_does_not_answer_every_entry_and_fieldwork_is_answered_by_placements(world, plan):
    life, fieldwork = Domain.objects.get(code="life"), Domain.objects.get(code="fieldwork")
    PlanRow.objects.create(plan=plan, domain=life, line="off_jt", course_text="社会福祉行政職員研修")
    PlanRow.objects.create(plan=plan, domain=fieldwork, line="off_jt", course_text="体験・交流型研修（10日間×3回）")
    short = factories.TrainingRecordFactory(person=world.supporter, title="研修", completed_on=D(2026, 8, 1))
    exchange = factories.TrainingRecordFactory(person=world.supporter, title="交流型研修", completed_on=D(2026, 8, 2))
    lines, unplanned = plan_lines_with_outcomes(TrainingPlan.objects.get(pk=plan.pk))
    assert all(not outcome.records for _d, _l, _label, outcomes in lines for outcome in outcomes)
    assert unplanned == [short, exchange]


def test_a_curriculum_course_is_chosen_in_the_off_jt_line(world, login, plan):
    core = Domain.objects.get(code="core")
    entry = {"domain": str(core.pk), "line": "ojt", "subject": str(Subject.objects.get(code="poverty-support").pk)}
    response = login(world.supporter).post(f"/plans/{plan.pk}/edit/", form_data(plan, [entry]))
    assert response.status_code == 200 and "Off-JT の行で選んでください" in response.content.decode()
    assert not plan.rows.exists()
