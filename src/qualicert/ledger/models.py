"""The event table: one row per change of state, never updated or deleted.

Database triggers (see the first migration) refuse UPDATE and DELETE on ``events`` on both
SQLite and PostgreSQL, so history cannot be rewritten through SQL either.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, ClassVar

import rfc8785
from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
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
        return {
            "type": self.event_type,
            "subject": {"type": self.subject_type, "id": self.subject_id},
            "actor": self.actor,
            "signer": self.signer_person_id,
            "time": self.occurred_at.isoformat().replace("+00:00", "Z"),
            "payload": json.loads(self.payload),
        }

    def canonical_bytes(self) -> bytes:
        """RFC 8785 canonical bytes of :meth:`body`."""
        return rfc8785.dumps(self.body())
