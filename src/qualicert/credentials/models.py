"""Body signing keys: the public half of every Ed25519 key a certification body signs with.

A key is published from ``valid_from``; rotation sets ``valid_to`` on the old key but keeps
its row, so credentials signed before the rotation still verify.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from qualicert.db import Base, UTCDateTime, utcnow


class BodyKey(Base):
    """One Ed25519 public key of a certification body, with its validity period."""

    __tablename__ = "body_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("certification_bodies.id"), index=True)
    key_id: Mapped[str] = mapped_column(String(16), unique=True, doc="hex of 8 bytes")
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    valid_from: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    valid_to: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
