"""Python's cyclic garbage collector made cheap for the length of a bulk import.

An import allocates several containers per row (the row's values, the validated model, the
records and payloads written), enough to start a collection every few rows; a batch of rows
stays alive while it is written, so objects keep surviving into the oldest generation and
full collections follow, each walking every object the process holds (SQLAlchemy's metadata,
Pydantic's schemas, the modules). On a 100,000-row upload that was about a fifth of the
client's time. Within :func:`quiet` the objects that existed before the import are frozen
(:func:`gc.freeze`: never walked again until unfrozen) and the youngest generation is
collected every 50,000 allocations instead of 700. Collection still runs, so a reference
cycle made during the import (an exception's traceback) is still freed.

Imports may run at once in one process (server threads): the first to enter changes the
settings and the last to leave restores them.
"""

from __future__ import annotations

import gc

from qualicert.process_settings import Held

YOUNGEST = 50_000
"""Allocations between collections of the youngest generation during an import."""

Thresholds = tuple[int, int, int]


def _quieten(saved: Thresholds) -> None:
    gc.freeze()
    gc.set_threshold(YOUNGEST, saved[1], saved[2])


def _restore(saved: Thresholds) -> None:
    gc.set_threshold(*saved)
    gc.unfreeze()


_collector: Held[Thresholds] = Held(gc.get_threshold, _quieten, _restore)
quiet = _collector.held
"""Freeze what exists and collect the young less often, until the block ends."""
