"""The eddsa-jcs-2022 Data Integrity cryptosuite: sign and verify a JSON document (pure).

Signing (W3C vc-di-eddsa, section 3.3 "eddsa-jcs-2022")::

    proof config   = the proof without ``proofValue``, with the document's ``@context``
    hash data      = SHA-256(JCS(proof config)) || SHA-256(JCS(document without proof))
    proofValue     = multibase base58btc ('z...') of Ed25519(private key, hash data)

JCS is RFC 8785 canonical JSON (the ``rfc8785`` package). Verification rebuilds the same hash
data from the secured document; a document whose ``@context`` does not start with the proof's
``@context`` fails.

References
----------
.. [1] W3C, Data Integrity EdDSA Cryptosuites v1.0. https://www.w3.org/TR/vc-di-eddsa/
.. [2] RFC 8785, JSON Canonicalization Scheme.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from qualicert.credentials import multibase

CRYPTOSUITE = "eddsa-jcs-2022"


def hash_data(document: Mapping[str, Any], proof_config: Mapping[str, Any]) -> bytes:
    """SHA-256 of the canonical proof config followed by SHA-256 of the canonical document."""
    config_hash = hashlib.sha256(rfc8785.dumps(dict(proof_config))).digest()
    return config_hash + hashlib.sha256(rfc8785.dumps(dict(document))).digest()


def proof_config(
    document: Mapping[str, Any], *, verification_method: str, created: str
) -> dict[str, Any]:
    """The proof options of a DataIntegrityProof for ``document`` (without ``proofValue``)."""
    config: dict[str, Any] = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    if "@context" in document:
        config["@context"] = document["@context"]
    return config


def sign(
    document: Mapping[str, Any],
    private_key: Ed25519PrivateKey,
    *,
    verification_method: str,
    created: str,
) -> dict[str, Any]:
    """``document`` with an eddsa-jcs-2022 ``proof`` added."""
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    config = proof_config(unsecured, verification_method=verification_method, created=created)
    signature = private_key.sign(hash_data(unsecured, config))
    return unsecured | {"proof": config | {"proofValue": multibase.encode(signature)}}


def split(secured: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any], bytes]:
    """(document, proof options, signature) of a secured document; ValueError if malformed."""
    proof = secured.get("proof")
    if not isinstance(proof, Mapping):
        raise ValueError("the document has no proof object")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ValueError(f"the proof is not a DataIntegrityProof with cryptosuite {CRYPTOSUITE}")
    value = proof.get("proofValue")
    if not isinstance(value, str):
        raise ValueError("the proof has no proofValue")
    signature = multibase.decode(value)
    if len(signature) != 64:
        raise ValueError(f"an Ed25519 signature has 64 bytes, proofValue has {len(signature)}")
    document = {k: v for k, v in secured.items() if k != "proof"}
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    return document, options, signature


def verify(secured: Mapping[str, Any], public_key: bytes) -> bool:
    """Whether ``secured`` carries a valid eddsa-jcs-2022 proof by ``public_key``.

    ValueError when the proof is malformed (no proof, wrong suite, bad proofValue).
    """
    document, options, signature = split(secured)
    if "@context" in options:
        context, wanted = document.get("@context"), options["@context"]
        if not isinstance(context, list) or context[: len(wanted)] != list(wanted):
            return False
        document["@context"] = wanted
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(
            signature, hash_data(document, options)
        )
    except InvalidSignature:
        return False
    return True
