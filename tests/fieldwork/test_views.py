"""Fieldwork pages: every view refuses the wrong user, bad input comes back with the user's input and the
reason, lists keep to what the viewer may see, and pages keep a fixed number of queries."""

import datetime
import html

import pytest
from django.urls import reverse

from fieldwork import rules, services
from fieldwork.models import Block, DailyLog, EligibilityPolicy, HostInvitation, Offer, Placement
from lms.organisations.models import Job, Organisation
from tests import factories
from tests.clock import at

from .conftest import STANDARD_BLOCKS, TODAY, make_offer

pytestmark = [pytest.mark.django_db, pytest.mark.today(TODAY)]
D = datetime.date


def text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def scene(fw, world):
    """A draft offer, a nomination waiting, and a supporter's accepted placement with its blocks scheduled.

    Fieldwork is opened to the applied tier so the trainee is a plain supporter, not a manager of the centre.
    """
    EligibilityPolicy.objects.create(effective_from=D(2026, 4, 1), open_to=EligibilityPolicy.OpenTo.APPLIED)
    draft = make_offer(fw.host, fw.host_supervisor, title="下書きの受入", status=Offer.Status.DRAFT)
    placement = fw.scheduled(world.supporter, world.director)
    waiting = fw.nominate(world.director, world.director)
    return {"draft": draft, "placement": placement, "waiting": waiting, "block": placement.blocks.get(number=1)}


def people(fw, world):
    return {
        "trainee": world.supporter, "director": world.director, "colleague": world.community_supporter,
        "other_director": world.other_director, "host": fw.host_supervisor, "other_host": fw.other_host_supervisor,
        "institute": world.institute_staff, "lecturer": world.lecturer,
    }


# (url name, args from the scene, method, who is refused, who is let in)
ACCESS = [
    ("fieldwork_index", [], "get", ["lecturer"], ["colleague", "host", "institute"]),
    ("fieldwork_applications", [], "get", ["lecturer"], ["colleague", "host", "institute"]),
    ("fieldwork_placements", [], "get", ["lecturer"], ["colleague", "host", "institute"]),
    ("fieldwork_offer", ["draft"], "get", ["colleague", "director", "other_host", "lecturer"], ["host", "institute"]),
    ("fieldwork_offer", ["offer"], "get", ["lecturer"], ["colleague", "other_host", "institute"]),
    ("fieldwork_offer_new", [], "get", ["director", "colleague", "institute", "lecturer"], ["host"]),
    ("fieldwork_offer_edit", ["draft"], "get", ["other_host", "institute", "director"], ["host"]),
    ("fieldwork_placement", ["placement"], "get",
     ["colleague", "other_director", "other_host", "lecturer"], ["trainee", "director", "host", "institute"]),
    ("fieldwork_schedule", ["placement"], "get", ["trainee", "director", "other_host", "institute"], ["host"]),
    ("fieldwork_hosts", [], "get", ["director", "host", "colleague"], ["institute"]),
    ("fieldwork_eligibility", [], "get", ["director", "host", "colleague"], ["institute"]),
]
# Writes: the wrong user is refused and nothing changes.
WRITES = [
    ("fieldwork_offer_action", ["draft", "propose"], {}, ["other_host", "director", "institute"]),
    ("fieldwork_offer_action", ["offer", "publish"], {}, ["host", "director"]),
    ("fieldwork_offer_action", ["offer", "close"], {"confirmed": "yes"}, ["director", "other_host", "colleague"]),
    ("fieldwork_nominate", ["offer"], {"reason": "x"}, ["colleague", "trainee", "host", "institute"]),
    ("fieldwork_placement_action", ["waiting", "accept"], {}, ["director", "other_host", "institute", "colleague"]),
    ("fieldwork_placement_action", ["waiting", "decline"], {"reason": "x"}, ["director", "other_host", "colleague"]),
    ("fieldwork_placement_action", ["waiting", "withdraw"], {"confirmed": "yes"}, ["other_director", "host", "colleague"]),
    ("fieldwork_placement_action", ["placement", "cancel"], {"reason": "x", "confirmed": "yes"}, ["trainee", "other_director", "colleague", "institute"]),
    ("fieldwork_placement_action", ["placement", "report"], {"report": "x"}, ["host", "director", "colleague"]),
    ("fieldwork_placement_action", ["placement", "complete"], {}, ["trainee", "director", "other_host"]),
    ("fieldwork_placement_action", ["placement", "costs"], {"travel_cost": "1"}, ["host", "trainee", "colleague"]),
    ("fieldwork_block", ["block", "goal"], {"goal1-goal": "x"}, ["host", "director", "colleague"]),
    ("fieldwork_block", ["block", "confirm"], {"confirm1-comment": "x"}, ["trainee", "director", "other_host"]),
]


def resolve(scene, fw, args):
    objects = {**scene, "offer": fw.offer}
    return [objects[arg].pk if arg in objects else arg for arg in args]


@pytest.mark.parametrize(("name", "args", "method", "refused", "allowed"), ACCESS)
def test_every_page_refuses_the_wrong_user(login, client, fw, world, scene, name, args, method, refused, allowed):
    url = reverse(name, args=resolve(scene, fw, args))
    assert client.get(url).status_code == 302  # anonymous visitors are sent to sign in
    who = people(fw, world)
    for key in refused:
        assert login(who[key]).get(url).status_code == 403, key
    for key in allowed:
        assert login(who[key]).get(url).status_code == 200, key


@pytest.mark.parametrize(("name", "args", "data", "refused"), WRITES)
def test_every_action_refuses_the_wrong_user_and_changes_nothing(login, fw, world, scene, name, args, data, refused):
    args = resolve(scene, fw, args)
    if name == "fieldwork_block":
        data = {key.replace("1-", f"{args[0]}-"): value for key, value in data.items()}
    url = reverse(name, args=args)
    before = (list(Offer.objects.values_list("status", flat=True)), list(Placement.objects.values_list("status", "report", "travel_cost")),
              list(Block.objects.values_list("goal", "reviewed_at")))
    who = people(fw, world)
    for key in refused:
        assert login(who[key]).post(url, data).status_code == 403, key
    after = (list(Offer.objects.values_list("status", flat=True)), list(Placement.objects.values_list("status", "report", "travel_cost")),
             list(Block.objects.values_list("goal", "reviewed_at")))
    assert after == before


def test_the_invitation_page_works_by_its_token_alone(client, world):
    invitation = services.invitation_send(by=world.institute_staff, new_organisation_name="受入の会", contact_name="x", email="x@example.jp")
    assert client.get(reverse("fieldwork_invitation", args=[invitation.token])).status_code == 200
    assert client.get(reverse("fieldwork_invitation", args=["not-a-token"])).status_code == 404


def test_lists_show_a_colleague_nothing_of_anyone_elses_placement(login, fw, world, scene):
    for name in ("fieldwork_applications", "fieldwork_placements"):
        content = text(login(world.community_supporter).get(reverse(name)))
        assert str(world.supporter) not in content and str(world.director) not in content
        content = text(login(world.other_director).get(reverse(name)))
        assert str(world.supporter) not in content
        assert str(world.supporter) in text(login(fw.host_supervisor).get(reverse(name)))


def test_the_host_does_not_see_the_centres_costs(login, fw, world, scene):
    services.costs_record(placement=scene["placement"], by=world.director, travel_cost=30000, lodging_cost=61000,
                          subsidy_applies=False, subsidy_amount=None)
    url = reverse("fieldwork_placement", args=[scene["placement"].pk])
    assert "61,000" in text(login(world.director).get(url))
    for page in (url, reverse("fieldwork_placements")):
        content = text(login(fw.host_supervisor).get(page))
        assert "61,000" not in content and "61000" not in content


# --- Bad input comes back with the input and a reason ---

def test_an_overlapping_schedule_is_refused_and_the_dates_stay_in_the_form(login, fw, world):
    placement = fw.accepted(world.supervisor, world.director)
    response = login(fw.host_supervisor).post(reverse("fieldwork_schedule", args=[placement.pk]), {
        "start_1": "2026-06-08", "end_1": "2026-06-19", "start_2": "2026-06-15", "end_2": "2026-06-26",
        "start_3": "2026-09-07", "end_3": "2026-09-18",
    })
    content = text(response)
    assert response.status_code == 200
    assert rules.REFUSED_OVERLAP % {"first": 1, "second": 2, "start": "2026年6月15日", "end": "2026年6月19日"} in content
    assert 'value="2026-06-15"' in content and 'value="2026-06-26"' in content
    assert not placement.blocks.exists()


def test_blocks_outside_the_offer_period_are_refused_with_the_period(login, fw, world):
    placement = fw.accepted(world.supervisor, world.director)
    response = login(fw.host_supervisor).post(reverse("fieldwork_schedule", args=[placement.pk]), {
        "start_1": "2026-06-08", "end_1": "2026-06-19", "start_2": "2026-07-06", "end_2": "2026-07-17",
        "start_3": "2026-12-21", "end_3": "2027-01-08",
    })
    assert "2026年12月25日" in text(response) and not placement.blocks.exists()


def test_an_unreadable_date_is_a_field_error_not_a_crash(login, fw, world):
    placement = fw.accepted(world.supervisor, world.director)
    response = login(fw.host_supervisor).post(reverse("fieldwork_schedule", args=[placement.pk]), {"start_1": "6月8日"})
    assert response.status_code == 200 and 'value="6月8日"' in text(response)


def test_accepting_beyond_the_places_is_refused_with_a_clear_message(login, fw, world, scene):
    fw.offer.places = 1
    fw.offer.save()
    response = login(fw.host_supervisor).post(
        reverse("fieldwork_placement_action", args=[scene["waiting"].pk, "accept"]), follow=True,
    )
    assert rules.REFUSED_FULL % {"places": 1} in text(response)
    assert Placement.objects.get(pk=scene["waiting"].pk).status == Placement.Status.NOMINATED


def test_a_late_goal_is_refused_and_kept_in_the_form(login, fw, world, scene, frozen):
    frozen.move_to(at(D(2026, 6, 8)), tick=False)
    block = scene["block"]
    response = login(world.supporter).post(reverse("fieldwork_block", args=[block.pk, "goal"]), {f"goal{block.pk}-goal": "遅れて書いた目標"})
    content = text(response)
    assert response.status_code == 200
    assert rules.REFUSED_GOAL_LATE % {"number": 1, "date": "2026年6月8日"} in content and "遅れて書いた目標" in content
    assert Block.objects.get(pk=block.pk).goal == ""


def test_a_nomination_without_a_reason_comes_back_with_the_person_chosen(login, fw, world):
    response = login(world.director).post(reverse("fieldwork_nominate", args=[fw.offer.pk]), {"person": world.supervisor.pk, "reason": ""})
    content = text(response)
    assert response.status_code == 200 and f'value="{world.supervisor.pk}" selected' in content
    assert not Placement.objects.exists()


def test_a_subsidy_above_the_costs_is_refused_and_the_figures_stay(login, fw, world, scene):
    response = login(world.director).post(reverse("fieldwork_placement_action", args=[scene["placement"].pk, "costs"]), {
        "travel_cost": "30000", "lodging_cost": "20000", "subsidy_applies": "on", "subsidy_amount": "90000",
    })
    content = text(response)
    assert response.status_code == 200 and rules.REFUSED_SUBSIDY_TOO_HIGH % {"total": "50,000"} in content
    assert 'value="90000"' in content
    assert Placement.objects.get(pk=scene["placement"].pk).travel_cost is None


def test_an_offer_with_its_period_backwards_is_refused_and_kept(login, fw):
    response = login(fw.host_supervisor).post(reverse("fieldwork_offer_new"), {
        "title": "夏の受入", "themes": "家計", "supervision": "振り返り", "supervisor": fw.host_supervisor.pk, "places": "2",
        "available_from": "2026-09-01", "available_until": "2026-06-01", "applications_close_on": "2026-05-20",
    })
    assert response.status_code == 200 and 'value="夏の受入"' in text(response)
    assert not Offer.objects.filter(title="夏の受入").exists()


def test_a_weak_password_keeps_the_names_typed(client, world):
    invitation = services.invitation_send(by=world.institute_staff, new_organisation_name="受入の会", contact_name="x", email="x@example.jp")
    response = client.post(reverse("fieldwork_invitation", args=[invitation.token]), {
        "action": "create", "last_name": "新井", "first_name": "光", "password1": "12345678", "password2": "12345678",
    })
    assert response.status_code == 200 and 'value="新井"' in text(response)
    assert not invitation.organisation.memberships.exists()


def test_a_new_host_creates_an_account_from_the_invitation_and_lands_on_a_new_offer(client, world):
    invitation = services.invitation_send(by=world.institute_staff, new_organisation_name="受入の会", contact_name="x", email="x@example.jp")
    response = client.post(reverse("fieldwork_invitation", args=[invitation.token]), {
        "action": "create", "last_name": "新井", "first_name": "光", "password1": "kurashi-host-2026", "password2": "kurashi-host-2026",
    })
    assert response.status_code == 302 and response["Location"] == reverse("fieldwork_offer_new")
    assert client.get(response["Location"]).status_code == 200


def test_the_eligibility_page_adds_a_rule_from_a_date(login, world):
    client = login(world.institute_staff)
    response = client.post(reverse("fieldwork_eligibility"), {"effective_from": "2027-04-01", "open_to": "applied", "min_experience_years": "2"})
    assert response.status_code == 302
    assert EligibilityPolicy.objects.filter(effective_from=D(2027, 4, 1), open_to="applied").exists()
    response = client.post(reverse("fieldwork_eligibility"), {"effective_from": "2027-04-01", "open_to": "common", "min_experience_years": "50"})
    assert response.status_code == 200 and 'value="50"' in text(response)


# --- Query counts do not grow with the data ---

def more_placements(fw, world, count):
    for _ in range(count):
        centre = factories.CentreFactory()
        director = factories.person(centre, Job.DIRECTOR)
        offer = make_offer(fw.host, fw.host_supervisor, places=10)
        placement = services.nomination_accept(
            placement=services.nominate(offer=offer, person=director, by=director, reason="x"), by=fw.host_supervisor,
        )
        services.blocks_schedule(placement=placement, by=fw.host_supervisor, dates=STANDARD_BLOCKS)


@pytest.mark.parametrize(("who", "name"), [
    ("institute", "fieldwork_index"), ("host", "fieldwork_applications"), ("institute", "fieldwork_placements"),
    ("host", "fieldwork_placements"), ("director", "fieldwork_index"), ("host", "home"),
])
def test_lists_keep_a_fixed_number_of_queries(login, fw, world, scene, django_assert_max_num_queries, who, name):
    client = login(people(fw, world)[who])
    url = reverse(name)
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    more_placements(fw, world, 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_placement_page_keeps_a_fixed_number_of_queries_however_long_the_log(login, fw, world, scene, frozen, django_assert_max_num_queries):
    placement = scene["placement"]
    for block in placement.blocks.all():
        services.block_set_goal(block=block, by=world.supporter, goal="目標")
    frozen.move_to(at(D(2026, 6, 9)), tick=False)
    url = reverse("fieldwork_placement", args=[placement.pk])
    for user in (world.supporter, fw.host_supervisor):
        client = login(user)
        client.get(url)
        with django_assert_max_num_queries(40) as few:
            assert client.get(url).status_code == 200
        first_block = placement.blocks.get(number=1)
        for day in range(8, 20):
            DailyLog.objects.get_or_create(block=first_block, date=D(2026, 6, day), defaults={"activities": "同席"})
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(url)


def test_the_handbook_and_plan_pages_show_the_placement(login, fw, world, scene, curriculum):
    from skillpath import services as plan_services

    content = text(login(world.supporter).get(reverse("handbook")))
    assert f"{fw.host.name}" in content and "entry-fieldwork" in content
    plan = plan_services.plan_create(person=world.supporter, fiscal_year=2026)
    content = text(login(world.supporter).get(plan.get_absolute_url()))
    assert scene["placement"].get_absolute_url() in content


def test_a_manager_who_also_hosts_sees_costs_only_of_their_own_centres_placements(login, fw, world, scene):
    services.costs_record(placement=scene["placement"], by=world.director, travel_cost=30000, lodging_cost=61000,
                          subsidy_applies=False, subsidy_amount=None)
    # The other centre's director also supervises at the host: they see the hosted placement, not its costs.
    factories.MembershipFactory(user=world.other_director, organisation=fw.host, job=Job.HOST_SUPERVISOR)
    content = text(login(world.other_director).get(reverse("fieldwork_placements")))
    assert str(world.supporter) in content and "91,000" not in content
    assert "91,000" in text(login(world.director).get(reverse("fieldwork_placements")))


def test_the_hosts_page_keeps_a_fixed_number_of_queries(login, world, django_assert_max_num_queries):
    client = login(world.institute_staff)
    url = reverse("fieldwork_hosts")
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    for n in range(6):
        services.invitation_send(by=world.institute_staff, new_organisation_name=f"受入団体{n}", contact_name="x", email=f"h{n}@example.jp")
        factories.OrganisationFactory(kind="related_body", name=f"受入済み団体{n}", is_fieldwork_host=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "受入済み団体5" in text(client.get(url))


def test_a_stale_decision_shows_why_it_was_refused(login, fw, world, scene):
    services.nomination_accept(placement=scene["waiting"], by=fw.host_supervisor)
    response = login(fw.host_supervisor).post(
        reverse("fieldwork_placement_action", args=[scene["waiting"].pk, "decline"]), {"reason": "定員に達した"}, follow=True,
    )
    content = text(response)
    assert response.status_code == 200 and "受入決定" in content
    assert rules.REFUSED_WRONG_STEP % {"status": Placement.Status.ACCEPTED.label} in content
    assert Placement.objects.get(pk=scene["waiting"].pk).status == Placement.Status.ACCEPTED


def test_dates_at_the_end_of_the_calendar_come_back_as_errors(login, fw, world):
    placement = fw.accepted(world.supervisor, world.director)
    response = login(fw.host_supervisor).post(reverse("fieldwork_schedule", args=[placement.pk]), {
        "start_1": "9999-12-20", "end_1": "9999-12-31", "start_2": "0001-01-01", "end_2": "9999-12-31",
        "start_3": "2026-09-07", "end_3": "2026-09-18",
    })
    assert response.status_code == 200 and "9999年12月20日" in text(response)
    assert not placement.blocks.exists()


def test_absurd_cost_figures_are_refused_and_kept(login, fw, world, scene):
    response = login(world.director).post(reverse("fieldwork_placement_action", args=[scene["placement"].pk, "costs"]), {
        "travel_cost": "10000000000000000000", "lodging_cost": "-5",
    })
    content = text(response)
    assert response.status_code == 200 and 'value="10000000000000000000"' in content
    assert Placement.objects.get(pk=scene["placement"].pk).travel_cost is None


def test_inviting_a_known_organisation_goes_through_a_search_not_a_list_of_every_centre(login, world):
    for n in range(30):
        factories.CentreFactory(name=f"検索用センター{n:02d}")
    client = login(world.institute_staff)
    page = text(client.get(reverse("fieldwork_hosts")))
    assert "検索用センター00" not in page  # nothing offered before a search
    found = client.post(reverse("fieldwork_hosts"), {"action": "search", "organisation_search": "検索用センター1"})
    choices = [label for _value, label in found.context["form"].fields["organisation"].choices]
    assert len(choices) == 10 and all("検索用センター1" in str(label) for label in choices)
    target = Organisation.objects.get(name="検索用センター12")
    response = client.post(reverse("fieldwork_hosts"), {
        "action": "send", "organisation_search": "検索用センター1", "organisation": target.pk, "contact_name": "担当", "email": "c@example.jp",
    })
    assert response.status_code == 302
    assert HostInvitation.objects.get(email="c@example.jp").organisation == target
    # A choice outside the search typed is refused, not sent.
    other = Organisation.objects.get(name="検索用センター20")
    refused = client.post(reverse("fieldwork_hosts"), {
        "action": "send", "organisation_search": "検索用センター1", "organisation": other.pk, "contact_name": "担当", "email": "d@example.jp",
    })
    assert refused.status_code == 200 and not HostInvitation.objects.filter(email="d@example.jp").exists()


def test_a_search_comes_back_without_errors_and_junk_is_not_a_500(login, world):
    client = login(world.institute_staff)
    page = text(client.post(reverse("fieldwork_hosts"), {"action": "search", "organisation_search": world.centre.name[:4]}))
    assert world.centre.name in page and "必須" not in page
    for junk in ("a" * 60000, "%", "_", "x\x00y", ""):
        assert client.post(reverse("fieldwork_hosts"), {"action": "search", "organisation_search": junk}).status_code == 200
        response = client.post(reverse("fieldwork_hosts"), {"action": "send", "organisation_search": junk, "contact_name": "x", "email": "x@example.jp"})
        assert response.status_code == 200 and not HostInvitation.objects.filter(email="x@example.jp").exists()


@pytest.mark.parametrize(("name", "args", "data", "actor"), [
    ("fieldwork_offer_action", ["offer", "close"], {}, "host"),
    ("fieldwork_placement_action", ["waiting", "withdraw"], {}, "director"),
    ("fieldwork_placement_action", ["placement", "cancel"], {"reason": "受入先の都合"}, "host"),
])
def test_ending_a_nomination_a_placement_or_an_offer_asks_first(login, fw, world, scene, name, args, data, actor):
    url = reverse(name, args=resolve(scene, fw, args))

    def states():
        return list(Offer.objects.order_by("pk").values_list("status", flat=True)), list(Placement.objects.order_by("pk").values_list("status", flat=True))

    before = states()
    client = login(people(fw, world)[actor])
    asked = client.post(url, data)
    assert asked.status_code == 200 and "この操作で起きること" in asked.content.decode()
    assert states() == before
    assert client.post(url, {**data, "confirmed": "yes"}).status_code == 302
    assert states() != before
