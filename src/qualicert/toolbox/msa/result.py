"""Result of a gauge R&R study: variance components, percentages, ndc and verdict.

Percentages follow AIAG MSA 4th ed. and Minitab's report: ``%contribution = 100 var /
var_total``; ``%study variation = 100 sd / sd_total``; ``%tolerance = 100 k sd /
tolerance`` with the study multiplier ``k`` (6 by default, as in AIAG 4th ed.). The number
of distinct categories is ``ndc = floor(1.41 PV / GRR)``. The verdict reads %GRR by
AIAG's guideline: under 10 % acceptable, 10 % to 30 % marginal (may be acceptable
depending on the application), over 30 % unacceptable.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from qualicert.toolbox.msa.anova import AnovaRow
from qualicert.toolbox.msa.xbar_r import AverageRange

__all__ = ["COMPONENTS", "GageRRResult", "VarianceComponent", "components", "verdict"]

COMPONENTS = (
    "gage_rr",
    "repeatability",
    "reproducibility",
    "operator",
    "operator_part",
    "part",
    "total",
)


@dataclass(frozen=True)
class VarianceComponent:
    """One source of variation.

    Attributes
    ----------
    source : str
        One of gage_rr, repeatability, reproducibility, operator, operator_part, part,
        total.
    variance, sd : float
        Variance component and its square root.
    study_var : float
        ``study_multiplier * sd``.
    pct_contribution : float
        Percent of the total variance.
    pct_study_var : float
        Percent of the total standard deviation.
    pct_tolerance : float or None
        ``100 * study_var / tolerance`` when a tolerance is given.
    """

    source: str
    variance: float
    sd: float
    study_var: float
    pct_contribution: float
    pct_study_var: float
    pct_tolerance: float | None


@dataclass(frozen=True)
class GageRRResult:
    """Crossed gauge R&R study.

    Attributes
    ----------
    method : str
        ``"anova"`` or ``"xbar_r"``.
    parts, operators : tuple
        Level labels, sorted.
    n_trials : int
        Measurements per part and operator.
    components : tuple of VarianceComponent
        In the order of ``COMPONENTS`` (operator_part only with the ANOVA method).
    ev, av, grr, pv, tv : float
        Standard deviations: repeatability (equipment variation), operator (appraiser
        variation), gauge R&R, part variation and total variation.
    interaction : float or None
        Standard deviation of the operator-by-part interaction (ANOVA method only).
    pct_grr : float
        %GRR of the study (total) variation.
    pct_grr_tolerance : float or None
        %GRR of the tolerance.
    ndc : int or None
        Number of distinct categories, ``floor(1.41 pv / grr)``; None when ``grr`` is 0.
    verdict : str
        ``"acceptable"``, ``"marginal"`` or ``"unacceptable"`` from ``pct_grr``.
    verdict_tolerance : str or None
        The same rule applied to ``pct_grr_tolerance``.
    study_multiplier : float
        Number of standard deviations in the study variation.
    tolerance : float or None
        Tolerance width (USL - LSL) when given.
    anova : tuple of AnovaRow or None
        Full two-way table with interaction (ANOVA method).
    anova_reduced : tuple of AnovaRow or None
        Table with the interaction pooled into repeatability, when it was pooled.
    interaction_p_value : float or None
        p-value of the interaction F test (ANOVA method).
    interaction_pooled : bool
        Whether the interaction was pooled (its p-value exceeded ``alpha_interaction``).
    alpha_interaction : float or None
        Pooling threshold used (ANOVA method).
    average_range : AverageRange or None
        Worksheet quantities of the average and range method.
    """

    method: str
    parts: tuple[object, ...]
    operators: tuple[object, ...]
    n_trials: int
    components: tuple[VarianceComponent, ...]
    ev: float
    av: float
    grr: float
    pv: float
    tv: float
    interaction: float | None
    pct_grr: float
    pct_grr_tolerance: float | None
    ndc: int | None
    verdict: str
    verdict_tolerance: str | None
    study_multiplier: float
    tolerance: float | None
    anova: tuple[AnovaRow, ...] | None
    anova_reduced: tuple[AnovaRow, ...] | None
    interaction_p_value: float | None
    interaction_pooled: bool
    alpha_interaction: float | None
    average_range: AverageRange | None

    def component(self, source: str) -> VarianceComponent:
        """The component named ``source`` (see ``COMPONENTS``)."""
        for item in self.components:
            if item.source == source:
                return item
        names = ", ".join(c.source for c in self.components)
        raise ValueError(f"component {source!r} is not one of {names}")


def verdict(pct: float) -> str:
    """AIAG MSA guideline for %GRR: < 10 acceptable, 10-30 marginal, > 30 unacceptable."""
    if pct < 10.0:
        return "acceptable"
    return "marginal" if pct <= 30.0 else "unacceptable"


def components(
    variances: dict[str, float | None], multiplier: float, tolerance: float | None
) -> tuple[VarianceComponent, ...]:
    """Build the component rows from repeatability, operator, operator_part and part."""
    interaction = variances.get("operator_part")
    reproducibility = (variances["operator"] or 0.0) + (interaction or 0.0)
    gauge = (variances["repeatability"] or 0.0) + reproducibility
    total = gauge + (variances["part"] or 0.0)
    if total <= 0.0:
        raise ValueError("the total variation is zero; nothing can be apportioned")
    full = {**variances, "gage_rr": gauge, "reproducibility": reproducibility, "total": total}
    rows = []
    for source in COMPONENTS:
        value = full.get(source)
        if value is None:
            continue
        sd = math.sqrt(value)
        pct_tol = 100.0 * multiplier * sd / tolerance if tolerance is not None else None
        rows.append(
            VarianceComponent(
                source,
                value,
                sd,
                multiplier * sd,
                100.0 * value / total,
                100.0 * sd / math.sqrt(total),
                pct_tol,
            )
        )
    return tuple(rows)
