"""Confidence intervals for capability indices under normality.

=============  ==============================================================  ===========
index          interval                                                        source
=============  ==============================================================  ===========
Cp, Pp         C sqrt(chi2(a/2, v) / v) .. C sqrt(chi2(1 - a/2, v) / v)          [1], [2]
Cpk, Cpl, ...  C -/+ z(1 - a/2) sqrt(1 / (9 n) + C² / (2 v))                    [1], [2], [3]
Cpm, Ppm       C sqrt(chi2(a/2, f) / f) .. C sqrt(chi2(1 - a/2, f) / f),        [1], [4]
               f = n (1 + d²)² / (1 + 2 d²), d = (mean - T) / sigma
=============  ==============================================================  ===========

``v`` is the degrees of freedom of the standard deviation (``n - 1`` for the sample
standard deviation). The Bissell interval is written as ``C -/+ z sqrt(...)``, which equals
the textbook ``C (1 -/+ z sqrt(1/(9 n C²) + 1/(2 v)))`` for ``C > 0`` and stays valid
(low <= estimate <= high) when ``C <= 0``.

References
----------
.. [1] Montgomery, D. C. (2019). *Introduction to Statistical Quality Control*, 8th ed.,
   Wiley, section 8.3.5, "Confidence intervals and tests on process capability ratios".
.. [2] NIST/SEMATECH e-Handbook of Statistical Methods, section 6.1.6, "What is Process
   Capability?" (confidence intervals for Cp and Cpk).
.. [3] Bissell, A. F. (1990). How reliable is your capability index? *Applied
   Statistics* 39, 331-340.
.. [4] Boyles, R. A. (1991). The Taguchi capability index. *Journal of Quality
   Technology* 23, 17-26.
"""

from __future__ import annotations

import math

from scipy import stats

__all__ = ["bissell", "boyles", "chi_square", "interval"]


def _alpha(confidence_level: float) -> float:
    level = float(confidence_level)
    if not 0.0 < level < 1.0:
        raise ValueError(f"confidence_level {confidence_level!r} must be between 0 and 1")
    return 1.0 - level


def chi_square(estimate: float, nu: float, confidence_level: float) -> tuple[float, float]:
    """Chi-square interval for Cp or Pp with ``nu`` degrees of freedom of the sigma."""
    alpha = _alpha(confidence_level)
    low = estimate * math.sqrt(float(stats.chi2.ppf(alpha / 2.0, nu)) / nu)
    high = estimate * math.sqrt(float(stats.chi2.ppf(1.0 - alpha / 2.0, nu)) / nu)
    return low, high


def bissell(estimate: float, n: int, nu: float, confidence_level: float) -> tuple[float, float]:
    """Bissell's normal-approximation interval for Cpk-type (one-sided) indices."""
    z = float(stats.norm.ppf(1.0 - _alpha(confidence_level) / 2.0))
    half = z * math.sqrt(1.0 / (9.0 * n) + estimate * estimate / (2.0 * nu))
    return estimate - half, estimate + half


def boyles(estimate: float, n: int, offset: float, confidence_level: float) -> tuple[float, float]:
    """Boyles' interval for Cpm or Ppm; ``offset`` is ``(mean - target) / sigma``."""
    d2 = offset * offset
    f = n * (1.0 + d2) ** 2 / (1.0 + 2.0 * d2)
    return chi_square(estimate, f, confidence_level)


def interval(
    suffix: str,
    estimate: float,
    n: int,
    nu: float,
    location: tuple[float, float, float | None],
    confidence_level: float,
) -> tuple[float, float]:
    """Interval for the index named ``"c" + "p" + suffix`` (or ``"pp" + suffix``).

    ``location`` is ``(mean, sigma, target)`` on the analysed scale, used by Cpm and Ppm.
    """
    if suffix == "":
        return chi_square(estimate, nu, confidence_level)
    if suffix == "m":
        mean, sigma, target = location
        if target is None:  # pragma: no cover - Cpm is None without a target
            raise ValueError("Cpm needs a target")
        return boyles(estimate, n, (mean - target) / sigma, confidence_level)
    return bissell(estimate, n, nu, confidence_level)
