"""Attribute agreement: Cohen's kappa (two raters) and Fleiss' kappa (many raters).

Cohen (1960): ``kappa = (p_o - p_e) / (1 - p_e)`` from the two raters' cross table of
proportions ``p_ij`` with margins ``p_i.`` (rater A) and ``p_.j`` (rater B). Its large-sample
variances are those of Fleiss, Cohen and Everitt (1969):

* in general, ``[sum_i p_ii (1 - (p_i. + p_.i)(1 - k))² + (1 - k)² sum_{i != j} p_ij
  (p_.i + p_j.)² - (k - p_e (1 - k))²] / (n (1 - p_e)²)``, used for the interval;
* under ``kappa = 0``, ``[p_e + p_e² - sum_i p_i. p_.i (p_i. + p_.i)] / (n (1 - p_e)²)``,
  used for the z test.

Fleiss (1971): ``N`` subjects each rated by ``n`` raters into ``k`` categories, ``n_ij``
ratings of subject ``i`` in category ``j``; ``P_i = (sum_j n_ij² - n) / (n (n - 1))``,
``p_j = sum_i n_ij / (N n)``, ``kappa = (mean P_i - sum p_j²) / (1 - sum p_j²)``. The z test
uses the null variance of Fleiss, Nee and Landis (1979),
``2 / (N n (n - 1)) [(sum p_j q_j)² - sum p_j q_j (q_j - p_j)] / (sum p_j q_j)²``, and each
category's kappa ``1 - sum_i n_ij (n - n_ij) / (N n (n - 1) p_j q_j)`` has null variance
``2 / (N n (n - 1))``. No closed-form non-null variance is in general use, so the
interval uses the jackknife over subjects (Efron, 1982).

References
----------
.. [1] Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and
   Psychological Measurement* 20, 37-46.
.. [2] Fleiss, J. L., Cohen, J. and Everitt, B. S. (1969). Large sample standard errors of
   kappa and weighted kappa. *Psychological Bulletin* 72, 323-327.
.. [3] Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters.
   *Psychological Bulletin* 76, 378-382.
.. [4] Fleiss, J. L., Nee, J. C. M. and Landis, J. R. (1979). Large sample variance of
   kappa in the case of different sets of raters. *Psychological Bulletin* 86, 974-977.
.. [5] Efron, B. (1982). *The Jackknife, the Bootstrap and Other Resampling Plans*, SIAM.
.. [6] AIAG (2010). *Measurement Systems Analysis*, 4th ed., chapter III, section C
   (attribute agreement, kappa).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from qualicert.toolbox.capability.result import ConfidenceInterval
from qualicert.toolbox.msa import _kappa_input as inp

__all__ = ["CategoryKappa", "KappaResult", "cohen_kappa", "fleiss_kappa"]

Alternative = Literal["two-sided", "greater", "less"]


@dataclass(frozen=True)
class CategoryKappa:
    """Fleiss' kappa of one category against all others.

    Attributes
    ----------
    category : object
        The category label.
    kappa : float
        Category kappa (nan when no rating used the category).
    standard_error_null : float
        Standard error under ``kappa = 0``.
    z, p_value : float
        z statistic and p-value for the chosen alternative.
    """

    category: object
    kappa: float
    standard_error_null: float
    z: float
    p_value: float


@dataclass(frozen=True)
class KappaResult:
    """Kappa statistic with its test.

    Attributes
    ----------
    kappa : float
        The agreement beyond chance.
    observed_agreement, expected_agreement : float
        ``p_o`` (Cohen) or mean ``P_i`` (Fleiss), and the agreement expected by chance.
    standard_error : float
        Large-sample standard error for the interval (Fleiss-Cohen-Everitt for Cohen's
        kappa, jackknife over subjects for Fleiss' kappa).
    standard_error_null : float
        Standard error under ``kappa = 0``, used by the z test.
    z, p_value : float
        ``kappa / standard_error_null`` and its p-value.
    alternative : str
        ``"two-sided"``, ``"greater"`` (kappa > 0, as Minitab reports) or ``"less"``.
    n_subjects, n_raters : int
        Subjects (items) rated and ratings per subject.
    categories : tuple
        Category labels in table order.
    per_category : tuple of CategoryKappa
        Per-category kappas (Fleiss' kappa only; empty for Cohen's).
    """

    kappa: float
    observed_agreement: float
    expected_agreement: float
    standard_error: float
    standard_error_null: float
    z: float
    p_value: float
    alternative: str
    n_subjects: int
    n_raters: int
    categories: tuple[object, ...]
    per_category: tuple[CategoryKappa, ...]

    def ci(self, confidence_level: float = 0.95) -> ConfidenceInterval:
        """Normal-approximation interval ``kappa -/+ z standard_error``."""
        level = float(confidence_level)
        if not 0.0 < level < 1.0:
            raise ValueError(f"confidence_level {confidence_level!r} must be between 0 and 1")
        half = float(stats.norm.ppf(0.5 + level / 2.0)) * self.standard_error
        return ConfidenceInterval(self.kappa - half, self.kappa + half, level)


def _p_value(z: float, alternative: str) -> float:
    if alternative == "greater":
        return float(stats.norm.sf(z))
    if alternative == "less":
        return float(stats.norm.cdf(z))
    return float(2.0 * stats.norm.sf(abs(z)))


def _cohen_variances(p: NDArray[np.float64], kappa: float, n: int) -> tuple[float, float]:
    """Fleiss-Cohen-Everitt (1969) variances: general and under kappa = 0."""
    row, col = p.sum(axis=1), p.sum(axis=0)
    pe = float(row @ col)
    scale = n * (1.0 - pe) ** 2
    diag = np.diag(p)
    a = float(np.sum(diag * (1.0 - (row + col) * (1.0 - kappa)) ** 2))
    weight = (col[:, None] + row[None, :]) ** 2  # (p_.i + p_j.)² for cell (i, j)
    off = p * weight
    b = (1.0 - kappa) ** 2 * float(np.sum(off) - np.sum(np.diag(off)))
    c = (kappa - pe * (1.0 - kappa)) ** 2
    null = pe + pe * pe - float(np.sum(row * col * (row + col)))
    return max(0.0, (a + b - c) / scale), max(0.0, null / scale)


def cohen_kappa(
    rater_a: ArrayLike,
    rater_b: ArrayLike,
    categories: ArrayLike | None = None,
    alternative: Alternative = "two-sided",
) -> KappaResult:
    """Cohen's kappa for two raters who each rated the same subjects once.

    Parameters
    ----------
    rater_a, rater_b : array_like
        The two raters' category labels, one per subject, in the same subject order.
    categories : array_like, optional
        All categories (to include unused ones); by default the labels seen.
    alternative : {"two-sided", "greater", "less"}
        Alternative hypothesis of the z test of ``kappa = 0``.

    Returns
    -------
    KappaResult

    Examples
    --------
    >>> a = ["yes"] * 25 + ["no"] * 25
    >>> b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    >>> round(cohen_kappa(a, b).kappa, 3)
    0.4
    """
    inp.check_alternative(alternative)
    labels, table = inp.cross_table(rater_a, rater_b, categories)
    n = int(table.sum())
    p = table / n
    po, pe = float(np.trace(p)), float(p.sum(axis=1) @ p.sum(axis=0))
    inp.check_chance(pe, labels)
    kappa = (po - pe) / (1.0 - pe)
    var, var0 = _cohen_variances(p, kappa, n)
    se0 = math.sqrt(var0)
    z = kappa / se0 if se0 > 0.0 else math.copysign(math.inf, kappa)
    return KappaResult(
        kappa, po, pe, math.sqrt(var), se0, z, _p_value(z, alternative), alternative,
        n, 2, labels, (),
    )  # fmt: skip


def _fleiss_parts(table: NDArray[np.float64]) -> tuple[float, float, float]:
    """``(kappa, mean P_i, P_e)`` of a subjects x categories count table."""
    big_n = table.shape[0]
    n = float(table[0].sum())
    p_i = (np.sum(table * table, axis=1) - n) / (n * (n - 1.0))
    p_j = table.sum(axis=0) / (big_n * n)
    p_bar, p_e = float(np.mean(p_i)), float(p_j @ p_j)
    return (p_bar - p_e) / (1.0 - p_e), p_bar, p_e


def _fleiss_null_se(table: NDArray[np.float64]) -> float:
    """Standard error of Fleiss' kappa under kappa = 0 (Fleiss, Nee and Landis, 1979)."""
    big_n = table.shape[0]
    n = float(table[0].sum())
    p = table.sum(axis=0) / (big_n * n)
    pq = p * (1.0 - p)
    spq = float(pq.sum())
    spread = spq * spq - float(np.sum(pq * (1.0 - 2.0 * p)))
    return math.sqrt(max(0.0, 2.0 / (big_n * n * (n - 1.0)) * spread)) / spq


def _jackknife_se(table: NDArray[np.float64]) -> float:
    """Jackknife standard error of Fleiss' kappa, leaving out one subject at a time."""
    big_n, _ = table.shape
    n = float(table[0].sum())
    p_i = (np.sum(table * table, axis=1) - n) / (n * (n - 1.0))
    p_bar = (p_i.sum() - p_i) / (big_n - 1)
    p_j = (table.sum(axis=0)[None, :] - table) / ((big_n - 1) * n)
    p_e = np.sum(p_j * p_j, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        kappas = (p_bar - p_e) / (1.0 - p_e)
    spread = float(np.sum((kappas - kappas.mean()) ** 2))
    return math.sqrt((big_n - 1) / big_n * spread)


def _per_category(
    table: NDArray[np.float64], labels: tuple[object, ...], alternative: str
) -> tuple[CategoryKappa, ...]:
    big_n = table.shape[0]
    n = float(table[0].sum())
    p_j = table.sum(axis=0) / (big_n * n)
    disagree = np.sum(table * (n - table), axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        kappas = 1.0 - disagree / (big_n * n * (n - 1.0) * p_j * (1.0 - p_j))
    se0 = math.sqrt(2.0 / (big_n * n * (n - 1.0)))
    return tuple(
        CategoryKappa(label, float(k), se0, float(k) / se0, _p_value(float(k) / se0, alternative))
        for label, k in zip(labels, kappas, strict=True)
    )


def fleiss_kappa(
    data: ArrayLike,
    *,
    kind: Literal["counts", "ratings"] = "counts",
    categories: ArrayLike | None = None,
    alternative: Alternative = "two-sided",
) -> KappaResult:
    """Fleiss' kappa for a fixed number of ratings per subject.

    Parameters
    ----------
    data : array_like
        ``kind="counts"``: a subjects x categories table of how many raters put each
        subject in each category (every row the same total, at least 2).
        ``kind="ratings"``: a subjects x raters table of category labels.
    kind : {"counts", "ratings"}
        How to read ``data``.
    categories : array_like, optional
        Category labels: for counts, one per column (default 0, 1, ...); for ratings,
        all categories (default: the labels seen).
    alternative : {"two-sided", "greater", "less"}
        Alternative hypothesis of the z tests.

    Returns
    -------
    KappaResult
    """
    inp.check_alternative(alternative)
    labels, table = inp.fleiss_table(data, kind, categories)
    shares = table.sum(axis=0) / table.sum()
    inp.check_chance(float(shares @ shares), labels)
    kappa, p_bar, p_e = _fleiss_parts(table)
    big_n, n = table.shape[0], float(table[0].sum())
    se0 = _fleiss_null_se(table)
    z = kappa / se0
    return KappaResult(
        kappa, p_bar, p_e, _jackknife_se(table), se0, z, _p_value(z, alternative),
        alternative, big_n, int(n), labels, _per_category(table, labels, alternative),
    )  # fmt: skip
