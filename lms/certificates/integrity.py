"""Data Integrity proofs with the eddsa-rdfc-2022 cryptosuite (W3C VC Data Integrity EdDSA 1.0):
the document is canonicalised as RDF (RDFC-1.0, with pyld and the contexts carried in the
repository), hashed with the proof's options, and signed with the institute's Ed25519 key.

A verifier that reads only the JSON follows the proof to the key in the issuer's profile, which is
the key's controller document: it lists the key (`verificationMethod`) and names it for assertions
(`assertionMethod`), the proofs' purpose. Nothing else of this server's word is trusted.
"""

import hashlib
import json
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pyld import jsonld

CRYPTOSUITE = "eddsa-rdfc-2022"
# The contexts a credential of this site may use, each served from its file: nothing is fetched.
CONTEXT_FILES = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "context-3.0.3.json",
    "https://w3id.org/security/multikey/v1": "multikey-v1.jsonld",
}
MULTIKEY_ED25519_PREFIX = b"\xed\x01"  # multicodec ed25519-pub
BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


class UnknownContext(Exception):
    """A document names a context this site does not carry: it is not one of ours."""


_loaded = {}


def document_loader(url, options=None):
    if url not in CONTEXT_FILES:
        raise UnknownContext(url)
    if url not in _loaded:
        _loaded[url] = json.loads((Path(settings.OPENBADGES_DIR) / CONTEXT_FILES[url]).read_text(encoding="utf-8"))
    return {"contextUrl": None, "documentUrl": url, "document": _loaded[url]}


def canonical(document) -> str:
    """The RDFC-1.0 canonical N-Quads of a JSON-LD document."""
    return jsonld.normalize(
        document, {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": document_loader, "safe": True},
    )


def base58btc(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    encoded = ""
    while number:
        number, remainder = divmod(number, 58)
        encoded = BASE58_ALPHABET[remainder] + encoded
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + encoded


def from_base58btc(text: str) -> bytes:
    number = 0
    for character in text:
        number = number * 58 + BASE58_ALPHABET.index(character)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


# --- The institute's Ed25519 key ---

def refuse_to_make_a_key_here(path):
    """Production never makes a key of its own: each web machine would sign with a different one,
    and a credential signed on one would fail on the others. The key is the institute's, given to
    every machine as the same secret file (docs/deploy.md)."""
    if not settings.GENERATE_MISSING_KEYS:
        raise ImproperlyConfigured(f"The institute's signing key {path} is missing: give every machine the same key file (docs/deploy.md).")


def _key_path():
    return Path(settings.INSTITUTE_PROOF_KEY_FILE or Path(settings.INSTITUTE_SIGNING_KEY_FILE).with_suffix(".ed25519.pem"))


def proof_key() -> Ed25519PrivateKey:
    """The institute's Ed25519 key; generated on first use where none is configured (development)."""
    path = _key_path()
    if path.exists():
        return serialization.load_pem_private_key(path.read_bytes(), password=None)
    refuse_to_make_a_key_here(path)
    key = Ed25519PrivateKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    path.chmod(0o600)
    return key


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    """The key as a Multikey: "z" and base58btc of the multicodec prefix and the 32 key bytes."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + base58btc(MULTIKEY_ED25519_PREFIX + raw)


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    raw = from_base58btc(value.removeprefix("z"))
    if not value.startswith("z") or not raw.startswith(MULTIKEY_ED25519_PREFIX):
        raise ValueError("not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(raw[len(MULTIKEY_ED25519_PREFIX):])


# --- Proofs ---

def _hash_data(document, proof_options) -> bytes:
    """SHA-256 of the canonical proof options, then of the canonical document (the suite's order)."""
    options = {**proof_options, "@context": document["@context"]}
    return hashlib.sha256(canonical(options).encode()).digest() + hashlib.sha256(canonical(document).encode()).digest()


def with_proof(document, *, verification_method, created):
    """The document with an eddsa-rdfc-2022 DataIntegrityProof (proofPurpose assertionMethod)."""
    unsigned = {name: value for name, value in document.items() if name != "proof"}
    options = {
        "type": "DataIntegrityProof", "cryptosuite": CRYPTOSUITE, "created": created,
        "verificationMethod": verification_method, "proofPurpose": "assertionMethod",
    }
    signature = proof_key().sign(_hash_data(unsigned, options))
    # A list of one: the Open Badges 3.0 schema asks for an array of proofs.
    return {**unsigned, "proof": [{**options, "proofValue": "z" + base58btc(signature)}]}


MAX_DEPTH = 8


def is_plain(document, contexts) -> bool:
    """Whether a document is shaped like the ones this site issues, before any canonicalisation:
    exactly `contexts`, no other JSON-LD keyword, no blank node ids and no deep nesting. RDF
    canonicalisation can take factorial time on blank nodes linked to each other, so a stranger's
    document must not reach it unless it could be one of ours."""
    if not isinstance(document, dict) or document.get("@context") != contexts:
        return False

    def plain(value, depth):
        if depth > MAX_DEPTH:
            return False
        if isinstance(value, dict):
            return all(not key.startswith("@") and plain(item, depth + 1) for key, item in value.items())
        if isinstance(value, list):
            return all(plain(item, depth + 1) for item in value)
        if isinstance(value, str):
            return not value.startswith("_:")
        return value is None or isinstance(value, (bool, int, float))

    return plain({key: value for key, value in document.items() if key != "@context"}, 0)


def _ids(values):
    values = values if isinstance(values, list) else [values]
    return [value.get("id") if isinstance(value, dict) else value for value in values]


def authorised_key(proof, controller) -> Ed25519PublicKey | None:
    """The key a proof names, if its controller document authorises it for the proof's purpose, as a
    standard verifier checks (VC Data Integrity §4.6): the purpose is assertionMethod, the method is
    listed under the controller's assertionMethod, and the method names that controller. Else None."""
    method_id = proof.get("verificationMethod")
    if proof.get("proofPurpose") != "assertionMethod" or method_id not in _ids(controller.get("assertionMethod", [])):
        return None
    listed = [method for method in controller.get("verificationMethod", []) if isinstance(method, dict) and method.get("id") == method_id]
    if len(listed) != 1 or listed[0].get("type") != "Multikey" or listed[0].get("controller") != controller.get("id"):
        return None
    try:
        return public_key_from_multibase(str(listed[0].get("publicKeyMultibase", "")))
    except ValueError:
        return None


def proof_holds(document, controller, contexts) -> bool:
    """Whether the document's proof is an eddsa-rdfc-2022 signature over it as it stands, by a key its
    issuer's controller document (`controller`, the issuer's profile) authorises for assertions, and
    the document is shaped like one of ours (`is_plain`)."""
    if not is_plain(document, contexts):
        return False
    proof = document.get("proof")
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    if not isinstance(proof, dict) or proof.get("cryptosuite") != CRYPTOSUITE or proof.get("type") != "DataIntegrityProof":
        return False
    issuer = document.get("issuer")
    if (issuer.get("id") if isinstance(issuer, dict) else issuer) != controller.get("id"):
        return False  # a key of the institute vouches only for what the institute issued
    public_key = authorised_key(proof, controller)
    value = proof.get("proofValue")
    if public_key is None or not isinstance(value, str):
        return False
    options = {name: value for name, value in proof.items() if name != "proofValue"}
    unsigned = {name: value for name, value in document.items() if name != "proof"}
    try:
        public_key.verify(from_base58btc(value.removeprefix("z")), _hash_data(unsigned, options))
    except (InvalidSignature, ValueError, UnknownContext, jsonld.JsonLdError):
        return False
    return value.startswith("z")
