import datetime
import json
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from joserfc.errors import BadSignatureError

from curriculum.models import RenewalPolicy
from lms.audit.models import AuditEntry
from lms.certificates import badges, services
from lms.certificates.models import Certificate

pytestmark = pytest.mark.django_db


def test_serials_are_sequential_per_year_and_audited(world, completion):
    first = services.issue_certificate(record=completion(world.supporter), by=world.institute_staff, today=datetime.date(2026, 7, 1))
    second = services.issue_certificate(record=completion(world.clerk), by=world.institute_staff, today=datetime.date(2026, 7, 1))
    assert (first.serial, second.serial) == ("2026-000001", "2026-000002")
    assert first.code != second.code and len(first.code) >= 20
    assert AuditEntry.objects.filter(action=Certificate.AuditAction.ISSUED).count() == 2


def test_only_the_institute_issues_and_only_once(world, completion):
    record = completion(world.supporter)
    for user in (world.director, world.lecturer, world.supporter):
        with pytest.raises(PermissionDenied):
            services.issue_certificate(record=record, by=user)
    services.issue_certificate(record=record, by=world.institute_staff)
    with pytest.raises(ValidationError):
        services.issue_certificate(record=record, by=world.institute_staff)


def test_refresher_supersedes_and_the_chain_stays_verifiable(client, world, completion):
    old = services.issue_certificate(record=completion(world.supporter, datetime.date(2021, 6, 1)), by=world.institute_staff)
    new = services.issue_certificate(record=completion(world.supporter, datetime.date(2026, 2, 1), refresher=True), by=world.institute_staff)
    assert new.supersedes == old
    content = client.get(f"/verify/{old.code}/").content.decode()
    assert new.serial in content


def test_refresher_after_a_lapse_follows_the_policy(world, completion):
    services.issue_certificate(record=completion(world.supporter, datetime.date(2019, 6, 1)), by=world.institute_staff)
    late = completion(world.supporter, datetime.date(2026, 6, 1), refresher=True)
    with pytest.raises(ValidationError, match="2025年3月31日"):
        services.issue_certificate(record=late, by=world.institute_staff)
    RenewalPolicy.objects.filter(subject__code="poverty-support").update(after_lapse=RenewalPolicy.AfterLapse.REFRESHER)
    assert services.issue_certificate(record=late, by=world.institute_staff).supersedes is not None


def test_revocation_needs_a_reason_and_shows_on_verification(client, world, completion):
    certificate = services.issue_certificate(record=completion(world.supporter), by=world.institute_staff)
    with pytest.raises(ValidationError):
        services.revoke_certificate(certificate=certificate, by=world.institute_staff, reason=" ")
    with pytest.raises(PermissionDenied):
        services.revoke_certificate(certificate=certificate, by=world.director, reason="x")
    services.revoke_certificate(certificate=certificate, by=world.institute_staff, reason="誤登録")
    assert "取り消し" in client.get(f"/verify/{certificate.code}/").content.decode()
    assert Certificate.objects.filter(pk=certificate.pk).exists()


def test_verification_page_shows_no_more_than_the_certificate(client, world, completion):
    certificate = services.issue_certificate(record=completion(world.supporter), by=world.institute_staff)
    content = client.get(f"/verify/{certificate.code}/").content.decode()
    assert world.supporter.get_full_name() in content and "生活困窮者支援論" in content and "有効" in content
    assert world.supporter.email not in content and world.centre.name not in content
    assert client.get("/verify/not-a-real-code/").status_code == 404


def test_open_badges_json_validates_and_the_jwt_verifies(client, world, completion, settings):
    import jsonschema
    from joserfc import jwt
    from joserfc.jwk import KeySet

    certificate = services.issue_certificate(record=completion(world.supporter), by=world.institute_staff)
    document = client.get(f"/verify/{certificate.code}/?format=json").json()
    schema = json.loads((settings.OPENBADGES_DIR / "achievementcredential.schema.json").read_text())
    jsonschema.validate(document, schema)
    token = client.get(f"/verify/{certificate.code}/?format=jwt").content.decode()
    keys = KeySet.import_key_set(client.get("/verify/keys.json").json())
    decoded = jwt.decode(token, keys)
    assert decoded.claims["id"] == document["id"] and decoded.header["alg"] == "RS256"
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(BadSignatureError):
        jwt.decode(tampered, keys)


def test_pdf_has_the_japanese_text_and_a_qr_code_to_the_verification_address(login, world, completion, tmp_path):
    import zxingcpp
    from PIL import Image

    certificate = services.issue_certificate(record=completion(world.supporter), by=world.institute_staff, today=datetime.date(2026, 7, 1))
    response = login(world.supporter).get(f"/certificates/{certificate.pk}/certificate.pdf")
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = text.replace(" ", "")
    for expected in ("修了証", "生活困窮者支援論", "令和8年7月1日", "2026年7月1日", "18.0", certificate.serial):
        assert expected in text, expected
    assert world.supporter.get_full_name().replace(" ", "") in text
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    [barcode] = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))
    assert barcode.text == certificate.verification_url()


def test_who_sees_which_certificates(login, world, completion):
    certificate = services.issue_certificate(record=completion(world.supporter), by=world.institute_staff)
    url = f"/certificates/{certificate.pk}/"
    for user in (world.supporter, world.director, world.institute_staff):
        assert login(user).get(url).status_code == 200
    for user in (world.community_supporter, world.other_director, world.lecturer):
        assert login(user).get(url).status_code == 404
        assert certificate.serial not in login(user).get("/certificates/").content.decode()


def test_signing_key_is_created_once(settings):
    first = badges.institute_key().thumbprint()
    assert badges.institute_key().thumbprint() == first


def test_institute_issues_one_certificate_from_the_record_page(login, world, completion):
    record = completion(world.supporter)
    assert login(world.director).post(f"/certificates/records/{record.pk}/issue/").status_code == 403
    response = login(world.institute_staff).post(f"/certificates/records/{record.pk}/issue/", follow=True)
    assert "修了証を発行しました" in response.content.decode()
    again = login(world.institute_staff).post(f"/certificates/records/{record.pk}/issue/", follow=True)
    assert "発行済み" in again.content.decode() and Certificate.objects.count() == 1


def test_proof_of_training_history_is_a_verifiable_pdf(client, login, world, completion, tmp_path, settings):
    import zxingcpp
    from PIL import Image

    completion(world.supporter, datetime.date(2025, 6, 12))
    completion(world.supporter, datetime.date(2026, 6, 12), code="community-life-support")
    assert login(world.director).post(f"/certificates/history/{world.supporter.pk}/").status_code == 403
    response = login(world.institute_staff).post(f"/certificates/history/{world.supporter.pk}/")
    pdf = tmp_path / "history.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "研修修了の証明書" in text and "2025年6月12日" in text and "2026年6月12日" in text
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    [barcode] = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))
    client.logout()
    page = client.get(barcode.text.removeprefix(settings.SITE_URL)).content.decode()
    assert "本物の研修修了の証明書です" in page and world.supporter.get_full_name() in page


def test_institute_list_filters_by_prefecture_session_and_expiry_month(login, world, completion):
    services.issue_certificate(record=completion(world.supporter, datetime.date(2021, 10, 1)), by=world.institute_staff)
    client = login(world.institute_staff)
    assert world.supporter.get_full_name() in client.get("/certificates/?expires=2027-03").content.decode()
    assert world.supporter.get_full_name() not in client.get("/certificates/?expires=2027-04").content.decode()
    assert world.supporter.get_full_name() in client.get("/certificates/?prefecture=40").content.decode()
    assert world.supporter.get_full_name() not in client.get("/certificates/?prefecture=13").content.decode()


def test_each_answer_of_the_verify_address_varies_on_accept(client, world, completion):
    """The page, the JSON and the JWT share one address: a shared cache must not give a browser the JSON."""
    certificate = services.issue_certificate(record=completion(world.supporter), by=world.institute_staff)
    url = f"/verify/{certificate.code}/"
    answers = {
        "text/html": "text/html; charset=utf-8",
        "application/ld+json": "application/ld+json",
        "application/vc+ld+json": "application/vc+ld+json",
        "application/json": "application/json",
        "application/vc+jwt": "application/vc+jwt",
    }
    for accept, content_type in answers.items():
        response = client.get(url, HTTP_ACCEPT=accept)
        assert response["Content-Type"] == content_type, accept
        assert "Accept" in [part.strip() for part in response["Vary"].split(",")], accept
    assert client.get(f"{url}?format=json")["Content-Type"] == "application/vc+ld+json"


def test_the_public_page_says_why_the_renewal_deadline_is_what_it_is(client, world, completion):
    from lms.certificates import selectors

    certificate = services.issue_certificate(record=completion(world.supporter, datetime.date(2026, 6, 1)), by=world.institute_staff)
    [certificate] = selectors.with_status([certificate], datetime.date(2026, 7, 1))
    assert certificate.terms is not None  # 生活困窮者支援論 has a renewal policy
    page = client.get(f"/verify/{certificate.code}/").content.decode()
    assert certificate.terms.explanation() in page and "2026年6月1日" in page


def test_a_very_long_name_stays_inside_the_certificates_border(login, world, completion):
    import io

    import pdfplumber
    from reportlab.lib.units import mm

    from tests.pdf import overlapping_characters

    world.supporter.last_name, world.supporter.first_name = "長" * 150, "名" * 150
    world.supporter.save()
    certificate = services.issue_certificate(record=completion(world.supporter), by=world.institute_staff)
    content = login(world.supporter).get(f"/certificates/{certificate.pk}/certificate.pdf").content
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        page = pdf.pages[0]
        names = [char for char in page.chars if char["text"] in "長名"]
        assert names and min(char["x0"] for char in names) > 15 * mm and max(char["x1"] for char in names) < page.width - 15 * mm
    assert overlapping_characters(content) == []


def test_both_proofs_give_their_dates_in_the_japanese_era_and_the_western_calendar(login, world, completion, tmp_path):
    from tests.pdf import overlapping_characters, text_of

    completion(world.supporter, datetime.date(2025, 6, 12))
    client = login(world.institute_staff)
    for url, dates in ((f"/certificates/history/{world.supporter.pk}/", ("令和7年6月12日", "2025年6月12日")),
                       (f"/certificates/experience/{world.supporter.pk}/", ("令和2年4月1日", "2020年4月1日"))):
        content = client.post(url).content
        found = text_of(content).replace(" ", "").replace("\n", "")
        assert all(date in found for date in dates), url
        assert overlapping_characters(content) == [], url
