"""Within-subgroup (short-term) standard deviation and its effective degrees of freedom.

==============  ==========================================  ===============================
method          estimate                                    effective degrees of freedom
==============  ==========================================  ===============================
range           R-bar / d2(n)                               k d2² / (2 d3²)
sd              S-bar / c4(n)                               k c4² / (2 (1 - c4²))
pooled          sqrt(sum (x - xbar_i)² / d) / c4(d + 1)     d = k (n - 1) (exact)
moving range    MR-bar / d2(2), span-2 moving ranges        1 / (2 Var(MR-bar/d2) / sigma²)
==============  ==========================================  ===============================

The effective degrees of freedom ``v`` match the variance of the estimate to that of a
chi-based estimate, ``Var(sigma_hat / sigma) = 1 / (2 v)`` (Patnaik, 1950). For the moving
range the variance counts the correlation of neighbouring moving ranges:
``Var(MR-bar) = sigma² (m d3(2)² + 2 (m - 1) c) / m²`` for ``m`` moving ranges, with
``c = Cov(|X1 - X2|, |X2 - X3|) / sigma² = (2 sqrt(3) - 4) / pi + 1 / 3`` (the
correlation of X1 - X2 and X2 - X3 is -1/2). For long series ``v`` is about 0.6 m, as
Cryer and Ryan (1990) reported.

References
----------
.. [1] Montgomery, D. C. (2019). *Introduction to Statistical Quality Control*, 8th ed.,
   sections 6.2-6.4 and 8.2.
.. [2] Patnaik, P. B. (1950). The use of mean range as an estimator of variance in
   statistical tests. *Biometrika* 37, 78-87.
.. [3] Cryer, J. D. and Ryan, T. P. (1990). The estimation of sigma for an X chart:
   MR/d2 or S/c4? *Journal of Quality Technology* 22, 187-192.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from qualicert.toolbox.constants import c4, d2, d3

__all__ = ["WithinSigma", "within_sigma"]

# Cov(|X1 - X2|, |X2 - X3|) / sigma^2 for independent standard normal X (derived above).
_MR_COVARIANCE = (2.0 * math.sqrt(3.0) - 4.0) / math.pi + 1.0 / 3.0


@dataclass(frozen=True)
class WithinSigma:
    """Within standard deviation, how it was estimated and its degrees of freedom.

    Attributes
    ----------
    sigma : float
        The estimate.
    method : str
        ``"range"``, ``"sd"``, ``"pooled"`` or ``"moving range"``.
    dof : float
        Effective degrees of freedom (Patnaik).
    """

    sigma: float
    method: str
    dof: float


def within_sigma(groups: NDArray[np.float64], method: str) -> WithinSigma:
    """Estimate sigma from a ``(k, n)`` array of subgroups (``n == 1``: individuals).

    ``method`` must already be resolved to range, sd or pooled (ignored for individuals).
    """
    k, n = groups.shape
    if n == 1:
        return _moving_range(groups[:, 0])
    if method == "range":
        r_bar = float(np.mean(np.ptp(groups, axis=1)))
        dof = k * d2(n) ** 2 / (2.0 * d3(n) ** 2)
        return WithinSigma(r_bar / d2(n), "range", dof)
    if method == "sd":
        s_bar = float(np.mean(np.std(groups, axis=1, ddof=1)))
        dof = k * c4(n) ** 2 / (2.0 * (1.0 - c4(n) ** 2))
        return WithinSigma(s_bar / c4(n), "sd", dof)
    dev = groups - groups.mean(axis=1, keepdims=True)
    d = k * (n - 1)
    pooled = math.sqrt(float(np.sum(dev * dev)) / d)
    return WithinSigma(pooled / c4(d + 1), "pooled", float(d))


def _moving_range(x: NDArray[np.float64]) -> WithinSigma:
    m = x.size - 1
    mr_bar = float(np.mean(np.abs(np.diff(x))))
    var_mr = (m * d3(2) ** 2 + 2.0 * (m - 1) * _MR_COVARIANCE) / (m * m)
    dof = d2(2) ** 2 / (2.0 * var_mr)
    return WithinSigma(mr_bar / d2(2), "moving range", dof)
