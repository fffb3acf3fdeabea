"""QR credentials without a database: size limits, scope binding, image round trip, verdicts."""

from __future__ import annotations

import datetime as dt
import random
import zlib
from dataclasses import dataclass

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from qualicert.credentials import base45, keys, qr
from qualicert.credentials.facts import Facts
from qualicert.credentials.trust import PublishedKey
from qualicert.credentials.verdicts import Verdict
from qualicert.credentials.verify import Standing, verify_qr

NOW = dt.datetime(2026, 5, 1, 8, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 5, 1)
KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
PUBLIC = KEY.public_key().public_bytes_raw()
KID = keys.key_id(PUBLIC)


def cjk(n: int, seed: int) -> str:
    """``n`` random CJK characters: the worst case for compression."""
    r = random.Random(seed)
    return "".join(chr(r.randint(0x4E00, 0x9FA5)) for _ in range(n))


def facts(
    name: str = "苏州恒信精密机械有限公司", scope: str = "精密机械零部件的设计和生产"
) -> Facts:
    return Facts(
        "CERT-2026-0001", name, "91320500MA1XXXXX3K", "QMS1", "ISO 9001:2015", scope,
        dt.date(2026, 4, 1), dt.date(2029, 3, 31), 7, "CNCA-R-2002-007", 42,
    )  # fmt: skip


@dataclass
class FakeTrust:
    """A trust source that publishes :data:`KEY` for body 7; every certificate is active."""

    def key(self, kid: str) -> PublishedKey | None:
        if kid != KID:
            return None
        return PublishedKey(KID, 7, "CNCA-R-2002-007", PUBLIC, NOW - dt.timedelta(days=1), None)

    def standing(self, body_id: int, number: str) -> Standing | None:
        return Standing("active", None)


def test_a_short_credential_keeps_its_whole_scope_and_verifies():
    text = qr.fitted_payload(facts(), KEY, bytes.fromhex(KID), NOW)
    decoded = qr.decode(text)
    assert decoded.facts == facts()
    assert decoded.signed.kid == bytes.fromhex(KID)
    assert verify_qr(text, FakeTrust(), TODAY).verdict is Verdict.VALID


def test_a_60_character_name_and_200_character_scope_fit_version_20():
    scope = cjk(200, 2)
    text = qr.fitted_payload(facts(cjk(60, 1), scope), KEY, bytes.fromhex(KID), NOW)
    assert qr.version_of(text) <= qr.MAX_VERSION
    carried = qr.decode(text).facts
    assert carried.holder_name == cjk(60, 1)
    assert carried.scope_hash is not None
    assert scope.startswith(carried.scope)
    assert carried.matches_scope(scope)
    assert not carried.matches_scope(scope[:-1] + "改")


def test_the_qr_image_decodes_back_to_the_payload():
    text = qr.fitted_payload(facts(cjk(60, 3), cjk(200, 4)), KEY, bytes.fromhex(KID), NOW)
    assert qr.read_image(qr.png(text)) == [text]
    assert qr.svg(text).lstrip().startswith("<svg")


def test_one_changed_byte_of_the_signed_payload_is_tampered():
    text = qr.payload(facts(), KEY, bytes.fromhex(KID), NOW)
    raw = bytearray(zlib.decompress(base45.decode(text[4:])))
    at = raw.index(b"CERT-2026-0001")
    raw[at + 13] ^= 0x01  # CERT-2026-0001 becomes CERT-2026-0000
    forged = "QC1:" + base45.encode(zlib.compress(bytes(raw)))
    assert qr.decode(forged).facts.number == "CERT-2026-0000"
    assert verify_qr(forged, FakeTrust(), TODAY).verdict is Verdict.TAMPERED


def test_a_key_nobody_published_is_an_unknown_issuer():
    other = Ed25519PrivateKey.generate()
    kid = bytes.fromhex(keys.key_id(other.public_key().public_bytes_raw()))
    text = qr.payload(facts(), other, kid, NOW)
    assert verify_qr(text, FakeTrust(), TODAY).verdict is Verdict.UNKNOWN_ISSUER


def test_a_published_key_claiming_another_body_is_an_unknown_issuer():
    text = qr.payload(Facts(**{**facts().__dict__, "body_id": 8}), KEY, bytes.fromhex(KID), NOW)
    assert verify_qr(text, FakeTrust(), TODAY).verdict is Verdict.UNKNOWN_ISSUER


@pytest.mark.parametrize("text", ["", "HC1:ABC", "QC1:abc", "QC1:" + base45.encode(b"not zlib")])
def test_garbage_is_malformed_not_forged(text):
    outcome = verify_qr(text, FakeTrust(), TODAY)
    assert outcome.verdict is Verdict.MALFORMED
    assert "forg" not in outcome.message and "伪造" not in outcome.message_zh


def test_past_expiry_is_not_current_with_the_expiry_date():
    text = qr.payload(facts(), KEY, bytes.fromhex(KID), NOW)
    outcome = verify_qr(text, FakeTrust(), dt.date(2029, 4, 1))
    assert (outcome.verdict, outcome.status, outcome.date) == (
        Verdict.NOT_CURRENT, "expired", dt.date(2029, 3, 31),
    )  # fmt: skip
