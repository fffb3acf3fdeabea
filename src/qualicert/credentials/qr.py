"""QR credentials: ``QC1:`` + base45(zlib(COSE_Sign1)), drawn at error level Q (pure but PNG/SVG).

The payload follows the EU Digital COVID Certificate: CWT claims signed in COSE_Sign1
(:mod:`qualicert.credentials.cose`), zlib-compressed, base45 (RFC 9285), then a prefix. The
code must stay at QR version :data:`MAX_VERSION` or below, so a scope too long for it is cut and
bound by its hash (:meth:`Facts.shortened`); the other facts are never cut.
"""

from __future__ import annotations

import datetime as dt
import io
import zlib
from dataclasses import dataclass

import segno
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from qualicert.credentials import base45, cose
from qualicert.credentials.facts import CHINA, Facts

PREFIX = "QC1:"
ERROR_LEVEL = "q"
MAX_VERSION = 20
MAX_ZLIB_OUTPUT = 64 * 1024


def _end_of_day(day: dt.date) -> int:
    return int(dt.datetime.combine(day, dt.time(23, 59, 59), CHINA).timestamp())


def payload(facts: Facts, key: Ed25519PrivateKey, kid: bytes, issued_at: dt.datetime) -> str:
    """The ``QC1:`` text of ``facts`` signed with ``key`` (no shortening)."""
    claims = {
        cose.ISS: facts.body_approval,
        cose.IAT: int(issued_at.timestamp()),
        cose.EXP: _end_of_day(facts.valid_to),
        cose.CLAIM: facts.claim(),
    }
    signed = cose.sign(claims, key, kid)
    return PREFIX + base45.encode(zlib.compress(signed, 9))


def version_of(text: str) -> int:
    """The QR version ``text`` needs at error level Q."""
    return int(segno.make_qr(text, error=ERROR_LEVEL, boost_error=False).version)


def fitted_payload(facts: Facts, key: Ed25519PrivateKey, kid: bytes, issued_at: dt.datetime) -> str:
    """The payload, with the scope cut (longest that fits) when the code would pass version 20.

    ValueError when even an empty scope does not fit.
    """
    text = payload(facts, key, kid, issued_at)
    if version_of(text) <= MAX_VERSION:
        return text
    low, high, best = 0, len(facts.scope) - 1, None
    while low <= high:
        middle = (low + high) // 2
        candidate = payload(facts.shortened(middle), key, kid, issued_at)
        if version_of(candidate) <= MAX_VERSION:
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    if best is None:
        raise ValueError(f"certificate {facts.number} does not fit a version {MAX_VERSION} QR")
    return best


@dataclass(frozen=True)
class Decoded:
    """A QR payload unpacked: the signed COSE structure and the facts it claims."""

    signed: cose.Signed
    facts: Facts
    issued_at: dt.datetime


def decode(text: str) -> Decoded:
    """Unpack a ``QC1:`` payload; ValueError saying which layer is malformed."""
    text = text.strip()
    if not text.startswith(PREFIX):
        raise ValueError(f"a QR credential starts with {PREFIX!r}")
    compressed = base45.decode(text[len(PREFIX) :])
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(compressed, MAX_ZLIB_OUTPUT)
    except zlib.error as exc:
        raise ValueError(f"the payload is not zlib data: {exc}") from exc
    if inflater.unconsumed_tail:
        raise ValueError("the payload inflates beyond 64 KiB")
    signed = cose.parse(raw)
    iat = signed.claims.get(cose.IAT)
    if not isinstance(iat, int):
        raise ValueError("the CWT has no iat")
    facts = Facts.from_claim(signed.claims.get(cose.CLAIM), signed.claims.get(cose.ISS))
    return Decoded(signed, facts, dt.datetime.fromtimestamp(iat, dt.UTC))


def png(text: str, scale: int = 4) -> bytes:
    """The QR code of ``text`` as PNG (error level Q, quiet zone of four modules)."""
    out = io.BytesIO()
    segno.make_qr(text, error=ERROR_LEVEL, boost_error=False).save(out, kind="png", scale=scale)
    return out.getvalue()


def svg(text: str, scale: int = 4) -> str:
    """The QR code of ``text`` as SVG text."""
    out = io.BytesIO()
    qr = segno.make_qr(text, error=ERROR_LEVEL, boost_error=False)
    qr.save(out, kind="svg", scale=scale, xmldecl=False)
    return out.getvalue().decode("utf-8")


def read_image(data: bytes) -> list[str]:
    """The texts of every QR code found in an image file (PNG, JPEG...), via zxing-cpp."""
    import zxingcpp
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        results = zxingcpp.read_barcodes(image.convert("L"))
    return [r.text for r in results if r.format == zxingcpp.BarcodeFormat.QRCode]
