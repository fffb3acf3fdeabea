"""`Genealogy`: lots and edges, forward and backward traces, recall scope."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import chain
from operator import itemgetter
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_array

from qualicert.toolbox.trace._graph import (
    IntArray,
    Lot,
    LotIndex,
    SearchTree,
    bfs,
    frozen,
    graph,
    hashable,
    raw_csr,
    refuse_cycles,
)
from qualicert.toolbox.trace.results import RecallScope, TraceResult

__all__ = ["Genealogy"]


class Genealogy:
    """Lot genealogy over an edge list; build it with `Genealogy.from_edges`.

    Lots are any hashable labels (strings, integers...). The genealogy is read-only.
    """

    def __init__(
        self,
        numbers: dict[Lot, int],
        parents: IntArray,
        children: IntArray,
        quantities: NDArray[np.float64],
    ) -> None:
        """Use `from_edges`; ``numbers`` maps each lot to 0, 1, ... in order."""
        n = len(numbers)
        labels = np.fromiter(numbers, dtype=object, count=n)  # tuples stay single labels
        self._lots = LotIndex(labels, numbers)
        self._labels = labels
        self._parents, self._children, self._quantities = parents, children, quantities
        self._out = raw_csr(parents, n)  # edge ids grouped by parent (for quantities)
        self._in = raw_csr(children, n)
        self._fwd = graph(parents, children, n)
        self._bwd = graph(children, parents, n)
        refuse_cycles(self._fwd, self._bwd, parents, children, self._lots)

    @classmethod
    def from_edges(cls, edges: Iterable[Sequence[Any]], lots: Iterable[Lot] = ()) -> Genealogy:
        """Build a genealogy from ``(parent_lot, child_lot[, quantity])`` edges.

        Parameters
        ----------
        edges : iterable of tuple or list
            Material of ``parent_lot`` went into ``child_lot``; ``quantity`` (optional,
            finite and >= 0, or None) is how much. Repeated edges are allowed.
        lots : iterable, optional
            Further lots that have no edges (e.g. shipped lots without genealogy), so
            that they are known.

        Raises
        ------
        ValueError
            If an edge is not a 2- or 3-tuple, a lot is not hashable, a quantity is
            negative or not finite, or the edges contain a cycle (the message names the
            lots on it).

        References
        ----------
        .. [1] ISO 22005:2007, "Traceability in the feed and food chain", and ISO
           9001:2015, clause 8.5.2 (identification and traceability).
        .. [2] R. Tarjan, "Depth-first search and linear graph algorithms", SIAM J.
           Comput. 1 (1972) 146-160 (strongly connected components, found here with
           ``scipy.sparse.csgraph.connected_components`` to detect cycles).
        """
        index: dict[Lot, int] = {}
        parents, children, quantities = _read_edges(edges, index)
        for lot in lots:
            _add_lot(index, lot)
        return cls(index, parents, children, _quantities(quantities, parents.size))

    def __len__(self) -> int:
        return len(self._labels)

    def __contains__(self, lot: object) -> bool:
        return self._lots.number(lot) >= 0

    @property
    def lots(self) -> tuple[Lot, ...]:
        """All lots, in order of first appearance."""
        return tuple(self._labels.tolist())

    @property
    def n_edges(self) -> int:
        """Number of edges as given (repeated edges counted)."""
        return int(self._parents.size)

    def roots(self) -> tuple[Lot, ...]:
        """Lots with no parents (raw materials, purchased lots)."""
        return tuple(self._labels[np.diff(self._in[0]) == 0].tolist())

    def leaves(self) -> tuple[Lot, ...]:
        """Lots with no children (end products, shipments)."""
        return tuple(self._labels[np.diff(self._out[0]) == 0].tolist())

    def children(self, lot: Lot) -> tuple[tuple[Lot, float | None], ...]:
        """Direct children of ``lot`` with the quantity of each edge (None if not given)."""
        return self._neighbours(lot, self._out, self._children)

    def parents(self, lot: Lot) -> tuple[tuple[Lot, float | None], ...]:
        """Direct parents of ``lot`` with the quantity of each edge (None if not given)."""
        return self._neighbours(lot, self._in, self._parents)

    def forward(self, lot: Lot) -> TraceResult:
        """Where did this lot go: every descendant with its depth. See `TraceResult`."""
        return self._trace(lot, "forward", self._fwd)

    def backward(self, lot: Lot) -> TraceResult:
        """What went into this lot: every ancestor with its depth. See `TraceResult`."""
        return self._trace(lot, "backward", self._bwd)

    def recall_scope(
        self,
        suspect_lots: Iterable[Lot],
        shipped: Mapping[Lot, str | Iterable[str]] | Iterable[Lot] | None = None,
    ) -> RecallScope:
        """Recall scope of suspect lots: everything downstream and the end products hit.

        Parameters
        ----------
        suspect_lots : iterable
            Lots found or suspected to be nonconforming (at least one).
        shipped : mapping or iterable, optional
            Shipped lots: a mapping from lot to its customer (or customers), or just the
            lots. When given, the end products are the shipped lots in scope; otherwise
            they are the lots in scope without children.

        Returns
        -------
        RecallScope

        Raises
        ------
        ValueError
            If no suspect is given, or a suspect or shipped lot is not in the genealogy.
        """
        given = list(suspect_lots)
        ids = np.unique([self._id(lot) for lot in given]).astype(np.intp)
        if not given:
            raise ValueError("suspect_lots is empty; give at least one lot")
        suspects = tuple(dict.fromkeys(given))
        tree = bfs(self._fwd, ids, self._lots)
        scope = self._labels[tree.nodes]
        end_products: tuple[Lot, ...]
        shipments: tuple[tuple[Lot, str], ...] = ()
        if shipped is None:
            hit = np.diff(self._out[0])[tree.nodes] == 0
            end_products = tuple(scope[hit].tolist())
        else:
            end_products, shipments = self._shipped_in_scope(shipped, tree)
        customers = tuple(sorted({customer for _, customer in shipments}))
        depths = frozen(tree.depth)
        return RecallScope(
            suspects, tuple(scope.tolist()), depths, end_products, shipments, customers, tree
        )

    def _shipped_in_scope(
        self, shipped: Mapping[Lot, str | Iterable[str]] | Iterable[Lot], tree: SearchTree
    ) -> tuple[tuple[Lot, ...], tuple[tuple[Lot, str], ...]]:
        by_lot: dict[Lot, tuple[str, ...]] = {}
        for lot in shipped:
            self._id(lot)
            value = shipped[lot] if isinstance(shipped, Mapping) else None
            if value is None:
                by_lot[lot] = ()
            else:
                by_lot[lot] = (value,) if isinstance(value, str) else tuple(map(str, value))
        found = {lot: tree.find(lot) for lot in by_lot}
        hit = sorted((lot for lot, i in found.items() if i >= 0), key=found.__getitem__)
        return tuple(hit), tuple((lot, c) for lot in hit for c in by_lot[lot])

    def _id(self, lot: Lot) -> int:
        i = self._lots.number(lot)
        if i < 0:
            raise ValueError(f"lot {lot!r} is not in the genealogy")
        return i

    def _trace(self, lot: Lot, direction: str, graph: csr_array) -> TraceResult:
        tree = bfs(graph, np.array([self._id(lot)], dtype=np.intp), self._lots)
        reached = tuple(self._labels[tree.nodes[1:]].tolist())
        return TraceResult(lot, direction, reached, frozen(tree.depth[1:]), tree)

    def _neighbours(
        self, lot: Lot, csr: tuple[IntArray, IntArray], other: IntArray
    ) -> tuple[tuple[Lot, float | None], ...]:
        i = self._id(lot)
        edges = csr[1][csr[0][i] : csr[0][i + 1]]
        q = [None if np.isnan(v) else v for v in self._quantities[edges].tolist()]
        return tuple(zip(self._labels[other[edges]].tolist(), q, strict=True))


def _read_edges(
    edges: Iterable[Sequence[Any]], index: dict[Lot, int]
) -> tuple[IntArray, IntArray, list[Any] | None]:
    """Number the lots of the edges in order of first appearance (into ``index``).

    Uniform input (all 2-tuples or all 3-tuples) is numbered in one pass over the
    flattened lots; anything else goes through `_read_edges_one_by_one`, which names a
    bad edge. Quantities are None when no edge has one.
    """
    rows = edges if isinstance(edges, list) else list(edges)
    types = set(map(type, rows))
    sizes = set(map(len, rows)) if all(issubclass(t, tuple | list) for t in types) else set()
    if len(sizes) != 1 or not sizes <= {2, 3}:
        return _read_edges_one_by_one(rows, index) if rows else _no_edges()
    three = sizes == {3}
    lots = chain.from_iterable(map(itemgetter(0, 1), rows) if three else rows)
    number_of = index.setdefault
    try:
        flat = [number_of(lot, len(index)) for lot in lots]
    except TypeError:
        return _read_edges_one_by_one(rows, {})
    ids = np.array(flat, dtype=np.intp).reshape(-1, 2)
    quantities = list(map(itemgetter(2), rows)) if three else None
    return ids[:, 0].copy(), ids[:, 1].copy(), quantities


def _no_edges() -> tuple[IntArray, IntArray, list[Any] | None]:
    return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp), None


def _read_edges_one_by_one(
    rows: list[Any], index: dict[Lot, int]
) -> tuple[IntArray, IntArray, list[Any] | None]:
    parents: list[int] = []
    children: list[int] = []
    quantities: list[Any] = []
    for number, edge in enumerate(rows, start=1):
        if not isinstance(edge, tuple | list) or not 2 <= len(edge) <= 3:
            raise ValueError(
                f"edge {number} {edge!r} is not (parent_lot, child_lot) or "
                "(parent_lot, child_lot, quantity)"
            )
        for lot in edge[:2]:
            if not hashable(lot):
                raise ValueError(
                    f"edge {number}: lot {lot!r} is not hashable; use a string or a number"
                )
        parents.append(index.setdefault(edge[0], len(index)))
        children.append(index.setdefault(edge[1], len(index)))
        quantities.append(edge[2] if len(edge) == 3 else None)
    return np.array(parents, dtype=np.intp), np.array(children, dtype=np.intp), quantities


def _quantities(values: list[Any] | None, n: int) -> NDArray[np.float64]:
    """Edge quantities as floats (None or NaN = not given); negative or infinite refused."""
    if values is None:
        return np.full(n, np.nan)
    try:
        q = np.array(values, dtype=np.float64)
    except (TypeError, ValueError):
        for number, v in enumerate(values, start=1):
            try:
                float(np.nan if v is None else v)
            except (TypeError, ValueError):
                raise ValueError(f"edge {number}: quantity {v!r} is not a number") from None
        raise
    bad = np.flatnonzero(np.isinf(q) | (q < 0))
    if bad.size:
        i = int(bad[0])
        raise ValueError(
            f"edge {i + 1}: quantity {float(q[i])!r} is not allowed; "
            "quantities must be finite and >= 0"
        )
    return q


def _add_lot(index: dict[Lot, int], lot: Lot) -> None:
    if not hashable(lot):
        raise ValueError(f"lots: lot {lot!r} is not hashable; use a string or a number")
    index.setdefault(lot, len(index))
