"""New events onto deliveries: read the log from the cursor, find each event's watchers.

The matcher follows the transparency log's leaves (dense, in commit order) from
:class:`~qualicert.subscriptions.models.MatchCursor`, a batch at a time. For each event it
takes the targets it concerns (:func:`qualicert.subscriptions.targets.concerned`) and every
active subscription watching one of them that was made before the event, and adds one
delivery per channel: a webhook where the subscription has a URL, an e-mail (and its outbox
message) where it has an address and SMTP is configured. The cursor moves in the same
transaction, and ``(subscription, event, channel)`` is unique, so an event is never queued
twice for the same subscription and channel. The cursor row is written first, which makes
concurrent matchers wait for each other (a row lock on PostgreSQL, the write lock on SQLite).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, and_, func, insert, or_, select, update
from sqlalchemy.orm import Session

from qualicert.config import Settings
from qualicert.db import utcnow
from qualicert.ledger.models import Event, LogLeaf
from qualicert.subscriptions import messages, notices, targets
from qualicert.subscriptions.models import Delivery, MatchCursor, OutboxMail, Subscription

CURSOR_ID = 1
Row = dict[str, Any]


@dataclass(frozen=True)
class MatchResult:
    """What one batch did: events read, deliveries queued (webhook and e-mail)."""

    events: int
    deliveries: int


def log_end(session: Session) -> int:
    """The index the next leaf of the log will take (its size, as far as this session sees)."""
    last = session.scalar(select(func.max(LogLeaf.leaf_index)))
    return 0 if last is None else int(last) + 1


def first_leaf(session: Session) -> int:
    """Where a new cursor starts: the earliest leaf an active subscription wants, or the end."""
    earliest = session.scalar(
        select(func.min(Subscription.from_leaf_index)).where(Subscription.active.is_(True))
    )
    return log_end(session) if earliest is None else int(earliest)


def _cursor(session: Session, now: dt.datetime) -> MatchCursor:
    """The cursor row, locked for this transaction (created on first use)."""
    touched = session.execute(
        update(MatchCursor)
        .where(MatchCursor.id == CURSOR_ID)
        .values(next_leaf_index=MatchCursor.next_leaf_index)
    )
    if cast(CursorResult[Any], touched).rowcount == 0:
        session.add(MatchCursor(id=CURSOR_ID, next_leaf_index=first_leaf(session), updated_at=now))
        session.flush()
    row = session.scalar(
        select(MatchCursor)
        .where(MatchCursor.id == CURSOR_ID)
        .execution_options(populate_existing=True)
    )
    assert row is not None
    return row


def _watchers(
    session: Session, wanted: Iterable[targets.Target]
) -> dict[targets.Target, list[Subscription]]:
    """Active subscriptions on any of ``wanted``, by target."""
    by_kind: dict[str, set[int]] = {}
    for kind, target_id in wanted:
        by_kind.setdefault(kind, set()).add(target_id)
    if not by_kind:
        return {}
    clauses = [
        and_(Subscription.target_kind == kind, Subscription.target_id.in_(sorted(ids)))
        for kind, ids in sorted(by_kind.items())
    ]
    query = (
        select(Subscription)
        .where(Subscription.active.is_(True), or_(*clauses))
        .order_by(Subscription.id)
    )
    found: dict[targets.Target, list[Subscription]] = {}
    for sub in session.scalars(query):
        found.setdefault((sub.target_kind, sub.target_id), []).append(sub)
    return found


def match(
    *, session: Session, settings: Settings, now: dt.datetime | None = None, batch: int = 500
) -> MatchResult:
    """Match the next ``batch`` leaves of the log to subscriptions and move the cursor on."""
    now = now or utcnow()
    cursor = _cursor(session, now)
    if (
        session.scalar(select(Subscription.id).where(Subscription.active.is_(True)).limit(1))
        is None
    ):
        end = log_end(session)
        skipped = max(0, end - cursor.next_leaf_index)
        cursor.next_leaf_index, cursor.updated_at = max(end, cursor.next_leaf_index), now
        return MatchResult(events=skipped, deliveries=0)
    leaves = session.execute(
        select(LogLeaf.leaf_index, LogLeaf.event_id)
        .where(LogLeaf.leaf_index >= cursor.next_leaf_index)
        .order_by(LogLeaf.leaf_index)
        .limit(batch)
    ).all()
    if not leaves:
        return MatchResult(events=0, deliveries=0)
    events = notices.events_by_id(session, [int(e) for _, e in leaves])
    queued = _queue(session, settings, now, [(int(i), events[int(e)]) for i, e in leaves])
    cursor.next_leaf_index = int(leaves[-1][0]) + 1
    cursor.last_event_id = int(leaves[-1][1])
    cursor.updated_at = now
    return MatchResult(events=len(leaves), deliveries=queued)


def _pairs(
    session: Session, leaves: list[tuple[int, Event]], certs: dict[int, targets.CertificateRef]
) -> list[tuple[int, Event, Subscription]]:
    """(leaf, event, subscription) for every active watcher of a target each event concerns."""
    concerned = {
        e.id: targets.concerned(
            e.subject_type, e.subject_id, json.loads(e.payload), notices.certificate_of(e, certs)
        )
        for _, e in leaves
    }
    watchers = _watchers(session, set().union(*concerned.values()))
    return [
        (leaf, event, sub)
        for leaf, event in leaves
        for target in sorted(concerned[event.id])
        for sub in watchers.get(target, [])
        if leaf >= sub.from_leaf_index
    ]


def _existing(
    session: Session, pairs: list[tuple[int, Event, Subscription]]
) -> set[tuple[int, int, str]]:
    """(subscription, event, channel) already queued among ``pairs``: a cursor moved back
    by hand, or a batch matched again, adds nothing twice (read through the unique index)."""
    if not pairs:
        return set()
    query = select(Delivery.subscription_id, Delivery.event_id, Delivery.channel).where(
        Delivery.subscription_id.in_({sub.id for _, _, sub in pairs}),
        Delivery.event_id.in_({event.id for _, event, _ in pairs}),
    )
    return {(int(s), int(e), str(c)) for s, e, c in session.execute(query)}


def _delivery(sub: Subscription, event: Event, leaf: int, channel: str, now: dt.datetime) -> Row:
    return {
        "subscription_id": sub.id,
        "event_id": event.id,
        "leaf_index": leaf,
        "channel": channel,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }


def _queue(
    session: Session, settings: Settings, now: dt.datetime, leaves: list[tuple[int, Event]]
) -> int:
    """Add the deliveries (and outbox mails) of these leaves; returns how many deliveries.

    Rows go in as one ``executemany`` per table (plain rows, not ORM objects: a bulk upload
    with many watchers makes hundreds of thousands of them).
    """
    cert_ids = [int(e.subject_id) for _, e in leaves if notices.is_certificate(e)]
    certs = targets.certificates(session, cert_ids)
    pairs = _pairs(session, leaves, certs)
    mailing = bool(settings.smtp_host)
    done = _existing(session, pairs)
    rows: list[Row] = []
    to_mail: list[tuple[int, Event, Subscription]] = []
    for leaf, event, sub in pairs:
        if sub.webhook_url and (sub.id, event.id, "webhook") not in done:
            rows.append(_delivery(sub, event, leaf, "webhook", now))
        if sub.email and mailing and (sub.id, event.id, "email") not in done:
            rows.append(_delivery(sub, event, leaf, "email", now))
            to_mail.append((leaf, event, sub))
    if rows:
        session.execute(insert(Delivery), rows)
    if to_mail:
        _queue_mail(session, settings, now, to_mail, certs)
    return len(rows)


def _queue_mail(
    session: Session,
    settings: Settings,
    now: dt.datetime,
    to_mail: list[tuple[int, Event, Subscription]],
    certs: dict[int, targets.CertificateRef],
) -> None:
    """One outbox message per e-mail delivery just added, its text in Chinese and English."""
    names = notices.labels(session, [e for _, e, _ in to_mail], [s for _, _, s in to_mail])
    query = select(Delivery.id, Delivery.subscription_id, Delivery.event_id).where(
        Delivery.channel == "email",
        Delivery.subscription_id.in_({sub.id for _, _, sub in to_mail}),
        Delivery.event_id.in_({event.id for _, event, _ in to_mail}),
    )
    ids = {(int(s), int(e)): int(i) for i, s, e in session.execute(query)}
    mails = []
    for leaf, event, sub in to_mail:
        cert = notices.certificate_of(event, certs)
        notice = notices.build(event, leaf, sub, names, cert, settings.public_url)
        subject, body = messages.mail(notice)
        mails.append(
            {
                "delivery_id": ids[(sub.id, event.id)],
                "to_address": sub.email,
                "subject": subject,
                "body": body,
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
            }
        )
    session.execute(insert(OutboxMail), mails)
