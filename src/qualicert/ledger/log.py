"""The transparency log in the database: every event becomes a leaf when its transaction commits.

The event path (:mod:`qualicert.ledger.service`) queues each new event's RFC 8785 bytes in the
session. Just before the transaction commits, :func:`append_pending` locks the one
``log_state`` row, gives the queued events the next leaf indices (dense, in commit order, even
with concurrent writers: they wait on that lock), writes their leaves and every complete
subtree they finish, and moves the size and root on, all in the same transaction. No event
commits without its leaf and no leaf without its event.

Storage keeps every complete-subtree hash (``log_nodes``), so a proof or a tile needs
O(log n) point reads (:class:`StoredTree`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Table, and_, event, insert, or_, select, update
from sqlalchemy.orm import Session

from qualicert.ledger import merkle
from qualicert.ledger.models import LogLeaf, LogNode, LogState

T = TypeVar("T")
PENDING_KEY = "qualicert.pending_leaves"
APPEND_EVERY = 10_000
STATE_ID = 1


def queue(session: Session, items: Sequence[tuple[int, bytes]]) -> None:
    """Queue ``(event_id, leaf bytes)`` to become leaves in this transaction.

    Only the 32-byte leaf hashes are kept. A transaction that queues more than
    :data:`APPEND_EVERY` leaves (a bulk upload) appends them at once, taking the log's lock
    early and holding it until it commits, so memory stays bounded and indices stay dense.
    """
    pending: list[tuple[int, bytes]] = session.info.setdefault(PENDING_KEY, [])
    pending.extend((event_id, merkle.leaf_hash(data)) for event_id, data in items)
    if len(pending) >= APPEND_EVERY:
        append_pending(session)


def at_coordinates(coordinates: Iterable[tuple[int, int]]) -> ColumnElement[bool]:
    """Rows of ``log_nodes`` at these ``(level, index)`` pairs, one indexed lookup per level.

    Written as ``level = L AND index IN (...)`` per level rather than a row-value IN, which
    SQLite answers with a full scan.
    """
    by_level: dict[int, list[int]] = {}
    for level, index in coordinates:
        by_level.setdefault(level, []).append(index)
    return or_(
        *(
            and_(LogNode.level == level, LogNode.index.in_(sorted(indices)))
            for level, indices in sorted(by_level.items())
        )
    )


class StoredTree:
    """A :class:`~qualicert.ledger.merkle.NodeReader` over ``log_nodes`` in one session."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.cache: dict[tuple[int, int], bytes] = {}

    def node(self, level: int, index: int) -> bytes:
        """The hash of the complete subtree at ``(level, index)``."""
        key = (level, index)
        if key not in self.cache:
            found = self.session.scalar(
                select(LogNode.hash).where(LogNode.level == level, LogNode.index == index)
            )
            if found is None:
                raise LookupError(f"the log has no complete subtree at level {level}, {index}")
            self.cache[key] = found
        return self.cache[key]

    def nodes(self, level: int, start: int, end: int) -> list[bytes]:
        """The hashes of complete subtrees ``start``..``end - 1`` at ``level``."""
        rows = self.session.execute(
            select(LogNode.index, LogNode.hash)
            .where(LogNode.level == level, LogNode.index >= start, LogNode.index < end)
            .order_by(LogNode.index)
        ).all()
        if len(rows) != end - start:
            raise LookupError(f"the log lacks subtrees {start}..{end - 1} at level {level}")
        return [bytes(h) for _, h in rows]

    def frontier(self, size: int) -> list[bytes]:
        """The maximal complete subtrees of the tree of ``size``, largest first (one query)."""
        coordinates = merkle.frontier_coordinates(size)
        if not coordinates:
            return []
        rows = self.session.execute(
            select(LogNode.level, LogNode.index, LogNode.hash).where(at_coordinates(coordinates))
        ).all()
        found = {(level, index): bytes(h) for level, index, h in rows}
        return [found[c] for c in coordinates]


class _Recorder:
    """A reader that answers any node with zeros and remembers which were asked for.

    The proof algorithms choose which nodes to read from the sizes alone, never from the
    hashes, so one dry run tells exactly which nodes a proof needs.
    """

    def __init__(self) -> None:
        self.wanted: set[tuple[int, int]] = set()

    def node(self, level: int, index: int) -> bytes:
        self.wanted.add((level, index))
        return bytes(merkle.HASH_SIZE)


def prefetched(session: Session, compute: Callable[[merkle.NodeReader], T]) -> T:
    """Run ``compute`` on the stored tree after loading every node it needs in one query."""
    recorder = _Recorder()
    compute(recorder)
    tree = StoredTree(session)
    if recorder.wanted:
        rows = session.execute(
            select(LogNode.level, LogNode.index, LogNode.hash).where(
                at_coordinates(recorder.wanted)
            )
        ).all()
        tree.cache.update({(level, index): bytes(h) for level, index, h in rows})
    return compute(tree)


def state(session: Session, *, lock: bool = False) -> LogState:
    """The log's size and root (created empty on first use); ``lock`` holds it till commit."""
    query = select(LogState).where(LogState.id == STATE_ID)
    if lock:
        query = query.with_for_update()
    row = session.scalar(query)
    if row is None:
        row = LogState(id=STATE_ID, size=0, root_hash=merkle.EMPTY_ROOT)
        session.add(row)
        session.flush()
    return row


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
    current = state(session, lock=True)
    size = current.size
    hashes = [leaf for _, leaf in items]
    added, frontier = merkle.extend_frontier(size, StoredTree(session).frontier(size), hashes)
    leaves = [
        {"leaf_index": size + i, "event_id": event_id, "leaf_hash": h}
        for i, ((event_id, _), h) in enumerate(zip(items, hashes, strict=True))
    ]
    session.execute(insert(_table(LogLeaf)), leaves)
    nodes = [
        {"level": level, "index": start + i, "hash": h}
        for level, start, level_hashes in added
        for i, h in enumerate(level_hashes)
    ]
    session.execute(insert(_table(LogNode)), nodes)
    session.execute(
        update(_table(LogState))
        .where(_table(LogState).c.id == STATE_ID)
        .values(size=size + len(items), root_hash=merkle.root_from_frontier(frontier))
    )
    session.expire(current)
    return len(items)


def _before_commit(session: Session) -> None:
    session.flush()
    append_pending(session)


def _forget(session: Session, *args: Any) -> None:
    session.info.pop(PENDING_KEY, None)


event.listen(Session, "before_commit", _before_commit)
event.listen(Session, "after_rollback", _forget)
