"""Reading the stored tree: complete-subtree hashes by ``(level, index)``, the log's size.

Layout (see docs/ledger-format.md): the leaf hashes (level 0) are in ``log_leaves``, keyed by
``leaf_index``; complete subtrees of :data:`LOWEST_STORED` levels and more (16 leaves and
more) are in ``log_nodes``, keyed by ``(level, index)``. A smaller subtree is hashed from its
at most 16 leaf hashes when read: that costs a few microseconds, and saves writing seven
node rows out of eight. Databases written before this layout also hold levels 0 to 3 in
``log_nodes``; those rows are never read.

A proof or a root needs O(log n) nodes, which :func:`fetch` reads in one statement through a
bare driver cursor (:mod:`qualicert.ledger.driver`): for a point read that small, building a
SQLAlchemy statement costs more than the database's work. The small subtrees of one proof
lie in at most a few 16-leaf blocks (siblings near the leaf, the tree's ragged right edge).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TypeVar

from sqlalchemy.orm import Session

from qualicert.db import dialect_name
from qualicert.ledger import driver, merkle

T = TypeVar("T")
Coordinate = tuple[int, int]
STATE_ID = 1
LOWEST_STORED = 4
"""``log_nodes`` holds complete subtrees of this level and above (16 leaves and more)."""

_PG_FETCH = (
    'SELECT n.level, n."index", n.hash FROM unnest(%s::smallint[], %s::bigint[]) AS w(l, i) '
    'JOIN log_nodes AS n ON n.level = w.l AND n."index" = w.i '
    "UNION ALL SELECT 0, leaf_index, leaf_hash FROM log_leaves WHERE leaf_index = ANY(%s::bigint[])"
    " UNION ALL SELECT -1, size, NULL FROM log_state WHERE id = %s"
)
_SIZE_ROW = "SELECT -1, size, NULL FROM log_state WHERE id = ?"


def fetch(session: Session, coordinates: Collection[Coordinate]) -> dict[Coordinate, bytes]:
    """The hashes at these ``(level, index)`` pairs (those the log lacks are left out)."""
    return fetch_with_size(session, coordinates)[1]


def fetch_with_size(
    session: Session, coordinates: Collection[Coordinate]
) -> tuple[int, dict[Coordinate, bytes]]:
    """The log's size and the hashes at these pairs, read in one statement."""
    nodes = sorted({c for c in coordinates if c[0] >= LOWEST_STORED})
    small = {c for c in coordinates if c[0] < LOWEST_STORED}
    leaves = sorted({i for level, index in small for i in _span(level, index)})
    if dialect_name(session) == "postgresql":
        params: list[object] = [[lv for lv, _ in nodes], [i for _, i in nodes], leaves, STATE_ID]
        rows = driver.query(session, _PG_FETCH, params)
    else:
        sql = _sqlite_fetch(len(nodes), len(leaves))
        rows = driver.query(session, sql, [*_flat(nodes, leaves), STATE_ID])
    size = 0
    found: dict[Coordinate, bytes] = {}
    leaf_hashes: dict[int, bytes] = {}
    for level, index, h in rows:
        if level == -1:
            size = int(index)
        elif level == 0:
            leaf_hashes[int(index)] = bytes(h)
        else:
            found[(int(level), int(index))] = bytes(h)
    for level, index in small:
        span = [leaf_hashes[i] for i in _span(level, index) if i in leaf_hashes]
        if len(span) == 1 << level:
            found[(level, index)] = merkle.root_from_leaf_hashes(span)
    return size, found


def _span(level: int, index: int) -> range:
    """The leaf indices under the complete subtree ``(level, index)``."""
    return range(index << level, (index + 1) << level)


def _sqlite_fetch(nodes: int, leaves: int) -> str:
    """One statement for both tables and the size; CROSS JOIN keeps the wanted list as the
    outer loop, so each wanted node is one primary-key lookup (a row-value IN would scan)."""
    parts = [_SIZE_ROW]
    if leaves:
        marks = ", ".join(["?"] * leaves)
        parts.insert(
            0, f"SELECT 0, leaf_index, leaf_hash FROM log_leaves WHERE leaf_index IN ({marks})"
        )
    if not nodes:
        return " UNION ALL ".join(parts)
    wanted = ", ".join(["(?, ?)"] * nodes)
    node_part = (
        f"WITH w(l, i) AS (VALUES {wanted}) "
        'SELECT n.level, n."index", n.hash FROM w CROSS JOIN log_nodes AS n '
        'ON n.level = w.l AND n."index" = w.i'
    )
    return " UNION ALL ".join([node_part, *parts])


def _flat(nodes: list[Coordinate], leaves: list[int]) -> list[int]:
    return [x for pair in nodes for x in pair] + leaves


def read_range(session: Session, level: int, start: int, end: int) -> list[bytes]:
    """The hashes of complete subtrees ``start .. end - 1`` at ``level``, in order."""
    mark = driver.placeholder(session)
    if level < LOWEST_STORED:
        sql = (
            f"SELECT leaf_hash FROM log_leaves WHERE leaf_index >= {mark} "
            f"AND leaf_index < {mark} ORDER BY leaf_index"
        )
        rows = driver.query(session, sql, (start << level, end << level))
    else:
        sql = (
            f'SELECT hash FROM log_nodes WHERE level = {mark} AND "index" >= {mark} '
            f'AND "index" < {mark} ORDER BY "index"'
        )
        rows = driver.query(session, sql, (level, start, end))
    hashes = [bytes(h) for (h,) in rows]
    if level and level < LOWEST_STORED:
        width = 1 << level
        hashes = [
            merkle.root_from_leaf_hashes(hashes[i : i + width])
            for i in range(0, len(hashes) - width + 1, width)
        ]
    if len(hashes) != end - start:
        raise LookupError(f"the log lacks subtrees {start}..{end - 1} at level {level}")
    return hashes


def size(session: Session) -> int:
    """The number of leaves in the log (0 before the first)."""
    mark = driver.placeholder(session)
    rows = driver.query(session, f"SELECT size FROM log_state WHERE id = {mark}", (STATE_ID,))
    return int(rows[0][0]) if rows else 0


class StoredTree:
    """A :class:`~qualicert.ledger.merkle.RangeNodeReader` over the stored tree.

    Nodes already read (or loaded by :func:`prefetched`) are kept in :attr:`cache`.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.cache: dict[Coordinate, bytes] = {}

    def node(self, level: int, index: int) -> bytes:
        """The hash of the complete subtree at ``(level, index)``."""
        key = (level, index)
        if key not in self.cache:
            self.cache.update(fetch(self.session, [key]))
            if key not in self.cache:
                raise LookupError(f"the log has no complete subtree at level {level}, {index}")
        return self.cache[key]

    def nodes(self, level: int, start: int, end: int) -> list[bytes]:
        """The hashes of complete subtrees ``start``..``end - 1`` at ``level``."""
        return read_range(self.session, level, start, end)

    def frontier(self, size: int) -> list[bytes]:
        """The maximal complete subtrees of the tree of ``size``, largest first (one query)."""
        coordinates = merkle.frontier_coordinates(size)
        self.load(coordinates)
        return [self.node(level, index) for level, index in coordinates]

    def load(self, coordinates: Collection[Coordinate]) -> None:
        """Read these nodes into the cache in one statement."""
        wanted = [c for c in coordinates if c not in self.cache]
        if wanted:
            self.cache.update(fetch(self.session, wanted))


class _Recorder:
    """A reader that answers any node with zeros and remembers which were asked for.

    The proof algorithms choose which nodes to read from the sizes alone, never from the
    hashes, so one dry run tells exactly which nodes a proof needs.
    """

    def __init__(self) -> None:
        self.wanted: set[Coordinate] = set()

    def node(self, level: int, index: int) -> bytes:
        self.wanted.add((level, index))
        return bytes(merkle.HASH_SIZE)


def prefetched(session: Session, compute: Callable[[merkle.NodeReader], T]) -> T:
    """Run ``compute`` on the stored tree after loading every node it needs in one query."""
    return compute(preload(session, compute)[1])


def preload(
    session: Session, compute: Callable[[merkle.NodeReader], object]
) -> tuple[int, StoredTree]:
    """The log's size and a stored tree already holding every node ``compute`` will read,
    both from one statement (so a proof costs one round trip to the database)."""
    recorder = _Recorder()
    compute(recorder)
    tree = StoredTree(session)
    size, found = fetch_with_size(session, recorder.wanted)
    tree.cache.update(found)
    return size, tree
