"""FMEA worksheet: rows of failure chains, evaluated to action priority and RPN.

Each `FmeaRow` is one failure chain (item or function, failure mode, effect with its
severity, cause with its occurrence, current controls with their detection, planned
actions). `evaluate` checks every rating, computes its action priority (AIAG-VDA table)
and RPN, and returns the rows in their input order and in priority order: H before M
before L, then higher severity, occurrence and detection first.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from numbers import Integral, Real
from typing import Any

import numpy as np

from qualicert.toolbox.fmea.table import KINDS, action_priority_array, rpn_array

__all__ = ["EvaluatedRow", "Fmea", "FmeaEvaluation", "FmeaRow", "evaluate"]

_RATINGS = ("severity", "occurrence", "detection")
_AP_RANK = {"H": 0, "M": 1, "L": 2}


@dataclass(frozen=True)
class FmeaRow:
    """One failure chain of an FMEA worksheet.

    Attributes
    ----------
    item : str
        Item, process step or function analysed.
    failure_mode : str
        How the item fails to deliver its function.
    effect : str
        Consequence of the failure (for the next level, the customer, the end user).
    severity : int
        Severity of the effect, 1 to 10.
    cause : str
        Why the failure mode occurs.
    occurrence : int
        Occurrence of the cause given the prevention controls, 1 to 10.
    controls : str
        Current prevention and detection controls.
    detection : int
        Ability of the detection controls to detect the cause or failure mode, 1 to 10.
    actions : str
        Recommended or taken actions (may be empty).

    Raises
    ------
    ValueError
        If a rating is not an integer from 1 to 10 (integral floats such as ``7.0`` are
        accepted and stored as ``int``).
    """

    item: str
    failure_mode: str
    effect: str
    severity: int
    cause: str
    occurrence: int
    controls: str
    detection: int
    actions: str = ""

    def __post_init__(self) -> None:
        for name in _RATINGS:
            object.__setattr__(self, name, self._rating(name, getattr(self, name)))

    def _rating(self, name: str, value: Any) -> int:
        ok = isinstance(value, Integral | Real) and not isinstance(value, bool)
        if ok and math.isfinite(value) and float(value) == int(value) and 1 <= int(value) <= 10:
            return int(value)
        raise ValueError(
            f"{name} {value!r} of {self.item!r} / {self.failure_mode!r} is not allowed; "
            f"{name} must be an integer from 1 to 10"
        )

    @classmethod
    def from_mapping(cls, fields: Mapping[str, Any]) -> FmeaRow:
        """Build a row from a mapping of field names (e.g. a JSON object or CSV record).

        Raises ``ValueError`` naming an unknown or missing field and the allowed ones.
        """
        names = [f.name for f in dataclasses.fields(cls)]
        unknown = [k for k in fields if k not in names]
        if unknown:
            raise ValueError(f"field {unknown[0]!r} is not one of {', '.join(names)}")
        missing = [n for n in names if n != "actions" and n not in fields]
        if missing:
            raise ValueError(f"field {missing[0]!r} is missing; required: {', '.join(names[:-1])}")
        return cls(**fields)


@dataclass(frozen=True)
class EvaluatedRow:
    """A worksheet row with its action priority and RPN.

    Attributes
    ----------
    number : int
        Position of the row in the input, counted from 1.
    row : FmeaRow
        The row itself.
    action_priority : str
        ``"H"``, ``"M"`` or ``"L"``.
    rpn : int
        ``severity * occurrence * detection``.
    """

    number: int
    row: FmeaRow
    action_priority: str
    rpn: int


@dataclass(frozen=True)
class FmeaEvaluation:
    """Result of `evaluate`.

    Attributes
    ----------
    kind : str
        ``"dfmea"`` or ``"pfmea"``.
    rows : tuple of EvaluatedRow
        Every row, in input order.
    summary : tuple of EvaluatedRow
        The same rows sorted by action priority (H, M, L), then severity, occurrence
        and detection (highest first), then input order.
    high, medium, low : int
        Number of rows with each action priority.
    """

    kind: str
    rows: tuple[EvaluatedRow, ...]
    summary: tuple[EvaluatedRow, ...]
    high: int
    medium: int
    low: int

    @property
    def max_rpn(self) -> int:
        """Largest RPN of the worksheet (0 when it has no rows)."""
        return max((r.rpn for r in self.rows), default=0)

    def with_priority(self, action_priority: str) -> tuple[EvaluatedRow, ...]:
        """Rows (in summary order) with the given action priority ``"H"``, ``"M"`` or ``"L"``."""
        if action_priority not in _AP_RANK:
            raise ValueError(f"action priority {action_priority!r} is not one of H, M, L")
        return tuple(r for r in self.summary if r.action_priority == action_priority)


@dataclass(frozen=True)
class Fmea:
    """An FMEA worksheet: its kind, an optional title and its rows.

    Attributes
    ----------
    rows : tuple of FmeaRow
        The failure chains.
    kind : str
        ``"dfmea"`` (design) or ``"pfmea"`` (process).
    title : str
        Free text (product, process, team, date).
    """

    rows: tuple[FmeaRow, ...]
    kind: str = "dfmea"
    title: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind {self.kind!r} is not one of {', '.join(KINDS)}")
        object.__setattr__(self, "rows", _as_rows(self.rows))

    def evaluate(self) -> FmeaEvaluation:
        """Evaluate the worksheet; see `evaluate`."""
        return evaluate(self.rows, kind=self.kind)


def _as_rows(rows: Iterable[FmeaRow | Mapping[str, Any]]) -> tuple[FmeaRow, ...]:
    out = []
    for number, row in enumerate(rows, start=1):
        try:
            out.append(row if isinstance(row, FmeaRow) else FmeaRow.from_mapping(row))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"row {number}: {exc}") from None
    return tuple(out)


def evaluate(rows: Iterable[FmeaRow | Mapping[str, Any]], kind: str = "dfmea") -> FmeaEvaluation:
    """Action priority and RPN of every row of an FMEA worksheet.

    Parameters
    ----------
    rows : iterable of FmeaRow or mapping
        The worksheet rows; a mapping is converted with `FmeaRow.from_mapping`.
    kind : {"dfmea", "pfmea"}
        Design or process FMEA.

    Returns
    -------
    FmeaEvaluation

    Raises
    ------
    ValueError
        Naming the row (counted from 1), the field and the allowed range, e.g.
        ``row 3: severity 11 of 'hinge' / 'cracks' is not allowed; severity must be an
        integer from 1 to 10``; or if ``kind`` is unknown.

    References
    ----------
    .. [1] AIAG & VDA, "FMEA Handbook", 1st ed., 2019, section 3.5 (risk analysis,
       action priority) and chapter 4 (process FMEA).
    """
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    checked = _as_rows(rows)
    s = np.array([r.severity for r in checked], dtype=np.intp)
    o = np.array([r.occurrence for r in checked], dtype=np.intp)
    d = np.array([r.detection for r in checked], dtype=np.intp)
    aps = action_priority_array(s, o, d, kind=kind) if checked else np.array([], dtype="<U1")
    rpns = rpn_array(s, o, d) if checked else np.array([], dtype=np.intp)
    evaluated = tuple(
        EvaluatedRow(i + 1, row, str(aps[i]), int(rpns[i])) for i, row in enumerate(checked)
    )
    summary = tuple(sorted(evaluated, key=_summary_key))
    counts = {ap: sum(1 for r in evaluated if r.action_priority == ap) for ap in _AP_RANK}
    return FmeaEvaluation(kind, evaluated, summary, counts["H"], counts["M"], counts["L"])


def _summary_key(r: EvaluatedRow) -> tuple[int, int, int, int, int]:
    row = r.row
    return (_AP_RANK[r.action_priority], -row.severity, -row.occurrence, -row.detection, r.number)
