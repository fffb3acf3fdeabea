"""Claiming due work and settling its outcome, shared by webhook deliveries and the mail outbox.

A sender first *claims* due rows in a short transaction: one UPDATE stamps them with a random
claim token, counts the attempt and moves ``next_attempt_at`` past a lease, so another sender
running at the same time (the server's timer and ``qualicert subscriptions deliver``) skips
them. It then sends with no transaction open, and *settles* each row in a second short
transaction, but only while it still holds the claim. A sender that dies between the two
leaves its rows to be claimed again when the lease runs out (the receiver may then see the
same delivery id twice; it is never lost).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session

from qualicert.config import Settings
from qualicert.subscriptions import retry
from qualicert.subscriptions.models import Delivery, OutboxMail

ERROR_MAX = 500
Row = TypeVar("Row", Delivery, OutboxMail)


def claim(
    session: Session,
    model: type[Row],
    *,
    now: dt.datetime,
    lease: dt.timedelta,
    limit: int,
    where: Iterable[ColumnElement[bool]] = (),
) -> tuple[str, list[Row]]:
    """Claim up to ``limit`` due rows of ``model``; returns the claim token and the rows."""
    token = secrets.token_hex(16)
    due = (model.status == "pending", model.next_attempt_at <= now, *where)
    oldest = select(model.id).where(*due).order_by(model.next_attempt_at, model.id).limit(limit)
    # PostgreSQL re-checks ``due`` on rows another sender updated meanwhile, so it skips them;
    # SQLite runs one writer at a time and this UPDATE comes first, so the ids are still due
    # (and without the repeat it looks them up by primary key).
    recheck = due if session.get_bind().dialect.name == "postgresql" else ()
    session.execute(
        update(model)
        .where(model.id.in_(oldest.scalar_subquery()), *recheck)
        .values(claim=token, next_attempt_at=now + lease, attempts=model.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    rows = session.scalars(
        select(model)
        .where(model.status == "pending", model.claim == token)  # through the due index
        .order_by(model.id)
        .execution_options(populate_existing=True)
    )
    return token, list(rows)


def held(session: Session, model: type[Row], token: str, ids: Sequence[int]) -> dict[int, Row]:
    """The rows among ``ids`` still claimed with ``token``, by id."""
    if not ids:
        return {}
    query = select(model).where(model.id.in_(sorted(ids)), model.claim == token)
    return {row.id: row for row in session.scalars(query)}


def settle(
    row: Delivery | OutboxMail,
    *,
    ok: bool,
    error: str | None,
    done: str,
    settings: Settings,
    now: dt.datetime,
) -> str:
    """Record an attempt's outcome on ``row``; returns the new status.

    Success sets ``done`` (``delivered`` or ``sent``); a failure schedules the next attempt
    with back-off, or gives up (``failed``) after ``settings.delivery_attempts`` tries.
    """
    row.claim = None
    row.last_error = None if ok else (error or "failed")[:ERROR_MAX]
    if ok:
        row.status = done
        _mark_done(row, now)
        return done
    status, when = retry.next_state(
        attempts=row.attempts,
        max_attempts=settings.delivery_attempts,
        base_seconds=settings.delivery_backoff_seconds,
        now=now,
    )
    row.status, row.next_attempt_at = status, when
    return status


def _mark_done(row: Any, now: dt.datetime) -> None:
    if isinstance(row, Delivery):
        row.delivered_at = now
    else:
        row.sent_at = now
