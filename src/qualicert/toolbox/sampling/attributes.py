"""ISO 2859-1 single sampling plans by attributes: code letters and master-table look-up.

:func:`code_letter` reads Table 1; :func:`plan` reads Table 2-A, 2-B or 2-C for the code
letter and AQL and follows the table's arrows ("use the first sampling plan below/above the
arrow"), so the sample size and the acceptance number always come from the same cell.
When the sample size equals or exceeds the lot size, every item is inspected (100 %
inspection, ISO 2859-1 Table 2 footnote); the result says so.

Example
-------
>>> from qualicert.toolbox import sampling
>>> p = sampling.plan(1000, 1.0)
>>> (p.code_letter, p.sample_size, p.ac, p.re)
('J', 80, 2, 3)

References
----------
.. [1] ISO 2859-1:1999 (= GB/T 2828.1-2012), Tables 1 and 2-A to 2-C.
.. [2] Montgomery, D. C. (2019). *Introduction to Statistical Quality Control*, 8th ed.,
   chapter 15, "Military Standard 105E (ANSI/ASQC Z1.4, ISO 2859)".
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualicert.toolbox.sampling import oc as _oc
from qualicert.toolbox.sampling._checks import choice, integer
from qualicert.toolbox.sampling.tables import (
    AQL_LABELS,
    AQL_VALUES,
    LEVELS,
    LOT_SIZE_UPPER,
    MASTER_TABLES,
    REDUCED_SAMPLE_SIZES,
    SAMPLE_SIZES,
    SEVERITIES,
    TABLE_1,
)

__all__ = ["SamplingPlan", "aql_index", "code_letter", "plan", "plan_for_letter"]


@dataclass(frozen=True)
class SamplingPlan:
    """A single sampling plan read from ISO 2859-1 Table 2-A, 2-B or 2-C.

    Attributes
    ----------
    aql : float
        Acceptance quality limit, in percent nonconforming (up to 10) or nonconformities
        per 100 items.
    severity : {'normal', 'tightened', 'reduced'}
        Which master table the plan comes from.
    code_letter : str
        Code letter from Table 1 (or the letter asked for), before following arrows.
    used_code_letter : str
        Code letter of the cell whose plan is used, after following arrows.
    arrow : {'down', 'up'} or None
        Direction of the arrow followed, None when the cell itself holds a plan.
    table_sample_size : int
        Sample size of the plan in the table.
    sample_size : int
        Number of items to inspect: the table sample size, or the lot size under 100 %
        inspection.
    ac, re : int
        Acceptance number (accept when at most ``ac`` nonconforming items or
        nonconformities are found) and rejection number (``re = ac + 1``).
    hundred_percent : bool
        True when the table sample size equals or exceeds the lot size, so every item of
        the lot is inspected; ``ac`` and ``re`` still decide acceptance.
    lot_size : int or None
        Lot size, None for a plan read for a code letter alone.
    level : str or None
        Inspection level (S-1 ... S-4, I, II, III), None for a plan read for a letter.
    note : str
        One line saying how the plan was found: arrow followed, 100 % inspection.
    """

    aql: float
    severity: str
    code_letter: str
    used_code_letter: str
    arrow: Literal["down", "up"] | None
    table_sample_size: int
    sample_size: int
    ac: int
    re: int
    hundred_percent: bool
    lot_size: int | None
    level: str | None
    note: str

    @property
    def per_hundred_units(self) -> bool:
        """True when the AQL can only mean nonconformities per 100 items (AQL > 10)."""
        return self.aql > 10.0

    def accepts(self, nonconforming: int) -> bool:
        """True when a sample with ``nonconforming`` items (or nonconformities) is accepted."""
        return integer("nonconforming", nonconforming, 0) <= self.ac

    def probability_of_acceptance(
        self, p: ArrayLike, method: _oc.Method | None = None
    ) -> NDArray[np.float64]:
        """Probability of acceptance at quality ``p`` (see :func:`oc.probability_of_acceptance`).

        ``p`` is a fraction nonconforming, or nonconformities per item for Poisson. The
        default method is Poisson when the AQL is above 10 (nonconformities per 100
        items), otherwise binomial.
        """
        chosen = method or ("poisson" if self.per_hundred_units else "binomial")
        n, lot = self.sample_size, self.lot_size
        return _oc.probability_of_acceptance(p, n, self.ac, method=chosen, lot_size=lot)


def aql_index(aql: float) -> int:
    """Position of ``aql`` in the preferred series; ValueError listing the series otherwise."""
    if isinstance(aql, bool) or not isinstance(aql, int | float | np.integer | np.floating):
        raise ValueError(f"aql {aql!r} is not a number; {_allowed_aqls()}")
    for i, value in enumerate(AQL_VALUES):
        if math.isclose(float(aql), value, rel_tol=1e-9):
            return i
    raise ValueError(f"aql {aql!r} is not a preferred AQL of ISO 2859-1; {_allowed_aqls()}")


def _allowed_aqls() -> str:
    return "allowed: " + ", ".join(AQL_LABELS)


def code_letter(lot_size: int, level: str = "II") -> str:
    """Sample size code letter for a lot size and inspection level (ISO 2859-1 Table 1).

    Parameters
    ----------
    lot_size : int
        Number of items in the lot, at least 2.
    level : {'S-1', 'S-2', 'S-3', 'S-4', 'I', 'II', 'III'}
        Inspection level; II is the usual general level.

    Returns
    -------
    str
        The code letter, 'A' to 'R'.

    References
    ----------
    .. [1] ISO 2859-1:1999, Table 1; ANSI/ASQ Z1.4-2008, Table I.
    """
    size = integer("lot_size", lot_size, 2)
    choice("level", level, LEVELS)
    row = bisect.bisect_left(LOT_SIZE_UPPER, size)
    return TABLE_1[row][LEVELS.index(level)]


def _follow(
    severity: str, letter: str, column: int
) -> tuple[str, int, Literal["down", "up"] | None]:
    """Follow the arrows from a cell to the plan: (letter used, Ac, direction)."""
    table = MASTER_TABLES[severity]
    letters = list(table)
    row = letters.index(letter)
    direction: Literal["down", "up"] | None = None
    while not isinstance(cell := table[letters[row]][column], int):
        direction = "down" if cell == "v" else "up"
        row += 1 if cell == "v" else -1
    return letters[row], cell, direction


def plan_for_letter(letter: str, aql: float, severity: str = "normal") -> SamplingPlan:
    """The master-table plan for a code letter and AQL, arrows followed, without a lot size.

    Parameters
    ----------
    letter : str
        Code letter 'A' to 'R'.
    aql : float
        One of the preferred AQLs 0.010 ... 1000 (see ``AQL_VALUES``).
    severity : {'normal', 'tightened', 'reduced'}
        Table 2-A, 2-B or 2-C.
    """
    choice("severity", severity, SEVERITIES)
    choice("code letter", letter, tuple("ABCDEFGHJKLMNPQR"))
    column = aql_index(aql)
    used, ac, direction = _follow(severity, letter, column)
    sizes = REDUCED_SAMPLE_SIZES if severity == "reduced" else SAMPLE_SIZES
    n = sizes[used]
    note = f"arrow followed {direction} from {letter} to {used}" if direction else "plan in cell"
    return SamplingPlan(
        aql=AQL_VALUES[column], severity=severity, code_letter=letter,
        used_code_letter=used, arrow=direction, table_sample_size=n, sample_size=n,
        ac=ac, re=ac + 1, hundred_percent=False, lot_size=None, level=None, note=note,
    )  # fmt: skip


def plan(lot_size: int, aql: float, level: str = "II", severity: str = "normal") -> SamplingPlan:
    """ISO 2859-1 single sampling plan for a lot: code letter, sample size, Ac and Re.

    Parameters
    ----------
    lot_size : int
        Number of items in the lot, at least 2.
    aql : float
        Acceptance quality limit from the preferred series 0.010, 0.015, ..., 10 (percent
        nonconforming or nonconformities per 100 items) and 15 ... 1000 (nonconformities
        per 100 items only). Other values raise ValueError listing the allowed ones.
    level : {'S-1', 'S-2', 'S-3', 'S-4', 'I', 'II', 'III'}
        Inspection level.
    severity : {'normal', 'tightened', 'reduced'}
        Severity of inspection; selects Table 2-A, 2-B or 2-C.

    Returns
    -------
    SamplingPlan
        With the original and the used code letter, the sample size, ``ac`` and ``re``.
        When the table sample size equals or exceeds the lot size, ``hundred_percent`` is
        True and ``sample_size`` is the lot size.

    References
    ----------
    .. [1] ISO 2859-1:1999, Tables 1, 2-A, 2-B and 2-C (= GB/T 2828.1-2012).
    """
    letter = code_letter(lot_size, level)
    base = plan_for_letter(letter, aql, severity)
    size = int(lot_size)
    full = base.table_sample_size >= size
    note = base.note
    if full:
        note += (
            f"; sample size {base.table_sample_size} >= lot size {size}: "
            "inspect every item (100 % inspection)"
        )
    return SamplingPlan(
        aql=base.aql, severity=severity, code_letter=letter,
        used_code_letter=base.used_code_letter, arrow=base.arrow,
        table_sample_size=base.table_sample_size,
        sample_size=min(base.table_sample_size, size), ac=base.ac, re=base.re,
        hundred_percent=full, lot_size=size, level=level, note=note,
    )  # fmt: skip
