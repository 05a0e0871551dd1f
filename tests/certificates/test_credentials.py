"""Certificates other systems can trust, checked the way an outside verifier would: with libraries
and code independent of the signing path (PyJWT, pyld, cryptography, a base58 decoder of our own
here), following only what the documents themselves point to."""

import base64
import datetime
import gzip
import hashlib
import json
from pathlib import Path
from urllib.parse import urlsplit

import jwt as pyjwt
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings
from pyld import jsonld

from lms.certificates import services

pytestmark = [pytest.mark.django_db, pytest.mark.today(datetime.date(2026, 12, 6))]

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
CONTEXTS = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "context-3.0.3.json",
}


def path_of(url):
    """The verifier follows addresses; the test client takes their path."""
    return urlsplit(url).path


def get_json(client, url, accept="application/ld+json"):
    response = client.get(path_of(url), HTTP_ACCEPT=accept)
    assert response.status_code == 200, url
    return json.loads(response.content)


# --- An independent eddsa-rdfc-2022 verifier ---

def b58decode(text):
    number = 0
    for character in text:
        number = number * 58 + ALPHABET.index(character)
    return b"\0" * (len(text) - len(text.lstrip("1"))) + number.to_bytes((number.bit_length() + 7) // 8, "big")


def offline_loader(url, options=None):
    folder = Path(__file__).resolve().parents[2] / "lms" / "certificates" / "standards"
    return {"contextUrl": None, "documentUrl": url, "document": json.loads((folder / CONTEXTS[url]).read_text())}


def nquads(document):
    return jsonld.normalize(document, {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": offline_loader})


def proof_verifies(client, document):
    """Follow the proof's verificationMethod to the key and check the signature (eddsa-rdfc-2022)."""
    [proof] = document["proof"] if isinstance(document["proof"], list) else [document["proof"]]
    assert proof["type"] == "DataIntegrityProof" and proof["cryptosuite"] == "eddsa-rdfc-2022"
    profile = get_json(client, proof["verificationMethod"].split("#")[0])
    [method] = [entry for entry in profile["verificationMethod"] if entry["id"] == proof["verificationMethod"]]
    # The profile is the key's controller: it names the key for the proof's purpose.
    assert proof["proofPurpose"] == "assertionMethod" and proof["verificationMethod"] in profile["assertionMethod"]
    assert method["controller"] == profile["id"] == (document["issuer"]["id"] if isinstance(document["issuer"], dict) else document["issuer"])
    raw = b58decode(method["publicKeyMultibase"][1:])
    assert raw[:2] == b"\xed\x01"
    key = Ed25519PublicKey.from_public_bytes(raw[2:])
    options = {name: value for name, value in proof.items() if name != "proofValue"} | {"@context": document["@context"]}
    unsigned = {name: value for name, value in document.items() if name != "proof"}
    data = hashlib.sha256(nquads(options).encode()).digest() + hashlib.sha256(nquads(unsigned).encode()).digest()
    try:
        key.verify(b58decode(proof["proofValue"][1:]), data)
    except InvalidSignature:
        return False
    return True


def status_bit(client, entry):
    """Follow a credentialStatus to its list, check the list's own proof, and read the bit."""
    assert entry["type"] == "BitstringStatusListEntry" and entry["statusPurpose"] == "revocation"
    status = get_json(client, entry["statusListCredential"])
    assert "BitstringStatusListCredential" in status["type"] and proof_verifies(client, status)
    encoded = status["credentialSubject"]["encodedList"]
    assert encoded[0] == "u"
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(bits) * 8 >= 131_072
    index = int(entry["statusListIndex"])
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


# --- Tests ---

def test_revoking_shows_in_the_json_the_jwt_and_the_status_list_at_once(client, world, completion):
    certificate = services.issue_certificate(record=completion(world.supporter), by=world.institute_staff)
    url = f"/verify/{certificate.code}/"
    saved = get_json(client, url)  # a copy someone keeps from before the revocation
    token = client.get(url, HTTP_ACCEPT="application/vc+jwt").content.decode()
    assert status_bit(client, saved["credentialStatus"]) is False
    services.revoke_certificate(certificate=certificate, by=world.institute_staff, reason="誤登録")
    assert status_bit(client, saved["credentialStatus"]) is True  # the old copy's list says revoked
    claims = pyjwt.decode(token, options={"verify_signature": False})
    assert status_bit(client, claims["credentialStatus"]) is True  # and so does the JWT's
    now = get_json(client, url)
    assert "取り消し" in now["description"] and proof_verifies(client, now)


def test_superseded_and_lapsed_certificates_say_so_as_the_page_does(client, world, completion, frozen):
    from tests.clock import at

    old = services.issue_certificate(record=completion(world.supporter, datetime.date(2021, 6, 1)), by=world.institute_staff)
    new = services.issue_certificate(record=completion(world.supporter, datetime.date(2026, 2, 1), refresher=True), by=world.institute_staff)
    superseded = get_json(client, f"/verify/{old.code}/")
    assert "更新" in superseded["description"] and new.verification_url() in superseded["description"]
    assert "更新" in client.get(f"/verify/{old.code}/").content.decode()
    frozen.move_to(at(datetime.date(2031, 4, 1)), tick=False)  # past the new one's deadline (end of FY2030)
    lapsed = get_json(client, f"/verify/{new.code}/")
    assert "失効" in lapsed["description"] and datetime.datetime.fromisoformat(lapsed["validUntil"]).date() < datetime.date(2031, 4, 1)
    assert "失効" in client.get(f"/verify/{new.code}/").content.decode()
    assert status_bit(client, lapsed["credentialStatus"]) is False  # lapsed is not revoked


def test_the_jwt_carries_the_registered_claims_and_its_kid_gives_the_key(client, world, completion):
    certificate = services.issue_certificate(record=completion(world.supporter), by=world.institute_staff)
    url = f"/verify/{certificate.code}/"
    token = client.get(url, HTTP_ACCEPT="application/vc+jwt").content.decode()
    header = pyjwt.get_unverified_header(token)
    assert header["alg"] == "RS256" and header["typ"] == "JWT" and header["kid"].startswith("http")
    jwk = get_json(client, header["kid"], accept="application/jwk+json")  # the kid dereferences to the JWK
    key = pyjwt.PyJWK(jwk).key
    claims = pyjwt.decode(token, key, algorithms=["RS256"], options={"verify_aud": False})
    document = get_json(client, url)
    assert claims["iss"] == document["issuer"]["id"] and claims["jti"] == document["id"]
    assert claims["sub"] == document["credentialSubject"]["id"] and claims["sub"].startswith("urn:uuid:")
    assert claims["nbf"] == int(datetime.datetime.fromisoformat(document["validFrom"]).timestamp())
    assert claims["exp"] == int(datetime.datetime.fromisoformat(document["validUntil"]).timestamp())
    [identity] = document["credentialSubject"]["identifier"]
    expected = hashlib.sha256((world.supporter.email + identity["salt"]).encode()).hexdigest()
    assert identity["identityHash"] == f"sha256${expected}" and world.supporter.email not in json.dumps(document)
    keyset = pyjwt.PyJWKSet.from_dict(get_json(client, "/verify/keys.json"))
    assert keyset[header["kid"]].key_id == header["kid"]
    with pytest.raises(pyjwt.InvalidSignatureError):
        pyjwt.decode(token[:-6] + ("AAAAAA" if not token.endswith("AAAAAA") else "BBBBBB"), key, algorithms=["RS256"])


def test_the_embedded_proof_verifies_and_one_changed_character_breaks_it(client, world, completion):
    import jsonschema

    certificate = services.issue_certificate(record=completion(world.supporter), by=world.institute_staff)
    document = get_json(client, f"/verify/{certificate.code}/")
    schema = json.loads((settings.OPENBADGES_DIR / "achievementcredential.schema.json").read_text())
    jsonschema.validate(document, schema)
    assert proof_verifies(client, document)
    name = document["credentialSubject"]["name"]
    tampered = {**document, "credentialSubject": {**document["credentialSubject"], "name": name[:-1] + "X"}}
    assert not proof_verifies(client, tampered)
    assert not proof_verifies(client, {**document, "validFrom": document["validFrom"].replace("T00", "T01")})


def test_the_sites_own_verifier_checks_that_the_issuer_names_the_key_for_assertions(client, world, completion):
    from lms.certificates import badges, integrity

    certificate = services.issue_certificate(record=completion(world.supporter), by=world.institute_staff)
    document = get_json(client, f"/verify/{certificate.code}/")
    profile = get_json(client, "/verify/issuer/")
    assert integrity.proof_holds(document, profile, badges.CONTEXTS)
    assert not integrity.proof_holds(document, {**profile, "assertionMethod": []}, badges.CONTEXTS)
    other = "https://other.example/issuer/"
    assert not integrity.proof_holds(document, {**profile, "id": other}, badges.CONTEXTS)  # not this document's issuer
    foreign_key = [{**profile["verificationMethod"][0], "controller": other}]
    assert not integrity.proof_holds(document, {**profile, "verificationMethod": foreign_key}, badges.CONTEXTS)
    page = client.post("/verify/", {"presented": json.dumps(document)}).content.decode()
    assert "本物で有効な修了証です" in page


def test_the_contexts_and_schema_live_in_the_repository_and_nothing_else_is_loaded(settings):
    from lms.certificates import integrity

    repository = Path(__file__).resolve().parents[2]
    assert Path(settings.OPENBADGES_DIR).resolve().is_relative_to(repository)
    for url in integrity.CONTEXT_FILES:
        assert integrity.document_loader(url)["document"]["@context"]
    with pytest.raises(integrity.UnknownContext):
        integrity.document_loader("https://evil.example/context.jsonld")


def test_a_json_asks_for_its_media_type_and_every_answer_varies_on_accept(client, world, completion):
    certificate = services.issue_certificate(record=completion(world.supporter), by=world.institute_staff)
    response = client.get(f"/verify/{certificate.code}/", HTTP_ACCEPT="application/ld+json")
    assert response["Content-Type"] == "application/ld+json" and "no-cache" in response["Cache-Control"]
    assert "Accept" in response["Vary"]


@pytest.mark.parametrize("moment", [datetime.date(2027, 3, 31), datetime.date(2027, 4, 1)])
def test_the_status_list_is_always_the_full_length_and_signed_now(client, world, completion, frozen, moment):
    from tests.clock import at

    certificate = services.issue_certificate(record=completion(world.supporter), by=world.institute_staff)
    frozen.move_to(at(moment), tick=False)
    entry = get_json(client, f"/verify/{certificate.code}/")["credentialStatus"]
    status = get_json(client, entry["statusListCredential"])
    assert status["validFrom"].startswith(moment.isoformat())
    assert status_bit(client, entry) is False


# --- The verifier page, for a third party checking a job applicant's training ---

def test_the_verifier_page_judges_a_pasted_json_jwt_or_address(client, world, completion):
    certificate = services.issue_certificate(record=completion(world.supporter), by=world.institute_staff)
    url = f"/verify/{certificate.code}/"
    document = client.get(url, HTTP_ACCEPT="application/ld+json").content.decode()
    token = client.get(url, HTTP_ACCEPT="application/vc+jwt").content.decode()
    for presented in (document, token, certificate.verification_url()):
        page = client.post("/verify/", {"presented": presented}).content.decode()
        assert "本物で有効な修了証です" in page and world.supporter.get_full_name() in page and "生活困窮者支援論" in page, presented[:40]
    tampered = document.replace(world.supporter.last_name, "偽")
    page = client.post("/verify/", {"presented": tampered}).content.decode()
    assert "確認できません" in page and "署名が一致しません" in page and world.supporter.get_full_name() not in page
    page = client.post("/verify/", {"presented": token[:-5] + "AAAAA"}).content.decode()
    assert "署名が一致しません" in page
    services.revoke_certificate(certificate=certificate, by=world.institute_staff, reason="誤登録")
    page = client.post("/verify/", {"presented": document}).content.decode()  # a copy from before the revocation
    assert "取り消されています" in page and "本物で有効な修了証です" not in page


def test_the_verifier_page_reads_the_qr_code_of_the_pdf(client, login, world, completion, tmp_path):
    import subprocess

    certificate = services.issue_certificate(record=completion(world.supporter), by=world.institute_staff)
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(login(world.supporter).get(f"/certificates/{certificate.pk}/certificate.pdf").content)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    client.logout()
    with open(tmp_path / "page.png", "rb") as image:
        page = client.post("/verify/", {"presented": "", "image": image}).content.decode()
    assert "本物で有効な修了証です" in page and "生活困窮者支援論" in page


@pytest.mark.parametrize("presented", ["", "こんにちは", "{not json", '{"id": 5}', "eyJ.a.b", "https://example.jp/verify/AAAAAAAAAAAAAAAAAAAAAAAA/"])
def test_the_verifier_page_explains_what_it_cannot_confirm(client, presented):
    response = client.post("/verify/", {"presented": presented})
    assert response.status_code == 200
    page = response.content.decode()
    # Nothing given: what to give; anything else: that it cannot be confirmed.
    assert ("貼り付けるか" if presented == "" else "確認できません") in page


def test_an_image_without_a_qr_code_is_refused_with_the_reason(client, tmp_path):
    from PIL import Image

    Image.new("RGB", (200, 200), "white").save(tmp_path / "blank.png")
    with open(tmp_path / "blank.png", "rb") as image:
        page = client.post("/verify/", {"presented": "", "image": image}).content.decode()
    assert "QRコードを読み取れませんでした" in page
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.post("/verify/", {"presented": "", "image": SimpleUploadedFile("x.png", b"not an image")}).content.decode()
    assert "QRコードを読み取れませんでした" in page


# --- What a hostile visitor may paste or upload ---

def linked_blank_nodes(count):
    """Blank nodes each linked to all the others: RDF canonicalisation of these takes factorial time."""
    nodes = [{"id": f"_:b{i}", "urn:p": [{"id": f"_:b{j}"} for j in range(count) if j != i]} for i in range(count)]
    return {"@context": CONTEXTS_ISSUED, "id": "https://x.example/verify/AAAAAAAAAAAAAAAAAAAAAAAA/", "urn:g": nodes,
            "proof": [{"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "proofValue": "z1"}]}


CONTEXTS_ISSUED = list(CONTEXTS)


def test_only_documents_shaped_like_ours_reach_canonicalisation():
    from lms.certificates import integrity

    assert not integrity.is_plain(linked_blank_nodes(8), CONTEXTS_ISSUED)
    assert not integrity.is_plain({"@context": CONTEXTS_ISSUED, "id": "x", "@graph": []}, CONTEXTS_ISSUED)
    assert not integrity.is_plain({"@context": [*CONTEXTS_ISSUED, {"@vocab": "urn:x#"}], "id": "x"}, CONTEXTS_ISSUED)
    nested = {"@context": CONTEXTS_ISSUED, "id": "x"}
    inner = nested
    for _level in range(12):
        inner["a"] = {}
        inner = inner["a"]
    assert not integrity.is_plain(nested, CONTEXTS_ISSUED)
    assert integrity.is_plain({"@context": CONTEXTS_ISSUED, "id": "x", "name": "修了証", "n": [1, 2.5, True, None]}, CONTEXTS_ISSUED)


@pytest.mark.parametrize("body", [
    json.dumps(linked_blank_nodes(9)),
    '{"id": "x", "proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "proofValue": "z1"}}',
    '{"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "x", "proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "proofValue": 5}}',
    '{"id": "x", "a": ' + "[" * 5000 + "]" * 5000 + "}",
    "{" + " " * 30_000 + "}",
])
def test_odd_or_hostile_json_is_refused_with_a_reason(client, body):
    response = client.post("/verify/", {"presented": body})
    assert response.status_code == 200 and "確認できません" in response.content.decode()


def test_an_image_that_unpacks_to_a_vast_picture_is_not_decoded(client, tmp_path):
    from PIL import Image

    Image.new("1", (13_000, 13_000)).save(tmp_path / "vast.png", optimize=True)  # tens of kilobytes, 169 million pixels
    assert (tmp_path / "vast.png").stat().st_size < 200_000
    with open(tmp_path / "vast.png", "rb") as image:
        page = client.post("/verify/", {"presented": "", "image": image}).content.decode()
    assert "QRコードを読み取れませんでした" in page


def test_an_address_on_another_site_is_flagged_though_the_code_is_real(client, world, completion):
    certificate = services.issue_certificate(record=completion(world.supporter), by=world.institute_staff)
    page = client.post("/verify/", {"presented": f"https://evil.example/verify/{certificate.code}/"}).content.decode()
    assert "evil.example" in page and "別のサイト" in page
    assert "別のサイト" not in client.post("/verify/", {"presented": certificate.verification_url()}).content.decode()


def test_the_subject_id_cannot_be_worked_back_to_the_account(world, completion, settings):
    import uuid

    from lms.certificates import badges

    guess = "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.SITE_URL.rstrip('/')}/people/{world.supporter.pk}"))
    assert badges.subject_id(world.supporter) == badges.subject_id(world.supporter) != guess
    assert badges.subject_id(world.supporter) != badges.subject_id(world.clerk)


def test_only_status_lists_in_use_are_served(client, world, completion):
    services.issue_certificate(record=completion(world.supporter), by=world.institute_staff)
    assert client.get("/verify/status/1/").status_code == 200
    assert client.get("/verify/status/0/").status_code == 404
    assert client.get("/verify/status/2/").status_code == 404
    assert client.get("/verify/status/99999999999999999999999/").status_code == 404
