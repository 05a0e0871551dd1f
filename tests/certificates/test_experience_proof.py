"""The proof of practical experience (実務経験証明書): issued by the institute from a person's job
history, as a PDF read back with pdftotext, and verifiable at /verify/<code>/ as it was issued."""

import datetime
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lms.certificates import services
from lms.certificates.models import ExperienceProof
from lms.organisations.models import Job, Membership
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.today(datetime.date(2026, 12, 6))]


@pytest.fixture
def career(world):
    """The supporter's history: supporter at the Kitakyushu centre from 1 April 2022 to 31 March 2024,
    then at the Nerima centre from 1 April 2024 (a move, no gap), chief supporter there from
    1 October 2025 while still a supporter; a spell as clerk before, which does not count."""
    person = world.supporter
    Membership.objects.filter(user=person).delete()
    for centre, job, started, ended in (
        (world.centre, Job.CLERICAL, datetime.date(2021, 4, 1), datetime.date(2022, 3, 31)),
        (world.centre, Job.SUPPORTER_INDIVIDUAL, datetime.date(2022, 4, 1), datetime.date(2024, 3, 31)),
        (world.other_centre, Job.SUPPORTER_COMMUNITY, datetime.date(2024, 4, 1), None),
        (world.other_centre, Job.SUPERVISOR, datetime.date(2025, 10, 1), None),
    ):
        factories.MembershipFactory(user=person, organisation=centre, job=job, started_on=started, ended_on=ended)
    return person


def test_the_institute_issues_it_from_the_job_history_counted_once_per_day(world, career):
    proof = services.issue_experience_proof(person=career, by=world.institute_staff)
    # 1 April 2022 to 6 December 2026: 4 years 8 months and 6 days (under a month, not counted).
    assert (proof.years_and_months, proof.days) == ((4, 8), 6)
    assert [period["job"] for period in proof.periods] == [Job.SUPPORTER_INDIVIDUAL, Job.SUPPORTER_COMMUNITY, Job.SUPERVISOR]
    assert proof.periods[-1]["to"] == "2026-12-06" and proof.periods[-1]["current"] is True
    for outsider in (world.director, world.supporter, world.lecturer):
        with pytest.raises(PermissionDenied):
            services.issue_experience_proof(person=career, by=outsider)
    with pytest.raises(ValidationError):
        services.issue_experience_proof(person=world.clerk, by=world.institute_staff)


def test_the_pdf_reads_back_and_the_verify_page_shows_what_was_certified(client, login, world, career, tmp_path, settings):
    import zxingcpp
    from PIL import Image

    settings.INSTITUTE_SIGNING_KEY_FILE = str(tmp_path / "key.pem")
    response = login(world.institute_staff).post(f"/certificates/experience/{career.pk}/")
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "experience.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.replace(" ", "").replace("\n", "")
    for expected in ("実務経験証明書", career.get_full_name().replace(" ", ""), "主任相談支援員", "相談支援員（対社会）",
                     "練馬テストセンター", "4年8か月", "民法第143条", "2022年4月1日"):
        assert expected in text, expected
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    [barcode] = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))
    proof = ExperienceProof.objects.get()
    assert barcode.text == proof.verification_url()
    Membership.objects.filter(user=career, job=Job.SUPPORTER_INDIVIDUAL).update(started_on=datetime.date(2023, 4, 1))  # corrected later
    page = client.get(f"/verify/{proof.code}/").content.decode()
    assert "本物の実務経験証明書です" in page and "4 年 8 か月" in page and "2022年4月1日" in page  # as issued
    verdict = client.post("/verify/", {"presented": proof.verification_url()}).content.decode()
    assert "本物です" in verdict and "実務経験の証明書" in verdict


def test_a_person_with_no_counted_job_gets_the_reason_not_a_pdf(login, world):
    response = login(world.institute_staff).post(f"/certificates/experience/{world.clerk.pk}/", follow=True)
    assert "証明できる実務経験がありません" in response.content.decode() and not ExperienceProof.objects.exists()


def test_user_text_in_the_pdf_is_escaped(login, world, career, tmp_path, settings):
    settings.INSTITUTE_SIGNING_KEY_FILE = str(tmp_path / "key.pem")
    world.other_centre.name = "<b>練馬</b> & <font size=40>センター"
    world.other_centre.save()
    pdf = tmp_path / "experience.pdf"
    pdf.write_bytes(login(world.institute_staff).post(f"/certificates/experience/{career.pk}/").content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "<b>練馬</b>" in text.replace("\n", "") or "<b>練馬</b>&" in text.replace(" ", "").replace("\n", "")


def test_the_verify_page_shows_the_proof_as_printed(client, world, career):
    proof = services.issue_experience_proof(person=career, by=world.institute_staff)
    certified_name = career.get_full_name()
    career.last_name = "改姓"
    career.save()
    page = client.get(f"/verify/{proof.code}/").content.decode()
    assert certified_name in page and "改姓" not in page
    assert "相談支援員（対社会）" in page and "主任相談支援員" in page and "2022年4月1日" in page
