"""The webhook signature: HMAC-SHA256 over ``t.`` and the exact body, and the docs' snippet."""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from pathlib import Path

import pytest

from qualicert.subscriptions import signing

SECRET = "whsec_test-secret"
BODY = '{"type":"certificate.suspend","payload":{"reason":"未接受监督审核"}}'.encode()
DOC = Path(__file__).resolve().parents[2] / "docs" / "subscriptions.md"


def test_header_is_t_and_v1_over_timestamp_dot_body():
    value = signing.header_value(SECRET, BODY, 1777622400)
    expected = hmac.new(SECRET.encode(), b"1777622400." + BODY, hashlib.sha256).hexdigest()
    assert value == f"t=1777622400,v1={expected}"
    assert re.fullmatch(r"t=\d+,v1=[0-9a-f]{64}", value)


def test_verify_accepts_the_signature_it_made():
    now = int(time.time())
    assert signing.verify(SECRET, BODY, signing.header_value(SECRET, BODY, now), now=now)


@pytest.mark.parametrize(
    ("secret", "body", "shift"),
    [
        ("whsec_other", BODY, 0),  # another subscription's secret
        (SECRET, BODY + b" ", 0),  # one byte more
        (SECRET, BODY.replace("未".encode(), "末".encode()), 0),  # one character changed
        (SECRET, BODY, 301),  # replayed after the tolerance
        (SECRET, BODY, -301),  # from the future
    ],
)
def test_verify_refuses_a_wrong_secret_body_or_time(secret, body, shift):
    now = int(time.time())
    value = signing.header_value(SECRET, BODY, now - shift)
    assert not signing.verify(secret, body, value, now=now)


def test_any_of_several_v1_entries_may_match():
    now = int(time.time())
    good = signing.digest(SECRET, BODY, now)
    assert signing.verify(SECRET, BODY, f"t={now},v1={'0' * 64},v1={good}", now=now)


@pytest.mark.parametrize("value", ["", "v1=abc", "t=12", "t=abc,v1=00", "garbage"])
def test_malformed_headers_are_refused_not_raised(value):
    assert not signing.verify(SECRET, BODY, value, now=12)
    with pytest.raises(ValueError, match="X-Qualicert-Signature"):
        signing.parse(value)


def test_the_snippet_in_the_docs_checks_a_real_signature():
    """docs/subscriptions.md tells subscribers how to verify; its code must work."""
    code = re.search(r"```python\n(.*?)```", DOC.read_text("utf-8"), re.S)
    assert code is not None
    namespace: dict[str, object] = {}
    exec(code.group(1), namespace)
    verify = namespace["verify"]
    now = int(time.time())
    value = signing.header_value(SECRET, BODY, now)
    assert verify(SECRET, BODY, value)
    assert not verify(SECRET, BODY + b"x", value)
    assert not verify("whsec_other", BODY, value)
    assert not verify(SECRET, BODY, signing.header_value(SECRET, BODY, now - 3600))
    assert not verify(SECRET, BODY, "v1=" + "0" * 64)
