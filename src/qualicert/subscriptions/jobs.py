"""The subscription job: match new events, deliver due webhooks, send due mail.

``run`` is called by the server's job timer and by ``qualicert jobs run`` and
``qualicert subscriptions deliver``. It takes a session factory rather than one session
because it commits between steps: a batch of matches commits with the cursor, and no
transaction stays open while a webhook receiver or an SMTP server is being waited for
(on SQLite that would hold the database's write lock for the whole time).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from qualicert.config import Settings
from qualicert.db import transaction, utcnow
from qualicert.subscriptions import mail, matcher, webhooks
from qualicert.subscriptions.models import Delivery, MatchCursor, OutboxMail

MAX_ROUNDS = 1000


@dataclass
class RunResult:
    """What one run did: events read and deliveries queued; outcomes by status."""

    events: int = 0
    queued: int = 0
    webhooks: dict[str, int] = field(default_factory=dict)
    mails: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """One line for logs and the CLI."""

        def show(tally: dict[str, int]) -> str:
            return ", ".join(f"{k} {v}" for k, v in sorted(tally.items())) or "none due"

        return (
            f"events matched: {self.events}, deliveries queued: {self.queued}; "
            f"webhooks: {show(self.webhooks)}; e-mail: {show(self.mails)}"
        )


def _add(total: dict[str, int], part: dict[str, int]) -> None:
    for key, value in part.items():
        total[key] = total.get(key, 0) + value


def match_all(
    *, factory: sessionmaker[Session], settings: Settings, now: dt.datetime, batch: int
) -> tuple[int, int]:
    """Match every new event, a committed batch at a time; returns (events, deliveries)."""
    events = queued = 0
    for _ in range(MAX_ROUNDS):
        with transaction(factory) as session:
            result = matcher.match(session=session, settings=settings, now=now, batch=batch)
        events, queued = events + result.events, queued + result.deliveries
        if not result.events:
            break
    return events, queued


def deliver_webhooks(
    *, factory: sessionmaker[Session], settings: Settings, now: dt.datetime
) -> dict[str, int]:
    """POST every webhook due at ``now``; returns how many ended in each status."""
    tally: dict[str, int] = {}
    for _ in range(MAX_ROUNDS):
        with transaction(factory) as session:
            token, items, given_up = webhooks.claim_due(session=session, settings=settings, now=now)
        _add(tally, {"failed": given_up} if given_up else {})
        if not items and not given_up:
            break
        outcomes = webhooks.post_all(items, settings=settings)
        with transaction(factory) as session:
            part = webhooks.record(
                session=session, token=token, outcomes=outcomes, settings=settings, now=now
            )
        _add(tally, part)
    return tally


def send_mail(
    *, factory: sessionmaker[Session], settings: Settings, now: dt.datetime
) -> dict[str, int]:
    """Send every message of the outbox due at ``now`` (nothing when SMTP is not set)."""
    tally: dict[str, int] = {}
    if not mail.configured(settings):
        return tally
    for _ in range(MAX_ROUNDS):
        with transaction(factory) as session:
            token, items = mail.claim_due(session=session, now=now)
        if not items:
            break
        outcomes = mail.send_all(items, settings=settings, now=now)
        with transaction(factory) as session:
            part = mail.record(
                session=session, token=token, outcomes=outcomes, settings=settings, now=now
            )
        _add(tally, part)
    return tally


def run(
    *,
    factory: sessionmaker[Session],
    settings: Settings,
    now: dt.datetime | None = None,
    batch: int = 500,
) -> RunResult:
    """Match new events, then deliver the webhooks and send the mail due at ``now``."""
    now = now or utcnow()
    events, queued = match_all(factory=factory, settings=settings, now=now, batch=batch)
    return RunResult(
        events=events,
        queued=queued,
        webhooks=deliver_webhooks(factory=factory, settings=settings, now=now),
        mails=send_mail(factory=factory, settings=settings, now=now),
    )


@dataclass(frozen=True)
class Backlog:
    """Where the subscription job stands: unmatched leaves and deliveries by channel and status."""

    unmatched: int
    deliveries: dict[tuple[str, str], int]
    outbox: dict[str, int]


def backlog(*, session: Session) -> Backlog:
    """Counts for operators: how far behind the matcher is, what waits and what failed."""
    cursor = session.get(MatchCursor, matcher.CURSOR_ID)
    end = matcher.log_end(session)
    start = cursor.next_leaf_index if cursor is not None else matcher.first_leaf(session)
    by_channel = session.execute(
        select(Delivery.channel, Delivery.status, func.count()).group_by(
            Delivery.channel, Delivery.status
        )
    )
    by_status = session.execute(select(OutboxMail.status, func.count()).group_by(OutboxMail.status))
    return Backlog(
        unmatched=max(0, end - start),
        deliveries={(c, s): int(n) for c, s, n in by_channel},
        outbox={s: int(n) for s, n in by_status},
    )
