"""eddsa-jcs-2022 against the published W3C test vector, and tampering."""

from __future__ import annotations

import copy
import hashlib

import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from qualicert.credentials import dataintegrity, multibase

# W3C vc-di-eddsa, TestVectors/eddsa-jcs-2022/signedJCS.json and TestVectors/keyPair.json
# (https://github.com/w3c/vc-di-eddsa/tree/main/TestVectors), also in the specification's
# appendix "Representation: eddsa-jcs-2022".
PUBLIC = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
PRIVATE = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"]
SIGNED = {
    "@context": CONTEXT,
    "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "type": ["VerifiableCredential", "AlumniCredential"],
    "name": "Alumni Credential",
    "description": "A minimum viable example of an Alumni Credential.",
    "issuer": "https://vc.example/issuers/5678",
    "validFrom": "2023-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
    "proof": {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "created": "2023-02-24T23:36:38Z",
        "verificationMethod": f"https://vc.example/issuers/5678#{PUBLIC}",
        "proofPurpose": "assertionMethod",
        "@context": CONTEXT,
        "proofValue": "z63t83Y53KfzJ5ZosfKTnqfMcKB2dmTrfjSaQjeNNjAD5srBowQfmWqeRb8rRjmeEuCBEsddF9LsVogtuTsijJKh4",
    },
}
# TestVectors/eddsa-jcs-2022/docHashJCS.txt: SHA-256 of the canonical unsecured document.
DOC_HASH = "59b7cb6251b8991add1ce0bc83107e3db9dbbab5bd2c28f687db1a03abc92f19"


def test_the_w3c_vector_verifies():
    assert dataintegrity.verify(SIGNED, multibase.parse_public_multikey(PUBLIC))


def test_the_document_hash_is_the_published_one():
    document = {k: v for k, v in SIGNED.items() if k != "proof"}
    assert hashlib.sha256(rfc8785.dumps(document)).hexdigest() == DOC_HASH


def test_signing_again_with_the_test_key_gives_the_published_proof_value():
    seed = multibase.decode(PRIVATE)
    assert seed[:2] == multibase.ED25519_PRIV
    key = Ed25519PrivateKey.from_private_bytes(seed[2:])
    document = {k: v for k, v in SIGNED.items() if k != "proof"}
    method = SIGNED["proof"]["verificationMethod"]
    again = dataintegrity.sign(
        document, key, verification_method=method, created="2023-02-24T23:36:38Z"
    )
    assert again == SIGNED


def test_one_changed_character_fails():
    changed = copy.deepcopy(SIGNED)
    changed["credentialSubject"]["alumniOf"] = "The School of Exampled"
    assert not dataintegrity.verify(changed, multibase.parse_public_multikey(PUBLIC))


def test_a_changed_proof_option_fails():
    changed = copy.deepcopy(SIGNED)
    changed["proof"]["created"] = "2023-02-24T23:36:39Z"
    assert not dataintegrity.verify(changed, multibase.parse_public_multikey(PUBLIC))
