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
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from sqlalchemy import Table, event, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from qualicert.ledger import driver, merkle
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
HELD_KEY = "qualicert.held_log"
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
    if len(event_ids) != len(leaf_hashes):
        raise ValueError(f"{len(event_ids)} events but {len(leaf_hashes)} leaf hashes")
    pending = _pending(session)
    pending.ids.extend(event_ids)
    pending.hashes.extend(leaf_hashes)
    if len(pending.ids) >= APPEND_EVERY:
        append_pending(session)


@dataclass
class _Pending:
    """Queued events: ids and leaf hashes in two lists (no tuple per leaf to allocate)."""

    ids: list[int] = field(default_factory=list)
    hashes: list[bytes] = field(default_factory=list)

    def in_id_order(self) -> tuple[list[int], list[bytes]]:
        """Ids ascending with their hashes (batches usually arrive in order already)."""
        ids, hashes = self.ids, self.hashes
        if all(a < b for a, b in zip(ids, islice(ids, 1, None), strict=False)):
            return ids, hashes
        order = sorted(range(len(ids)), key=ids.__getitem__)
        return [ids[i] for i in order], [hashes[i] for i in order]


def _pending(session: Session) -> _Pending:
    pending = session.info.get(PENDING_KEY)
    if pending is None:
        pending = session.info[PENDING_KEY] = _Pending()
    assert isinstance(pending, _Pending)
    return pending


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
    pending = session.info.pop(PENDING_KEY, None)
    if not isinstance(pending, _Pending) or not pending.ids:
        return 0
    event_ids, hashes = pending.in_id_order()
    size, frontier = _held(session)
    added, frontier = merkle.extend_frontier(size, frontier, hashes)
    n = len(event_ids)
    driver.insert_columns(
        session,
        _table(LogLeaf),
        n,
        {"leaf_index": range(size, size + n), "event_id": event_ids, "leaf_hash": hashes},
    )
    _insert_nodes(session, added)
    mark = driver.placeholder(session)
    driver.execute(
        session,
        f"UPDATE log_state SET size = {mark}, root_hash = {mark} WHERE id = {mark}",
        (size + n, merkle.root_from_frontier(frontier), STATE_ID),
    )
    session.info[HELD_KEY] = (size + n, frontier)
    _forget_state(session)
    return n


def _insert_nodes(session: Session, added: merkle.NewNodes) -> None:
    """The new complete subtrees of 16 leaves and more, every level in one statement."""
    levels: list[int] = []
    indices: list[int] = []
    hashes: list[bytes] = []
    for level, start, level_hashes in added:
        if level < LOWEST_STORED:
            continue  # level 0 is log_leaves; levels 1-3 are hashed from leaves when read
        levels += [level] * len(level_hashes)
        indices += range(start, start + len(level_hashes))
        hashes += level_hashes
    columns: dict[str, driver.Values] = {"level": levels, "index": indices, "hash": hashes}
    driver.insert_columns(session, _table(LogNode), len(hashes), columns)


def _held(session: Session) -> tuple[int, list[bytes]]:
    """The log's size and frontier, ``log_state`` locked until this transaction ends.

    The first append of a transaction takes the lock and reads both; later appends of the
    same transaction (a bulk upload appends every :data:`APPEND_EVERY` leaves) take them
    from ``session.info``, where nobody else can have moved them on: no read, so a bulk
    upload's writes can flow on without waiting for an answer. Forgotten when the
    transaction or a savepoint ends.
    """
    held = session.info.get(HELD_KEY)
    if held is not None:
        size, frontier = held
        return int(size), list(frontier)
    size, _ = _lock_state(session)
    return size, StoredTree(session).frontier(size)


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
    session.info.pop(HELD_KEY, None)


def _release(session: Session, *args: Any) -> None:
    session.info.pop(HELD_KEY, None)


event.listen(Session, "before_commit", _before_commit)
event.listen(Session, "after_commit", _release)
event.listen(Session, "after_rollback", _forget)
event.listen(Session, "after_soft_rollback", _release)
