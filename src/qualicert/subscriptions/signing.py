"""The webhook signature: HMAC-SHA256 over a timestamp and the exact body bytes.

Each POST carries::

    X-Qualicert-Signature: t=1767225600,v1=<64 lowercase hex digits>

``t`` is the Unix time the request was signed; ``v1`` is the lowercase hex of
``HMAC-SHA256(key=secret, message=f"{t}." + body)``, where ``secret`` is the subscription's
secret as UTF-8 bytes and ``body`` the raw request body. A receiver recomputes it over the
bytes it read (before parsing the JSON), compares in constant time and refuses a ``t`` too far
from its own clock, so that a captured request cannot be replayed later. More ``v1=`` entries
may follow while a secret is being replaced; a match with any of them is enough.
"""

from __future__ import annotations

import hashlib
import hmac

HEADER = "X-Qualicert-Signature"
SCHEME = "v1"
DEFAULT_TOLERANCE_SECONDS = 300


def digest(secret: str, body: bytes, timestamp: int) -> str:
    """Lowercase hex HMAC-SHA256 of ``f"{timestamp}."`` followed by ``body``."""
    message = str(int(timestamp)).encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def header_value(secret: str, body: bytes, timestamp: int) -> str:
    """The value of :data:`HEADER` for ``body`` signed at ``timestamp``."""
    return f"t={int(timestamp)},{SCHEME}={digest(secret, body, timestamp)}"


def parse(value: str) -> tuple[int, list[str]]:
    """The timestamp and the ``v1`` signatures of a header value.

    Raises
    ------
    ValueError
        When the value has no integer ``t`` or no ``v1`` entry.
    """
    timestamp: int | None = None
    signatures: list[str] = []
    for part in value.split(","):
        key, _, item = part.strip().partition("=")
        if key == "t" and item.isdigit():
            timestamp = int(item)
        elif key == SCHEME and item:
            signatures.append(item)
    if timestamp is None or not signatures:
        raise ValueError(f"{HEADER} {value!r} needs t=<unix time> and {SCHEME}=<hex>")
    return timestamp, signatures


def verify(
    secret: str,
    body: bytes,
    value: str,
    *,
    now: int,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
) -> bool:
    """True when ``value`` signs ``body`` with ``secret`` at most ``tolerance`` s from ``now``."""
    try:
        timestamp, signatures = parse(value)
    except ValueError:
        return False
    if abs(now - timestamp) > tolerance:
        return False
    expected = digest(secret, body, timestamp)
    return any(hmac.compare_digest(expected, candidate) for candidate in signatures)
