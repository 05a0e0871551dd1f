"""The oversight reports against a direct count of the same data, their access, exports and query counts."""

import datetime
import io
import re
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from curriculum.models import Subject
from lms.organisations.models import Job, Organisation, Prefecture
from lms.reports import services
from lms.reports.figures import FIGURES
from lms.reports.models import AreaFigures, StaffYear
from ojt.models import IndividualOjt
from ojt.selectors import ledgers_for
from tests import factories
from tests.clock import at

TODAY = datetime.date(2026, 11, 29)


@pytest.fixture
def country(world, curriculum, frozen):
    """Fukuoka (40) with the world's two centres, Tokyo (13) with one more; hours, a mid-year joiner, plans."""
    frozen.move_to(at(TODAY), tick=False)
    factories.MinimumHoursPolicyFactory(effective_from=datetime.date(2020, 4, 1), ojt_hours=Decimal("50"), offjt_hours=Decimal("50"))
    tokyo = factories.PrefectureFactory(code=13, name="東京都", name_en="Tokyo")
    tokyo_centre = factories.CentreFactory(name="東京テストセンター", prefecture=tokyo)
    tokyo_staff = [factories.person(tokyo_centre, Job.SUPPORTER_INDIVIDUAL) for _ in range(5)]
    joiner = factories.person(world.centre, Job.SUPPORTER_INDIVIDUAL, started_on=datetime.date(2026, 10, 1), email="joiner@example.jp")
    poverty = Subject.objects.get(code="poverty-support")
    # The supporter: 30 h OJT signed off, 40 h Off-JT, 生活困窮者支援論 done in 2021 (renewal due by 31 March 2027).
    IndividualOjt.objects.create(person=world.supporter, date=datetime.date(2026, 6, 10), hours=Decimal("8"), description="x", status="signed_off")
    for month in (7, 8, 9):
        IndividualOjt.objects.create(person=world.supporter, date=datetime.date(2026, month, 5), hours=Decimal("7.5"), description="x", status="signed_off")
    factories.TrainingRecordFactory(person=world.supporter, completed_on=datetime.date(2026, 9, 1), hours=Decimal("40"))
    factories.TrainingRecordFactory(person=world.supporter, subject=poverty, completed_on=datetime.date(2021, 9, 1), hours=Decimal("18"))
    # The joiner: 13 h Off-JT of a pro-rated 25 h minimum.
    factories.TrainingRecordFactory(person=joiner, completed_on=datetime.date(2026, 11, 2), hours=Decimal("13"))
    factories.TrainingRecordFactory(person=tokyo_staff[0], completed_on=datetime.date(2026, 5, 20), hours=Decimal("50"))
    factories.TrainingPlanFactory(person=world.supporter, fiscal_year=2026, status="submitted")
    tokyo_officer = factories.person(factories.OrganisationFactory(kind=Organisation.Kind.PREFECTURE, name="東京都庁", prefecture=tokyo),
                                     Job.PREFECTURE_OFFICER, email="pref.tokyo@example.jp")
    fukuoka_officer = factories.person(factories.OrganisationFactory(kind=Organisation.Kind.PREFECTURE, name="福岡県庁"),
                                       Job.PREFECTURE_OFFICER, email="pref.fukuoka@example.jp")
    services.refresh(2026, TODAY)
    return {"tokyo_centre": tokyo_centre, "joiner": joiner, "tokyo_officer": tokyo_officer, "fukuoka_officer": fukuoka_officer,
            "tokyo_staff": tokyo_staff}


def _staff_in_post(centre_ids):
    from lms.organisations.models import CENTRE_JOBS, Membership

    return set(Membership.objects.current(TODAY).filter(organisation_id__in=centre_ids, job__in=CENTRE_JOBS).values_list("user_id", flat=True))


def test_each_persons_row_has_the_numbers_of_their_own_ledger(world, country):
    rows = {row.person_id: row for row in StaffYear.objects.filter(fiscal_year=2026)}
    people = list(rows and type(world.supporter).objects.filter(pk__in=rows))
    for ledger in ledgers_for(people, 2026, TODAY):
        row = rows[ledger.person.pk]
        assert (row.ojt_hours, row.ojt_minimum, row.offjt_hours, row.offjt_minimum) == (
            ledger.ojt_hours, ledger.ojt_minimum, ledger.offjt_hours, ledger.offjt_minimum)
    supporter, joiner = rows[world.supporter.pk], rows[country["joiner"].pk]
    assert (supporter.ojt_hours, supporter.offjt_hours) == (Decimal("30.5"), Decimal("40"))
    # Joined on 1 October: six months of twelve, so half the minimum; 13 h by November is on pace (pace 8.5 h).
    assert (joiner.offjt_minimum, joiner.offjt_standing) == (Decimal("25"), "on_pace")
    assert joiner.joined_on == datetime.date(2026, 10, 1)
    assert supporter.renewals_due == 1 and supporter.plan_status == "submitted"


def test_the_figures_of_each_level_equal_a_direct_count(world, country):
    def direct(centre_ids):
        people = type(world.supporter).objects.filter(pk__in=_staff_in_post(centre_ids))
        ledgers = ledgers_for(people, 2026, TODAY)
        return {
            "staff": len(ledgers),
            "ojt_met": sum(ledger.ojt_compliant for ledger in ledgers),
            "ojt_behind": sum(ledger.ojt_hours < ledger.ojt_expected for ledger in ledgers),
            "offjt_met": sum(ledger.offjt_compliant for ledger in ledgers),
            "offjt_behind": sum(ledger.offjt_hours < ledger.offjt_expected for ledger in ledgers),
        }

    def stored(area):
        figures = AreaFigures.objects.get(fiscal_year=2026, area=area).figures
        return {key: figures[key] for key in ("staff", "ojt_met", "ojt_behind", "offjt_met", "offjt_behind")}

    fukuoka = [world.centre.pk, world.other_centre.pk]
    assert stored("P40") == direct(fukuoka)
    assert stored("P13") == direct([country["tokyo_centre"].pk])
    assert stored(f"C{world.centre.pk}") == direct([world.centre.pk])
    assert stored("country") == direct(fukuoka + [country["tokyo_centre"].pk])
    assert stored("P13")["offjt_met"] == 1


def test_each_number_links_to_exactly_the_people_it_counts(world, country, login):
    client = login(world.institute_staff)
    country_figures = AreaFigures.objects.get(fiscal_year=2026, area="country").figures
    for figure in FIGURES:
        response = client.get(f"/reports/people/?year=2026&figure={figure}")
        assert response.status_code == 200
        assert response.context["page"].paginator.count == country_figures[figure], figure
    page = client.get("/reports/people/?year=2026&figure=plan_submitted").content.decode()
    assert world.supporter.get_full_name() in page


def test_a_record_of_31_march_counts_in_the_closing_year_and_1_april_in_the_next(world, country, frozen):
    factories.TrainingRecordFactory(person=world.clerk, completed_on=datetime.date(2027, 3, 31), hours=Decimal("50"))
    factories.TrainingRecordFactory(person=world.director, completed_on=datetime.date(2027, 4, 1), hours=Decimal("50"))
    frozen.move_to(at(datetime.date(2027, 4, 1)), tick=False)
    services.refresh(2026)
    rows = {row.person_id: row for row in StaffYear.objects.filter(fiscal_year=2026)}
    assert rows[world.clerk.pk].offjt_standing == "met"
    assert rows[world.director.pk].offjt_hours == 0 and rows[world.director.pk].offjt_standing == "behind"
    # The year is over: final figures, and nobody is on pace.
    figures = AreaFigures.objects.get(fiscal_year=2026, area="country").figures
    assert figures["ojt_on_pace"] == figures["offjt_on_pace"] == 0
    assert figures["offjt_met"] + figures["offjt_behind"] == figures["staff"]


def test_refreshing_twice_gives_the_same_rows(world, country):
    before = sorted(StaffYear.objects.values_list("person_id", "centre_id", "ojt_hours", "offjt_standing"))
    services.refresh(2026, TODAY)
    assert sorted(StaffYear.objects.values_list("person_id", "centre_id", "ojt_hours", "offjt_standing")) == before
    assert AreaFigures.objects.filter(fiscal_year=2026, area="country").count() == 1


def test_who_reads_which_level(world, country, login, client):
    tokyo_centre = country["tokyo_centre"]
    cases = [
        (world.institute_staff, {"/reports/": 200, "/reports/prefectures/40/": 200, "/reports/prefectures/13/": 200,
                                 f"/reports/centres/{tokyo_centre.pk}/": 200, "/reports/research/": 200}),
        # Prefecture A's staff are refused on prefecture B and its centres; their own are open.
        (country["tokyo_officer"], {"/reports/prefectures/13/": 200, f"/reports/centres/{tokyo_centre.pk}/": 200,
                                    "/reports/prefectures/40/": 403, f"/reports/centres/{world.centre.pk}/": 403,
                                    "/reports/prefectures/40/people/?figure=staff": 403, "/reports/research/": 403}),
        (country["fukuoka_officer"], {"/reports/prefectures/40/": 200, "/reports/prefectures/13/": 403,
                                      f"/reports/centres/{tokyo_centre.pk}/people/?figure=staff": 403}),
        (world.director, {f"/reports/centres/{world.centre.pk}/": 200, f"/reports/centres/{world.other_centre.pk}/": 403,
                          "/reports/prefectures/40/": 403}),
        (world.supporter, {f"/reports/centres/{world.centre.pk}/": 403, "/reports/": 403, "/reports/prefectures/40/": 403}),
    ]
    for user, expected in cases:
        signed_in = login(user)
        assert {url: signed_in.get(url).status_code for url in expected} == expected, user.email
    assert login(country["tokyo_officer"]).get("/reports/")["Location"] == "/reports/prefectures/13/"


def test_each_level_links_up_and_down(world, country, login):
    client = login(world.institute_staff)
    page = client.get("/reports/?year=2026").content.decode()
    assert "/reports/prefectures/13/?year=2026" in page
    prefecture = client.get("/reports/prefectures/40/?year=2026").content.decode()
    assert f"/reports/centres/{world.centre.pk}/?year=2026" in prefecture and 'href="/reports/?year=2026"' in prefecture
    centre = client.get(f"/reports/centres/{world.centre.pk}/?year=2026").content.decode()
    assert 'href="/reports/prefectures/40/?year=2026"' in centre
    assert world.supporter.get_full_name() in centre


def test_tables_sort_by_any_column(world, country, login):
    client = login(world.institute_staff)
    table = client.get("/reports/?year=2026&sort=-staff").context["area_table"]
    staff = [row[2].value for row in table.rows]  # name, region, staff
    assert staff == sorted(staff, reverse=True) and staff[0] == 9


def test_a_future_or_junk_year_is_not_found(world, country, login):
    client = login(world.institute_staff)
    assert client.get("/reports/?year=2027").status_code == 404
    assert client.get("/reports/?year=abc").status_code == 404
    assert client.get("/reports/?format=doc").status_code == 404


def test_the_excel_file_reads_back_with_the_year_the_date_and_the_figures(world, country, login):
    client = login(world.institute_staff)
    response = client.get("/reports/?year=2026&format=xlsx&table=prefectures")
    assert response["Content-Disposition"].endswith('FY2026-20261129.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["prefectures"]
    rows = list(sheet.iter_rows(values_only=True))
    assert "2026" in str(rows[1][1]) and rows[2][1] == "2026-11-29" and rows[3][1] == "2026-11-29"
    # Four lines about the file, the table's title, a blank line, then the header.
    assert rows[6][2] == str(FIGURES["staff"].label)
    fukuoka = next(row for row in rows[7:] if row[0] == "福岡県")
    assert fukuoka[2] == AreaFigures.objects.get(fiscal_year=2026, area="P40").staff == 9
    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/reports/?year=2026&format=xlsx").content))
    assert {"summary", "prefectures", "demand", "demand_prefectures", "demand_regions"} <= set(workbook.sheetnames)


def test_csv_neutralises_a_centre_name_a_spreadsheet_would_run(world, country, login):
    world.centre.name = "=HYPERLINK(\"http://evil\")"
    world.centre.save()
    response = login(world.institute_staff).get("/reports/prefectures/40/?year=2026&format=csv&table=centres")
    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")


def test_the_year_end_pdf_reads_back_with_escaped_names(world, country, login, tmp_path):
    world.centre.name = "<b>太字</b>センター"
    world.centre.save()
    response = login(world.institute_staff).get("/reports/prefectures/40/?year=2026&format=pdf")
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "福岡県" in text and "2026" in text and "<b>太字</b>" in text


def test_the_research_data_has_no_names_and_no_count_of_one_to_four_in_any_format(world, country, login):
    from lms.reports.selectors import RESEARCH_COUNTS

    # Five Fukuoka centres of five staff or more (only those count): it may be named; Tokyo, alone in
    # Kanto, may not; and the other Fukuoka centre (two staff) does not count.
    for _ in range(4):
        centre = factories.CentreFactory(prefecture=Prefecture.objects.get(code=40))
        for _ in range(5):
            factories.person(centre, Job.SUPPORTER_INDIVIDUAL)
    services.refresh(2026, TODAY)
    client = login(world.institute_staff)
    page = client.get("/reports/research/?year=2026")
    body = client.get("/reports/research/?year=2026&format=csv&table=research").content.decode("utf-8-sig")
    for person in (world.supporter, world.director):
        assert person.email not in body and person.last_name + " " + person.first_name not in body
    assert world.centre.name not in body

    headers = [key for key, _label in page.context["table"].headers]
    counted = [headers.index(key) for key in ["staff", *RESEARCH_COUNTS]]
    from_page = [[cell.value for cell in row] for row in page.context["table"].rows]
    from_csv = [line.split(",") for line in body.splitlines() if re.match(r"^C[0-9A-F]{10}$", line.split(",")[0])]
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/reports/research/?year=2026&format=xlsx&table=research").content))["research"]
    from_excel = [list(row) for row in sheet.iter_rows(values_only=True) if isinstance(row[0], str) and re.match(r"^C[0-9A-F]{10}$", row[0])]
    assert len(from_page) == len(from_csv) == len(from_excel) == 7
    for rows in (from_page, from_csv, from_excel):
        counts = [int(row[index]) for row in rows for index in counted if row[index] not in (None, "", "—")]
        assert counts and not [count for count in counts if 0 < count < 5]
    # The other Fukuoka centre has two staff: its row is blank throughout.
    small = [row for row in from_csv if row[3] == ""]
    assert len(small) == 1 and all(set(row[3:]) == {""} for row in small)
    # The world's centre has seven staff, one of them a supervisor past five years: not a published count.
    kitakyushu = next(row for row in from_csv if row[3] == "7")
    assert kitakyushu[headers.index("supervisor_overdue")] == ""
    assert {row[1] for row in from_csv} == {"福岡県", ""} and "東京都" not in body
    tokyo = next(row for row in from_csv if row[1] == "")
    assert tokyo[2] == "" and tokyo[3] == "5"  # no region either: Kanto has one centre here


def test_next_years_demand_counts_the_supporters_renewal(world, country, login):
    factories.TrainingSessionFactory(subject=Subject.objects.get(code="poverty-support"), is_refresher=True, capacity=40,
                                     status="published", days=[datetime.date(2027, 6, 1)])
    # This year's sessions are not next year's places.
    factories.TrainingSessionFactory(subject=Subject.objects.get(code="poverty-support"), is_refresher=True, capacity=80, status="published")
    table = login(world.institute_staff).get("/reports/?year=2026").context["demand_tables"][0]
    poverty = next(row for row in table.rows if row[0].value == Subject.objects.get(code="poverty-support").name)
    renewal, refresher_places = poverty[2].value, poverty[8].value
    assert renewal == 0  # due by 31 March 2027: if not renewed by then it is overdue, counted under "lapsed"
    assert poverty[3].value == 1 and refresher_places == 40


def _grow(count, prefecture):
    for _ in range(count):
        centre = factories.CentreFactory(prefecture=prefecture)
        for job in (Job.DIRECTOR, Job.SUPERVISOR, Job.SUPPORTER_INDIVIDUAL):
            person = factories.person(centre, job)
            factories.TrainingRecordFactory(person=person, completed_on=datetime.date(2026, 6, 1), hours=Decimal("10"))


def test_report_pages_use_a_fixed_number_of_queries(world, country, login):
    client = login(world.institute_staff)
    urls = ["/reports/?year=2026", "/reports/prefectures/40/?year=2026", f"/reports/centres/{world.centre.pk}/?year=2026",
            "/reports/people/?year=2026&figure=staff", "/certificates/"]

    def counts():
        result = {}
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result[url] = len(queries)
        return result

    small = counts()
    _grow(6, Prefecture.objects.get(code=40))
    _grow(4, Prefecture.objects.get(code=13))
    services.refresh(2026, TODAY)
    assert counts() == small
    assert max(small.values()) <= 15, small


def test_national_lists_searches_and_exports_use_the_same_queries_at_two_sizes(world, country, login):
    """Issue 32: the lists and files that grew with the country (a director's certificates, searches by
    name and serial, the directory, the research page and files, the people behind a figure)."""
    from lms.certificates import services as certificate_services

    institute, director = world.institute_staff, world.director
    world.supporter.last_name = "テスト"  # whom the search by name finds
    world.supporter.save()
    for person in (world.supporter, world.director):
        record = factories.TrainingRecordFactory(person=person, subject=Subject.objects.get(code="community-life-support"),
                                                 completed_on=datetime.date(2026, 6, 1), hours=Decimal("18"), status="verified", kind="central")
        certificate_services.issue_certificate(record=record, by=world.institute_staff)
    pages = [
        (institute, "/certificates/?q=%E3%83%86%E3%82%B9%E3%83%88"), (institute, "/certificates/?q=2026-0000"), (director, "/certificates/"),
        (director, "/certificates/?format=csv"), (institute, "/directory/people/"), (institute, "/reports/research/?year=2026"),
        (institute, "/reports/research/?year=2026&format=csv&table=research"),
        (institute, "/reports/research/?year=2026&format=xlsx&table=research"),
        (institute, "/reports/people/?year=2026&figure=staff&format=csv"),
    ]

    def counts():
        result = {}
        for user, url in pages:
            client = login(user)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
                body = b"".join(response.streaming_content) if response.streaming else response.content
            assert response.status_code == 200 and body, url
            result[url] = len(queries)
        return result

    small = counts()
    _grow(6, Prefecture.objects.get(code=40))
    _grow(4, Prefecture.objects.get(code=13))
    for person in get_user_model().objects.filter(memberships__organisation__prefecture_id=40).distinct()[:12]:
        person.last_name = "テスト"  # found by the search too
        person.save()
    services.refresh(2026, TODAY)
    assert counts() == small


def test_a_missing_year_is_computed_on_first_visit_and_says_so(world, country, login, django_capture_on_commit_callbacks):
    client = login(world.institute_staff)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get("/reports/?year=2025").content.decode()
    assert "計算中" in page
    page = client.get("/reports/?year=2025").content.decode()
    assert "2025" in page and AreaFigures.objects.filter(fiscal_year=2025, area="country").exists()


def test_someone_at_two_centres_counts_once_and_each_centre_sees_its_own_job(world, country, login):
    from lms.organisations.models import Membership

    Membership.objects.create(user=world.supporter, organisation=country["tokyo_centre"], job=Job.CLERICAL, started_on=datetime.date(2024, 4, 1))
    services.refresh(2026, TODAY)
    rows = {row.centre_id: row for row in StaffYear.objects.filter(person=world.supporter)}
    assert rows[world.centre.pk].jobs == Job.SUPPORTER_INDIVIDUAL and rows[country["tokyo_centre"].pk].jobs == Job.CLERICAL
    assert rows[world.centre.pk].ojt_hours == rows[country["tokyo_centre"].pk].ojt_hours  # one ledger, whichever centre
    figures = {area.area: area.staff for area in AreaFigures.objects.filter(fiscal_year=2026)}
    assert figures["country"] == figures["P40"] + figures["P13"] - 1
    client = login(world.institute_staff)
    everyone = client.get("/reports/people/?year=2026&figure=staff").context["page"].paginator.count
    assert everyone == figures["country"]
    tokyo = client.get("/reports/prefectures/13/people/?year=2026&figure=staff").content.decode()
    assert world.supporter.get_full_name() in tokyo


def test_a_recount_asked_for_is_not_repeated_until_it_is_done_or_given_up(world, country, frozen, django_capture_on_commit_callbacks):
    from lms.reports.models import Refresh
    from lms.reports.rules import REFRESH_GIVEN_UP_AFTER

    with django_capture_on_commit_callbacks(execute=False):
        assert services.request_refresh(2026) is True
        assert services.request_refresh(2026) is False
    # The worker never came back: after the grace period a new request goes through.
    frozen.move_to(at(TODAY) + REFRESH_GIVEN_UP_AFTER + datetime.timedelta(minutes=1), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.request_refresh(2026) is True
    run = Refresh.objects.get(fiscal_year=2026)
    assert run.finished_at >= run.requested_at


def test_after_the_year_the_tables_say_not_met_instead_of_behind(world, country, frozen, login):
    frozen.move_to(at(datetime.date(2027, 4, 2)), tick=False)
    services.refresh(2026)
    headers = [label for _key, label in login(world.institute_staff).get("/reports/?year=2026").context["area_table"].headers]
    assert any("未達" in label for label in headers)
    assert not any("ペース" in label for label in headers)


def test_the_page_cache_never_outlives_a_recount_or_a_new_session(world, country, login):
    client = login(world.institute_staff)
    assert "summary" in client.get("/reports/prefectures/40/?year=2026").context
    assert "summary" not in client.get("/reports/prefectures/40/?year=2026").context  # the second view comes from the cache
    factories.person(world.centre, Job.CLERICAL, email="new.clerk@example.jp")
    services.refresh(2026, TODAY)
    staff = AreaFigures.objects.get(fiscal_year=2026, area="P40").staff
    after = client.get("/reports/prefectures/40/?year=2026")
    assert after.context["summary"].rows[0][1].value == staff == 10
    factories.TrainingSessionFactory(subject=Subject.objects.get(code="poverty-support"), capacity=77, status="published",
                                     days=[datetime.date(2027, 5, 10)])
    assert ">77<" in client.get("/reports/prefectures/40/?year=2026").content.decode()


def test_an_overdue_supervisor_is_counted_at_every_level_whichever_centre_comes_first(world, country, login):
    from lms.organisations.models import Membership

    # A clerk at the Fukuoka centre (the lower id) who has supervised in Tokyo since 2019.
    person = factories.person(world.centre, Job.CLERICAL, email="two.jobs@example.jp")
    Membership.objects.create(user=person, organisation=country["tokyo_centre"], job=Job.SUPERVISOR, started_on=datetime.date(2019, 4, 1))
    assert world.centre.pk < country["tokyo_centre"].pk
    services.refresh(2026, TODAY)
    figures = {area.area: area.figures["supervisor_overdue"] for area in AreaFigures.objects.filter(fiscal_year=2026)}
    assert figures["P13"] == figures[f"C{country['tokyo_centre'].pk}"] == 1
    assert figures["country"] == figures["P40"] + figures["P13"]
    client = login(world.institute_staff)
    for url in ("/reports/people/?year=2026&figure=supervisor_overdue", "/reports/prefectures/13/people/?year=2026&figure=supervisor_overdue"):
        assert person.get_full_name() in client.get(url).content.decode()
    assert person.get_full_name() not in client.get("/reports/prefectures/40/people/?year=2026&figure=supervisor_overdue").content.decode()


def test_the_cached_page_changes_its_columns_when_the_year_ends(world, country, login, frozen):
    frozen.move_to(at(datetime.date(2027, 3, 31), hour=23, minute=30), tick=False)
    services.refresh(2026)
    client = login(world.institute_staff)
    assert "ojt_on_pace" in [key for key, _label in client.get("/reports/?year=2026").context["area_table"].headers]
    frozen.move_to(at(datetime.date(2027, 4, 1), hour=0, minute=30), tick=False)
    response = client.get("/reports/?year=2026")
    assert "ojt_on_pace" not in [key for key, _label in response.context["area_table"].headers]


def test_junk_sort_orders_are_not_cached_apart(world, country, login):
    from django.core.cache import cache

    client = login(world.institute_staff)
    client.get("/reports/?year=2026")
    assert "summary" not in client.get("/reports/?year=2026&sort=junk1").context
    assert "summary" not in client.get("/reports/?year=2026&sort=-junk2").context
    cache.clear()


def test_the_year_end_pdf_dates_in_the_era_rounds_its_axis_and_draws_no_empty_rows(world, country, login):
    from tests.pdf import overlapping_characters, text_of

    for code, name in ((1, "北海道"), (2, "青森県")):  # prefectures with no centre yet
        factories.PrefectureFactory(code=code, name=name, name_en=name)
    content = login(world.institute_staff).get("/reports/?year=2026&format=pdf").content
    found = text_of(content)
    assert "集計基準日：令和8年11月29日（2026年11月29日）" in found.replace(" ", "")
    assert "14h" not in found and "55h" not in found and "20h" in found  # 0/20/40/60, not 0/14/28/41/55
    assert "順調（%）" in found.replace(" ", "").replace("\n", "")
    # Only the prefectures with staff (Fukuoka, Tokyo) are drawn; the two without are said, not drawn.
    assert "在職者がいない2地域は描いていません" in found.replace(" ", "")
    assert overlapping_characters(content) == []


def test_the_research_table_kept_between_views_is_recounted_with_the_figures(world, country, login):
    client = login(world.institute_staff)

    def staff_of_the_largest_centre():
        table = client.get("/reports/research/?year=2026").context["table"]
        column = [key for key, _label in table.headers].index("staff")
        return max(row[column].value for row in table.rows if row[column].value is not None)

    before = staff_of_the_largest_centre()
    assert staff_of_the_largest_centre() == before  # the kept table, read again
    for _ in range(3):
        factories.person(world.centre, Job.SUPPORTER_INDIVIDUAL)
    assert staff_of_the_largest_centre() == before  # figures are as of the last recount
    services.refresh(2026, TODAY)
    assert staff_of_the_largest_centre() == before + 3
