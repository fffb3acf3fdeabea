"""Base58btc and its multibase form (``z`` prefix), and Ed25519 Multikey values (pure).

References
----------
.. [1] The Base58 Encoding Scheme (draft-msporny-base58), Bitcoin alphabet.
.. [2] W3C Controlled Identifiers 1.0, Multikey: ``0xed01`` precedes an Ed25519 public key.
"""

from __future__ import annotations

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
ED25519_PUB = b"\xed\x01"
ED25519_PRIV = b"\x80\x26"


def b58encode(data: bytes) -> str:
    """Base58btc text of ``data`` (each leading zero byte becomes a ``1``)."""
    n = int.from_bytes(data, "big")
    out: list[str] = []
    while n:
        n, d = divmod(n, 58)
        out.append(ALPHABET[d])
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + "".join(reversed(out))


def b58decode(text: str) -> bytes:
    """Bytes of base58btc ``text``; ValueError for a character outside the alphabet."""
    n = 0
    for c in text:
        if c not in _VALUE:
            raise ValueError(f"{c!r} is not a base58btc character")
        n = n * 58 + _VALUE[c]
    zeros = len(text) - len(text.lstrip("1"))
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\0" * zeros + body


def encode(data: bytes) -> str:
    """Multibase base58btc: ``z`` followed by base58btc."""
    return "z" + b58encode(data)


def decode(text: str) -> bytes:
    """Bytes of a multibase base58btc value; ValueError unless it starts with ``z``."""
    if not text.startswith("z"):
        raise ValueError(f"multibase value must be base58btc ('z...'), got {text[:8]!r}")
    return b58decode(text[1:])


def public_multikey(public_key: bytes) -> str:
    """The Multikey ``publicKeyMultibase`` of a raw Ed25519 public key."""
    return encode(ED25519_PUB + public_key)


def parse_public_multikey(value: str) -> bytes:
    """The raw Ed25519 public key in a ``publicKeyMultibase``; ValueError if it is not one."""
    raw = decode(value)
    if raw[:2] != ED25519_PUB or len(raw) != 34:
        raise ValueError("not an Ed25519 Multikey (0xed01 followed by 32 bytes)")
    return raw[2:]
