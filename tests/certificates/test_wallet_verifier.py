"""The credentials pass the verifier wallets use: Digital Bazaar's reference stack (@digitalbazaar/vc
with data-integrity, eddsa-rdfc-2022, ed25519-multikey and the Bitstring Status List), with its
default settings: the proof, the key's controller listing it for assertions, and the revocation list.
The stack's versions are pinned in tests/certificates/wallet/package-lock.json."""

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from lms.certificates import services

from .test_credentials import get_json, path_of

pytestmark = [pytest.mark.django_db, pytest.mark.today(datetime.date(2026, 12, 6))]

WALLET = Path(__file__).parent / "wallet"


@pytest.fixture(scope="session")
def wallet():
    """The Node verifier, its packages installed from the lockfile on first use."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.skip("needs Node.js and npm (Debian: nodejs npm) for the reference verifier")
    if not (WALLET / "node_modules" / "@digitalbazaar" / "vc").exists():
        # make test installs it first; a test run on its own installs it here, one process at a
        # time (pytest-xdist's processes would otherwise install over each other's feet).
        import fcntl

        with open(WALLET / ".install-lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (WALLET / "node_modules" / "@digitalbazaar" / "vc").exists():
                subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--silent"], cwd=WALLET, check=True, timeout=600)

    def verify(client, *credentials):
        """Each credential verified with the documents it points to read from the site beforehand."""
        documents = {}
        waiting = list(credentials)
        while waiting:  # the keys' profiles and the status lists, and in turn what those point to
            document = waiting.pop()
            proofs = document.get("proof", [])
            addresses = [proof["verificationMethod"].split("#")[0] for proof in (proofs if isinstance(proofs, list) else [proofs])]
            if "credentialStatus" in document:
                addresses.append(document["credentialStatus"]["statusListCredential"])
            for address in addresses:
                if address not in documents:
                    documents[address] = get_json(client, address)
                    waiting.append(documents[address])
        given = json.dumps({"credentials": list(credentials), "documents": documents})
        done = subprocess.run([node, str(WALLET / "verify.mjs")], input=given, capture_output=True, text=True, timeout=120, check=True)
        return json.loads(done.stdout)

    return verify


def test_a_certificate_verifies_and_once_revoked_its_list_says_so(client, world, completion, wallet):
    certificate = services.issue_certificate(record=completion(world.supporter), by=world.institute_staff)
    credential = get_json(client, f"/verify/{certificate.code}/")
    [before] = wallet(client, credential)
    assert before == {"verified": True, "errors": [], "statusChecked": True, "revoked": False}

    services.revoke_certificate(certificate=certificate, by=world.institute_staff, reason="誤登録")
    [after] = wallet(client, credential)  # the copy kept from before the revocation
    assert after == {"verified": True, "errors": [], "statusChecked": True, "revoked": True}


def test_the_status_list_and_a_tampered_credential(client, world, completion, wallet):
    certificate = services.issue_certificate(record=completion(world.supporter), by=world.institute_staff)
    credential = get_json(client, f"/verify/{certificate.code}/")
    status_list = get_json(client, path_of(credential["credentialStatus"]["statusListCredential"]))
    tampered = {**credential, "credentialSubject": {**credential["credentialSubject"], "name": "別人"}}
    listed, changed = wallet(client, status_list, tampered)
    assert listed["verified"] is True, listed["errors"]
    assert changed["verified"] is False
