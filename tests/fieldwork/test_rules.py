"""The fieldwork rules on plain values: working days, eligibility, the three blocks, each step, access."""

import datetime
from decimal import Decimal

import pytest

from fieldwork import rules
from fieldwork.models import Block, EligibilityPolicy, HostInvitation, Offer, Placement
from lms.organisations.access import Access
from lms.organisations.models import Job
from tests.clock import at

from .conftest import STANDARD_BLOCKS, TODAY

pytestmark = pytest.mark.today(TODAY)

D = datetime.date
OPEN_TO = EligibilityPolicy.OpenTo


# --- Working days ---

@pytest.mark.parametrize(("start", "end", "days"), [
    (D(2026, 6, 8), D(2026, 6, 12), 5),       # a plain week
    (D(2026, 6, 8), D(2026, 6, 19), 10),      # two weeks: the standard block
    (D(2026, 11, 23), D(2026, 11, 27), 4),    # 勤労感謝の日 on the Monday
    (D(2026, 5, 4), D(2026, 5, 8), 2),        # Golden Week: 4, 5 and the substitute holiday on the 6th
    (D(2026, 9, 21), D(2026, 9, 25), 2),      # Silver Week 2026: three holidays in a row
    (D(2026, 6, 13), D(2026, 6, 13), 0),      # a Saturday
    (D(2026, 6, 12), D(2026, 6, 8), 0),       # end before start
])
def test_working_days_skip_weekends_and_japanese_public_holidays(start, end, days):
    assert rules.working_days(start, end) == days


# --- Eligibility ---

def offer(**extra):
    fields = {"status": Offer.Status.PUBLISHED, "applications_close_on": D(2026, 5, 31), "host_id": 99, **extra}
    return Offer(**fields)


def refusal(jobs, policy=None, experience=5.0, today=D(2026, 5, 11), own=frozenset({1}), already=False, **offer_fields):
    return rules.nomination_refusal(
        offer=offer(**offer_fields), jobs=jobs, experience_years=experience, policy=policy, today=today,
        own_organisation_ids=own, already_active=already,
    )


def policy(open_to, years="0"):
    return EligibilityPolicy(effective_from=D(2026, 4, 1), open_to=open_to, min_experience_years=Decimal(years))


def test_without_a_policy_only_directors_and_supervisors_may_be_nominated():
    assert refusal({Job.DIRECTOR}) is None
    assert refusal({Job.SUPERVISOR}) is None
    assert refusal({Job.SUPPORTER_INDIVIDUAL}) == rules.REFUSED_TIER % {"open_to": OPEN_TO.SUPERVISOR.label, "date": "—"}


@pytest.mark.parametrize(("open_to", "job", "allowed"), [
    (OPEN_TO.SUPERVISOR, Job.SUPPORTER_COMMUNITY, False),
    (OPEN_TO.APPLIED, Job.SUPPORTER_COMMUNITY, True),
    (OPEN_TO.APPLIED, Job.OJT_COORDINATOR, True),
    (OPEN_TO.APPLIED, Job.CLERICAL, False),
    (OPEN_TO.COMMON, Job.CLERICAL, True),
])
def test_the_institute_widens_eligibility_tier_by_tier(open_to, job, allowed):
    assert (refusal({job}, policy(open_to)) is None) is allowed


def test_the_refusal_names_the_rule_and_its_date():
    message = refusal({Job.CLERICAL}, policy(OPEN_TO.APPLIED))
    assert "2026年4月1日" in message


def test_minimum_experience_is_a_floor():
    assert "3" in refusal({Job.DIRECTOR}, policy(OPEN_TO.SUPERVISOR, "3"), experience=2.99)
    assert refusal({Job.DIRECTOR}, policy(OPEN_TO.SUPERVISOR, "3"), experience=3.0) is None


@pytest.mark.parametrize("status", [Offer.Status.DRAFT, Offer.Status.PROPOSED, Offer.Status.CLOSED])
def test_only_published_offers_take_nominations(status):
    assert refusal({Job.DIRECTOR}, status=status) == str(rules.REFUSED_NOT_OPEN)


def test_nominations_close_at_the_end_of_the_closing_day():
    assert refusal({Job.DIRECTOR}, today=D(2026, 5, 31)) is None
    assert "2026年5月31日" in refusal({Job.DIRECTOR}, today=D(2026, 6, 1))


def test_staff_are_not_placed_at_their_own_organisation_nor_twice_nor_without_a_centre_job():
    assert refusal({Job.DIRECTOR}, own=frozenset({99})) == str(rules.REFUSED_OWN_ORGANISATION)
    assert refusal({Job.DIRECTOR}, already=True) == str(rules.REFUSED_ALREADY)
    assert refusal({Job.HOST_SUPERVISOR, Job.LECTURER}) == str(rules.REFUSED_NOT_CENTRE_STAFF)


def test_the_policy_in_force_is_the_latest_effective_on_the_day():
    old, new = policy(OPEN_TO.SUPERVISOR), EligibilityPolicy(effective_from=D(2027, 4, 1), open_to=OPEN_TO.APPLIED)
    assert rules.policy_in_force([old, new], D(2027, 3, 31)) is old
    assert rules.policy_in_force([old, new], D(2027, 4, 1)) is new
    assert rules.policy_in_force([new], D(2027, 3, 31)) is None


def test_the_last_place_can_be_taken_but_not_one_more():
    two_places = Offer(places=2)
    assert rules.acceptance_refusal(offer=two_places, places_taken=1) is None
    assert "2" in rules.acceptance_refusal(offer=two_places, places_taken=2)


# --- The three blocks ---

PERIOD = {"available_from": D(2026, 6, 1), "available_until": D(2026, 12, 25)}


def with_block(number, start, end, blocks=STANDARD_BLOCKS):
    return [b if b.number != number else rules.BlockDates(number, start, end) for b in blocks]


def test_the_standard_schedule_fits():
    assert rules.schedule_errors(STANDARD_BLOCKS, **PERIOD) == []


def test_exactly_three_numbered_blocks():
    assert rules.schedule_errors(STANDARD_BLOCKS[:2], **PERIOD) == [str(rules.REFUSED_BLOCK_COUNT)]
    twice_one = [STANDARD_BLOCKS[0], rules.BlockDates(1, D(2026, 7, 6), D(2026, 7, 17)), STANDARD_BLOCKS[2]]
    assert rules.schedule_errors(twice_one, **PERIOD) == [str(rules.REFUSED_BLOCK_COUNT)]


def test_overlapping_blocks_are_refused_naming_both():
    [error] = rules.schedule_errors(with_block(2, D(2026, 6, 19), D(2026, 7, 2)), **PERIOD)
    assert "1" in error and "2" in error and "2026年6月19日" in error


def test_blocks_out_of_order_are_refused():
    errors = rules.schedule_errors(with_block(2, D(2026, 6, 1), D(2026, 6, 5)), **PERIOD)
    assert any("2026年6月1日" in error and "2026年6月19日" in error for error in errors)


def test_back_to_back_blocks_need_a_gap_of_a_working_day():
    # Block 1 ends on Friday 19 June; Monday 22 June leaves no working day between them.
    errors = rules.schedule_errors(with_block(2, D(2026, 6, 22), D(2026, 7, 3)), **PERIOD)
    assert errors == [rules.REFUSED_NO_GAP % {"first": 1, "second": 2, "start": "2026年6月22日", "end": "2026年6月19日"}]
    assert rules.schedule_errors(with_block(2, D(2026, 6, 23), D(2026, 7, 6)), **PERIOD) == []


def test_a_public_holiday_is_no_gap():
    # Block 2 ends on Friday 17 July; Monday 20 July is 海の日, so Tuesday 21 July follows straight on.
    blocks = [STANDARD_BLOCKS[0], STANDARD_BLOCKS[1], rules.BlockDates(3, D(2026, 7, 21), D(2026, 8, 3))]
    assert len(rules.schedule_errors(blocks, **PERIOD)) == 1


def test_blocks_stay_inside_the_offer_period_boundaries_included():
    assert rules.schedule_errors(with_block(1, D(2026, 6, 1), D(2026, 6, 12)), **PERIOD) == []
    [error] = rules.schedule_errors(with_block(1, D(2026, 5, 29), D(2026, 6, 11)), **PERIOD)
    assert "2026年5月29日" in error and "2026年6月1日" in error and "2026年12月25日" in error
    assert rules.schedule_errors(with_block(3, D(2026, 12, 14), D(2026, 12, 25)), **PERIOD) == []
    assert len(rules.schedule_errors(with_block(3, D(2026, 12, 15), D(2026, 12, 28)), **PERIOD)) == 1


@pytest.mark.parametrize(("end", "ok"), [
    (D(2026, 6, 11), False),  # 4 working days
    (D(2026, 6, 12), True),   # 5
    (D(2026, 6, 26), True),   # 15
    (D(2026, 6, 29), False),  # 16
])
def test_a_block_is_about_ten_working_days(end, ok):
    blocks = [rules.BlockDates(1, D(2026, 6, 8), end), rules.BlockDates(2, D(2026, 7, 6), D(2026, 7, 17)), STANDARD_BLOCKS[2]]
    assert (rules.schedule_errors(blocks, **PERIOD) == []) is ok


def test_a_block_ending_before_it_starts_is_refused():
    errors = rules.schedule_errors(with_block(1, D(2026, 6, 19), D(2026, 6, 8)), **PERIOD)
    assert rules.REFUSED_BLOCK_ORDER % {"number": 1} in errors


def block(number=1, start=D(2026, 6, 8), end=D(2026, 6, 19), **extra):
    return Block(number=number, starts_on=start, ends_on=end, **extra)


def test_the_goal_is_set_before_the_block_starts():
    assert rules.goal_refusal(block(), D(2026, 6, 7)) is None
    assert "2026年6月8日" in rules.goal_refusal(block(), D(2026, 6, 8))


def test_a_block_starts_only_with_a_goal():
    assert rules.has_started(block(goal="x"), D(2026, 6, 8))
    assert not rules.has_started(block(goal="x"), D(2026, 6, 7))
    assert not rules.has_started(block(goal=""), D(2026, 7, 1))
    assert rules.has_started(block(goal=""), D(2026, 6, 1), has_logs=True)


def test_daily_logs_fall_inside_the_block_and_not_in_the_future():
    with_goal = block(goal="x")
    assert rules.log_refusal(block(goal=""), D(2026, 6, 8), D(2026, 6, 8)) is not None
    assert rules.log_refusal(with_goal, D(2026, 6, 8), D(2026, 6, 8)) is None
    assert rules.log_refusal(with_goal, D(2026, 6, 19), D(2026, 6, 30)) is None
    assert "2026年6月8日" in rules.log_refusal(with_goal, D(2026, 6, 20), D(2026, 6, 30))
    assert rules.log_refusal(with_goal, D(2026, 6, 10), D(2026, 6, 9)) == str(rules.REFUSED_LOG_FUTURE)


def test_a_block_is_reviewed_from_its_last_day():
    with_goal = block(goal="x")
    assert "2026年6月19日" in rules.self_review_refusal(with_goal, D(2026, 6, 18))
    assert rules.self_review_refusal(with_goal, D(2026, 6, 19)) is None
    assert rules.self_review_refusal(block(goal="x", reviewed_at=at(D(2026, 6, 20))), D(2026, 6, 22)) is not None


def test_the_host_confirms_only_a_review_the_trainee_wrote_once():
    assert rules.review_confirm_refusal(block(goal="x")) is not None
    assert rules.review_confirm_refusal(block(goal="x", attainment=Block.Attainment.PARTLY)) is None
    assert rules.review_confirm_refusal(block(goal="x", attainment="partly", reviewed_at=at(D(2026, 6, 20)))) is not None


def test_the_final_report_follows_three_reviewed_blocks():
    reviewed = [block(n, reviewed_at=at(D(2026, 9, 18))) for n in (1, 2, 3)]
    assert rules.report_refusal(reviewed) is None
    assert rules.report_refusal(reviewed[:2]) is not None
    assert rules.report_refusal(reviewed[:2] + [block(3)]) is not None


@pytest.mark.parametrize(("travel", "lodging", "applies", "amount", "ok"), [
    (30000, 60000, True, 90000, True),
    (30000, 60000, True, 90001, False),
    (30000, None, False, 1000, False),
    (None, None, False, None, True),
])
def test_a_subsidy_is_ticked_and_never_more_than_the_costs(travel, lodging, applies, amount, ok):
    result = rules.costs_refusal(travel_cost=travel, lodging_cost=lodging, subsidy_applies=applies, subsidy_amount=amount)
    assert (result is None) is ok


def test_invitations_expire_after_ninety_days_and_answer_once_to_the_invited_address():
    invitation = HostInvitation(email="Host@Example.jp", status=HostInvitation.Status.SENT, invited_at=at(D(2026, 2, 10)))
    assert rules.invitation_refusal(invitation, D(2026, 5, 11)) is None  # 90 days
    assert rules.invitation_refusal(invitation, D(2026, 5, 12)) == str(rules.REFUSED_INVITATION_EXPIRED)
    assert rules.invitation_refusal(invitation, D(2026, 5, 11), email="host@example.jp") is None
    assert "Host@Example.jp" in rules.invitation_refusal(invitation, D(2026, 5, 11), email="someone@example.jp")
    invitation.status = HostInvitation.Status.ACCEPTED
    assert rules.invitation_refusal(invitation, D(2026, 5, 11)) == str(rules.REFUSED_INVITATION_ANSWERED)


# --- What comes next ---

def steps(placement_status, blocks, today, report=""):
    placement = Placement(status=placement_status, report=report)
    return [(step.who, step.block) for step in rules.next_steps(placement, blocks, today)]


def three(**by_number):
    dates = {1: (D(2026, 6, 8), D(2026, 6, 19)), 2: (D(2026, 7, 6), D(2026, 7, 17)), 3: (D(2026, 9, 7), D(2026, 9, 18))}
    return [block(n, *dates[n], **by_number.get(f"b{n}", {})) for n in (1, 2, 3)]


def test_next_steps_follow_the_placement_from_nomination_to_completion():
    accepted, host, trainee = Placement.Status.ACCEPTED, rules.HOST, rules.TRAINEE
    reviewed = {"goal": "x", "attainment": "achieved", "reviewed_at": at(D(2026, 9, 18))}
    assert steps(Placement.Status.NOMINATED, [], D(2026, 5, 11)) == [(host, None)]
    assert steps(accepted, [], D(2026, 5, 11)) == [(host, None)]
    assert steps(accepted, three(), D(2026, 5, 11)) == [(trainee, 1), (trainee, 2), (trainee, 3)]
    goals = {"goal": "x"}
    assert steps(accepted, three(b1=goals, b2=goals, b3=goals), D(2026, 5, 11)) == []
    assert steps(accepted, three(b1=goals, b2=goals, b3=goals), D(2026, 6, 10)) == [(trainee, 1)]  # keep the log
    assert steps(accepted, three(b1=goals, b2=goals, b3=goals), D(2026, 6, 19)) == [(trainee, 1)]  # review
    assert steps(accepted, three(b1={"goal": "x", "attainment": "achieved"}, b2=goals, b3=goals), D(2026, 6, 22)) == [(host, 1)]
    assert steps(accepted, three(b1=reviewed, b2={}, b3=goals), D(2026, 7, 7)) == [(host, 2)]  # no goal: reschedule
    assert steps(accepted, three(b1=reviewed, b2=reviewed, b3=reviewed), D(2026, 9, 20)) == [(trainee, None)]
    assert steps(accepted, three(b1=reviewed, b2=reviewed, b3=reviewed), D(2026, 9, 20), report="r") == [(host, None)]
    assert steps(Placement.Status.COMPLETED, three(b1=reviewed, b2=reviewed, b3=reviewed), D(2026, 9, 20)) == []


# --- Who may see what ---

TRAINEE, CENTRE, HOST = 1, 10, 20


def placement(status=Placement.Status.ACCEPTED):
    return Placement(person_id=TRAINEE, centre_id=CENTRE, status=status, offer=Offer(host_id=HOST))


VIEWERS = {
    "trainee": Access(user_id=TRAINEE, centre_ids=frozenset({CENTRE})),
    "colleague": Access(user_id=2, centre_ids=frozenset({CENTRE})),
    "sending manager": Access(user_id=3, centre_ids=frozenset({CENTRE}), managed_centre_ids=frozenset({CENTRE})),
    "other manager": Access(user_id=4, centre_ids=frozenset({11}), managed_centre_ids=frozenset({11})),
    "host": Access(user_id=5, host_ids=frozenset({HOST})),
    "other host": Access(user_id=6, host_ids=frozenset({21})),
    "institute": Access(user_id=7, is_institute=True),
    "lecturer": Access(user_id=8, is_lecturer=True),
}


@pytest.mark.parametrize(("viewer", "sees", "sees_costs"), [
    ("trainee", True, True), ("colleague", False, False), ("sending manager", True, True), ("other manager", False, False),
    ("host", True, False), ("other host", False, False), ("institute", True, True), ("lecturer", False, False),
])
def test_a_placement_is_seen_by_the_trainee_their_managers_the_host_and_the_institute(viewer, sees, sees_costs):
    access = VIEWERS[viewer]
    assert rules.can_view_placement(access, placement()) is sees
    assert rules.can_see_costs(access, placement()) is sees_costs


def test_drafts_are_the_hosts_and_the_institutes_published_offers_every_centres():
    draft, published = Offer(host_id=HOST, status=Offer.Status.DRAFT), Offer(host_id=HOST, status=Offer.Status.PUBLISHED)
    assert rules.can_view_offer(VIEWERS["host"], draft) and rules.can_view_offer(VIEWERS["institute"], draft)
    assert not rules.can_view_offer(VIEWERS["colleague"], draft) and not rules.can_view_offer(VIEWERS["other host"], draft)
    assert rules.can_view_offer(VIEWERS["colleague"], published)
    assert not rules.can_view_offer(VIEWERS["lecturer"], published)
    assert not rules.can_use_fieldwork(VIEWERS["lecturer"])


# --- Found in review: dates at the edges, backdating, clashes, closed logs ---

def test_dates_at_the_end_of_the_calendar_are_refused_not_crashed_on():
    far = [rules.BlockDates(1, D(9999, 12, 20), D(9999, 12, 31)), *STANDARD_BLOCKS[1:]]
    errors = rules.schedule_errors(far, **PERIOD)
    assert any("9999年12月20日" in error for error in errors)
    assert rules.working_days(D(9999, 12, 27), D(9999, 12, 31)) == 5


def test_a_block_is_set_to_start_after_today():
    assert rules.start_refusal(STANDARD_BLOCKS[0], D(2026, 6, 7)) is None
    assert "2026年6月8日" in rules.start_refusal(STANDARD_BLOCKS[0], D(2026, 6, 8))


def test_a_block_may_not_overlap_the_same_persons_other_placement():
    other = [(D(2026, 7, 13), D(2026, 7, 24), "別の受入団体")]
    [error] = rules.clash_errors(STANDARD_BLOCKS, other)
    assert "別の受入団体" in error and "2026年7月13日" in error
    assert rules.clash_errors(STANDARD_BLOCKS, [(D(2026, 7, 20), D(2026, 7, 31), "x")]) == []


def test_the_log_of_a_reviewed_block_is_closed():
    reviewed = block(goal="x", reviewed_at=at(D(2026, 6, 19)))
    assert rules.log_refusal(reviewed, D(2026, 6, 19), D(2026, 6, 22)) == rules.REFUSED_LOG_REVIEWED % {"number": 1}


def test_an_offer_covers_at_most_two_years_and_is_sent_only_while_nominations_are_open():
    ok = {"available_from": D(2026, 6, 1), "applications_close_on": D(2026, 5, 31)}
    assert rules.offer_period_refusal(available_until=D(2028, 6, 1), **ok) is None
    assert rules.offer_period_refusal(available_until=D(2028, 6, 3), **ok) == str(rules.REFUSED_OFFER_TOO_LONG)
    assert rules.offer_open_refusal(Offer(applications_close_on=D(2026, 5, 31)), D(2026, 5, 31)) is None
    assert "2026年5月31日" in rules.offer_open_refusal(Offer(applications_close_on=D(2026, 5, 31)), D(2026, 6, 1))


def test_invitation_expiry_counts_days_in_japan_not_in_utc():
    # Sent at 08:00 in Tokyo, which is still the previous day in UTC.
    invitation = HostInvitation(email="h@example.jp", status=HostInvitation.Status.SENT, invited_at=at(D(2026, 5, 11), hour=8))
    assert rules.invitation_refusal(invitation, D(2026, 8, 9)) is None
    assert rules.invitation_refusal(invitation, D(2026, 8, 10)) == str(rules.REFUSED_INVITATION_EXPIRED)
