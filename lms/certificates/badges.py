"""Open Badges 3.0: the certificate as an OpenBadgeCredential, signed by the institute as a VC-JWT."""

from pathlib import Path

from django.conf import settings
from joserfc import jwt
from joserfc.jwk import RSAKey

CONTEXTS = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]


def institute_key():
    """The institute's RSA signing key; generated on first use where none is configured (development)."""
    path = Path(settings.INSTITUTE_SIGNING_KEY_FILE)
    if path.exists():
        return RSAKey.import_key(path.read_bytes())
    key = RSAKey.generate_key(2048, parameters={"use": "sig", "alg": "RS256"}, private=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(key.as_pem(private=True))
    path.chmod(0o600)
    return key


def public_jwks():
    key = institute_key()
    public = key.as_dict(private=False)
    public.update({"kid": key.thumbprint(), "use": "sig", "alg": "RS256"})
    return {"keys": [public]}


def credential(certificate, *, issuer_name, valid_until=None):
    site = settings.SITE_URL.rstrip("/")
    subject = certificate.subject
    document = {
        "@context": CONTEXTS,
        "id": certificate.verification_url(),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": f"{site}/verify/issuer/", "type": ["Profile"], "name": issuer_name},
        "validFrom": f"{certificate.issued_on.isoformat()}T00:00:00+09:00",
        "name": f"修了証 {subject.name}",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": certificate.holder.get_full_name(),
            "achievement": {
                "id": f"{site}{subject.get_absolute_url()}",
                "type": ["Achievement"],
                "name": subject.name,
                "description": subject.aim or subject.name,
                "criteria": {"narrative": f"{subject.name}（{subject.standard_hours}時間）の全日程を修了すること。"},
            },
        },
    }
    if valid_until:
        document["validUntil"] = f"{valid_until.isoformat()}T23:59:59+09:00"
    return document


def signed_jwt(document):
    key = institute_key()
    header = {"alg": "RS256", "typ": "vc+jwt", "kid": key.thumbprint()}
    return jwt.encode(header, document, key)
