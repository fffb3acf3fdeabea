"""The one event path: every change of state in every domain is written through :func:`record`.

A service changes its rows, then calls ``record`` with the changed row (the subject), the
rows that changed with it, and a JSON payload describing the change. ``record`` registers
those rows with the one-path guard in :mod:`qualicert.db`, flushes them, and adds the event
row in the same transaction. A flush of an audited row that no event covers is refused.
Bulk intake uses :func:`record_batch` and :func:`update_batch`, the same path for many rows
at once: rows and their events are written in one transaction by driver-level batch
statements (:mod:`qualicert.ledger.driver`), each event's leaf queued for the log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qualicert.accounts.actor import Actor
from qualicert.db import Base, dialect_name, mark_evented, paginate, utcnow
from qualicert.errors import Conflict
from qualicert.ledger import driver, log, merkle, pipeline
from qualicert.ledger.canonical import canonical_json
from qualicert.ledger.driver import Same, Values
from qualicert.ledger.ids import DRAW, drawn
from qualicert.ledger.models import Event, LogLeaf, leaf_bytes_many


def _primary_key(row: Base) -> str:
    identity = sa_inspect(row).identity
    if identity is None:
        raise RuntimeError(f"{type(row).__name__} has no primary key after flush")
    return ":".join(str(part) for part in identity)


def _flush(session: Session) -> None:
    """Flush; a unique or foreign-key violation that slipped past the checks becomes a 409."""
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict(
            "the change collides with an existing row (a value that must be unique is taken, "
            "or a referenced row is missing)",
            "与已有数据冲突（唯一值已被占用或引用的数据不存在）",
            rule="integrity",
        ) from exc


def record(
    *,
    session: Session,
    actor: Actor,
    event_type: str,
    subject: Base,
    payload: Mapping[str, Any],
    signer_person_id: int | None = None,
    related: Iterable[Base] = (),
    occurred_at: dt.datetime | None = None,
) -> Event:
    """Write the event for a change of ``subject`` (and ``related`` rows) in this transaction.

    Parameters
    ----------
    event_type
        Dotted name such as ``organization.created`` or ``body.status_changed``.
    subject
        The row the event is about; added to the session if new.
    payload
        What changed, as JSON-ready values; stored as RFC 8785 canonical JSON.
    signer_person_id
        The registered person who signed the decision, where one did.
    related
        Other rows changed by the same action (child rows, association rows).
    """
    related_rows = list(related)
    mark_evented(session, subject, *related_rows)
    session.add(subject)
    session.add_all(related_rows)
    _flush(session)
    event = Event(
        event_type=event_type,
        subject_type=str(subject.__tablename__),
        subject_id=_primary_key(subject),
        actor=actor.label,
        actor_user_id=actor.user_id,
        signer_person_id=signer_person_id,
        occurred_at=occurred_at or utcnow(),
        payload=canonical_json(payload),
    )
    session.add(event)
    session.flush()
    log.queue(session, [(event.id, event.canonical_bytes())])
    return event


def history(*, session: Session, subject_type: str, subject_id: str) -> list[Event]:
    """Every event about one subject, oldest first."""
    query = (
        select(Event)
        .where(Event.subject_type == subject_type, Event.subject_id == subject_id)
        .order_by(Event.id)
    )
    return list(session.scalars(query))


def list_events(
    *,
    session: Session,
    subject_type: str | None = None,
    subject_id: str | None = None,
    event_type: str | None = None,
    page: int = 1,
    page_size: int = 50,
) -> tuple[list[Event], int]:
    """Events, newest first, filtered by subject and type."""
    query = select(Event).order_by(Event.id.desc())
    if subject_type:
        query = query.where(Event.subject_type == subject_type)
    if subject_id:
        query = query.where(Event.subject_id == subject_id)
    if event_type:
        query = query.where(Event.event_type == event_type)
    return paginate(session, query, page, page_size)


def count(*, session: Session) -> int:
    """How many events exist."""
    return int(session.scalar(select(func.count()).select_from(Event)) or 0)


def record_batch(
    *,
    session: Session,
    actor: Actor,
    event_type: str,
    model: type[Base],
    rows: Sequence[Mapping[str, Any]],
    payloads: Sequence[Mapping[str, Any]],
    signer_person_id: int | None = None,
    same: Mapping[str, Any] | None = None,
) -> list[int]:
    """Insert many new rows of one table and one event for each, in this transaction.

    The bulk form of :func:`record` for intake of large files: rows and events go in column
    by column through :mod:`qualicert.ledger.driver` (multi-row ``VALUES`` on SQLite,
    ``COPY`` on PostgreSQL). ``same`` gives columns whose one value every row shares (such
    as timestamps), converted once. Returns the new rows' ids in the order given.
    """
    if len(rows) != len(payloads):
        raise ValueError(f"{len(rows)} rows but {len(payloads)} payloads")
    if not rows:
        return []
    table = _table(model)
    ids = insert_many(session, table, rows, same)
    _insert_events(session, actor, event_type, table.name, ids, payloads, signer_person_id)
    return ids


def update_batch(
    *,
    session: Session,
    actor: Actor,
    event_type: str,
    model: type[Base],
    changes: Sequence[Mapping[str, Any]],
    payloads: Sequence[Mapping[str, Any]],
    signer_person_id: int | None = None,
) -> None:
    """Update many rows of one table by primary key (each mapping has ``id``), with events."""
    if len(changes) != len(payloads):
        raise ValueError(f"{len(changes)} changes but {len(payloads)} payloads")
    if not changes:
        return
    table = _table(model)
    names = sorted({key for change in changes for key in change} - {"id"})
    ids = [int(c["id"]) for c in changes]
    driver.update_columns(session, table, ids, {k: [c.get(k) for c in changes] for k in names})
    _insert_events(session, actor, event_type, table.name, ids, payloads, signer_person_id)


def insert_covered(
    *,
    session: Session,
    model: type[Base],
    rows: Sequence[Mapping[str, Any]],
    same: Mapping[str, Any] | None = None,
) -> None:
    """Insert rows whose change an event already written in this transaction records.

    The bulk form of :func:`record`'s ``related``: a row written with another (a new
    certificate's first history entry) that the other's event describes in its payload.
    Their ids are drawn as for :func:`record_batch`, so rows inserted later (a transition
    after the issue) have higher ids on both databases.
    """
    insert_many(session, _table(model), rows, same)


def insert_many(
    session: Session,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    same: Mapping[str, Any] | None = None,
) -> list[int]:
    """Insert rows with one driver-level statement and return their new ids, in order.

    Every row has the keys of the first; ``same`` adds columns of one value for all.
    ``INSERT ... RETURNING`` with ordered ids falls back to one statement per row on SQLite,
    so ids are known another way: on PostgreSQL they are drawn from the table's sequence
    first; on SQLite, which allows one writer at a time, the rows just inserted are the
    ``len(rows)`` highest ids of the table (an ``INTEGER PRIMARY KEY`` takes max + 1).
    """
    if not rows:
        return []
    columns = driver.columns_of(rows)
    columns.update((name, Same(value)) for name, value in (same or {}).items())
    return _insert_columns(session, table, len(rows), columns)


def _insert_columns(
    session: Session, table: Table, n: int, columns: dict[str, Values]
) -> list[int]:
    """:func:`insert_many` for rows given column by column."""
    if dialect_name(session) == "postgresql":
        ids = _draw_ids(session, table, n)
        driver.insert_columns(session, table, n, {**columns, "id": ids})
        return ids
    driver.insert_columns(session, table, n, columns)
    return _highest_ids(session, table, n)


def _draw_ids(session: Session, table: Table, n: int) -> list[int]:
    """``n`` ids from the table's sequence (PostgreSQL; on an open pipeline's reader)."""
    writer = pipeline.active(session)
    if writer is not None:
        return writer.draw_ids(table.name, n)
    (row,) = driver.query(session, DRAW, (table.name, n))
    return list(drawn(row, n))


def _highest_ids(session: Session, table: Table, n: int) -> list[int]:
    """The ``n`` highest ids of the table (SQLite, holding the write lock)."""
    rows = driver.query(session, f'SELECT max(id) FROM "{table.name}"')
    last = int(rows[0][0] or 0)
    return list(range(last - n + 1, last + 1))


def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _insert_events(
    session: Session,
    actor: Actor,
    event_type: str,
    subject_type: str,
    ids: Sequence[int],
    payloads: Sequence[Mapping[str, Any]],
    signer_person_id: int | None,
) -> None:
    """One event per subject id, and each event's leaf queued for the log."""
    now = utcnow()
    texts = [canonical_json(payload) for payload in payloads]
    subject_ids = [str(row_id) for row_id in ids]
    columns: dict[str, Values] = {
        "event_type": Same(event_type),
        "subject_type": Same(subject_type),
        "subject_id": subject_ids,
        "actor": Same(actor.label),
        "actor_user_id": Same(actor.user_id),
        "signer_person_id": Same(signer_person_id),
        "occurred_at": Same(now),
        "payload": texts,
    }
    new_ids = _insert_columns(session, _table(Event), len(texts), columns)
    leaves = leaf_bytes_many(
        event_type, subject_type, subject_ids, actor.label, signer_person_id, now, texts
    )
    log.queue_hashes(session, new_ids, merkle.hash_leaves(leaves))


def leaf_bytes(*, session: Session, start: int, end: int) -> list[bytes]:
    """The leaves ``start``..``end - 1``: each event's RFC 8785 bytes, rebuilt from its row.

    Rebuilt rather than stored, so a row edited by hand no longer hashes to its leaf and any
    monitor recomputing the tree from these entries sees it.
    """
    query = (
        select(Event)
        .join(LogLeaf, LogLeaf.event_id == Event.id)
        .where(LogLeaf.leaf_index >= start, LogLeaf.leaf_index < end)
        .order_by(LogLeaf.leaf_index)
    )
    rows = [event.canonical_bytes() for event in session.scalars(query)]
    if len(rows) != end - start:
        raise LookupError(f"the log lacks leaves {start}..{end - 1}")
    return rows


def leaf_index_of(*, session: Session, event_ids: Sequence[int]) -> dict[int, int]:
    """The leaf index of each event that has one (every committed event does)."""
    if not event_ids:
        return {}
    query = select(LogLeaf.event_id, LogLeaf.leaf_index).where(LogLeaf.event_id.in_(event_ids))
    return {int(e): int(i) for e, i in session.execute(query)}
