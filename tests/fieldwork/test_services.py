"""The placement flow through the services: who may do each step, what is refused, and what other apps see."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from fieldwork import rules, selectors, services
from fieldwork.models import Block, EligibilityPolicy, HostInvitation, Offer, Placement
from lms.audit.selectors import history_of
from lms.handbook import entries_for
from lms.organisations.access import access_for
from lms.organisations.models import Job, Membership, Organisation
from ojt.selectors import hours_by_year, ledgers_for
from tests import factories
from tests.clock import at

from .conftest import STANDARD_BLOCKS, TODAY, make_offer

pytestmark = [pytest.mark.django_db, pytest.mark.today(TODAY)]
D = datetime.date


def walk_to_completion(fw, placement, frozen):
    """Goals before each block, a log, both sides of each review, the report, completion."""
    for number, block in enumerate(placement.blocks.order_by("number"), start=1):
        services.block_set_goal(block=block, by=placement.person, goal=f"目標{number}")
    for block in placement.blocks.order_by("number"):
        frozen.move_to(at(block.ends_on), tick=False)
        services.log_write(block=block, by=placement.person, date=block.starts_on, activities="面談に同席")
        services.block_self_review(block=block, by=placement.person, attainment=Block.Attainment.ACHIEVED, review="できた")
        services.block_confirm_review(block=block, by=fw.host_supervisor, comment="よく振り返れました")
    services.report_submit(placement=placement, by=placement.person, report="学んだことをセンターで伝える")
    return services.placement_complete(placement=placement, by=fw.host_supervisor)


# --- Offers and hosts ---

def test_an_offer_goes_from_the_host_through_the_institute_to_every_centre(fw, world, django_capture_on_commit_callbacks):
    offer = services.offer_create(
        host=fw.host, by=fw.host_supervisor, title="受入", themes="家計", supervision="振り返り", supervisor=fw.host_supervisor,
        places=1, available_from=D(2026, 6, 1), available_until=D(2026, 9, 30), applications_close_on=D(2026, 5, 20),
    )
    assert not rules.can_view_offer(access_for(world.director), offer)
    offer = services.offer_propose(offer=offer, by=fw.host_supervisor)
    assert offer.status == Offer.Status.PROPOSED
    with pytest.raises(PermissionDenied):
        services.offer_publish(offer=offer, by=fw.host_supervisor)
    offer = services.offer_return(offer=offer, by=world.institute_staff, comment="期間を明記してください")
    assert offer.status == Offer.Status.DRAFT and offer.institute_comment
    steps = [(entry.action, entry.actor) for entry in history_of(offer)]
    assert steps == [("created", fw.host_supervisor), ("proposed", fw.host_supervisor), ("returned", world.institute_staff)]
    services.offer_update(offer=offer, by=fw.host_supervisor, title="受入（6〜9月）")
    services.offer_propose(offer=offer, by=fw.host_supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_publish(offer=offer, by=world.institute_staff)
    assert rules.can_view_offer(access_for(world.director), Offer.objects.get(pk=offer.pk))
    # Every centre director hears of it, each in their own message.
    assert {message.to[0] for message in mail.outbox} == {world.director.email, world.other_director.email}


def test_other_hosts_cannot_write_offers_for_a_host_and_the_supervisor_must_work_there(fw, world):
    fields = dict(title="x", themes="x", supervision="x", places=1, available_from=D(2026, 6, 1), available_until=D(2026, 9, 30),
                  applications_close_on=D(2026, 5, 20))
    with pytest.raises(PermissionDenied):
        services.offer_create(host=fw.host, by=fw.other_host_supervisor, supervisor=fw.host_supervisor, **fields)
    with pytest.raises(ValidationError) as error:
        services.offer_create(host=fw.host, by=fw.host_supervisor, supervisor=world.director, **fields)
    assert "supervisor" in error.value.message_dict


def test_a_published_offer_is_no_longer_edited_by_the_host(fw):
    with pytest.raises(ValidationError):
        services.offer_update(offer=fw.offer, by=fw.host_supervisor, title="変更")


def test_an_invited_contact_accepts_and_becomes_the_hosts_supervisor(world, django_capture_on_commit_callbacks):
    body = factories.OrganisationFactory(kind=Organisation.Kind.RELATED_BODY, name="新しい受入団体")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_send(by=world.institute_staff, organisation=body, contact_name="山田", email="Yamada@Example.jp")
    assert mail.outbox[-1].to == ["yamada@example.jp"] and invitation.token in mail.outbox[-1].body
    contact = factories.UserFactory(email="yamada@example.jp")
    services.invitation_accept(invitation=invitation, by=contact)
    body.refresh_from_db()
    assert body.is_fieldwork_host and body.pk in access_for(contact).host_ids
    with pytest.raises(ValidationError):
        services.invitation_decline(invitation=invitation, by=contact)


def test_an_invitation_is_answered_only_by_its_addressee_and_only_by_the_institute_sent(world):
    with pytest.raises(PermissionDenied):
        services.invitation_send(by=world.director, organisation=world.centre, contact_name="x", email="x@example.jp")
    invitation = services.invitation_send(by=world.institute_staff, new_organisation_name="くらし支援の会", contact_name="x", email="x@example.jp")
    assert invitation.organisation.kind == Organisation.Kind.RELATED_BODY
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, by=world.supporter)
    assert not Membership.objects.filter(job=Job.HOST_SUPERVISOR, user=world.supporter).exists()


def test_a_contact_without_an_account_creates_one_but_not_with_a_weak_password(world):
    invitation = services.invitation_send(by=world.institute_staff, new_organisation_name="くらし支援の会", contact_name="x", email="new@example.jp")
    with pytest.raises(ValidationError):
        services.host_account_create(invitation=invitation, last_name="新井", first_name="光", password="12345678")
    assert not Membership.objects.filter(user__email="new@example.jp").exists()
    user = services.host_account_create(invitation=invitation, last_name="新井", first_name="光", password="fieldwork-host-2026")
    assert user.check_password("fieldwork-host-2026") and access_for(user).host_ids == {invitation.organisation_id}


def test_an_invitation_expires(world, frozen):
    invitation = services.invitation_send(by=world.institute_staff, organisation=world.other_centre, contact_name="x", email=world.other_director.email)
    frozen.move_to(at(TODAY + datetime.timedelta(days=91)), tick=False)
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, by=world.other_director)
    assert HostInvitation.objects.get(pk=invitation.pk).status == HostInvitation.Status.SENT


# --- Nominations ---

def test_a_director_nominates_their_own_supervisor_and_the_host_hears_of_it(fw, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        placement = fw.nominate(world.supervisor, world.director)
    assert placement.status == Placement.Status.NOMINATED and placement.centre == world.centre
    assert any(message.to == [fw.host_supervisor.email] for message in mail.outbox)


@pytest.mark.parametrize("nominator", ["supervisor", "other_director", "supporter"])
def test_only_the_director_of_the_persons_centre_nominates(fw, world, nominator):
    with pytest.raises(PermissionDenied):
        fw.nominate(world.supervisor, getattr(world, nominator))


def test_supporters_wait_until_the_institute_opens_fieldwork_to_the_applied_tier(fw, world):
    with pytest.raises(ValidationError):
        fw.nominate(world.supporter, world.director)
    services.policy_add(by=world.institute_staff, effective_from=TODAY, open_to=EligibilityPolicy.OpenTo.APPLIED, min_experience_years=Decimal("2"))
    assert fw.nominate(world.supporter, world.director).status == Placement.Status.NOMINATED
    with pytest.raises(ValidationError):
        fw.nominate(world.clerk, world.director)


def test_the_same_person_is_not_nominated_twice_but_may_be_again_after_a_decline(fw, world):
    first = fw.nominate(world.supervisor, world.director)
    with pytest.raises(ValidationError):
        fw.nominate(world.supervisor, world.director)
    services.nomination_decline(placement=first, by=fw.host_supervisor, reason="時期が合わない")
    assert fw.nominate(world.supervisor, world.director).status == Placement.Status.NOMINATED


def test_declining_needs_a_reason_and_a_host_supervisor(fw, world):
    placement = fw.nominate(world.supervisor, world.director)
    with pytest.raises(PermissionDenied):
        services.nomination_decline(placement=placement, by=fw.other_host_supervisor, reason="x")
    with pytest.raises(ValidationError):
        services.nomination_decline(placement=placement, by=fw.host_supervisor, reason="  ")
    with pytest.raises(PermissionDenied):
        services.nomination_accept(placement=placement, by=world.director)


def test_more_placements_than_places_are_refused_until_one_is_cancelled(fw, world):
    fw.offer.places = 1
    fw.offer.save()
    other_supervisor = factories.person(world.other_centre, Job.SUPERVISOR)
    first = fw.accepted(world.supervisor, world.director)
    second = fw.nominate(other_supervisor, world.other_director)
    with pytest.raises(ValidationError) as error:
        services.nomination_accept(placement=second, by=fw.host_supervisor)
    assert error.value.messages == [rules.REFUSED_FULL % {"places": 1}]
    services.placement_cancel(placement=first, by=world.director, reason="人事異動")
    assert services.nomination_accept(placement=second, by=fw.host_supervisor).status == Placement.Status.ACCEPTED


def test_a_nomination_is_withdrawn_by_the_sending_centre_only_while_it_waits(fw, world):
    placement = fw.nominate(world.supervisor, world.director)
    with pytest.raises(PermissionDenied):
        services.nomination_withdraw(placement=placement, by=world.other_director)
    services.nomination_withdraw(placement=placement, by=world.director)
    with pytest.raises(ValidationError):
        services.nomination_accept(placement=placement, by=fw.host_supervisor)


# --- The three blocks ---

def test_the_host_schedules_three_blocks_and_bad_schedules_change_nothing(fw, world):
    placement = fw.accepted(world.supervisor, world.director)
    overlapping = [STANDARD_BLOCKS[0], rules.BlockDates(2, D(2026, 6, 15), D(2026, 6, 26)), STANDARD_BLOCKS[2]]
    with pytest.raises(ValidationError):
        services.blocks_schedule(placement=placement, by=fw.host_supervisor, dates=overlapping)
    assert not placement.blocks.exists()
    with pytest.raises(PermissionDenied):
        services.blocks_schedule(placement=placement, by=world.supervisor, dates=STANDARD_BLOCKS)
    services.blocks_schedule(placement=placement, by=fw.host_supervisor, dates=STANDARD_BLOCKS)
    assert [(b.starts_on, b.ends_on) for b in placement.blocks.all()] == [(b.starts_on, b.ends_on) for b in STANDARD_BLOCKS]


def test_a_started_block_keeps_its_dates_the_later_ones_may_move(fw, world, frozen):
    placement = fw.scheduled(world.supervisor, world.director)
    services.block_set_goal(block=placement.blocks.get(number=1), by=world.supervisor, goal="流れをつかむ")
    frozen.move_to(at(D(2026, 6, 10)), tick=False)
    moved_first = [rules.BlockDates(1, D(2026, 6, 9), D(2026, 6, 22)), *STANDARD_BLOCKS[1:]]
    with pytest.raises(ValidationError) as error:
        services.blocks_schedule(placement=placement, by=fw.host_supervisor, dates=moved_first)
    assert rules.REFUSED_BLOCK_STARTED % {"number": 1} in error.value.messages
    moved_third = [*STANDARD_BLOCKS[:2], rules.BlockDates(3, D(2026, 10, 5), D(2026, 10, 16))]
    services.blocks_schedule(placement=placement, by=fw.host_supervisor, dates=moved_third)
    assert placement.blocks.get(number=3).starts_on == D(2026, 10, 5)


def test_a_block_whose_start_passed_without_a_goal_can_be_moved(fw, world, frozen):
    placement = fw.scheduled(world.supervisor, world.director)
    frozen.move_to(at(D(2026, 6, 9)), tick=False)
    with pytest.raises(ValidationError):
        services.block_set_goal(block=placement.blocks.get(number=1), by=world.supervisor, goal="遅れた目標")
    later = [rules.BlockDates(1, D(2026, 6, 15), D(2026, 6, 26)), *STANDARD_BLOCKS[1:]]
    services.blocks_schedule(placement=placement, by=fw.host_supervisor, dates=later)
    services.block_set_goal(block=placement.blocks.get(number=1), by=world.supervisor, goal="流れをつかむ")


def test_only_the_trainee_writes_goals_logs_and_their_review(fw, world, frozen):
    placement = fw.scheduled(world.supervisor, world.director)
    block = placement.blocks.get(number=1)
    for user in (world.director, fw.host_supervisor):
        with pytest.raises(PermissionDenied):
            services.block_set_goal(block=block, by=user, goal="x")
    services.block_set_goal(block=block, by=world.supervisor, goal="x")
    frozen.move_to(at(D(2026, 6, 19)), tick=False)
    with pytest.raises(PermissionDenied):
        services.log_write(block=block, by=fw.host_supervisor, date=D(2026, 6, 8), activities="x")
    services.log_write(block=block, by=world.supervisor, date=D(2026, 6, 8), activities="初日")
    services.log_write(block=block, by=world.supervisor, date=D(2026, 6, 8), activities="初日（書き直し）")
    assert [log.activities for log in block.logs.all()] == ["初日（書き直し）"]
    with pytest.raises(ValidationError):
        services.block_confirm_review(block=block, by=fw.host_supervisor, comment="まだ")
    with pytest.raises(PermissionDenied):
        services.block_self_review(block=block, by=fw.host_supervisor, attainment="achieved", review="x")
    services.block_self_review(block=block, by=world.supervisor, attainment="partly", review="半分")
    with pytest.raises(PermissionDenied):
        services.block_confirm_review(block=block, by=fw.other_host_supervisor, comment="x")
    services.block_confirm_review(block=block, by=fw.host_supervisor, comment="次へ")
    with pytest.raises(ValidationError):
        services.block_self_review(block=block, by=world.supervisor, attainment="achieved", review="書き換え")


def test_the_report_waits_for_three_reviews_and_completion_for_the_report(fw, world):
    placement = fw.scheduled(world.supervisor, world.director)
    with pytest.raises(ValidationError):
        services.report_submit(placement=placement, by=world.supervisor, report="早すぎる")
    with pytest.raises(ValidationError):
        services.placement_complete(placement=placement, by=fw.host_supervisor)


def test_a_completed_placement_counts_its_working_days_in_the_fiscal_year_it_ended(fw, world, frozen):
    placement = walk_to_completion(fw, fw.scheduled(world.supervisor, world.director), frozen)
    assert (placement.status, placement.completed_on, placement.fiscal_year, placement.days) == (
        Placement.Status.COMPLETED, D(2026, 9, 18), 2026, 30,
    )
    [ledger] = ledgers_for([world.supervisor], 2026, D(2026, 9, 30))
    assert ledger.fieldwork_days == 30
    assert ledgers_for([world.supervisor], 2025, D(2026, 9, 30))[0].fieldwork_days == 0
    Action = Placement.AuditAction
    history = list(history_of(placement))
    assert {entry.action for entry in history} >= {
        Action.NOMINATED, Action.ACCEPTED, Action.SCHEDULED, Action.GOAL_SET, Action.REVIEW_CONFIRMED, Action.COMPLETED,
    }
    [completion] = [entry for entry in history if entry.action == Action.COMPLETED]
    assert (completion.from_status, completion.to_status, completion.actor) == (Placement.Status.ACCEPTED, Placement.Status.COMPLETED, fw.host_supervisor)
    assert {entry.block_number for entry in history if entry.action == Action.GOAL_SET} == {1, 2, 3}


def test_a_placement_ending_after_31_march_counts_in_the_next_fiscal_year(fw, world, frozen):
    fw.offer.available_until = D(2027, 6, 30)
    fw.offer.save()
    spanning = [*STANDARD_BLOCKS[:2], rules.BlockDates(3, D(2027, 3, 29), D(2027, 4, 9))]
    placement = walk_to_completion(fw, fw.scheduled(world.supervisor, world.director, blocks=spanning), frozen)
    assert placement.fiscal_year == 2027
    counted = hours_by_year(world.supervisor, [2026, 2027])
    assert counted[2026].fieldwork_days == 0
    # 図表 2-2: the fieldwork row is Off-JT, at the hours policy's 8 h a day.
    assert (counted[2027].fieldwork_days, counted[2027].offjt) == (placement.days, placement.days * 8)


def test_the_handbook_and_the_plan_show_the_placement_days_only_once_completed(fw, world, frozen):
    placement = fw.scheduled(world.supervisor, world.director)
    [entry] = [e for e in entries_for(world.supervisor) if e.section == "fieldwork"]
    assert entry.days is None and entry.fiscal_year == 2026 and "0" in entry.status
    [item] = selectors.placements_for_plan(world.supervisor, 2026)
    assert item.url == placement.get_absolute_url()
    assert selectors.placements_for_plan(world.supervisor, 2027) == []
    walk_to_completion(fw, placement, frozen)
    [entry] = [e for e in entries_for(world.supervisor) if e.section == "fieldwork"]
    assert (entry.days, entry.date, entry.fiscal_year) == (30, D(2026, 9, 18), 2026)
    assert fw.host.name in entry.title and "目標1" in entry.detail


def test_costs_are_recorded_by_the_sending_centre_with_the_subsidy_taken_off(fw, world):
    placement = fw.accepted(world.supervisor, world.director)
    with pytest.raises(PermissionDenied):
        services.costs_record(placement=placement, by=fw.host_supervisor, travel_cost=1, lodging_cost=1, subsidy_applies=False, subsidy_amount=None)
    with pytest.raises(ValidationError):
        services.costs_record(placement=placement, by=world.director, travel_cost=30000, lodging_cost=60000,
                              subsidy_applies=True, subsidy_amount=100000)
    services.costs_record(placement=placement, by=world.supervisor, travel_cost=30000, lodging_cost=60000,
                          subsidy_applies=True, subsidy_amount=50000)
    placement.refresh_from_db()
    assert (placement.total_cost, placement.cost_to_centre) == (90000, 40000)
    assert selectors.cost_totals(Placement.objects.filter(centre=world.centre))["borne"] == 40000


def test_nomination_candidates_give_each_persons_reason(fw, world):
    candidates = dict(selectors.nomination_candidates(world.director, fw.offer, TODAY))
    assert candidates[world.director] is None and candidates[world.supervisor] is None
    assert candidates[world.supporter] is not None
    assert world.other_supporter not in candidates
    assert selectors.nomination_candidates(world.supervisor, fw.offer, TODAY) == []


def test_the_handbook_pdf_lists_the_completed_placement(fw, world, frozen, login, tmp_path):
    import subprocess

    from django.urls import reverse

    walk_to_completion(fw, fw.scheduled(world.supervisor, world.director), frozen)
    pdf = tmp_path / "handbook.pdf"
    pdf.write_bytes(login(world.supervisor).get(reverse("handbook_pdf")).content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())  # table cells wrap long names across lines
    assert fw.host.name in flat and "30日" in flat and "2026年度" in flat and "目標3" in flat


# --- Found in review ---

def test_blocks_cannot_be_set_or_moved_into_the_past(fw, world, frozen):
    placement = fw.accepted(world.supervisor, world.director)
    starting_today = [rules.BlockDates(1, TODAY, TODAY + datetime.timedelta(days=11)), *STANDARD_BLOCKS[1:]]
    fw.offer.available_from = D(2026, 5, 1)
    fw.offer.save()
    with pytest.raises(ValidationError) as error:
        services.blocks_schedule(placement=placement, by=fw.host_supervisor, dates=starting_today)
    assert rules.start_refusal(starting_today[0], TODAY) in error.value.messages
    services.blocks_schedule(placement=placement, by=fw.host_supervisor, dates=STANDARD_BLOCKS)
    for block in placement.blocks.all():
        services.block_set_goal(block=block, by=world.supervisor, goal="目標")
    frozen.move_to(at(D(2026, 6, 1)), tick=False)
    backdated = [rules.BlockDates(1, D(2026, 5, 18), D(2026, 5, 29)), *STANDARD_BLOCKS[1:]]
    with pytest.raises(ValidationError):
        services.blocks_schedule(placement=placement, by=fw.host_supervisor, dates=backdated)
    assert placement.blocks.get(number=1).starts_on == D(2026, 6, 8)


def test_the_log_closes_once_the_host_confirms_the_review(fw, world, frozen):
    placement = fw.scheduled(world.supervisor, world.director)
    block = placement.blocks.get(number=1)
    services.block_set_goal(block=block, by=world.supervisor, goal="目標")
    frozen.move_to(at(D(2026, 6, 19)), tick=False)
    services.log_write(block=block, by=world.supervisor, date=D(2026, 6, 8), activities="初日")
    services.block_self_review(block=block, by=world.supervisor, attainment="achieved", review="できた")
    services.block_confirm_review(block=block, by=fw.host_supervisor, comment="確認")
    with pytest.raises(ValidationError):
        services.log_write(block=block, by=world.supervisor, date=D(2026, 6, 8), activities="確認後の書き換え")
    assert block.logs.get().activities == "初日"


def test_one_person_is_not_in_two_places_at_once(fw, world):
    fw.scheduled(world.supervisor, world.director)
    other_host = fw.other_host_supervisor.memberships.get().organisation
    other_offer = make_offer(other_host, fw.other_host_supervisor)
    second = services.nomination_accept(
        placement=services.nominate(offer=other_offer, person=world.supervisor, by=world.director, reason="別の学び"),
        by=fw.other_host_supervisor,
    )
    with pytest.raises(ValidationError) as error:
        services.blocks_schedule(placement=second, by=fw.other_host_supervisor, dates=STANDARD_BLOCKS)
    assert fw.host.name in " ".join(error.value.messages)
    between = [
        rules.BlockDates(1, D(2026, 6, 22), D(2026, 7, 3)), rules.BlockDates(2, D(2026, 7, 27), D(2026, 8, 7)),
        rules.BlockDates(3, D(2026, 9, 28), D(2026, 10, 9)),
    ]
    services.blocks_schedule(placement=second, by=fw.other_host_supervisor, dates=between)


def test_a_director_elsewhere_who_supervises_here_does_not_nominate_here(fw, world):
    factories.MembershipFactory(user=world.other_director, organisation=world.centre, job=Job.SUPERVISOR)
    with pytest.raises(PermissionDenied):
        fw.nominate(world.director, world.other_director)
    assert world.director not in dict(selectors.nomination_candidates(world.other_director, fw.offer, TODAY))


def test_costs_of_a_cancelled_placement_are_still_the_centres(fw, world):
    placement = fw.accepted(world.supervisor, world.director)
    services.placement_cancel(placement=placement, by=world.director, reason="体調不良")
    services.costs_record(placement=placement, by=world.director, travel_cost=12000, lodging_cost=None,
                          subsidy_applies=False, subsidy_amount=None)
    assert selectors.cost_totals(Placement.objects.filter(centre=world.centre))["borne"] == 12000


def test_an_offer_whose_nominations_have_closed_is_not_sent_or_published(fw, world, frozen):
    draft = make_offer(fw.host, fw.host_supervisor, status=Offer.Status.DRAFT)
    frozen.move_to(at(D(2026, 6, 1)), tick=False)
    with pytest.raises(ValidationError):
        services.offer_propose(offer=draft, by=fw.host_supervisor)
    proposed = make_offer(fw.host, fw.host_supervisor, status=Offer.Status.PROPOSED)
    with pytest.raises(ValidationError):
        services.offer_publish(offer=proposed, by=world.institute_staff)


def test_decisions_reach_the_sending_centres_managers_now_not_a_director_who_left(fw, world, django_capture_on_commit_callbacks):
    placement = fw.nominate(world.supervisor, world.director)
    Membership.objects.filter(user=world.director).update(ended_on=TODAY - datetime.timedelta(days=1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_accept(placement=placement, by=fw.host_supervisor)
    [message] = mail.outbox
    assert world.supervisor.email in message.to and world.director.email not in message.to


def test_an_offer_is_announced_once_however_often_the_task_runs(fw, world, django_capture_on_commit_callbacks):
    from fieldwork.tasks import announce_offer

    offer = make_offer(fw.host, fw.host_supervisor)
    with django_capture_on_commit_callbacks(execute=True):  # one outbox mail per director, sent after the commit
        assert announce_offer(offer.pk) == 2  # the two centre directors
        assert announce_offer(offer.pk) == 0
    assert len(mail.outbox) == 2 and all(len(message.to) == 1 for message in mail.outbox)
