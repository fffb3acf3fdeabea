"""Graph kernels for lot genealogy: CSR adjacency, breadth-first search, cycle check.

All searches run in compiled code (``scipy.sparse.csgraph``) and are linear in the
edges; depths come from pointer jumping over the search tree. Nothing recurses.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_array
from scipy.sparse.csgraph import breadth_first_order, connected_components

Lot = Hashable
IntArray = NDArray[np.intp]


def hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def frozen(values: IntArray) -> IntArray:
    out = np.array(values, dtype=np.intp)
    out.setflags(write=False)
    return out


@dataclass(frozen=True)
class LotIndex:
    """Lot labels by number, and numbers by label."""

    labels: NDArray[np.object_] = field(repr=False)
    numbers: dict[Lot, int] = field(repr=False)

    def number(self, lot: object) -> int:
        """Number of ``lot``, or -1 if it is unknown or not hashable."""
        return self.numbers.get(lot, -1) if hashable(lot) else -1


@dataclass(frozen=True)
class SearchTree:
    """Breadth-first search tree: nodes in visiting order, depths, parent positions."""

    lots: LotIndex = field(repr=False)
    nodes: IntArray = field(repr=False)
    depth: IntArray = field(repr=False)
    parent: IntArray = field(repr=False)
    position: IntArray = field(repr=False)  # position of each lot number in nodes, or -1

    def find(self, lot: object) -> int:
        """Position of ``lot`` in ``nodes``, or -1 if the search did not reach it."""
        number = self.lots.number(lot)
        return int(self.position[number]) if number >= 0 else -1

    def depth_of(self, lot: Lot) -> int:
        """Depth of ``lot`` in the tree; ``ValueError`` if the search did not reach it."""
        return int(self.depth[self._reached(lot)])

    def path(self, lot: Lot) -> tuple[Lot, ...]:
        """Lots from the search root to ``lot`` along the tree."""
        i = self._reached(lot)
        parent, nodes = self._parent_list, self._node_list
        steps = []
        while i >= 0:
            steps.append(nodes[i])
            i = parent[i]
        return tuple(self.lots.labels[steps[::-1]].tolist())

    def _reached(self, lot: Lot) -> int:
        i = self.find(lot)
        if i < 0:
            raise ValueError(f"lot {lot!r} is not in this trace")
        return i

    @cached_property
    def _parent_list(self) -> list[int]:
        return self.parent.tolist()  # type: ignore[no-any-return]

    @cached_property
    def _node_list(self) -> list[int]:
        return self.nodes.tolist()  # type: ignore[no-any-return]


def raw_csr(keys: IntArray, n: int) -> tuple[IntArray, IntArray]:
    """Edge ids grouped by ``keys`` (stable), as (indptr, edge ids)."""
    indptr = np.zeros(n + 1, dtype=np.intp)
    np.cumsum(np.bincount(keys, minlength=n), out=indptr[1:])
    return indptr, np.argsort(keys, kind="stable").astype(np.intp)


def graph(sources: IntArray, targets: IntArray, n: int) -> csr_array:
    """Canonical CSR adjacency (sorted, no duplicate entries) for scipy.sparse.csgraph.

    csgraph is not specified for duplicate entries (scipy issue #4409); its strong
    components search does not terminate on them in scipy 1.17, so they are summed away.
    """
    indptr, order = raw_csr(sources, n)
    graph = csr_array(
        (np.ones(order.size), targets[order].astype(np.int32), indptr.astype(np.int32)),
        shape=(n, n),
    )
    graph.sum_duplicates()
    return graph


def bfs(graph: csr_array, sources: IntArray, lots: LotIndex) -> SearchTree:
    """Breadth-first search from one or more sources (several: via a virtual super-source)."""
    n = graph.shape[0]
    if sources.size > 1:
        graph = with_super_source(graph, sources)
    start = int(sources[0]) if sources.size == 1 else n
    nodes, pred = breadth_first_order(graph, start, directed=True, return_predecessors=True)
    if sources.size > 1:
        nodes, pred = nodes[1:], pred[:n]
        pred[sources] = -1
    nodes = nodes.astype(np.intp)
    position = np.full(n, -1, dtype=np.intp)
    position[nodes] = np.arange(nodes.size)
    up = pred[nodes]
    parent = np.where(up >= 0, position[np.maximum(up, 0)], -1)
    return SearchTree(lots, nodes, depths(parent), parent, position)


def with_super_source(graph: csr_array, sources: IntArray) -> csr_array:
    n = graph.shape[0]
    indptr = np.append(graph.indptr, graph.indptr[-1] + sources.size).astype(np.int32)
    indices = np.concatenate([graph.indices, sources.astype(np.int32)])
    return csr_array((np.ones(indices.size), indices, indptr), shape=(n + 1, n + 1))


def depths(parent: IntArray) -> IntArray:
    """Depth of every tree node by pointer jumping: O(m log depth), no recursion."""
    m = parent.size
    ancestor = np.where(parent >= 0, parent, np.arange(m))
    depth = (parent >= 0).astype(np.intp)
    while True:
        jumped = ancestor[ancestor]
        if np.array_equal(jumped, ancestor):
            return depth
        depth = depth + depth[ancestor]
        ancestor = jumped


def refuse_cycles(
    fwd: csr_array,
    bwd: csr_array,
    parents: IntArray,
    children: IntArray,
    lots: LotIndex,
) -> None:
    loops = np.flatnonzero(parents == children)
    if loops.size:
        lot = lots.labels[parents[loops[0]]]
        raise ValueError(
            f"lot genealogy has a cycle: {lot!r} -> {lot!r}; a lot cannot go into itself"
        )
    if fwd.shape[0] == 0:
        return
    _, component = connected_components(fwd, directed=True, connection="strong")
    sizes = np.bincount(component)
    big = np.flatnonzero(sizes[component] > 1)
    if big.size:
        cycle = cycle_through(fwd, bwd, int(big[0]), component, lots)
        shown = " -> ".join(repr(x) for x in cycle[:10]) + (" -> ..." if len(cycle) > 10 else "")
        raise ValueError(
            f"lot genealogy has a cycle: {shown} -> {cycle[0]!r}; a lot cannot be its own ancestor"
        )


def cycle_through(
    fwd: csr_array,
    bwd: csr_array,
    start: int,
    component: IntArray,
    lots: LotIndex,
) -> list[Lot]:
    """Lots of one cycle through ``start`` (a lot in a strongly connected component > 1)."""
    tree = bfs(fwd, np.array([start], dtype=np.intp), lots)
    into_start = bwd.indices[bwd.indptr[start] : bwd.indptr[start + 1]]
    same = into_start[component[into_start] == component[start]]
    return list(tree.path(lots.labels[int(same[0])]))
