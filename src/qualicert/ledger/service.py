"""The one event path: every change of state in every domain is written through :func:`record`.

A service changes its rows, then calls ``record`` with the changed row (the subject), the
rows that changed with it, and a JSON payload describing the change. ``record`` registers
those rows with the one-path guard in :mod:`qualicert.db`, flushes them, and adds the event
row in the same transaction. A flush of an audited row that no event covers is refused.
Bulk intake uses :func:`record_batch` and :func:`update_batch`, the same path for many rows
at once: rows and their events are written by two statements in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import rfc8785
from sqlalchemy import Table, bindparam, func, insert, select, text, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qualicert.accounts.actor import Actor
from qualicert.db import Base, mark_evented, paginate, utcnow
from qualicert.errors import Conflict
from qualicert.ledger import log
from qualicert.ledger import models as ledger_models
from qualicert.ledger.models import COMPACT, Event, LogLeaf


def canonical_json(payload: Mapping[str, Any]) -> str:
    """RFC 8785 canonical JSON text of ``payload`` (dates become ISO 8601 strings).

    Values without floats whose keys are all ASCII take a fast path: for them, ``json.dumps``
    with sorted keys and no whitespace writes exactly the RFC 8785 bytes (ASCII keys sort the
    same by code point as by UTF-16 unit; integers, strings and literals serialise alike).
    Anything else goes through the ``rfc8785`` package. A property test checks both agree.
    """
    value = _jsonable(payload)
    if _plain(value):
        return COMPACT.encode(value)
    return rfc8785.dumps(value).decode("utf-8")


def _plain(value: Any) -> bool:
    """True when ``value`` holds no float and only ASCII keys (the fast path's domain)."""
    if isinstance(value, dict):
        return all(k.isascii() and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    if isinstance(value, int) and not isinstance(value, bool):
        return -(2**53) < value < 2**53  # larger integers are refused by RFC 8785 (I-JSON)
    return not isinstance(value, float)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


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
) -> list[int]:
    """Insert many new rows of one table and one event for each, in this transaction.

    The bulk form of :func:`record` for intake of large files: rows and events go in with
    two ``executemany`` statements. Returns the new rows' ids in the order given.
    """
    if len(rows) != len(payloads):
        raise ValueError(f"{len(rows)} rows but {len(payloads)} payloads")
    if not rows:
        return []
    table = _table(model)
    ids = insert_many(session, table, rows)
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
    columns = sorted({key for change in changes for key in change} - {"id"})
    statement = (
        update(table)
        .where(table.c.id == bindparam("_id"))
        .values({name: bindparam(name) for name in columns})
    )
    params = [{"_id": c["id"], **{k: c.get(k) for k in columns}} for c in changes]
    session.execute(statement, params)
    ids = [int(c["id"]) for c in changes]
    _insert_events(session, actor, event_type, table.name, ids, payloads, signer_person_id)


def insert_many(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert rows with one ``executemany`` and return their new ids, in order.

    ``INSERT ... RETURNING`` with ordered ids falls back to one statement per row on SQLite,
    so ids are known another way: on PostgreSQL they are drawn from the table's sequence
    first; on SQLite, which allows one writer at a time, the rows just inserted are the
    ``len(rows)`` highest ids of the table (an ``INTEGER PRIMARY KEY`` takes max + 1).
    """
    if session.get_bind().dialect.name == "postgresql":
        drawn = session.execute(
            text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
            {"t": table.name, "n": len(rows)},
        ).scalars()
        ids = [int(i) for i in drawn]
        session.execute(insert(table), [{**row, "id": i} for row, i in zip(rows, ids, strict=True)])
        return ids
    session.execute(insert(table), list(rows))
    last = int(session.scalar(select(func.max(table.c.id))) or 0)
    return list(range(last - len(rows) + 1, last + 1))


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
    now = utcnow()
    events = [
        {
            "event_type": event_type,
            "subject_type": subject_type,
            "subject_id": str(row_id),
            "actor": actor.label,
            "actor_user_id": actor.user_id,
            "signer_person_id": signer_person_id,
            "occurred_at": now,
            "payload": canonical_json(payload),
        }
        for row_id, payload in zip(ids, payloads, strict=True)
    ]
    new_ids = insert_many(session, _table(Event), events)
    log.queue(
        session,
        [(int(event_id), _leaf_bytes(row)) for event_id, row in zip(new_ids, events, strict=True)],
    )


def _leaf_bytes(row: Mapping[str, Any]) -> bytes:
    return ledger_models.leaf_bytes(
        row["event_type"],
        row["subject_type"],
        row["subject_id"],
        row["actor"],
        row["signer_person_id"],
        row["occurred_at"],
        row["payload"],
    )


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
