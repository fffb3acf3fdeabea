"""Base45 (RFC 9285) and base58btc / Multikey vectors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualicert.credentials import base45, multibase


# RFC 9285 sections 4.3 and 4.4 (encoding and decoding examples).
@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"AB", "BB8"),
        (b"Hello!!", "%69 VD92EX0"),
        (b"base-45", "UJCLQE7W581"),
        (b"ietf!", "QED8WEX0"),
    ],
)
def test_base45_rfc9285_examples(raw, text):
    assert base45.encode(raw) == text
    assert base45.decode(text) == raw


@pytest.mark.parametrize("bad", ["GGW", "A", "abc", "ZZ"])
def test_base45_refuses_bad_text(bad):
    # "GGW" is 65535 + 1 (RFC 9285 section 6: values above 65535 are invalid); lower case
    # is outside the alphabet; one leftover character is never valid.
    with pytest.raises(ValueError, match="base45"):
        base45.decode(bad)


@given(st.binary(max_size=64))
def test_base45_round_trip(data):
    assert base45.decode(base45.encode(data)) == data


# draft-msporny-base58-03 section 5 (test vectors).
@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"Hello World!", "2NEpo7TZRRrLZSi2U"),
        (
            b"The quick brown fox jumps over the lazy dog.",
            "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z",
        ),
        (bytes.fromhex("0000287fb4cd"), "11233QC4"),
    ],
)
def test_base58btc_draft_vectors(raw, text):
    assert multibase.b58encode(raw) == text
    assert multibase.b58decode(text) == raw


@given(st.binary(max_size=48))
def test_base58_round_trip(data):
    assert multibase.decode(multibase.encode(data)) == data


def test_multikey_of_the_w3c_test_key():
    # W3C vc-di-eddsa TestVectors/keyPair.json: publicKeyMultibase of the test key pair.
    value = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
    key = multibase.parse_public_multikey(value)
    assert len(key) == 32
    assert multibase.public_multikey(key) == value
    with pytest.raises(ValueError, match="base58btc"):
        multibase.decode("u" + value[1:])
