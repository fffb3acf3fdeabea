"""COSE_Sign1 with EdDSA over CWT claims, as in the EU Digital COVID Certificate (pure).

::

    COSE_Sign1 = #6.18([protected: bstr .cbor {1: -8, 4: kid}, unprotected: {}, payload, sig])
    signature  = Ed25519(key, cbor(["Signature1", protected, h'', payload]))

The payload is a CWT claims map (RFC 8392): ``1`` iss, ``4`` exp, ``6`` iat and the private
claim :data:`CLAIM` holding the certificate. Every refusal is a ``ValueError`` saying why.

References
----------
.. [1] RFC 9052, CBOR Object Signing and Encryption (COSE), section 4.
.. [2] RFC 8392, CBOR Web Token (CWT).
.. [3] eHealth Network, Electronic Health Certificate Specification (the DCC pattern).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

EDDSA = -8
ALG, KID = 1, 4
ISS, EXP, IAT = 1, 4, 6
CLAIM = -260
TAG = 18


def _sig_structure(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload])


def sign(claims: dict[int, Any], private_key: Ed25519PrivateKey, kid: bytes) -> bytes:
    """The tagged COSE_Sign1 bytes of ``claims`` signed with ``private_key`` (key id ``kid``)."""
    protected = cbor2.dumps({ALG: EDDSA, KID: kid})
    payload = cbor2.dumps(claims)
    signature = private_key.sign(_sig_structure(protected, payload))
    return cbor2.dumps(cbor2.CBORTag(TAG, [protected, {}, payload, signature]))


@dataclass(frozen=True)
class Signed:
    """A parsed COSE_Sign1: its key id, claims and the bytes the signature covers."""

    kid: bytes
    claims: dict[int, Any]
    to_be_signed: bytes
    signature: bytes

    def verify(self, public_key: bytes) -> bool:
        """Whether the signature is ``public_key``'s over the protected header and payload."""
        try:
            Ed25519PublicKey.from_public_bytes(public_key).verify(self.signature, self.to_be_signed)
        except InvalidSignature:
            return False
        return True


def parse(data: bytes) -> Signed:
    """Parse COSE_Sign1 bytes (tagged or not); ValueError when it is not one with EdDSA."""
    try:
        item = cbor2.loads(data)
    except Exception as exc:  # cbor2 raises several types for bad input
        raise ValueError(f"not CBOR: {exc}") from exc
    if isinstance(item, cbor2.CBORTag):
        if item.tag != TAG:
            raise ValueError(f"CBOR tag {item.tag} is not COSE_Sign1 (18)")
        item = item.value
    if not (isinstance(item, list | tuple) and len(item) == 4):
        raise ValueError("COSE_Sign1 must be an array of four items")
    protected, _, payload, signature = item
    if not all(isinstance(x, bytes) for x in (protected, payload, signature)):
        raise ValueError("COSE_Sign1 protected header, payload and signature must be bytes")
    header = _map(protected, "protected header")
    if header.get(ALG) != EDDSA:
        raise ValueError(f"COSE algorithm must be EdDSA (-8), got {header.get(ALG)!r}")
    kid = header.get(KID)
    if not isinstance(kid, bytes):
        raise ValueError("COSE protected header has no key id")
    claims = _map(payload, "CWT claims")
    return Signed(kid, claims, _sig_structure(protected, payload), signature)


def _map(data: bytes, what: str) -> dict[Any, Any]:
    try:
        value = cbor2.loads(data)
    except Exception as exc:
        raise ValueError(f"{what} is not CBOR: {exc}") from exc
    if not isinstance(value, Mapping):
        raise ValueError(f"{what} must be a CBOR map")
    return dict(value)
