"""Average and range method of AIAG MSA (4th ed., chapter III, section B).

With ``p`` parts, ``o`` appraisers and ``r`` trials:

* ``EV = R-double-bar K1``: R-double-bar is the mean over appraisers of the mean range of
  the ``r`` trials on each part;
* ``AV = sqrt((X-diff K2)² - EV² / (p r))`` (0 when negative): X-diff is the range of the
  appraiser averages;
* ``GRR = sqrt(EV² + AV²)``, ``PV = R_p K3`` with ``R_p`` the range of the part averages,
  ``TV = sqrt(GRR² + PV²)``.

``K = 1 / d2*``. AIAG takes K1 for many ranges (``g = o p`` assumed above 15), so
``K1 = 1 / d2(r)``; K2 and K3 come from a single range (``g = 1``), for which
``d2*² = E[R²] / sigma² = d2² + d3²`` exactly (Duncan's ``d2*`` with ``g = 1``). These
computed factors reproduce the AIAG table to its four decimals and extend it to any
number of trials, appraisers and parts; ``k_factors="aiag"`` uses the printed table
(K1 for 2-3 trials, K2 for 2-3 appraisers, K3 for 2-10 parts) instead.

References
----------
.. [1] AIAG (2010). *Measurement Systems Analysis*, 4th ed., chapter III, section B,
   "Average and Range Method", and the K1, K2, K3 table of the GRR report form.
.. [2] Duncan, A. J. (1986). *Quality Control and Industrial Statistics*, 5th ed., Irwin,
   Table D3 (``d2*``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from qualicert.toolbox.constants import d2, d3

__all__ = ["AIAG_K1", "AIAG_K2", "AIAG_K3", "AverageRange", "average_range"]

# AIAG MSA 4th ed. (2010), GRR report form: K1 by trials, K2 by appraisers, K3 by parts.
AIAG_K1 = {2: 0.8862, 3: 0.5908}
AIAG_K2 = {2: 0.7071, 3: 0.5231}
AIAG_K3 = {2: 0.7071, 3: 0.5231, 4: 0.4467, 5: 0.4030, 6: 0.3742, 7: 0.3534, 8: 0.3375,
           9: 0.3249, 10: 0.3146}  # fmt: skip


@dataclass(frozen=True)
class AverageRange:
    """Worksheet quantities of the average and range method.

    Attributes
    ----------
    r_double_bar : float
        Mean of the appraisers' average ranges.
    x_diff : float
        Range of the appraiser averages.
    r_part : float
        Range of the part averages.
    k1, k2, k3 : float
        The factors used.
    ev, av, pv : float
        Equipment variation, appraiser variation and part variation (standard
        deviations, as in AIAG 4th ed.).
    """

    r_double_bar: float
    x_diff: float
    r_part: float
    k1: float
    k2: float
    k3: float
    ev: float
    av: float
    pv: float


def _single_range_k(m: int) -> float:
    return 1.0 / math.sqrt(d2(m) ** 2 + d3(m) ** 2)


def _aiag(table: dict[int, float], count: int, what: str) -> float:
    if count not in table:
        allowed = ", ".join(str(k) for k in table)
        raise ValueError(
            f"k_factors='aiag' has no factor for {count} {what}; the AIAG table covers "
            f"{allowed} (use k_factors='computed')"
        )
    return table[count]


def k_factors(p: int, o: int, r: int, source: str) -> tuple[float, float, float]:
    """``(K1, K2, K3)`` for ``r`` trials, ``o`` appraisers and ``p`` parts."""
    if source == "aiag":
        return (
            _aiag(AIAG_K1, r, "trials"),
            _aiag(AIAG_K2, o, "appraisers"),
            _aiag(AIAG_K3, p, "parts"),
        )
    return 1.0 / d2(r), _single_range_k(o), _single_range_k(p)


def average_range(y: NDArray[np.float64], source: str) -> AverageRange:
    """Average and range analysis of ``y[part, appraiser, trial]``."""
    p, o, r = y.shape
    k1, k2, k3 = k_factors(p, o, r, source)
    r_double_bar = float(np.mean(np.ptp(y, axis=2)))
    x_diff = float(np.ptp(y.mean(axis=(0, 2))))
    r_part = float(np.ptp(y.mean(axis=(1, 2))))
    ev = r_double_bar * k1
    av = math.sqrt(max(0.0, (x_diff * k2) ** 2 - ev * ev / (p * r)))
    return AverageRange(r_double_bar, x_diff, r_part, k1, k2, k3, ev, av, r_part * k3)
