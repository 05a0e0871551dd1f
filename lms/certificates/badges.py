"""Open Badges 3.0: a certificate as an OpenBadgeCredential, in two proof formats a verifier may
choose between (OB 3.0 §8): a VC-JWT signed with the institute's RSA key, and the JSON with an
embedded Data Integrity proof (eddsa-rdfc-2022) signed with its Ed25519 key. Every credential
points to the institute's revocation list, and says in words what state it is in today.
"""

import datetime
import hashlib
import uuid
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import salted_hmac
from joserfc import jwt
from joserfc.jwk import RSAKey

from lms import clock

from . import integrity, rules, status_list

CONTEXTS = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
TOKYO = datetime.timezone(datetime.timedelta(hours=9))


def _site():
    return settings.SITE_URL.rstrip("/")


def issuer_id():
    return _site() + reverse("certificate_issuer")


def proof_method_id():
    """The Ed25519 key's id: a fragment of the issuer's profile, which lists it (so it dereferences)."""
    return issuer_id() + "#ed25519"


def status_list_url(number, series=""):
    """Revocation list `number` of a series: certificates at /verify/status/<n>/, each kind of proof
    in a series of its own (selectors.STATUS_SERIES)."""
    if series:
        return _site() + reverse("certificate_status_series", args=[series, number])
    return _site() + reverse("certificate_status_list", args=[number])


def status_entry(position, series=""):
    """The credentialStatus of the document at `position` in its series' revocation lists."""
    number, index = status_list.list_number(position), status_list.index_in_list(position)
    return {
        "id": f"{status_list_url(number, series)}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": status_list_url(number, series),
    }


# --- The RSA key of the VC-JWTs ---

def institute_key():
    """The institute's RSA signing key; generated on first use where none is configured (development)."""
    path = Path(settings.INSTITUTE_SIGNING_KEY_FILE)
    if path.exists():
        return RSAKey.import_key(path.read_bytes())
    integrity.refuse_to_make_a_key_here(path)
    key = RSAKey.generate_key(2048, parameters={"use": "sig", "alg": "RS256"}, private=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(key.as_pem(private=True))
    path.chmod(0o600)
    return key


def key_id(key=None):
    """A `kid` that dereferences to the public key (OB 3.0: a URI giving the JWK)."""
    key = key or institute_key()
    return _site() + reverse("certificate_key", args=[key.thumbprint()])


def public_jwk():
    key = institute_key()
    public = key.as_dict(private=False)
    public.update({"kid": key_id(key), "use": "sig", "alg": "RS256"})
    return public


def public_jwks():
    return {"keys": [public_jwk()]}


# The issuer's profile is the key's controller document. The two contexts of a credential leave
# `verificationMethod` and `assertionMethod` to their catch-all vocabulary, where a verifier cannot
# see that the institute names the key for assertions (the proofs' purpose): the profile defines
# them as the W3C Controlled Identifiers vocabulary does, and the key node brings its own Multikey context.
PROFILE_CONTEXT = [*CONTEXTS, {
    "verificationMethod": {"@id": "https://w3id.org/security#verificationMethod", "@type": "@id", "@container": "@set"},
    "assertionMethod": {"@id": "https://w3id.org/security#assertionMethod", "@type": "@id", "@container": "@set"},
}]
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"


def proof_method():
    """The institute's Ed25519 key as a Multikey verification method, controlled by the institute."""
    return {
        "@context": MULTIKEY_CONTEXT, "id": proof_method_id(), "type": "Multikey", "controller": issuer_id(),
        "publicKeyMultibase": integrity.public_key_multibase(integrity.proof_key().public_key()),
    }


def issuer_profile(issuer_name):
    """The institute as an OB 3.0 Profile and the controller of its key: it lists the key and names
    it for assertions, which a verifier checks before it accepts a proof made with it."""
    method = proof_method()
    return {
        "@context": PROFILE_CONTEXT,
        "id": issuer_id(),
        "type": ["Profile"],
        "name": issuer_name,
        "verificationMethod": [method],
        "assertionMethod": [method["id"]],
    }


# --- Credentials ---

def subject_id(holder):
    """A stable id for the holder that says nothing about them (the JWT's `sub`): keyed with the
    site's secret, so nobody can work back from it to the account's number."""
    digest = salted_hmac("lms.certificates.subject_id", str(holder.pk), algorithm="sha256").digest()
    return "urn:uuid:" + str(uuid.UUID(bytes=digest[:16], version=4))


def hashed_email(holder, salt):
    """An OB 3.0 IdentityObject: whoever knows the holder's address can check it is theirs; nobody can read it."""
    digest = hashlib.sha256((holder.email.strip().lower() + salt).encode()).hexdigest()
    return {"type": "IdentityObject", "identityType": "emailAddress", "hashed": True, "identityHash": f"sha256${digest}", "salt": salt}


def status_words(certificate):
    """The certificate's state as the verify page gives it, in Japanese whatever the request's language."""
    with translation.override("ja"):
        words = str(rules.STATUS_LABELS[certificate.status])
        if certificate.status == rules.REVOKED and certificate.revoked_on:
            words += f"（{rules.japanese_era_date(certificate.revoked_on)}）"
        if certificate.status == rules.SUPERSEDED:
            words += f"：{certificate.superseded_by.verification_url()}"
    return words


def credential(certificate, *, issuer_name):
    """The certificate as an OpenBadgeCredential, without proof. `certificate` carries its status
    and terms (selectors.with_status)."""
    subject = certificate.subject
    document = {
        "@context": CONTEXTS,
        "id": certificate.verification_url(),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": issuer_name},
        "validFrom": f"{certificate.issued_on.isoformat()}T00:00:00+09:00",
        "name": f"修了証 {subject.name}",
        "description": f"状態：{status_words(certificate)}",
        "credentialSubject": {
            "id": subject_id(certificate.holder),
            "type": ["AchievementSubject"],
            "name": certificate.holder.get_full_name(),
            "identifier": [hashed_email(certificate.holder, salt=certificate.code[:16])],
            "achievement": {
                "id": f"{_site()}{subject.get_absolute_url()}",
                "type": ["Achievement"],
                "name": subject.name,
                "description": subject.aim or subject.name,
                "criteria": {"narrative": f"{subject.name}（{subject.standard_hours}時間）の全日程を修了すること。"},
            },
        },
    }
    if certificate.terms:
        document["validUntil"] = f"{certificate.terms.deadline.isoformat()}T23:59:59+09:00"
    if certificate.status_position is not None:
        document["credentialStatus"] = status_entry(certificate.status_position)
    return document


def proof_credential(proof, *, issuer_name):
    """A proof of training history or of practical experience as an OpenBadgeCredential, in the
    certificate's forms: the achievement is the proof, and its criteria say what it certified as
    the PDF does (the completions, or the periods and the total counted)."""
    title, lines = _certified(proof)
    with translation.override("ja"):
        state = f"{rules.STATUS_LABELS[rules.REVOKED]}（{rules.japanese_era_date(proof.revoked_on)}）" if proof.is_revoked else "有効"
    document = {
        "@context": CONTEXTS,
        "id": proof.verification_url(),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": issuer_name},
        "validFrom": f"{proof.issued_on.isoformat()}T00:00:00+09:00",
        "name": title,
        "description": f"状態：{state}",
        "credentialSubject": {
            "id": subject_id(proof.person),
            "type": ["AchievementSubject"],
            "name": proof.name,
            "identifier": [hashed_email(proof.person, salt=proof.code[:16])],
            "achievement": {
                "id": f"{issuer_id()}#{proof.STATUS_SERIES}",
                "type": ["Achievement"],
                "name": title,
                "description": f"{issuer_name}が{rules.western_date(proof.issued_on)}に証明した内容",
                "criteria": {"narrative": "\n".join(lines)},
            },
        },
    }
    if proof.status_position is not None:
        document["credentialStatus"] = status_entry(proof.status_position, proof.STATUS_SERIES)
    return document


def _certified(proof):
    """The proof's title and what it certified, line by line."""
    if proof.STATUS_SERIES == "history":
        lines = [
            f"・{entry['title']}（{entry['provider']}）{rules.western_date(datetime.date.fromisoformat(entry['completed_on']))}修了、{entry['hours']}時間"
            for entry in proof.entries
        ]
        return "研修修了の証明書", lines or ["（修了した研修はありません）"]
    lines = [
        f"・{period['job_name']}（{period['centre']}）{rules.western_date(datetime.date.fromisoformat(period['from']))}〜"
        f"{'現在' if period['current'] else rules.western_date(datetime.date.fromisoformat(period['to']))}"
        for period in proof.periods
    ]
    years, months = proof.years_and_months
    lines.append(f"通算：{years}年{months}か月（重なる期間は一度だけ数え、1か月に満たない{proof.days}日は数えない）")
    return "実務経験証明書", lines


def with_proof(document):
    """The JSON form: the document with its Data Integrity proof, made now."""
    created = clock.now().astimezone(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return integrity.with_proof(document, verification_method=proof_method_id(), created=created)


def _epoch(iso):
    return int(datetime.datetime.fromisoformat(iso).timestamp())


def signed_jwt(document):
    """The VC-JWT (OB 3.0 §8.2): the credential as the payload, with the registered claims taken from it."""
    key = institute_key()
    claims = {
        **document,
        "iss": document["issuer"]["id"], "sub": document["credentialSubject"]["id"], "jti": document["id"],
        "nbf": _epoch(document["validFrom"]),
    }
    if "validUntil" in document:
        claims["exp"] = _epoch(document["validUntil"])
    return jwt.encode({"alg": "RS256", "typ": "JWT", "kid": key_id(key)}, claims, key)


def status_list_credential(number, revoked_indexes, *, issuer_name, series=""):
    """Revocation list `number` of a series as a BitstringStatusListCredential with its Data Integrity proof."""
    url = status_list_url(number, series)
    now = clock.now().astimezone(TOKYO).replace(microsecond=0)
    document = {
        "@context": [CONTEXTS[0]],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": {"id": issuer_id(), "name": issuer_name},
        "validFrom": now.isoformat(),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": status_list.encoded_list(revoked_indexes),
        },
    }
    return with_proof(document)
