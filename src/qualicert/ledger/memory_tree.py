"""An in-memory RFC 9162 log holding every complete-subtree hash (tests and the monitor).

The hashing, roots and proofs are the pure functions of `qualicert.ledger.merkle`;
`MemoryTree` stores the nodes they read, so it is a `merkle.RangeNodeReader`.
"""

from __future__ import annotations

from collections.abc import Iterable

from qualicert.ledger.merkle import (
    consistency_proof,
    frontier_coordinates,
    inclusion_proof,
    node_hash,
    parent_hashes,
    root,
)


class MemoryTree:
    """An in-memory log: every complete-subtree hash, level by level (tests and the monitor).

    ``append`` and ``extend`` hash each new complete subtree once (amortised one node hash per
    leaf); :meth:`node` and :meth:`nodes` make it a :class:`RangeNodeReader`.
    """

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        self._levels: list[list[bytes]] = [[]]
        self.extend(leaf_hashes)

    @property
    def size(self) -> int:
        """Number of leaves."""
        return len(self._levels[0])

    def append(self, leaf_hash: bytes) -> int:
        """Append one leaf hash; returns its leaf index."""
        levels = self._levels
        levels[0].append(leaf_hash)
        index = position = len(levels[0]) - 1
        level = 0
        while position & 1:
            parent = node_hash(levels[level][position - 1], levels[level][position])
            level += 1
            if level == len(levels):
                levels.append([])
            levels[level].append(parent)
            position >>= 1
        return index

    def extend(self, leaf_hashes: Iterable[bytes]) -> None:
        """Append many leaf hashes, hashing each new level in one pass."""
        levels = self._levels
        levels[0].extend(leaf_hashes)
        level = 0
        while len(levels[level]) >= 2:
            if level + 1 == len(levels):
                levels.append([])
            below, above = levels[level], levels[level + 1]
            done, due = len(above), len(below) // 2
            if done == due:
                break
            above.extend(parent_hashes(below[2 * done : 2 * due]))
            level += 1

    def node(self, level: int, index: int) -> bytes:
        """Hash of the complete subtree at ``(level, index)``; IndexError if it does not exist."""
        if 0 <= level < len(self._levels) and 0 <= index < len(self._levels[level]):
            return self._levels[level][index]
        raise IndexError(f"no complete subtree at level {level}, index {index} (size {self.size})")

    def nodes(self, level: int, start: int, end: int) -> list[bytes]:
        """Hashes of the complete subtrees ``start .. end - 1`` at ``level``."""
        row = self._levels[level] if 0 <= level < len(self._levels) else []
        if not 0 <= start <= end <= len(row):
            raise IndexError(f"no nodes [{start}, {end}) at level {level} (size {self.size})")
        return row[start:end]

    def _size(self, size: int | None) -> int:
        if size is None:
            return self.size
        if not 0 <= size <= self.size:
            raise ValueError(f"tree size must be in [0, {self.size}], got {size}")
        return size

    def root(self, size: int | None = None) -> bytes:
        """Root hash of the tree of the first ``size`` leaves (default: all)."""
        return root(self, self._size(size))

    def frontier(self, size: int | None = None) -> list[bytes]:
        """Hashes of the maximal complete subtrees of the tree of ``size``, largest first."""
        return [self.node(lv, i) for lv, i in frontier_coordinates(self._size(size))]

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """RFC 9162 inclusion proof of leaf ``index`` in the tree of ``size`` (default: all)."""
        return inclusion_proof(self, index, self._size(size))

    def consistency_proof(self, first: int, second: int | None = None) -> list[bytes]:
        """RFC 9162 consistency proof from the tree of ``first`` to that of ``second``."""
        return consistency_proof(self, first, self._size(second))
