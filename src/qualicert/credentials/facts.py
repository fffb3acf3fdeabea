"""What a credential says about a certificate, and its compact QR claim form (pure).

:class:`Facts` is the one description both credentials sign. In the QR the certificate is the
private CWT claim ``-260``, a map with short text keys:

====  =====================================  ====  ===============================
key   value                                  key   value
====  =====================================  ====  ===============================
n     certificate number                     f     valid from (issue date, ISO)
h     holder name                            x     valid to (expiry date, ISO)
u     holder USCC                            b     issuing body id
s     scheme code                            l     leaf index of the issuing event
t     standard and edition                   c     scope (maybe shortened, below)
ch    first 16 bytes of SHA-256(full scope), present only when ``c`` was shortened
====  =====================================  ====  ===============================
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

SCOPE_HASH_BYTES = 16
CHINA = dt.timezone(dt.timedelta(hours=8), "CST")
"""Certificates are valid by calendar day in China Standard Time (UTC+8)."""


def scope_hash(scope: str) -> bytes:
    """The first 16 bytes of SHA-256 of the UTF-8 scope: what a shortened scope is bound to."""
    return hashlib.sha256(scope.encode("utf-8")).digest()[:SCOPE_HASH_BYTES]


@dataclass(frozen=True)
class Facts:
    """The certificate as credentials carry it.

    ``scope`` is the full scope unless ``scope_hash`` is set: then ``scope`` is its beginning
    and ``scope_hash`` binds the full text (see :func:`scope_hash`).
    """

    number: str
    holder_name: str
    uscc: str
    scheme: str
    standard: str
    scope: str
    valid_from: dt.date
    valid_to: dt.date
    body_id: int
    body_approval: str
    leaf_index: int | None
    scope_hash: bytes | None = None

    def shortened(self, length: int) -> Facts:
        """These facts with the scope cut to ``length`` characters and bound by its hash."""
        if length >= len(self.scope) and self.scope_hash is None:
            return self
        full_hash = self.scope_hash or scope_hash(self.scope)
        return replace(self, scope=self.scope[:length], scope_hash=full_hash)

    def matches_scope(self, full_scope: str) -> bool:
        """Whether ``full_scope`` is the scope these facts carry or bind."""
        if self.scope_hash is None:
            return self.scope == full_scope
        return full_scope.startswith(self.scope) and scope_hash(full_scope) == self.scope_hash

    def claim(self) -> dict[str, Any]:
        """The private CWT claim map (short keys, see the module docstring)."""
        out: dict[str, Any] = {
            "n": self.number,
            "h": self.holder_name,
            "u": self.uscc,
            "s": self.scheme,
            "t": self.standard,
            "c": self.scope,
            "f": self.valid_from.isoformat(),
            "x": self.valid_to.isoformat(),
            "b": self.body_id,
        }
        if self.leaf_index is not None:
            out["l"] = self.leaf_index
        if self.scope_hash is not None:
            out["ch"] = self.scope_hash
        return out

    @classmethod
    def from_claim(cls, claim: Any, issuer: Any) -> Facts:
        """Facts from a claim map and the CWT ``iss``; ValueError naming a bad key."""
        if not isinstance(claim, Mapping) or not isinstance(issuer, str):
            raise ValueError("the credential claim must be a map and iss a text")
        text = {k: _text(claim, k) for k in ("n", "h", "u", "s", "t", "c", "f", "x")}
        body, leaf, digest = claim.get("b"), claim.get("l"), claim.get("ch")
        if not isinstance(body, int) or not (leaf is None or isinstance(leaf, int)):
            raise ValueError("claim keys 'b' and 'l' must be integers")
        if digest is not None and not (isinstance(digest, bytes) and len(digest) == 16):
            raise ValueError("claim key 'ch' must be 16 bytes")
        try:
            start, end = dt.date.fromisoformat(text["f"]), dt.date.fromisoformat(text["x"])
        except ValueError as exc:
            raise ValueError("claim keys 'f' and 'x' must be ISO dates") from exc
        return cls(
            text["n"], text["h"], text["u"], text["s"], text["t"], text["c"],
            start, end, body, issuer, leaf, digest,
        )  # fmt: skip


def _text(claim: Mapping[str, Any], key: str) -> str:
    value = claim.get(key)
    if not isinstance(value, str):
        raise ValueError(f"claim key {key!r} must be text")
    return value
