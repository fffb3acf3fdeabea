"""The event table: one row per change of state, never updated or deleted.

Database triggers (see the first migration) refuse UPDATE and DELETE on ``events`` on both
SQLite and PostgreSQL, so history cannot be rewritten through SQL either.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from qualicert.db import Base, UTCDateTime

BigId = BigInteger().with_variant(Integer(), "sqlite")


class Event(Base):
    """An append-only record of one change of state."""

    __tablename__ = "events"
    __audited__: ClassVar[bool] = False
    __table_args__ = (Index("ix_events_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    event_type: Mapped[str] = mapped_column(String(64), index=True)
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(64))
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    signer_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    occurred_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    payload: Mapped[str] = mapped_column(Text, doc="RFC 8785 canonical JSON of the change")

    def body(self) -> dict[str, Any]:
        """The event as a JSON-ready mapping (what the transparency log commits to)."""
        return event_body(
            self.event_type,
            self.subject_type,
            self.subject_id,
            self.actor,
            self.signer_person_id,
            self.occurred_at,
            self.payload,
        )

    def canonical_bytes(self) -> bytes:
        """RFC 8785 canonical bytes of :meth:`body`: the event's leaf in the log."""
        return leaf_bytes(
            self.event_type,
            self.subject_type,
            self.subject_id,
            self.actor,
            self.signer_person_id,
            self.occurred_at,
            self.payload,
        )


def event_body(
    event_type: str,
    subject_type: str,
    subject_id: str,
    actor: str,
    signer: int | None,
    occurred_at: dt.datetime,
    payload: str,
) -> dict[str, Any]:
    """The mapping whose RFC 8785 bytes are an event's leaf in the transparency log."""
    return {
        "type": event_type,
        "subject": {"type": subject_type, "id": subject_id},
        "actor": actor,
        "signer": signer,
        "time": occurred_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        "payload": json.loads(payload),
    }


COMPACT = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
"""Sorted keys, no whitespace, UTF-8 kept: RFC 8785 output for values without floats whose
keys are ASCII (reused, since building an encoder per call costs as much as encoding)."""


def leaf_bytes(
    event_type: str,
    subject_type: str,
    subject_id: str,
    actor: str,
    signer: int | None,
    occurred_at: dt.datetime,
    payload: str,
) -> bytes:
    """RFC 8785 bytes of :func:`event_body`, splicing in the stored canonical payload.

    The payload is already canonical JSON, and the top-level keys are ASCII in RFC 8785 order
    (actor, payload, signer, subject, time, type), so only the small fields are serialised
    here. Equal to ``rfc8785.dumps(event_body(...))``; a test checks it.
    """
    time = occurred_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    subject = {"id": subject_id, "type": subject_type}
    parts = (
        b'{"actor":',
        _json(actor),
        b',"payload":',
        payload.encode("utf-8"),
        b',"signer":',
        _json(signer),
        b',"subject":',
        _json(subject),
        b',"time":',
        _json(time),
        b',"type":',
        _json(event_type),
        b"}",
    )
    return b"".join(parts)


def leaf_bytes_many(
    event_type: str,
    subject_type: str,
    subject_ids: Sequence[str],
    actor: str,
    signer: int | None,
    occurred_at: dt.datetime,
    payloads: Sequence[str],
) -> list[bytes]:
    """:func:`leaf_bytes` of events that differ only in subject id and payload (a batch):
    the shared fields are serialised once."""
    time = occurred_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    head = b'{"actor":' + _json(actor) + b',"payload":'
    middle = b',"signer":' + _json(signer) + b',"subject":{"id":'
    tail = (
        b"".join((b',"type":', _json(subject_type), b'},"time":', _json(time), b',"type":'))
        + _json(event_type)
        + b"}"
    )
    join = b"".join
    return [
        join((head, payload.encode("utf-8"), middle, _json_id(subject_id), tail))
        for subject_id, payload in zip(subject_ids, payloads, strict=True)
    ]


def _json_id(subject_id: str) -> bytes:
    """A subject id as a JSON string (ids are usually digits, which need no escaping)."""
    if subject_id.isascii() and subject_id.isdigit():
        return b'"' + subject_id.encode("ascii") + b'"'
    return _json(subject_id)


def _json(value: str | int | dict[str, str] | None) -> bytes:
    """RFC 8785 bytes of a string, an integer, null or a mapping of ASCII keys to strings:
    for these, ``json.dumps`` with sorted keys writes exactly what RFC 8785 does."""
    return COMPACT.encode(value).encode("utf-8")


class LogLeaf(Base):
    """The leaf of one event in the RFC 9162 tree: dense indices in commit order."""

    __tablename__ = "log_leaves"
    __audited__: ClassVar[bool] = False

    leaf_index: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id"),
        unique=True,
        doc="a statement trigger checks it on PostgreSQL (0008)",
    )
    leaf_hash: Mapped[bytes] = mapped_column(LargeBinary(32))


class LogNode(Base):
    """The hash of one complete subtree: ``level`` 0 are leaf hashes."""

    __tablename__ = "log_nodes"
    __audited__: ClassVar[bool] = False

    level: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    index: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    hash: Mapped[bytes] = mapped_column(LargeBinary(32))


class LogState(Base):
    """The one row that holds the tree size and root; locked while leaves are appended."""

    __tablename__ = "log_state"
    __audited__: ClassVar[bool] = False

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    size: Mapped[int] = mapped_column(BigId, default=0)
    root_hash: Mapped[bytes] = mapped_column(LargeBinary(32))


class Checkpoint(Base):
    """A signed checkpoint (C2SP tlog-checkpoint) the log has published."""

    __tablename__ = "log_checkpoints"
    __audited__: ClassVar[bool] = False

    id: Mapped[int] = mapped_column(primary_key=True)
    size: Mapped[int] = mapped_column(BigId, unique=True)
    root_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    note: Mapped[str] = mapped_column(Text)
    signed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
