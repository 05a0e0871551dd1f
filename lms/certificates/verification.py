"""What the public verifier page (/verify/) makes of whatever it is given: a credential's JSON with
its Data Integrity proof, a VC-JWT, a verification address or code, or the QR image on a PDF.

A signature says the document was issued by the institute as it stands; the certificate's state
(revoked, renewed, lapsed) is today's, read from the register, not from the document, which may
be a copy saved before the state changed.
"""

import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from joserfc import jwt
from joserfc.errors import JoseError

from lms import clock

from . import badges, integrity, rules, selectors
from .models import Certificate, ExperienceProof, TrainingHistoryProof

NOTHING = _("Paste a credential (JSON or JWT) or a verification address, or choose the QR code image.")
UNREADABLE = _("This is neither a credential of this institute nor a verification address.")
FORGED = _("The signature does not match: the document was changed after it was issued, or it was not issued by this institute.")
UNKNOWN = _("No certificate with this verification code was issued by this institute.")
NO_QR = _("No QR code could be read in this image.")
CODE = re.compile(r"(?:/verify/)?([A-Za-z0-9_-]{20,40})/?$")


@dataclass
class Verdict:
    genuine: bool
    reason: str = ""
    certificate: Certificate | None = None
    proof: TrainingHistoryProof | ExperienceProof | None = None
    how: str = ""  # what was checked: the proof, the JWT's signature, or the register only
    document: str = ""  # what kind of proof, for a proof of training history or of experience
    foreign_host: str = ""  # an address given on another site than the institute's


def check(presented: str) -> Verdict:
    presented = (presented or "").strip()
    if not presented:
        return Verdict(False, NOTHING)
    if presented.startswith("{"):
        return _check_json(presented)
    if presented.count(".") == 2 and presented.startswith("ey"):
        return _check_jwt(presented)
    return _check_address(presented, how=_("the verification address, against the institute's register"))


MAX_PIXELS = 20_000_000  # a 20-megapixel phone photo
QR_SIDE = 2000  # pixels: a QR code photographed on A4 reads well below this


def read_qr(image_file) -> str | None:
    """The text of the first QR code in an uploaded image, or None."""
    import zxingcpp
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(image_file)
        # The header gives the size: a tiny file can unpack to a vast image, so refuse before loading.
        if image.width * image.height > MAX_PIXELS:
            return None
        image.draft("RGB", (QR_SIDE, QR_SIDE))  # JPEG photos decode at a reduced size
        image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError):
        return None
    image = image.convert("RGB")
    image.thumbnail((QR_SIDE, QR_SIDE))
    found = [code for code in zxingcpp.read_barcodes(image) if code.format == zxingcpp.BarcodeFormat.QRCode]
    return found[0].text if found else None


MAX_JSON = 20_000  # characters: a credential of ours is about 3,000


def _check_json(text):
    if len(text) > MAX_JSON:
        return Verdict(False, UNREADABLE)
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return Verdict(False, UNREADABLE)
    if not isinstance(document, dict) or not isinstance(document.get("id"), str):
        return Verdict(False, UNREADABLE)
    if not integrity.proof_holds(document, badges.issuer_profile(""), badges.CONTEXTS):
        return Verdict(False, FORGED)
    return _check_address(document["id"], how=_("the Data Integrity proof (eddsa-rdfc-2022) with the institute's key"))


def _check_jwt(token):
    try:
        claims = jwt.decode(token, badges.institute_key(), algorithms=["RS256"]).claims
    except (JoseError, ValueError):
        return Verdict(False, FORGED)
    if not isinstance(claims.get("id"), str):
        return Verdict(False, UNREADABLE)
    return _check_address(claims["id"], how=_("the VC-JWT's signature (RS256) with the institute's key"))


def _check_address(address, *, how):
    match = CODE.search(address.split("?")[0].split("#")[0])
    if not match:
        return Verdict(False, UNREADABLE)
    code = match.group(1)
    verdict = _look_up(code, how)
    host = urlsplit(address).hostname or ""
    if host and host != urlsplit(settings.SITE_URL).hostname:
        verdict.foreign_host = host  # the code is ours, the address is not: it may be a lure
    return verdict


def _look_up(code, how):
    found = selectors.verifiable(code, clock.today())
    if found is None:
        return Verdict(False, UNKNOWN)
    if isinstance(found, Certificate):
        return Verdict(True, certificate=found, how=how)
    return Verdict(True, proof=found, how=how, document=found._meta.verbose_name)


def is_in_force(certificate):
    return certificate.status in rules.IN_FORCE
