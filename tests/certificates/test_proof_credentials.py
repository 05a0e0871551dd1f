"""Both proofs issued on request (of training history, of practical experience) verify by machine as a
certificate does: a credential with an eddsa-rdfc-2022 proof, a VC-JWT, a place in a revocation list
that the institute's revocation sets at once, and the verifier wallets use accepts them."""

import datetime
import json

import jwt as pyjwt
import pytest
from django.core.exceptions import PermissionDenied

from lms.certificates import services

from .test_credentials import get_json, proof_verifies, status_bit
from .test_wallet_verifier import wallet  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.today(datetime.date(2026, 12, 6))]


@pytest.fixture
def proofs(world, completion):
    completion(world.supporter, datetime.date(2025, 6, 12))
    history = services.issue_history_proof(person=world.supporter, by=world.institute_staff)
    experience = services.issue_experience_proof(person=world.supporter, by=world.institute_staff)
    return history, experience


def test_each_proof_answers_json_with_a_proof_and_a_jwt_by_accept(client, proofs):
    for proof in proofs:
        url = f"/verify/{proof.code}/"
        document = get_json(client, url, accept="application/ld+json")
        assert proof_verifies(client, document), proof
        assert document["id"] == proof.verification_url() and document["credentialSubject"]["name"] == proof.name
        token = client.get(url, HTTP_ACCEPT="application/vc+jwt").content.decode()
        key = pyjwt.PyJWK(get_json(client, pyjwt.get_unverified_header(token)["kid"], accept="application/jwk+json")).key
        assert pyjwt.decode(token, key, algorithms=["RS256"])["jti"] == document["id"]
        assert client.get(url, HTTP_ACCEPT="application/json")["Content-Type"] == "application/json"


def test_what_each_proof_certified_is_in_its_credential(client, proofs):
    history, experience = proofs
    narrative = get_json(client, f"/verify/{history.code}/")["credentialSubject"]["achievement"]["criteria"]["narrative"]
    assert "生活困窮者支援論" in narrative and "2025年6月12日修了" in narrative and "18.0時間" in narrative
    narrative = get_json(client, f"/verify/{experience.code}/")["credentialSubject"]["achievement"]["criteria"]["narrative"]
    # The supporter's one job, since 1 April 2020 (tests/factories.py), counted to the day of issue.
    assert "相談支援員（対個人）（北九州テストセンター）2020年4月1日〜現在" in narrative and "通算：6年8か月" in narrative


def test_the_accept_headers_preference_is_honoured(client, proofs, world, completion):
    certificate = services.issue_certificate(record=completion(world.supporter), by=world.institute_staff)
    for code in (certificate.code, proofs[0].code):
        prefers_page = client.get(f"/verify/{code}/", HTTP_ACCEPT="text/html, application/json;q=0.1")
        assert prefers_page["Content-Type"].startswith("text/html")
        prefers_jwt = client.get(f"/verify/{code}/", HTTP_ACCEPT="application/json;q=0.5, application/vc+jwt")
        assert prefers_jwt["Content-Type"] == "application/vc+jwt"
        assert client.get(f"/verify/{code}/", HTTP_ACCEPT="*/*")["Content-Type"].startswith("text/html")


def test_revoking_a_proof_sets_its_bit_and_its_pages_say_so(client, login, proofs, world):
    history, experience = proofs
    kept = [get_json(client, f"/verify/{proof.code}/") for proof in proofs]
    assert [status_bit(client, document["credentialStatus"]) for document in kept] == [False, False]
    assert kept[0]["credentialStatus"]["statusListCredential"].endswith("/verify/status/history/1/")

    institute = login(world.institute_staff)
    url = f"/certificates/proofs/experience/{experience.pk}/revoke/"
    asked = institute.get(url).content.decode()
    assert "この証明書を取り消しますか" in asked and "取り消しは元に戻せません" in asked
    assert institute.post(url, {"reason": "在職期間の誤り", "confirmed": "yes"}).status_code == 302
    assert [status_bit(client, document["credentialStatus"]) for document in kept] == [False, True]
    page = client.get(f"/verify/{experience.code}/").content.decode()
    assert "実務経験証明書の照会" in page and "取り消されています" in page and "修了証の照会" not in page
    assert "取り消し" in get_json(client, f"/verify/{experience.code}/")["description"]
    verdict = client.post("/verify/", {"presented": json.dumps(kept[1])}).content.decode()
    assert "取り消されています" in verdict


@pytest.mark.parametrize("role", ["director", "supporter", "lecturer"])
def test_only_the_institute_revokes_a_proof(login, proofs, world, role):
    history = proofs[0]
    assert login(getattr(world, role)).post(f"/certificates/proofs/history/{history.pk}/revoke/", {"reason": "x", "confirmed": "yes"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.revoke_proof(proof=history, by=getattr(world, role), reason="x")
    history.refresh_from_db()
    assert history.revoked_on is None


def test_both_proofs_pass_the_wallets_verifier_before_and_after_revocation(client, proofs, world, wallet):  # noqa: F811
    documents = [get_json(client, f"/verify/{proof.code}/") for proof in proofs]
    assert [result["verified"] and not result["revoked"] for result in wallet(client, *documents)] == [True, True]
    services.revoke_proof(proof=proofs[0], by=world.institute_staff, reason="再発行のため")
    history, experience = wallet(client, *documents)
    assert (history["verified"], history["revoked"], experience["revoked"]) == (True, True, False)
