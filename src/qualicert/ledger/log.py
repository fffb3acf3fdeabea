"""The transparency log in the database: every event becomes a leaf when its transaction commits.

The event path (:mod:`qualicert.ledger.service`) queues each new event's leaf hash in the
session. Just before the transaction commits, :func:`append_pending` locks the one
``log_state`` row, gives the queued events the next leaf indices (dense, in commit order, even
with concurrent writers: they wait on that lock), writes their leaves and every complete
subtree they finish, and moves the size and root on, all in the same transaction. No event
commits without its leaf and no leaf without its event.

Storage keeps the leaf hashes (``log_leaves``) and every complete subtree of 16 leaves or
more (``log_nodes``), so a proof or a tile needs O(log n) point reads
(:class:`~qualicert.ledger.store.StoredTree`). The writes go through
:mod:`qualicert.ledger.driver` (one ``executemany`` or ``COPY`` per table and batch).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, event, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from qualicert.ledger import driver, merkle
from qualicert.ledger.driver import Same
from qualicert.ledger.models import LogLeaf, LogNode, LogState
from qualicert.ledger.store import LOWEST_STORED, STATE_ID, StoredTree, prefetched

__all__ = [
    "APPEND_EVERY",
    "PENDING_KEY",
    "StoredTree",
    "append_pending",
    "prefetched",
    "queue",
    "queue_hashes",
    "state",
]

PENDING_KEY = "qualicert.pending_leaves"
APPEND_EVERY = 10_000


def queue(session: Session, items: Sequence[tuple[int, bytes]]) -> None:
    """Queue ``(event_id, leaf bytes)`` to become leaves in this transaction.

    Only the 32-byte leaf hashes are kept. A transaction that queues more than
    :data:`APPEND_EVERY` leaves (a bulk upload) appends them at once, taking the log's lock
    early and holding it until it commits, so memory stays bounded and indices stay dense.
    """
    queue_hashes(
        session,
        [event_id for event_id, _ in items],
        merkle.hash_leaves(data for _, data in items),
    )


def queue_hashes(session: Session, event_ids: Sequence[int], leaf_hashes: Sequence[bytes]) -> None:
    """Queue events by id with their leaf hashes already computed (see :func:`queue`)."""
    pending: list[tuple[int, bytes]] = session.info.setdefault(PENDING_KEY, [])
    pending.extend(zip(event_ids, leaf_hashes, strict=True))
    if len(pending) >= APPEND_EVERY:
        append_pending(session)


def state(session: Session, *, lock: bool = False) -> LogState:
    """The log's size and root (created empty on first use); ``lock`` holds it till commit."""
    query = select(LogState).where(LogState.id == STATE_ID)
    if lock:
        query = query.with_for_update()
    row = session.scalar(query)
    if row is None:
        _lock_state(session)
        row = session.scalar(query)
        assert row is not None
    return row


def _lock_state(session: Session) -> tuple[int, bytes]:
    """Size and root, the ``log_state`` row locked until commit (created when missing)."""
    mark = driver.placeholder(session)
    lock = " FOR UPDATE" if mark == "%s" else ""
    read = f"SELECT size, root_hash FROM log_state WHERE id = {mark}{lock}"
    rows = driver.query(session, read, (STATE_ID,))
    if not rows:
        driver.execute(
            session,
            f"INSERT INTO log_state (id, size, root_hash) VALUES ({mark}, 0, {mark}) "
            "ON CONFLICT DO NOTHING",
            (STATE_ID, merkle.EMPTY_ROOT),
        )
        rows = driver.query(session, read, (STATE_ID,))
    return int(rows[0][0]), bytes(rows[0][1])


def _table(model: Any) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def append_pending(session: Session) -> int:
    """Turn the queued events into leaves; returns how many were appended."""
    items: list[tuple[int, bytes]] = session.info.pop(PENDING_KEY, [])
    session.info[PENDING_KEY] = []
    if not items:
        return 0
    items.sort(key=lambda item: item[0])
    size, _ = _lock_state(session)
    hashes = [leaf for _, leaf in items]
    added, frontier = merkle.extend_frontier(size, StoredTree(session).frontier(size), hashes)
    n = len(items)
    driver.insert_columns(
        session,
        _table(LogLeaf),
        n,
        {
            "leaf_index": range(size, size + n),
            "event_id": [event_id for event_id, _ in items],
            "leaf_hash": hashes,
        },
    )
    for level, start, level_hashes in added:
        if level < LOWEST_STORED:
            continue  # level 0 is log_leaves; levels 1-3 are hashed from leaves when read
        driver.insert_columns(
            session,
            _table(LogNode),
            len(level_hashes),
            {
                "level": Same(level),
                "index": range(start, start + len(level_hashes)),
                "hash": level_hashes,
            },
        )
    mark = driver.placeholder(session)
    driver.execute(
        session,
        f"UPDATE log_state SET size = {mark}, root_hash = {mark} WHERE id = {mark}",
        (size + n, merkle.root_from_frontier(frontier), STATE_ID),
    )
    _forget_state(session)
    return n


def _forget_state(session: Session) -> None:
    """Expire a loaded ``LogState`` row, which the driver-level update made stale."""
    key = sa_inspect(LogState).identity_key_from_primary_key((STATE_ID,))
    loaded = session.identity_map.get(key)
    if loaded is not None:
        session.expire(loaded)


def _before_commit(session: Session) -> None:
    session.flush()
    append_pending(session)


def _forget(session: Session, *args: Any) -> None:
    session.info.pop(PENDING_KEY, None)


event.listen(Session, "before_commit", _before_commit)
event.listen(Session, "after_rollback", _forget)
