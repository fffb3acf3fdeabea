"""Toolbox results as JSON, and toolbox refusals as :class:`~qualicert.errors.InvalidInput`.

Shared by the HTTP API (``web/api/toolbox.py``) and the command line (``cli/toolbox/``), so
both give the same numbers under the same names:

- :func:`jsonable` turns the toolbox's frozen dataclasses into plain JSON values, field by
  field: numpy arrays become lists, numpy scalars Python numbers, NaN and infinities
  ``null`` (JSON has neither), tuples lists, and mappings objects with text keys. Fields whose
  name starts with ``_`` are internal and left out; a few useful properties are added
  (``violations`` of a control chart, ``useful_many`` of a Pareto analysis, ...).
- :func:`invalid_input` (and the :func:`refusals` block) turns the ``ValueError`` a toolbox
  function raises on bad input into a 422 naming the request field the message is about.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from qualicert.errors import InvalidInput
from qualicert.toolbox.fmea import FmeaEvaluation
from qualicert.toolbox.pareto import ParetoResult
from qualicert.toolbox.sampling import SamplingPlan
from qualicert.toolbox.spc import ControlChart
from qualicert.toolbox.trace import RecallScope, TraceResult

JSON = Any
Extra = Callable[[Any], dict[str, Any]]

# Properties worth adding to a result's fields, by result type.
EXTRAS: tuple[tuple[type, Extra], ...] = (
    (ControlChart, lambda c: {"hits": dict(c.hits), "violations": c.violations}),
    (ParetoResult, lambda r: {"useful_many": r.useful_many}),
    (FmeaEvaluation, lambda r: {"max_rpn": r.max_rpn}),
    (SamplingPlan, lambda p: {"per_hundred_units": p.per_hundred_units}),
    (TraceResult, lambda r: {"max_depth": r.max_depth}),
    (RecallScope, lambda r: {"counts": r.counts, "downstream": r.downstream, "paths": r.paths()}),
)


def _number(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _array(value: np.ndarray[Any, Any]) -> JSON:
    if value.dtype.kind == "f" and not np.isfinite(value).all():
        return jsonable(value.astype(object).tolist())
    if value.dtype.kind in "biuf":
        return value.tolist()
    return jsonable(value.tolist())


def _dataclass(value: Any) -> dict[str, JSON]:
    out = {
        f.name: getattr(value, f.name)
        for f in dataclasses.fields(value)
        if not f.name.startswith("_")
    }
    for kind, extra in EXTRAS:
        if isinstance(value, kind):
            out.update(extra(value))
    return {name: jsonable(item) for name, item in out.items()}


def jsonable(value: Any) -> JSON:
    """``value`` as JSON-ready Python values (dicts, lists, str, int, float, bool, None)."""
    if value is None or isinstance(value, bool | str | int):
        return value
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, np.ndarray):
        return _array(value)
    if isinstance(value, np.generic):
        return jsonable(value.item())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _dataclass(value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return str(value)


def _mentioned(message: str, fields: Mapping[str, str]) -> str | None:
    """The request field of the word in ``fields`` that ``message`` mentions first.

    A word followed by ``=`` is advice ("give sigma= for phase II"), not the culprit.
    """
    first: tuple[int, str] | None = None
    for word, field in fields.items():
        found = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w=-])", message)
        if found and (first is None or found.start() < first[0]):
            first = (found.start(), field)
    return first[1] if first else None


def invalid_input(
    exc: ValueError,
    fields: Mapping[str, str] | Sequence[str],
    default: str | None,
    locate: Callable[[str], str | None] | None = None,
) -> InvalidInput:
    """A 422 for a toolbox refusal, naming the field its message is about.

    ``locate(message)`` may name the field first (``"rows.2.severity"`` for "row 3:
    severity 11 ..."); otherwise ``fields`` maps words that toolbox messages use (``"lsl"``,
    ``"data"``, ``"sizes"``) to the request field they stand for (a list when the names are
    the same), the word mentioned first wins, and ``default`` is used when none is.
    """
    words = fields if isinstance(fields, Mapping) else {f: f for f in fields}
    message = str(exc)
    field = (locate(message) if locate else None) or _mentioned(message, words) or default
    return InvalidInput(message, f"输入数据无效：{message}", rule="invalid_data", field=field)


@contextmanager
def refusals(
    fields: Mapping[str, str] | Sequence[str] = (),
    default: str | None = None,
    locate: Callable[[str], str | None] | None = None,
) -> Iterator[None]:
    """Turn a ``ValueError`` raised in the block into :func:`invalid_input`."""
    try:
        yield
    except ValueError as exc:
        raise invalid_input(exc, fields, default, locate) from exc
