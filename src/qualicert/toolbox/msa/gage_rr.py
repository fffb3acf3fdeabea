"""``gage_rr``: crossed gauge repeatability and reproducibility study."""

from __future__ import annotations

import math
from typing import Any, Literal

from numpy.typing import ArrayLike

from qualicert.toolbox.msa._design import CrossedDesign, crossed_design
from qualicert.toolbox.msa.anova import two_way
from qualicert.toolbox.msa.result import GageRRResult, components, verdict
from qualicert.toolbox.msa.xbar_r import average_range

__all__ = ["gage_rr"]


def _positive(name: str, value: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} {value!r} must be a finite number > 0") from None
    if not (math.isfinite(number) and number > 0.0):
        raise ValueError(f"{name} {value!r} must be a finite number > 0")
    return number


def _check_options(method: str, alpha: float, k_factors: str) -> None:
    if method not in ("anova", "xbar_r"):
        raise ValueError(f"method {method!r} is not one of 'anova', 'xbar_r'")
    if not (isinstance(alpha, int | float) and 0.0 <= float(alpha) <= 1.0):
        raise ValueError(f"alpha_interaction {alpha!r} must be between 0 and 1")
    if k_factors not in ("computed", "aiag"):
        raise ValueError(f"k_factors {k_factors!r} is not one of 'computed', 'aiag'")


def gage_rr(
    parts: ArrayLike,
    operators: ArrayLike,
    values: ArrayLike,
    tolerance: float | None = None,
    method: Literal["anova", "xbar_r"] = "anova",
    alpha_interaction: float = 0.25,
    study_multiplier: float = 6.0,
    *,
    k_factors: Literal["computed", "aiag"] = "computed",
) -> GageRRResult:
    """Gauge R&R of a crossed study: every operator measures every part r times.

    Parameters
    ----------
    parts, operators : array_like
        Part and operator label of each measurement (long format).
    values : array_like
        The measurements.
    tolerance : float, optional
        Tolerance width ``USL - LSL``, for %tolerance.
    method : {"anova", "xbar_r"}
        Two-way random-effects ANOVA, or AIAG's average and range method.
    alpha_interaction : float
        The operator-by-part interaction is pooled into repeatability when its p-value
        exceeds this (AIAG MSA: 0.25). 1 never pools.
    study_multiplier : float
        Standard deviations in the study variation (6 in AIAG 4th ed.; 5.15 in older
        editions).
    k_factors : {"computed", "aiag"}
        Average and range method: factors computed from d2 and d3 for any design, or
        AIAG's printed table.

    Returns
    -------
    GageRRResult

    Raises
    ------
    ValueError
        Labels and values of different lengths, fewer than 2 parts or operators, a part
        not measured by some operator, unequal numbers of trials, a single trial,
        non-finite values, zero variation or an unknown option.

    References
    ----------
    .. [1] AIAG (2010). *Measurement Systems Analysis*, 4th ed., chapter III, section B.
    .. [2] Montgomery, D. C. (2019). *Introduction to Statistical Quality Control*, 8th
       ed., section 8.7.
    .. [3] Burdick, R. K., Borror, C. M. and Montgomery, D. C. (2005). *Design and
       Analysis of Gauge R&R Studies*, SIAM, chapter 3.

    Examples
    --------
    >>> parts = [1, 1, 2, 2, 3, 3] * 2
    >>> ops = ["A"] * 6 + ["B"] * 6
    >>> values = [1.0, 1.02, 2.0, 2.01, 3.0, 2.99, 1.01, 1.03, 2.02, 2.0, 3.01, 3.0]
    >>> r = gage_rr(parts, ops, values)
    >>> r.verdict, r.ndc
    ('acceptable', 130)
    """
    _check_options(method, alpha_interaction, k_factors)
    tol = None if tolerance is None else _positive("tolerance", tolerance)
    multiplier = _positive("study_multiplier", study_multiplier)
    design = crossed_design(parts, operators, values)
    if method == "anova":
        fields, variances = _anova(design, float(alpha_interaction))
    else:
        fields, variances = _xbar_r(design, k_factors)
    return _result(design, fields, variances, multiplier, tol)


def _anova(design: CrossedDesign, alpha: float) -> tuple[dict[str, Any], dict[str, float | None]]:
    fit = two_way(design.y, alpha)
    fields: dict[str, Any] = {
        "method": "anova",
        "anova": fit.table,
        "anova_reduced": fit.reduced,
        "interaction_p_value": fit.interaction_p_value,
        "interaction_pooled": fit.reduced is not None,
        "alpha_interaction": alpha,
        "average_range": None,
        "interaction": math.sqrt(fit.variances["operator_part"]),
    }
    return fields, dict(fit.variances)


def _xbar_r(design: CrossedDesign, k_source: str) -> tuple[dict[str, Any], dict[str, float | None]]:
    worksheet = average_range(design.y, k_source)
    fields: dict[str, Any] = {
        "method": "xbar_r",
        "anova": None,
        "anova_reduced": None,
        "interaction_p_value": None,
        "interaction_pooled": False,
        "alpha_interaction": None,
        "average_range": worksheet,
        "interaction": None,
    }
    variances: dict[str, float | None] = {
        "repeatability": worksheet.ev**2,
        "operator": worksheet.av**2,
        "operator_part": None,
        "part": worksheet.pv**2,
    }
    return fields, variances


def _result(
    design: CrossedDesign,
    fields: dict[str, Any],
    variances: dict[str, float | None],
    multiplier: float,
    tolerance: float | None,
) -> GageRRResult:
    rows = components(variances, multiplier, tolerance)
    sd = {row.source: row.sd for row in rows}
    gauge = rows[0]
    ndc = math.floor(1.41 * sd["part"] / sd["gage_rr"]) if sd["gage_rr"] > 0.0 else None
    return GageRRResult(
        parts=design.parts,
        operators=design.operators,
        n_trials=int(design.y.shape[2]),
        components=rows,
        ev=sd["repeatability"],
        av=sd["operator"],
        grr=sd["gage_rr"],
        pv=sd["part"],
        tv=sd["total"],
        pct_grr=gauge.pct_study_var,
        pct_grr_tolerance=gauge.pct_tolerance,
        ndc=ndc,
        verdict=verdict(gauge.pct_study_var),
        verdict_tolerance=None if gauge.pct_tolerance is None else verdict(gauge.pct_tolerance),
        study_multiplier=multiplier,
        tolerance=tolerance,
        **fields,
    )
