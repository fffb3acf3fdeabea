"""Results of lot traces: `TraceResult` (forward, backward) and `RecallScope`."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from qualicert.toolbox.trace._graph import IntArray, Lot, SearchTree

__all__ = ["RecallScope", "TraceResult"]


@dataclass(frozen=True)
class TraceResult:
    """Result of `Genealogy.forward` or `Genealogy.backward`.

    Attributes
    ----------
    lot : hashable
        The lot traced from.
    direction : str
        ``"forward"`` (descendants: where the lot went) or ``"backward"`` (ancestors:
        what went into it).
    lots : tuple
        Every lot reached, not including ``lot`` itself, nearest first.
    depths : ndarray of intp
        For each of ``lots``, the fewest transfer steps from ``lot`` (1 = direct child
        or direct parent).
    """

    lot: Lot
    direction: str
    lots: tuple[Lot, ...]
    depths: IntArray
    _tree: SearchTree = field(repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.lots)

    def __contains__(self, lot: object) -> bool:
        return self._tree.find(lot) > 0

    @property
    def max_depth(self) -> int:
        """Largest depth reached (0 when nothing was reached)."""
        return int(self.depths.max(initial=0))

    def depth_of(self, lot: Lot) -> int:
        """Depth of one reached lot; ``ValueError`` if it was not reached."""
        return self._tree.depth_of(lot)

    def path(self, lot: Lot) -> tuple[Lot, ...]:
        """A shortest chain of lots linking ``self.lot`` and ``lot``, in material-flow
        order (upstream lot first), both ends included."""
        steps = self._tree.path(lot)
        return steps if self.direction == "forward" else steps[::-1]


@dataclass(frozen=True)
class RecallScope:
    """Result of `Genealogy.recall_scope`.

    Attributes
    ----------
    suspects : tuple
        The suspect lots, as given (duplicates removed).
    lots : tuple
        Every lot in scope: the suspects (depth 0) and everything downstream of them,
        nearest first.
    depths : ndarray of intp
        Fewest transfer steps from the nearest suspect, for each of ``lots``.
    end_products : tuple
        Lots in scope that reached the market: the shipped lots in scope when
        ``shipped`` was given, otherwise the lots in scope that have no children.
    shipments : tuple of (lot, customer)
        Affected shipped lots with each of their customers (empty without customers).
    customers : tuple of str
        Distinct affected customers, sorted.
    """

    suspects: tuple[Lot, ...]
    lots: tuple[Lot, ...]
    depths: IntArray
    end_products: tuple[Lot, ...]
    shipments: tuple[tuple[Lot, str], ...]
    customers: tuple[str, ...]
    _tree: SearchTree = field(repr=False, compare=False)

    @property
    def downstream(self) -> tuple[Lot, ...]:
        """Lots in scope that are not suspects themselves."""
        return tuple(lot for lot, d in zip(self.lots, self.depths.tolist(), strict=True) if d > 0)

    @property
    def counts(self) -> dict[str, int]:
        """Numbers for the report: lots, downstream lots, end products, customers."""
        return {
            "suspects": len(self.suspects),
            "lots": len(self.lots),
            "downstream": int(np.count_nonzero(self.depths)),
            "end_products": len(self.end_products),
            "customers": len(self.customers),
        }

    def path(self, lot: Lot) -> tuple[Lot, ...]:
        """A shortest chain from the nearest suspect to ``lot``, suspect first."""
        return self._tree.path(lot)

    def paths(self) -> dict[Lot, tuple[Lot, ...]]:
        """`path` of every end product (cost: the total length of those paths)."""
        return {lot: self.path(lot) for lot in self.end_products}
