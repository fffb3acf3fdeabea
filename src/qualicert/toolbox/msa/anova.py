"""Two-way random-effects ANOVA of a crossed gauge study (parts x operators, r trials).

With ``p`` parts, ``o`` operators and ``r`` trials the expected mean squares give the
variance components (AIAG MSA 4th ed., chapter III, section B, "Analysis of Variance
(ANOVA) Method"; Montgomery, section 8.7.2):

========================  ==========================================
component                 estimate (negative estimates are set to 0)
========================  ==========================================
repeatability             MS_E
operator x part           (MS_PO - MS_E) / r
operator                  (MS_O - MS_PO) / (p r)
part                      (MS_P - MS_PO) / (o r)
========================  ==========================================

Parts and operators are tested against the interaction mean square. When the interaction
p-value exceeds ``alpha_interaction`` (0.25 in AIAG MSA), the interaction is pooled into
the error term: ``MS_E' = (SS_PO + SS_E) / (df_PO + df_E)`` replaces both ``MS_PO`` and
``MS_E`` above, and the interaction component is 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import stats

__all__ = ["AnovaFit", "AnovaRow", "two_way"]


@dataclass(frozen=True)
class AnovaRow:
    """One row of an ANOVA table.

    Attributes
    ----------
    source : str
        ``"part"``, ``"operator"``, ``"operator*part"``, ``"repeatability"`` or ``"total"``.
    df : int
        Degrees of freedom.
    ss : float
        Sum of squares.
    ms, f, p_value : float or None
        Mean square, F ratio and its p-value (None where not defined, as for the total).
    """

    source: str
    df: int
    ss: float
    ms: float | None
    f: float | None
    p_value: float | None


@dataclass(frozen=True)
class AnovaFit:
    """ANOVA tables, the pooling decision and the variance components."""

    table: tuple[AnovaRow, ...]
    reduced: tuple[AnovaRow, ...] | None
    interaction_p_value: float
    variances: dict[str, float]


def _sums_of_squares(y: NDArray[np.float64]) -> tuple[float, float, float, float, float]:
    p, o, r = y.shape
    grand = y.mean()
    cell = y.mean(axis=2)
    part = cell.mean(axis=1)
    op = cell.mean(axis=0)
    ss_p = o * r * float(np.sum((part - grand) ** 2))
    ss_o = p * r * float(np.sum((op - grand) ** 2))
    inter = cell - part[:, None] - op[None, :] + grand
    ss_po = r * float(np.sum(inter * inter))
    ss_e = float(np.sum((y - cell[:, :, None]) ** 2))
    ss_t = float(np.sum((y - grand) ** 2))
    return ss_p, ss_o, ss_po, ss_e, ss_t


def _f_test(ms: float, ms_den: float, df: int, df_den: int) -> tuple[float, float]:
    """F ratio and p-value; F is inf (p = 0) or nan (p = nan) when ``ms_den`` is 0."""
    if ms_den == 0.0:
        return (float("inf"), 0.0) if ms > 0.0 else (float("nan"), float("nan"))
    f = ms / ms_den
    return f, float(stats.f.sf(f, df, df_den))


def _row(source: str, df: int, ss: float, den: tuple[float, int] | None) -> AnovaRow:
    ms = ss / df
    if den is None:
        return AnovaRow(source, df, ss, ms, None, None)
    f, p = _f_test(ms, den[0], df, den[1])
    return AnovaRow(source, df, ss, ms, f, p)


def two_way(y: NDArray[np.float64], alpha_interaction: float) -> AnovaFit:
    """Fit the two-way crossed model with interaction to ``y[part, operator, trial]``."""
    p, o, r = y.shape
    ss_p, ss_o, ss_po, ss_e, ss_t = _sums_of_squares(y)
    df_p, df_o, df_po, df_e = p - 1, o - 1, (p - 1) * (o - 1), p * o * (r - 1)
    error = (ss_e / df_e, df_e)
    inter = _row("operator*part", df_po, ss_po, error)
    den = (ss_po / df_po, df_po)
    total = AnovaRow("total", p * o * r - 1, ss_t, None, None, None)
    table = (
        _row("part", df_p, ss_p, den),
        _row("operator", df_o, ss_o, den),
        inter,
        _row("repeatability", df_e, ss_e, None),
        total,
    )
    p_inter = float("nan") if inter.p_value is None else inter.p_value
    reduced = None
    if p_inter > alpha_interaction:
        pooled = ((ss_po + ss_e) / (df_po + df_e), df_po + df_e)
        reduced = (
            _row("part", df_p, ss_p, pooled),
            _row("operator", df_o, ss_o, pooled),
            _row("repeatability", df_po + df_e, ss_po + ss_e, None),
            total,
        )
        den = pooled
    variances = _components(table, den[0], reduced is not None, (p, o, r))
    return AnovaFit(table, reduced, p_inter, variances)


def _components(
    table: tuple[AnovaRow, ...], ms_den: float, pooled: bool, shape: tuple[int, int, int]
) -> dict[str, float]:
    """Variance components from the expected mean squares (negative ones set to 0)."""
    p, o, r = shape
    ms_p, ms_o, ms_po, ms_e = (row.ms or 0.0 for row in table[:4])
    repeat = ms_den if pooled else ms_e
    return {
        "repeatability": repeat,
        "operator": max(0.0, (ms_o - ms_den) / (p * r)),
        "operator_part": 0.0 if pooled else max(0.0, (ms_po - ms_e) / r),
        "part": max(0.0, (ms_p - ms_den) / (o * r)),
    }
