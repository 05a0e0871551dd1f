"""The certificate list at national size: status and expiry as SQL, pages of fifty, a streamed CSV."""

import datetime
import unicodedata

import pytest

from curriculum.models import RenewalPolicy, Subject
from lms.certificates import rules, selectors, services
from lms.certificates.models import Certificate


@pytest.fixture
def certificates(world, completion):
    """Completions from 2019 to 2026 (one person each), one revoked, the last but one superseded by a refresher."""
    people = [world.supporter, world.director, world.supervisor, world.clerk, world.coordinator, world.community_supporter,
              world.other_director, world.other_supporter]
    issued = []
    for person, year in zip(people, range(2019, 2027)):
        issued.append(services.issue_certificate(record=completion(person, datetime.date(year, 9, 1)), by=world.institute_staff))
    services.revoke_certificate(certificate=issued[3], by=world.institute_staff, reason="誤発行")
    issued.append(services.issue_certificate(
        record=completion(world.other_director, datetime.date(2026, 10, 1), refresher=True), by=world.institute_staff))
    return issued


@pytest.mark.parametrize("today", ["2024-03-31", "2024-04-01", "2025-03-31", "2026-04-01", "2026-11-29", "2028-02-29", "2031-03-31", "2031-04-01"])
def test_the_sql_status_is_the_rule_status_on_every_day(certificates, today):
    today = datetime.date.fromisoformat(today)
    by_rule = {c.pk: c.status for c in selectors.with_status(Certificate.objects.select_related("record", "superseded_by").prefetch_related("subject__renewal_policies"), today)}
    by_stored = {c.pk: c.status_on(today) for c in Certificate.objects.select_related("superseded_by")}
    assert by_stored == by_rule
    for status in rules.STATUS_LABELS:
        assert set(Certificate.objects.in_status(status, today).values_list("pk", flat=True)) == {pk for pk, s in by_rule.items() if s == status}


def test_a_policy_starting_today_updates_the_stored_deadline_of_todays_completions(world, completion, frozen):
    from tests.clock import at

    frozen.move_to(at(datetime.date(2026, 11, 29)), tick=False)
    certificate = services.issue_certificate(record=completion(world.supporter, datetime.date(2026, 11, 29)), by=world.institute_staff)
    assert certificate.renewal_deadline == datetime.date(2032, 3, 31)
    RenewalPolicy.objects.create(subject=Subject.objects.get(code="poverty-support"), effective_from=datetime.date(2026, 11, 29),
                                 period_years=3, basis=RenewalPolicy.Basis.ANNIVERSARY, window_months=6)
    certificate.refresh_from_db()
    assert certificate.renewal_deadline == datetime.date(2029, 11, 28)


def test_the_list_pages_filters_and_counts_in_sql(login, world, certificates):
    client = login(world.institute_staff)
    page = client.get("/certificates/")
    assert page.context["page"].paginator.count == len(certificates)
    assert f"{len(certificates)}" in page.content.decode()
    lapsed = client.get("/certificates/?status=revoked").context["page"]
    assert [c.pk for c in lapsed] == [certificates[3].pk]
    superseded = client.get("/certificates/?status=superseded").context["page"]
    assert [c.pk for c in superseded] == [certificates[6].pk]


def test_a_bad_month_is_a_clear_error_not_a_500(login, world, certificates):
    response = login(world.institute_staff).get("/certificates/?expires=2027-13&status=nonsense")
    assert response.status_code == 200
    body = response.content.decode()
    assert "2027-03" in body  # the example in the message
    assert response.context["page"].paginator.count == 0


def test_the_csv_streams_every_matching_row(login, world, certificates):
    response = login(world.institute_staff).get("/certificates/?format=csv&status=superseded")
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert certificates[6].serial in body and certificates[0].serial not in body


def test_more_than_a_page_shows_fifty_and_the_total(login, world, completion):
    for day in range(60):
        services.issue_certificate(record=completion(world.supporter, datetime.date(2020, 4, 1) + datetime.timedelta(days=day)), by=world.institute_staff)
    client = login(world.institute_staff)
    first = client.get("/certificates/")
    assert len(first.context["page"].object_list) == 50 and first.context["page"].paginator.count == 60
    assert len(client.get("/certificates/?page=2").context["page"].object_list) == 10


@pytest.mark.parametrize("typed", ["田中", "たなか", "なか", "tanaka@", "2019-", "000001", "０００００１"])
def test_the_search_finds_a_holder_by_name_reading_or_email_and_a_certificate_by_part_of_its_serial(login, world, certificates, typed):
    """Japanese surnames are often two characters: they are found as surely as a long email."""
    holder = world.supporter
    holder.last_name, holder.family_name_kana, holder.email = "田中", "たなか", "tanaka@example.jp"
    holder.save()
    first = certificates[0]  # the supporter's, issued first: serial …-000001
    assert first.holder == holder and first.serial.endswith("000001")
    found = login(world.institute_staff).get("/certificates/", {"q": typed}).context["page"]
    if typed == "2019-":  # no serial has the completion year in it, and no name either
        assert list(found) == []
    else:
        assert first.pk in [certificate.pk for certificate in found]
        for certificate in found:
            person = certificate.holder
            assert unicodedata.normalize("NFKC", typed) in f"{person.last_name} {person.family_name_kana} {person.email} {certificate.serial}"


def test_a_director_lists_the_certificates_of_their_centres_staff_and_their_own_only(login, world, certificates):
    listed = {certificate.holder for certificate in login(world.director).get("/certificates/").context["page"]}
    assert listed and world.other_director not in listed and world.other_supporter not in listed
    assert listed <= {world.supporter, world.director, world.supervisor, world.clerk, world.coordinator, world.community_supporter}
