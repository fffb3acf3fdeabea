"""Base45 (RFC 9285): bytes as text of the QR alphanumeric alphabet (pure, no I/O).

Each pair of bytes ``[a, b]`` is the number ``a * 256 + b`` written as three base-45 digits,
least significant first; a final single byte is written as two digits.

References
----------
.. [1] RFC 9285, The Base45 Data Encoding. https://www.rfc-editor.org/rfc/rfc9285
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}


def encode(data: bytes) -> str:
    """The base45 text of ``data``."""
    out: list[str] = []
    for i in range(0, len(data), 2):
        chunk = data[i : i + 2]
        n = chunk[0] * 256 + chunk[1] if len(chunk) == 2 else chunk[0]
        digits = 3 if len(chunk) == 2 else 2
        for _ in range(digits):
            n, d = divmod(n, 45)
            out.append(ALPHABET[d])
    return "".join(out)


def decode(text: str) -> bytes:
    """The bytes of base45 ``text``; ValueError for a bad character, length or value."""
    if len(text) % 3 == 1:
        raise ValueError(f"base45 text length {len(text)} leaves a single character")
    try:
        values = [_VALUE[c] for c in text]
    except KeyError as exc:
        raise ValueError(f"{exc.args[0]!r} is not a base45 character") from exc
    out = bytearray()
    for i in range(0, len(values), 3):
        group = values[i : i + 3]
        n = sum(v * 45**k for k, v in enumerate(group))
        if len(group) == 3:
            if n > 0xFFFF:
                raise ValueError(f"base45 group {text[i : i + 3]!r} is above 65535")
            out += n.to_bytes(2, "big")
        else:
            if n > 0xFF:
                raise ValueError(f"base45 final pair {text[i : i + 2]!r} is above 255")
            out.append(n)
    return bytes(out)
