"""Organisations and people managed in the site: centres created and closed, a person added and
invited, jobs at two centres, a transfer, a leaver; every change in the object's history."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from lms.audit.models import AuditEntry
from lms.directory import services
from lms.organisations.access import access_for, can_view_records_of, people_visible_to
from lms.organisations.models import Job, Membership, Organisation
from tests import factories
from tests.clock import at

pytestmark = [pytest.mark.django_db, pytest.mark.today("2027-03-10")]
User = get_user_model()
TODAY = datetime.date(2027, 3, 10)


def fresh(user):
    user.__dict__.pop("_lms_access", None)
    return user


def test_the_institute_creates_a_centre_and_its_history_says_who_and_what(world, login):
    client = login(world.institute_staff)
    response = client.post("/directory/organisations/new/", {"kind": "centre", "name": "新しいセンター", "prefecture": "40", "address": "北九州市"})
    centre = Organisation.objects.get(name="新しいセンター")
    assert response.status_code == 302 and response["Location"] == f"/directory/organisations/{centre.pk}/"
    client.post(f"/directory/organisations/{centre.pk}/edit/", {"kind": "centre", "name": "新しいセンター", "prefecture": "40", "address": "北九州市小倉北区"})
    page = client.get(f"/directory/organisations/{centre.pk}/").content.decode()
    assert "北九州市 → 北九州市小倉北区" in page
    assert [entry.action for entry in AuditEntry.objects.filter(object_id=centre.pk, content_type__model="organisation")] == ["created", "edited"]


def test_a_centre_without_a_prefecture_is_refused_on_the_form_with_the_input_kept(world, login):
    response = login(world.institute_staff).post("/directory/organisations/new/", {"kind": "centre", "name": "県のないセンター"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "センターには都道府県を指定してください。" in page and 'value="県のないセンター"' in page
    assert not Organisation.objects.filter(name="県のないセンター").exists()


def test_closing_a_centre_ends_its_jobs_the_day_before_and_keeps_the_history(world):
    services.organisation_close(organisation=world.centre, on=datetime.date(2027, 4, 1), by=world.institute_staff)
    world.centre.refresh_from_db()
    assert world.centre.closed_on == datetime.date(2027, 4, 1)
    assert set(Membership.objects.filter(organisation=world.centre).values_list("ended_on", flat=True)) == {datetime.date(2027, 3, 31)}
    assert world.director.is_active and Membership.objects.filter(organisation=world.centre).count() == 7
    assert not Organisation.objects.open(datetime.date(2027, 4, 1)).filter(pk=world.centre.pk).exists()
    assert Organisation.objects.open(datetime.date(2027, 3, 31)).filter(pk=world.centre.pk).exists()
    with pytest.raises(ValidationError):
        services.organisation_close(organisation=world.centre, on=datetime.date(2027, 5, 1), by=world.institute_staff)


def test_only_the_institute_edits_organisations(world):
    with pytest.raises(PermissionDenied):
        services.organisation_close(organisation=world.centre, on=TODAY, by=world.director)


def test_the_organisation_list_searches_filters_and_pages_in_sql(world, login, django_assert_max_num_queries):
    for n in range(60):
        factories.CentreFactory(name=f"一覧センター{n:02d}")
    factories.OrganisationFactory(kind=Organisation.Kind.RELATED_BODY, name="一覧の関係団体", is_fieldwork_host=True)
    closed = factories.CentreFactory(name="一覧センター閉鎖", closed_on=datetime.date(2026, 4, 1))
    client = login(world.institute_staff)
    page = client.get("/directory/organisations/?q=一覧センター").content.decode()
    assert "60 件の組織" in page and "2ページ中1ページ" in page and closed.name not in page
    assert "一覧センター閉鎖" in client.get("/directory/organisations/?q=閉鎖&closed=on").content.decode()
    hosts = client.get("/directory/organisations/?is_fieldwork_host=on").content.decode()
    assert "一覧の関係団体" in hosts and "一覧センター00" not in hosts
    bodies = client.get("/directory/organisations/?kind=related_body").content.decode()
    assert "一覧の関係団体" in bodies and "一覧センター00" not in bodies
    with django_assert_max_num_queries(12):
        client.get("/directory/organisations/?page=2")


def test_a_director_adds_a_person_who_is_invited_sets_a_password_and_lands_home(world, login, mailoutbox, django_capture_on_commit_callbacks):
    director = login(world.director)
    with django_capture_on_commit_callbacks(execute=True):
        response = director.post("/directory/people/new/", {
            "email": "New.Person@Example.jp", "last_name": "新井", "first_name": "真", "centre": world.centre.pk,
            "job": Job.SUPPORTER_COMMUNITY, "started_on": "2027-04-01",
        })
    person = User.objects.get(email="new.person@example.jp")
    assert response.status_code == 302 and response["Location"] == f"/directory/people/{person.pk}/"
    assert not person.has_usable_password()
    [invitation] = mailoutbox
    assert invitation.to == ["new.person@example.jp"] and "パスワードを設定" in invitation.subject
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+", invitation.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    client = Client()
    form_page = client.get("/" + path, follow=True)
    assert form_page.status_code == 200
    response = client.post(form_page.redirect_chain[-1][0], {"password1": "tsuyoi-pass-2027", "password2": "tsuyoi-pass-2027"})
    assert response.status_code == 302 and response["Location"] == "/"
    person.refresh_from_db()
    assert person.check_password("tsuyoi-pass-2027")
    assert client.get("/").context["user"] == person
    assert [entry.action for entry in AuditEntry.objects.filter(object_id=person.pk, content_type__model="user")] == ["created", "job_started", "invited"]


def test_adding_someone_already_known_gives_them_the_job_and_sends_no_invitation(world, mailoutbox, django_capture_on_commit_callbacks):
    # The other centre's supporter also starts part-time here: one person, jobs at two centres.
    with django_capture_on_commit_callbacks(execute=True):
        services.person_add(
            by=world.institute_staff, email=world.other_supporter.email.upper(), last_name="x", first_name="y",
            centre=world.centre, job=Job.SUPPORTER_COMMUNITY, started_on=TODAY,
        )
    assert mailoutbox == []
    assert set(Membership.objects.current(TODAY).filter(user=world.other_supporter).values_list("organisation", flat=True)) == {world.centre.pk, world.other_centre.pk}
    assert world.other_supporter in people_visible_to(fresh(world.director)) and world.other_supporter in people_visible_to(fresh(world.other_director))


def test_a_director_cannot_give_jobs_at_another_centre_or_outside_centres(world):
    with pytest.raises(PermissionDenied):
        services.person_add(by=world.director, email="x@example.jp", last_name="x", first_name="y", centre=world.other_centre, job=Job.SUPPORTER_INDIVIDUAL, started_on=TODAY)
    with pytest.raises(PermissionDenied):
        services.job_start(by=world.director, person=world.supporter, centre=world.centre, job=Job.INSTITUTE_STAFF, started_on=TODAY)
    assert not User.objects.filter(email="x@example.jp").exists()


def test_a_transfer_moves_the_person_and_their_records_stay_theirs(world, frozen, login):
    record = factories.TrainingRecordFactory(person=world.supporter, completed_on=datetime.date(2026, 6, 1))
    [job] = Membership.objects.filter(user=world.supporter)
    services.transfer(by=world.institute_staff, membership=job, centre=world.other_centre, job=Job.SUPPORTER_INDIVIDUAL, on=datetime.date(2027, 4, 1))
    job.refresh_from_db()
    assert job.ended_on == datetime.date(2027, 3, 31)
    new = Membership.objects.get(user=world.supporter, organisation=world.other_centre)
    assert new.started_on == datetime.date(2027, 4, 1)
    # Until the transfer the old centre reads the records; from its first day the new one does.
    assert can_view_records_of(fresh(world.director), world.supporter) and not can_view_records_of(fresh(world.other_director), world.supporter)
    frozen.move_to(at(datetime.date(2027, 4, 1)), tick=False)
    assert not can_view_records_of(fresh(world.director), world.supporter) and can_view_records_of(fresh(world.other_director), world.supporter)
    assert record.person_id == world.supporter.pk  # the record is the person's, wherever they work
    actions = list(AuditEntry.objects.filter(object_id=world.supporter.pk, content_type__model="user").values_list("action", flat=True))
    assert actions == ["job_ended", "job_started", "transferred"]
    page = login(world.institute_staff).get(f"/directory/people/{world.supporter.pk}/").content.decode()
    assert "北九州テストセンター → 練馬テストセンター（2027-04-01）" in page
    assert "練馬テストセンター・相談支援員（対個人）（2027-04-01〜）" in page


def test_a_transfer_on_or_before_the_start_is_refused(world):
    [job] = Membership.objects.filter(user=world.supporter)
    with pytest.raises(ValidationError):
        services.transfer(by=world.institute_staff, membership=job, centre=world.other_centre, job=Job.SUPPORTER_INDIVIDUAL, on=job.started_on)


def test_a_leaver_is_deactivated_and_nothing_is_deleted(world, login, frozen):
    record = factories.TrainingRecordFactory(person=world.supporter, completed_on=datetime.date(2026, 6, 1))
    client = login(world.director)
    asked = client.post(f"/directory/people/{world.supporter.pk}/leave/", {"last_day": "2027-03-09"})
    assert asked.status_code == 200 and "退職を記録しますか" in asked.content.decode() and 'value="2027-03-09"' in asked.content.decode()
    assert User.objects.get(pk=world.supporter.pk).is_active  # asked first: nothing changed yet
    response = client.post(f"/directory/people/{world.supporter.pk}/leave/", {"last_day": "2027-03-09", "confirmed": "yes"})
    assert response.status_code == 302
    world.supporter.refresh_from_db()
    assert not world.supporter.is_active
    assert Membership.objects.get(user=world.supporter).ended_on == datetime.date(2027, 3, 9)
    assert User.objects.filter(pk=world.supporter.pk).exists() and record.__class__.objects.filter(pk=record.pk).exists()
    # A leaver can no longer sign in.
    assert not Client().login(email=world.supporter.email, password=factories.PASSWORD)


def test_a_director_cannot_deactivate_someone_who_also_works_elsewhere(world):
    factories.MembershipFactory(user=world.supporter, organisation=world.other_centre, job=Job.SUPPORTER_COMMUNITY, started_on=datetime.date(2026, 4, 1))
    with pytest.raises(PermissionDenied):
        services.person_leaves(by=fresh(world.director), person=world.supporter, last_day=TODAY)
    services.person_leaves(by=world.institute_staff, person=world.supporter, last_day=TODAY - datetime.timedelta(days=1))
    assert not User.objects.get(pk=world.supporter.pk).is_active


def test_nobody_records_themself_as_having_left(world):
    with pytest.raises(ValidationError):
        services.person_leaves(by=world.director, person=world.director, last_day=TODAY)


def test_a_director_cannot_reactivate_or_edit_a_stranger(world):
    stranger = factories.UserFactory(is_active=False)
    with pytest.raises(PermissionDenied):
        services.person_reactivate(by=fresh(world.director), person=stranger)


def test_a_prefecture_reads_its_centres_and_staff_and_changes_nothing(world, login):
    office = factories.OrganisationFactory(kind=Organisation.Kind.PREFECTURE, name="福岡県庁")
    officer = factories.person(office, Job.PREFECTURE_OFFICER)
    tokyo_office = factories.OrganisationFactory(kind=Organisation.Kind.PREFECTURE, name="東京都庁", prefecture=factories.PrefectureFactory(code=13, name="東京都", name_en="Tokyo"))
    tokyo_officer = factories.person(tokyo_office, Job.PREFECTURE_OFFICER)
    assert access_for(officer).prefecture_codes == {40}
    client = login(officer)
    assert world.centre.name in client.get("/directory/organisations/").content.decode()
    assert client.get(f"/directory/organisations/{world.centre.pk}/").status_code == 200
    assert client.get(f"/directory/people/{world.supporter.pk}/").status_code == 200
    assert world.supporter.email in client.get("/directory/people/").content.decode()
    assert client.get(f"/directory/people/{world.supporter.pk}/edit/").status_code == 403
    assert client.post(f"/directory/people/{world.supporter.pk}/leave/", {"last_day": "2027年3月31日", "confirmed": "yes"}).status_code == 403
    assert User.objects.get(pk=world.supporter.pk).is_active
    # The training records stay with the person and their centre: not the prefecture's to read.
    assert not can_view_records_of(officer, world.supporter)
    other = login(tokyo_officer)
    assert world.centre.name not in other.get("/directory/organisations/").content.decode()
    assert other.get(f"/directory/organisations/{world.centre.pk}/").status_code == 403
    assert other.get(f"/directory/people/{world.supporter.pk}/").status_code == 403


def test_the_people_list_filters_in_sql_with_a_fixed_number_of_queries(world, login, django_assert_num_queries):
    client = login(world.institute_staff)
    client.get("/directory/people/")
    for n in range(60):
        factories.person(world.centre, Job.SUPPORTER_COMMUNITY, email=f"many{n}@example.jp", last_name="多数")
    with django_assert_num_queries(len(_queries(client, "/directory/people/"))):
        page = client.get("/directory/people/").content.decode()
    assert "2ページ中1ページ" in page
    only = client.get(f"/directory/people/?centre={world.other_centre.pk}").content.decode()
    assert f">{world.other_supporter.email}<" in only and f">{world.supporter.email}<" not in only
    jobs = client.get("/directory/people/?job=clerical").content.decode()
    assert f">{world.clerk.email}<" in jobs and f">{world.supporter.email}<" not in jobs
    assert world.supporter.email in client.get("/directory/people/?q=supporter@").content.decode()


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        client.get(url)
    return context.captured_queries


def test_a_job_cannot_end_before_it_started_and_the_form_says_so(world, login):
    [job] = Membership.objects.filter(user=world.supporter)
    client = login(world.director)
    response = client.post(f"/directory/jobs/{job.pk}/end/", {"ended_on": "2019-01-01", "confirmed": "yes"})
    assert "終了日が開始日（2020年4月1日）より前です。" in response.content.decode()
    job.refresh_from_db()
    assert job.ended_on is None


def test_a_director_cannot_take_in_someone_known_elsewhere_and_so_read_their_records(world, login):
    """The hole a review found: "adding" another centre's person by email gave the director their handbook."""
    client = login(world.director)
    response = client.post("/directory/people/new/", {
        "email": world.other_supporter.email.upper(), "last_name": "x", "first_name": "y", "centre": world.centre.pk,
        "job": Job.SUPPORTER_INDIVIDUAL, "started_on": "2027-03-10",
    })
    assert response.status_code == 200 and "研修機関だけです" in response.content.decode()
    assert not Membership.objects.filter(user=world.other_supporter, organisation=world.centre).exists()
    assert client.get(f"/handbook/{world.other_supporter.pk}/").status_code == 403


def test_an_ended_job_stays_ended_by_every_route(world):
    """Re-opening the old job would give the old centre the person's records back."""
    [job] = Membership.objects.filter(user=world.supporter)
    services.transfer(by=world.institute_staff, membership=job, centre=world.other_centre, job=Job.SUPPORTER_INDIVIDUAL, on=datetime.date(2027, 1, 1))
    job.refresh_from_db()
    assert job.ended_on == datetime.date(2026, 12, 31)
    with pytest.raises(ValidationError, match="2026年12月31日"):
        services.job_end(by=world.institute_staff, membership=job, ended_on=datetime.date(2099, 12, 31))
    with pytest.raises(ValidationError):
        services.transfer(by=world.institute_staff, membership=job, centre=world.other_centre, job=Job.CLERICAL, on=datetime.date(2027, 3, 20))
    job.refresh_from_db()
    assert job.ended_on == datetime.date(2026, 12, 31)
    assert not can_view_records_of(fresh(world.director), world.supporter)
    line = f"{world.supporter.email},{world.supporter.last_name},{world.supporter.first_name},{world.centre.name},{job.job},{job.started_on.isoformat()},"
    _, errors = services.import_check(by=world.institute_staff, filename="x.csv", data=("メールアドレス,姓,名,所属,職種,着任日,退任日\n" + line + "\n").encode())
    assert "2026年12月31日に終了" in str(errors[0])


def test_the_centre_someone_left_last_looks_after_their_account_no_earlier_one(world):
    [job] = Membership.objects.filter(user=world.supporter)
    services.transfer(by=world.institute_staff, membership=job, centre=world.other_centre, job=Job.SUPPORTER_INDIVIDUAL, on=datetime.date(2027, 1, 1))
    services.person_leaves(by=fresh(world.other_director), person=world.supporter, last_day=datetime.date(2027, 3, 1))
    with pytest.raises(PermissionDenied):
        services.person_reactivate(by=fresh(world.director), person=world.supporter)
    services.person_reactivate(by=fresh(world.other_director), person=world.supporter)


def test_a_leaver_recorded_in_advance_works_until_their_last_day(world, frozen):
    services.person_leaves(by=world.director, person=world.supporter, last_day=datetime.date(2027, 3, 31))
    world.supporter.refresh_from_db()
    assert world.supporter.is_active and Client().login(email=world.supporter.email, password=factories.PASSWORD)
    frozen.move_to(at(datetime.date(2027, 4, 1)), tick=False)
    assert not Client().login(email=world.supporter.email, password=factories.PASSWORD)
    assert services.deactivate_leavers() == 1 and services.deactivate_leavers() == 0
    assert not User.objects.get(pk=world.supporter.pk).is_active


def test_a_centre_closing_later_takes_no_job_beyond_its_closing(world):
    services.organisation_close(organisation=world.centre, on=datetime.date(2027, 4, 1), by=world.institute_staff)
    world.centre.refresh_from_db()
    with pytest.raises(ValidationError, match="2027年4月1日"):
        services.person_add(by=world.director, email="late@example.jp", last_name="遅", first_name="人", centre=world.centre, job=Job.CLERICAL, started_on=datetime.date(2027, 6, 1))
    [job] = Membership.objects.filter(user=world.supporter)
    with pytest.raises(ValidationError, match="2027年4月1日"):
        services.job_end(by=world.institute_staff, membership=job, ended_on=datetime.date(2030, 1, 1))


def test_a_director_ends_only_centre_jobs(world):
    host_job = factories.MembershipFactory(user=world.supervisor, organisation=world.centre, job=Job.HOST_SUPERVISOR, started_on=datetime.date(2024, 4, 1))
    with pytest.raises(PermissionDenied):
        services.job_end(by=fresh(world.director), membership=host_job, ended_on=TODAY)


def test_an_email_is_kept_in_lower_case_and_is_not_given_twice(world, login):
    client = login(world.director)
    client.post(f"/directory/people/{world.supporter.pk}/edit/", {"email": "Supporter.New@Example.JP", "last_name": "佐藤", "first_name": "花子"})
    assert User.objects.get(pk=world.supporter.pk).email == "supporter.new@example.jp"
    response = client.post(f"/directory/people/{world.supporter.pk}/edit/", {"email": world.clerk.email.upper(), "last_name": "佐藤", "first_name": "花子"})
    assert "このメールアドレスは別のアカウントで使われています。" in response.content.decode()


def test_an_invitation_is_not_sent_to_a_deactivated_account(world):
    services.person_leaves(by=world.director, person=world.supporter, last_day=datetime.date(2027, 3, 1))
    with pytest.raises(ValidationError):
        services.invitation_send(person=User.objects.get(pk=world.supporter.pk), by=world.director)


def test_a_director_cannot_give_another_job_to_someone_who_moved_away(world, login):
    [job] = Membership.objects.filter(user=world.supporter)
    services.transfer(by=world.institute_staff, membership=job, centre=world.other_centre, job=Job.SUPPORTER_INDIVIDUAL, on=datetime.date(2027, 3, 1))
    client = login(world.director)
    response = client.post(f"/directory/people/{world.supporter.pk}/jobs/new/", {"centre": world.centre.pk, "job": "clerical", "started_on": "2027-03-10"})
    assert response.status_code == 200 and "研修機関だけです" in response.content.decode()
    assert client.get(f"/handbook/{world.supporter.pk}/").status_code == 403


def test_a_move_recorded_in_advance_takes_the_person_out_of_the_old_directors_hands(world):
    [job] = Membership.objects.filter(user=world.supporter)
    services.transfer(by=world.institute_staff, membership=job, centre=world.other_centre, job=Job.DIRECTOR, on=datetime.date(2027, 5, 1))
    with pytest.raises(PermissionDenied):
        services.person_leaves(by=fresh(world.director), person=world.supporter, last_day=datetime.date(2027, 3, 31))
    job.refresh_from_db()
    with pytest.raises(ValidationError, match="研修機関だけ"):  # nor stretch the old job over the new one
        services.job_end(by=fresh(world.director), membership=job, ended_on=datetime.date(2027, 12, 31))
    services.job_end(by=fresh(world.director), membership=job, ended_on=datetime.date(2027, 4, 15))  # earlier is fine
    _, errors = services.import_check(by=fresh(world.director), filename="x.csv", data=(
        "メールアドレス,姓,名,所属,職種,着任日,退任日\n"
        f"{world.supporter.email},{world.supporter.last_name},{world.supporter.first_name},{world.centre.name},{job.job},{job.started_on.isoformat()},\n"
    ).encode())
    assert errors and "研修機関だけ" in str(errors[0])


def test_a_leaver_given_a_new_job_stays_active(world, frozen):
    services.person_leaves(by=world.director, person=world.supporter, last_day=datetime.date(2027, 3, 31))
    services.job_add(by=world.institute_staff, person=world.supporter, centre=world.other_centre, job=Job.SUPPORTER_INDIVIDUAL, started_on=datetime.date(2027, 4, 1))
    frozen.move_to(at(datetime.date(2027, 4, 2)), tick=False)
    assert services.deactivate_leavers() == 0
    assert Client().login(email=world.supporter.email, password=factories.PASSWORD)


def test_the_people_filters_narrow_one_and_the_same_job(world, login):
    factories.MembershipFactory(user=world.director, organisation=world.other_centre, job=Job.CLERICAL, started_on=datetime.date(2026, 4, 1))
    page = login(world.institute_staff).get(f"/directory/people/?centre={world.other_centre.pk}&job=director").content.decode()
    assert f">{world.other_director.email}<" in page and f">{world.director.email}<" not in page


def test_a_date_no_one_means_is_a_form_error_not_a_crash(world, login):
    client = login(world.institute_staff)
    response = client.post(f"/directory/organisations/{world.centre.pk}/close/", {"on": "0001-01-01"}, follow=True)
    assert response.status_code == 200 and Organisation.objects.get(pk=world.centre.pk).closed_on is None
    [job] = Membership.objects.filter(user=world.supporter)
    response = client.post(f"/directory/jobs/{job.pk}/end/", {"ended_on": "9999-12-31"}, follow=True)
    assert response.status_code == 200 and Membership.objects.get(pk=job.pk).ended_on is None


def test_the_old_address_hears_when_an_email_is_changed(world, login, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        login(world.director).post(f"/directory/people/{world.supporter.pk}/edit/", {"email": "moved@example.jp", "last_name": "佐藤", "first_name": "花子"})
    [notice] = mailoutbox
    assert notice.to == ["supporter@example.jp"] and "moved@example.jp" in notice.body and "メールアドレスが変更" in notice.subject


def test_with_the_countrys_centres_the_centre_list_waits_for_a_prefecture(world, login, monkeypatch):
    """A thousand centres in one list took most of the page's time and found nobody: the list asks
    for a prefecture first, then offers its centres; a centre in a link still filters."""
    from lms.directory import filters

    monkeypatch.setattr(filters, "MANY_CENTRES", 1)
    client = login(world.institute_staff)
    page = client.get("/directory/people/").content.decode()
    assert "都道府県を選ぶと" in page and f">{world.other_centre.name}<" not in page
    prefecture = world.other_centre.prefecture_id
    listed = client.get(f"/directory/people/?prefecture={prefecture}").content.decode()
    assert f">{world.other_centre.name}</option>" in listed
    linked = client.get(f"/directory/people/?centre={world.other_centre.pk}").content.decode()
    assert f">{world.other_supporter.email}<" in linked and f">{world.supporter.email}<" not in linked
