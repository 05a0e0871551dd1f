import datetime
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from lms.training.models import TrainingRecord
from tests import factories

pytestmark = pytest.mark.django_db


def record(person, completed_on, hours="6.0", status=TrainingRecord.Status.VERIFIED, title="生活困窮者支援論", **extra):
    return factories.TrainingRecordFactory(
        person=person, title=title, kind=extra.pop("kind", TrainingRecord.Kind.CENTRAL), started_on=completed_on,
        completed_on=completed_on, hours=Decimal(hours), status=status, **extra,
    )


def pdf_text(content, tmp_path):
    path = tmp_path / "handbook.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_handbook_groups_by_fiscal_year_with_offjt_hours(login, world):
    record(world.supporter, datetime.date(2027, 3, 31), hours="40.0")
    record(world.supporter, datetime.date(2027, 4, 1), hours="12.0", title="県の社会福祉行政職員研修", kind=TrainingRecord.Kind.PREFECTURAL)
    record(world.supporter, datetime.date(2026, 6, 1), hours="12.0", title="未確認の研修", status=TrainingRecord.Status.PENDING)
    content = login(world.supporter).get(reverse("handbook")).content.decode()
    assert "2026年度" in content and "2027年度" in content
    # FY2026 holds the verified 40 h (31 March); FY2027 the 12 h from 1 April; the pending record counts nowhere.
    assert "Off-JT：40.0 時間（年間最低 50 時間）" in content
    assert "Off-JT：12.0 時間（年間最低 50 時間）" in content
    # The pending training is listed but its hours do not count yet.
    assert "未確認の研修" in content and "確認待ち" in content


@pytest.mark.parametrize("viewer", ["supporter", "director", "supervisor", "institute_staff"])
def test_who_may_read_a_handbook(login, world, viewer):
    response = login(getattr(world, viewer)).get(reverse("handbook_person", args=[world.supporter.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("viewer", ["community_supporter", "coordinator", "clerk", "other_director", "other_supporter", "lecturer"])
def test_everyone_else_is_refused(login, world, viewer):
    client = login(getattr(world, viewer))
    for name in ("handbook_person", "handbook_person_pdf", "handbook_person_csv"):
        assert client.get(reverse(name, args=[world.supporter.pk])).status_code == 403


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("handbook_person", args=[world.supporter.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_pdf_is_japanese_text_readable_with_pdftotext(login, world, tmp_path):
    record(world.supporter, datetime.date(2026, 9, 12), hours="18.0")
    response = login(world.supporter).get(reverse("handbook_pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert world.supporter.get_full_name().replace(" ", "") in text.replace(" ", "")
    assert "研修手帳" in text and "生活困窮者支援論" in text and "2026年度" in text and "18.0" in text


def test_csv_has_a_bom_and_one_row_per_entry(login, world):
    record(world.supporter, datetime.date(2026, 9, 12), hours="18.0")
    content = login(world.supporter).get(reverse("handbook_csv")).content.decode("utf-8")
    assert content.startswith("\ufeff")
    lines = content.strip().splitlines()
    assert len(lines) == 2 and "生活困窮者支援論" in lines[1] and "18.0" in lines[1]


def test_handbook_query_count_is_fixed(login, world, django_assert_max_num_queries):
    client = login(world.supporter)
    record(world.supporter, datetime.date(2025, 9, 1))
    client.get(reverse("handbook"))
    with django_assert_max_num_queries(40) as baseline:
        client.get(reverse("handbook"))
    for year in range(2015, 2025):
        record(world.supporter, datetime.date(year, 9, 1))
        factories.TrainingPlanFactory(person=world.supporter, fiscal_year=year)
    # The same queries for eleven years of records and plans as for one: nothing per year or per row.
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        assert "2015" in client.get(reverse("handbook")).content.decode()


def test_pdf_dates_and_statuses_keep_to_their_columns(login, world, tmp_path):
    """The longest dates (10 and 31 December) no longer run into the training's title, and a status stays on one line."""
    from ojt.models import IndividualOjt
    from tests.pdf import overlapping_characters

    for day in (datetime.date(2026, 12, 10), datetime.date(2026, 10, 31)):
        record(world.supporter, day, hours="6.0", title="ケース検討（事例の見立てと支援方針）")
        IndividualOjt.objects.create(person=world.supporter, date=day, hours=Decimal("1"), description="個別スーパービジョン", status="signed_off")
    content = login(world.supporter).get(reverse("handbook_pdf")).content
    assert overlapping_characters(content) == []
    lines = pdf_text(content, tmp_path).splitlines()
    statuses = [line for line in lines if "確認済" in line or "承認済" in line]
    assert statuses and all(("確認済み" in line or "承認済み" in line) for line in statuses)


def test_the_minimum_hours_policies_are_read_once_a_request_and_afresh_on_the_next(login, world):
    """The handbook's sections, its ledger and its summaries all ask for the hours policies: one
    query serves them within a request, and a policy changed since shows on the next request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ojt.models import MinimumHoursPolicy

    client = login(world.supporter)
    record(world.supporter, datetime.date(2025, 9, 1))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("handbook"))
    assert sum('FROM "ojt_minimumhourspolicy"' in query["sql"] for query in queries) == 1
    MinimumHoursPolicy.objects.create(effective_from=datetime.date(2025, 4, 1), ojt_hours=Decimal("50"), offjt_hours=Decimal("42"))
    assert "年間最低 42" in client.get(reverse("handbook")).content.decode()
