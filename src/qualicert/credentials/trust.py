"""The trust list: every body's status and keys, the log's key and a status snapshot, signed.

The list is one RFC 8785 JSON object, published as the text of a C2SP signed note signed with
the log's key (so it is checked with the same ``open_note`` as a checkpoint)::

    {"type": "qualicert-trust-list", "version": 1, "issued_at": "...Z",
     "log": {"origin": ..., "vkey": ...},
     "bodies": [{"id", "approval_number", "name", "name_en", "status", "status_since",
                 "keys": [{"kid", "public_key" (base64), "valid_from", "valid_to"}]}],
     "status": {"as_of": "...Z", "certificates": [{"body_id", "number", "status", "since"}]}}

``status`` lists only certificates that are not active (a signed status snapshot rather than
a Bitstring Status List: no per-credential index to allocate, and an offline verifier looks a
number up directly). A certificate absent from it was active when the list was signed.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from qualicert.certification.models import Certificate
from qualicert.credentials import keys
from qualicert.db import utcnow
from qualicert.ledger import note
from qualicert.registry.models import CertificationBody

KIND = "qualicert-trust-list"


def _stamp(when: dt.datetime | None) -> str | None:
    if when is None:
        return None
    return when.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def build(*, session: Session, log_vkey: str, now: dt.datetime | None = None) -> dict[str, Any]:
    """The trust list as of now (unsigned)."""
    stamp = _stamp(now or utcnow())
    by_body: dict[int, list[dict[str, Any]]] = {}
    for row in keys.public_keys(session=session):
        by_body.setdefault(row.body_id, []).append(
            {
                "kid": row.key_id,
                "public_key": base64.b64encode(row.public_key).decode("ascii"),
                "valid_from": _stamp(row.valid_from),
                "valid_to": _stamp(row.valid_to),
            }
        )
    bodies = [
        {
            "id": b.id,
            "approval_number": b.approval_number,
            "name": b.name,
            "name_en": b.name_en,
            "status": b.status,
            "status_since": b.status_since.isoformat(),
            "keys": by_body.get(b.id, []),
        }
        for b in session.scalars(select(CertificationBody).order_by(CertificationBody.id))
    ]
    inactive = select(Certificate).where(Certificate.status != "active").order_by(Certificate.id)
    snapshot = [
        {"body_id": c.body_id, "number": c.number, "status": c.status,
         "since": c.status_since.isoformat()}
        for c in session.scalars(inactive)
    ]  # fmt: skip
    origin = log_vkey.split("+", 1)[0]
    return {
        "type": KIND,
        "version": 1,
        "issued_at": stamp,
        "log": {"origin": origin, "vkey": log_vkey},
        "bodies": bodies,
        "status": {"as_of": stamp, "certificates": snapshot},
    }


def sign(trust_list: dict[str, Any], name: str, key: Ed25519PrivateKey) -> str:
    """The signed note whose text is the list's RFC 8785 JSON and a newline."""
    return note.sign_note(rfc8785.dumps(trust_list).decode("utf-8") + "\n", name, key)


@dataclass(frozen=True)
class PublishedKey:
    """A body key as the trust list publishes it."""

    kid: str
    body_id: int
    approval_number: str
    public_key: bytes
    valid_from: dt.datetime
    valid_to: dt.datetime | None


@dataclass(frozen=True)
class TrustList:
    """A verified trust list; ``pinned`` says whether the log key was given by the caller."""

    data: dict[str, Any]
    pinned: bool

    def key(self, kid: str) -> PublishedKey | None:
        """The published key ``kid``, if any body has it."""
        for body in self.data["bodies"]:
            for k in body["keys"]:
                if k["kid"] == kid:
                    return PublishedKey(
                        kid, int(body["id"]), body["approval_number"],
                        base64.b64decode(k["public_key"]),
                        dt.datetime.fromisoformat(k["valid_from"].replace("Z", "+00:00")),
                        _time(k["valid_to"]),
                    )  # fmt: skip
        return None

    def status(self, body_id: int, number: str) -> tuple[str, dt.date | None]:
        """The certificate's status in the snapshot (``active`` when it is not listed)."""
        for entry in self.data["status"]["certificates"]:
            if entry["body_id"] == body_id and entry["number"] == number:
                return entry["status"], dt.date.fromisoformat(entry["since"])
        return "active", None

    @property
    def as_of(self) -> str:
        """When the status snapshot was taken."""
        return str(self.data["status"]["as_of"])


def _time(value: str | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def open_trust_list(signed: str, log_vkey: str | None = None) -> TrustList:
    """Verify a signed trust list with the log's key; ValueError when it does not verify.

    Without ``log_vkey`` the key named inside the list is used (trust on first use:
    ``pinned`` is false and the caller should say so).
    """
    pinned = log_vkey is not None
    if log_vkey is None:
        first = signed.split("\n", 1)[0]
        try:
            log_vkey = str(json.loads(first)["log"]["vkey"])
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError("the trust list names no log key") from exc
    text, _ = note.open_note(signed, [log_vkey])
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("type") != KIND:
        raise ValueError(f"the signed note is not a {KIND}")
    return TrustList(data, pinned)
