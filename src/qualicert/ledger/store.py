"""Reading the stored tree: complete-subtree hashes by ``(level, index)``, the log's size.

Layout (see docs/ledger-format.md): level 0, the leaf hashes, is read from ``log_leaves``
(keyed by ``leaf_index``); every higher complete subtree from ``log_nodes`` (keyed by
``(level, index)``). Databases written before this layout also hold level 0 in
``log_nodes``; those rows are never read.

A proof or a root needs O(log n) nodes, which :func:`fetch` reads in one statement through a
bare driver cursor (:mod:`qualicert.ledger.driver`): for a point read that small, building a
SQLAlchemy statement costs more than the database's work.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TypeVar

from sqlalchemy.orm import Session

from qualicert.ledger import driver, merkle

T = TypeVar("T")
Coordinate = tuple[int, int]
STATE_ID = 1

_PG_FETCH = (
    'SELECT n.level, n."index", n.hash FROM unnest(%s::smallint[], %s::bigint[]) AS w(l, i) '
    'JOIN log_nodes AS n ON n.level = w.l AND n."index" = w.i '
    "UNION ALL SELECT 0, leaf_index, leaf_hash FROM log_leaves WHERE leaf_index = ANY(%s::bigint[])"
)


def fetch(session: Session, coordinates: Collection[Coordinate]) -> dict[Coordinate, bytes]:
    """The stored hashes at these ``(level, index)`` pairs (missing ones are left out)."""
    leaves = sorted({i for level, i in coordinates if level == 0})
    nodes = sorted({(level, i) for level, i in coordinates if level > 0})
    if not leaves and not nodes:
        return {}
    if driver.placeholder(session) == "%s":
        params: list[object] = [[lv for lv, _ in nodes], [i for _, i in nodes], leaves]
        rows = driver.query(session, _PG_FETCH, params)
    else:
        rows = driver.query(session, _sqlite_fetch(len(nodes), len(leaves)), _flat(nodes, leaves))
    return {(int(level), int(index)): bytes(h) for level, index, h in rows}


def _sqlite_fetch(nodes: int, leaves: int) -> str:
    """One statement for both tables; CROSS JOIN keeps the wanted list as the outer loop,
    so each wanted node is one primary-key lookup (a row-value IN would scan)."""
    leaf_part = "SELECT 0, leaf_index, leaf_hash FROM log_leaves WHERE leaf_index IN ({})"
    leaf_part = leaf_part.format(", ".join(["?"] * leaves)) if leaves else ""
    if not nodes:
        return leaf_part
    wanted = ", ".join(["(?, ?)"] * nodes)
    node_part = (
        f"WITH w(l, i) AS (VALUES {wanted}) "
        'SELECT n.level, n."index", n.hash FROM w CROSS JOIN log_nodes AS n '
        'ON n.level = w.l AND n."index" = w.i'
    )
    return f"{node_part} UNION ALL {leaf_part}" if leaves else node_part


def _flat(nodes: list[Coordinate], leaves: list[int]) -> list[int]:
    return [x for pair in nodes for x in pair] + leaves


def read_range(session: Session, level: int, start: int, end: int) -> list[bytes]:
    """The hashes of complete subtrees ``start .. end - 1`` at ``level``, in order."""
    mark = driver.placeholder(session)
    if level == 0:
        sql = (
            f"SELECT leaf_hash FROM log_leaves WHERE leaf_index >= {mark} "
            f"AND leaf_index < {mark} ORDER BY leaf_index"
        )
        rows = driver.query(session, sql, (start, end))
    else:
        sql = (
            f'SELECT hash FROM log_nodes WHERE level = {mark} AND "index" >= {mark} '
            f'AND "index" < {mark} ORDER BY "index"'
        )
        rows = driver.query(session, sql, (level, start, end))
    if len(rows) != end - start:
        raise LookupError(f"the log lacks subtrees {start}..{end - 1} at level {level}")
    return [bytes(h) for (h,) in rows]


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
    recorder = _Recorder()
    compute(recorder)
    tree = StoredTree(session)
    tree.load(recorder.wanted)
    return compute(tree)
