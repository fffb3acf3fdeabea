"""Lot genealogy: forward trace, backward trace and recall scope over an edge list.

An edge ``(parent_lot, child_lot[, quantity])`` says that material of the parent lot went
into the child lot (a raw-material lot into a batch, a batch into a finished-goods lot, a
finished-goods lot into a shipment). `Genealogy.from_edges` numbers the lots and builds
compressed sparse row (CSR) adjacency both ways; every trace is one breadth-first search
in compiled code (``scipy.sparse.csgraph``), linear in the edges and free of recursion,
so deep genealogies with millions of edges are fine. A cycle (a lot that is its own
ancestor) is bad data and is refused when the genealogy is built.

::

    forward(lot)        where did this lot go?      all descendants, with depth
    backward(lot)       what went into this lot?    all ancestors, with depth
    recall_scope(lots)  what must be recalled?      everything downstream of the suspects,
                                                    the end products or shipments hit,
                                                    the customers, and the paths
"""

from qualicert.toolbox.trace.genealogy import Genealogy
from qualicert.toolbox.trace.results import RecallScope, TraceResult

__all__ = ["Genealogy", "RecallScope", "TraceResult"]
