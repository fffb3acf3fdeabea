"""Subscription tables: who watches what, each delivery, the e-mail outbox, the matcher's cursor.

These rows are a user's private notification settings and the platform's outgoing mail, not
the state of the certification system, so they are not audited (``__audited__ = False``) and
write no events: recording them in the public, append-only event log would publish who
watches which certificate, organisation or body (a buyer's suppliers, a regulator's targets).

A delivery moves through a small state machine::

    pending ──(2xx / mail accepted)──> delivered
       │ └──(failure, attempts left)──> pending, next_attempt_at = now + backoff
       └────(failure, no attempt left, or subscription deleted)──> failed
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from qualicert.db import Base, UTCDateTime, utcnow

BigId = BigInteger().with_variant(Integer(), "sqlite")

KINDS = ("certificate", "organization", "body")
CHANNELS = ("webhook", "email")
STATUSES = ("pending", "delivered", "failed")


class Subscription(Base):
    """A signed-in user watching one certificate, organisation or certification body."""

    __tablename__ = "subscriptions"
    __audited__: ClassVar[bool] = False
    __table_args__ = (Index("ix_subscriptions_target", "target_kind", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    target_kind: Mapped[str] = mapped_column(String(16), doc="certificate, organization or body")
    target_id: Mapped[int] = mapped_column(Integer, doc="id of the watched row")
    webhook_url: Mapped[str | None] = mapped_column(String(2000))
    webhook_secret: Mapped[bytes | None] = mapped_column(
        LargeBinary, doc="AES-GCM nonce and ciphertext of the signing secret"
    )
    email: Mapped[str | None] = mapped_column(String(254), doc="address to mail; null: no mail")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    from_leaf_index: Mapped[int] = mapped_column(
        BigId, doc="the first log leaf (event) this subscription is told about"
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Delivery(Base):
    """One event for one subscription over one channel: its attempts and outcome."""

    __tablename__ = "subscription_deliveries"
    __audited__: ClassVar[bool] = False
    __table_args__ = (
        UniqueConstraint("subscription_id", "event_id", "channel"),
        Index("ix_subscription_deliveries_due", "status", "channel", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id"), index=True)
    event_id: Mapped[int] = mapped_column(BigId, ForeignKey("events.id"))
    leaf_index: Mapped[int] = mapped_column(BigId)
    channel: Mapped[str] = mapped_column(String(8), doc="webhook or email")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    claim: Mapped[str | None] = mapped_column(String(32), doc="the sender holding it now")
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class OutboxMail(Base):
    """An e-mail waiting to be sent (or sent), with its own attempts."""

    __tablename__ = "mail_outbox"
    __audited__: ClassVar[bool] = False
    __table_args__ = (Index("ix_mail_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    delivery_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("subscription_deliveries.id"), unique=True
    )
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    claim: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class MatchCursor(Base):
    """How far the matcher has read the log: leaves below ``next_leaf_index`` are matched.

    The matcher follows leaf indices, not event ids: on PostgreSQL ids come from a sequence
    and may commit out of order, so an id cursor could pass an event that commits later;
    leaf indices are given at commit, dense and in commit order.
    """

    __tablename__ = "subscription_cursor"
    __audited__: ClassVar[bool] = False

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    next_leaf_index: Mapped[int] = mapped_column(BigId)
    last_event_id: Mapped[int | None] = mapped_column(BigId, doc="the last event matched")
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
