"""Acceptance sampling by variables, ISO 3951-1 "form k" (the k-method).

A sample of ``n`` measurements gives the mean x̄ and either the sample standard deviation
``s`` (the "s method", process sigma unknown) or the known process sigma (the "sigma
method"). With an upper limit U the quality statistic is ``Q_U = (U - x̄) / s`` (or
``/ sigma``), with a lower limit L it is ``Q_L = (x̄ - L) / s``; the lot is accepted when
``Q >= k``, the acceptability constant (:func:`k_method`, in
:mod:`~qualicert.toolbox.sampling.kmethod`). Several limits are controlled separately,
each with the same k; the combined control of double limits (form p*, acceptance curves,
maximum sample standard deviation) is not provided.

Operating characteristic under normality, single limit, ``z_p = Phi^-1(1 - p)``:

* sigma method: ``Pa(p) = Phi(sqrt(n) (z_p - k))``;
* s method (exact): ``sqrt(n) Q`` follows a noncentral t distribution with ``n - 1``
  degrees of freedom and noncentrality ``sqrt(n) z_p``, so
  ``Pa(p) = P(T'(n - 1, sqrt(n) z_p) >= k sqrt(n))``.

Plans. :func:`design_variables_plan` finds the smallest n (and a k) whose OC curve passes
the producer's risk point (p1, alpha) and the consumer's risk point (p2, beta). The
tabulated (n, k) of ISO 3951-1 are NOT reproduced here: :func:`variables_plan` computes a
plan for a lot size, AQL, inspection level and severity by matching the OC curve of the
ISO 2859-1 attributes plan with the same code letter at Pa = 0.95 and Pa = 0.10, and its
``source`` field says "computed". Check the tabulated values of ISO 3951-1 before using
such a plan contractually.

References
----------
.. [1] ISO 3951-1:2013, *Sampling procedures for inspection by variables -- Part 1:
   Specification for single sampling plans indexed by acceptance quality limit (AQL) for
   lot-by-lot inspection for a single quality characteristic and a single AQL*, clauses
   on form k, the s method and the sigma method.
.. [2] Montgomery, D. C. (2019). *Introduction to Statistical Quality Control*, 8th ed.,
   chapter 16 (acceptance sampling by variables, the k-method, designing a variables
   sampling plan with a specified OC curve).
.. [3] Schilling, E. G. and Neubauer, D. V. (2017). *Acceptance Sampling in Quality
   Control*, 3rd ed., chapter 9 (exact OC of the s method via the noncentral t).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special, stats

from qualicert.toolbox.sampling._checks import finite_array, integer, probability, proportion, real
from qualicert.toolbox.sampling.attributes import plan as attributes_plan
from qualicert.toolbox.sampling.kmethod import KMethodResult, k_method

__all__ = [
    "KMethodResult",
    "VariablesPlan",
    "design_variables_plan",
    "k_method",
    "variables_oc",
    "variables_plan",
]


def variables_oc(
    p: ArrayLike, n: int, k: float, *, sigma_known: bool = False
) -> NDArray[np.float64]:
    """Probability of acceptance of the k-method plan (n, k) at fraction nonconforming ``p``.

    Parameters
    ----------
    p : array_like
        Fraction nonconforming beyond the (single) specification limit, in [0, 1].
    n : int
        Sample size (at least 2 for the s method).
    k : float
        Acceptability constant.
    sigma_known : bool
        True for the sigma method, False for the s method (exact noncentral t).

    References
    ----------
    .. [1] Montgomery (2019), chapter 16; Schilling and Neubauer (2017), chapter 9.
    """
    size = integer("n", n, 1 if sigma_known else 2)
    const = real("k", k)
    x = finite_array("p", p, upper=1.0)
    z = stats.norm.isf(x)
    root = math.sqrt(size)
    with np.errstate(invalid="ignore"):
        if sigma_known:
            pa = stats.norm.cdf(root * (z - const))
        else:
            pa = stats.nct.sf(const * root, size - 1, root * np.clip(z, -1e6, 1e6))
    pa = np.where(x == 0.0, 1.0, np.where(x == 1.0, 0.0, pa))
    return np.clip(np.asarray(pa, dtype=np.float64), 0.0, 1.0)


@dataclass(frozen=True)
class VariablesPlan:
    """A k-method plan (n, k) with the two OC points it was designed through.

    Attributes
    ----------
    n : int
        Sample size.
    k : float
        Acceptability constant.
    sigma_known : bool
        True for the sigma method, False for the s method.
    p1, alpha, p2, beta : float
        Pa(p1) >= 1 - alpha and Pa(p2) <= beta hold for this plan.
    source : str
        How the plan was obtained; always starts with "computed" (no ISO 3951-1 table
        value is reproduced).
    code_letter, aql, severity : str, float, str or None
        The ISO 2859-1 plan matched, for :func:`variables_plan`; None otherwise.
    """

    n: int
    k: float
    sigma_known: bool
    p1: float
    alpha: float
    p2: float
    beta: float
    source: str
    code_letter: str | None = None
    aql: float | None = None
    severity: str | None = None

    def probability_of_acceptance(self, p: ArrayLike) -> NDArray[np.float64]:
        """Exact OC curve of the plan (see :func:`variables_oc`)."""
        return variables_oc(p, self.n, self.k, sigma_known=self.sigma_known)

    def evaluate(
        self, data: ArrayLike, *, lsl: float | None = None, usl: float | None = None,
        sigma: float | None = None,
    ) -> KMethodResult:  # fmt: skip
        """Apply the plan to a sample (the sigma method needs ``sigma``)."""
        if self.sigma_known and sigma is None:
            raise ValueError("this is a sigma-method plan; give the known process sigma")
        n_data = np.asarray(data).size
        if n_data != self.n:
            raise ValueError(f"the plan needs {self.n} measurements, got {n_data}")
        return k_method(data, self.k, lsl=lsl, usl=usl, sigma=sigma if self.sigma_known else None)


def _k_bounds(n: int, z1: float, z2: float, alpha: float, beta: float) -> tuple[float, float]:
    """s method: (lowest k meeting the consumer's point, highest k meeting the producer's)."""
    root = math.sqrt(n)
    k_low = float(stats.nct.isf(beta, n - 1, root * z2)) / root
    k_high = float(stats.nct.ppf(alpha, n - 1, root * z1)) / root
    return k_low, k_high


def _meets(n: int, k: float, p1: float, alpha: float, p2: float, beta: float) -> bool:
    """Sigma method: (n, k) meets both risk points."""
    pa = variables_oc([p1, p2], n, k, sigma_known=True)
    return bool(pa[0] >= 1.0 - alpha and pa[1] <= beta)


def _smallest_s_n(z1: float, z2: float, alpha: float, beta: float, cap: int) -> int:
    def feasible(n: int) -> bool:
        low, high = _k_bounds(n, z1, z2, alpha, beta)
        return low <= high

    hi = 4
    while not feasible(hi):
        if hi >= cap:
            raise ValueError(f"no s-method plan with n <= {cap} meets both risk points")
        hi = min(hi * 2, cap)
    lo = 2
    while lo < hi:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if feasible(mid) else (mid + 1, hi)
    return hi


def design_variables_plan(
    p1: float,
    p2: float,
    *,
    alpha: float = 0.05,
    beta: float = 0.10,
    sigma_known: bool = False,
    max_sample_size: int = 100_000,
) -> VariablesPlan:
    """Smallest k-method plan (n, k) through the producer's and consumer's risk points.

    Sigma method: ``n = ceil(((z_alpha + z_beta) / (z_p1 - z_p2))**2)`` and
    ``k = (z_p1 z_beta + z_p2 z_alpha) / (z_alpha + z_beta)``, which meet both points for
    any n at least the continuous solution. s method: the smallest n for which some k meets
    both points under the exact noncentral t OC; k is the sigma-method k moved, if needed,
    into the interval of k values that meet both points.

    References
    ----------
    .. [1] Montgomery (2019), chapter 16 ("Designing a variables sampling plan with a
       specified OC curve"); Schilling and Neubauer (2017), chapter 9.
    """
    q1, q2 = proportion("p1", p1), proportion("p2", p2)
    a, b = probability("alpha", alpha), probability("beta", beta)
    if q1 >= q2:
        raise ValueError(f"p1 {q1!r} must be smaller than p2 {q2!r}")
    if a + b >= 1.0:
        raise ValueError(f"alpha {a!r} + beta {b!r} must be below 1")
    z1, z2, za, zb = (float(stats.norm.isf(v)) for v in (q1, q2, a, b))
    k = (z1 * zb + z2 * za) / (za + zb)
    cap = integer("max_sample_size", max_sample_size, 2)
    if sigma_known:
        n = max(1, math.ceil(((za + zb) / (z1 - z2)) ** 2))
        while not _meets(n, k, q1, a, q2, b):  # guards against rounding at the boundary
            n += 1
    else:
        n = _smallest_s_n(z1, z2, a, b, cap)
        low, high = _k_bounds(n, z1, z2, a, b)
        k = min(max(k, low), high)
    method = "sigma" if sigma_known else "s"
    source = f"computed ({method} method) from the risk points (p1, alpha) and (p2, beta)"
    return VariablesPlan(n, float(k), sigma_known, q1, a, q2, b, source)


def variables_plan(
    lot_size: int,
    aql: float,
    level: str = "II",
    severity: str = "normal",
    *,
    sigma_known: bool = False,
) -> VariablesPlan:
    """A computed k-method plan matched to the ISO 2859-1 attributes plan for the lot.

    The attributes plan (n_a, Ac) for the lot size, AQL (percent nonconforming, at most
    10), level and severity is read with :func:`~qualicert.toolbox.sampling.plan`; its
    binomial OC gives p1 (Pa = 0.95) and p2 (Pa = 0.10), and :func:`design_variables_plan`
    returns the smallest k-method plan through those points. This is labelled
    ``source="computed ..."``: it is not the tabulated ISO 3951-1 plan.
    """
    if isinstance(aql, int | float) and not isinstance(aql, bool) and aql > 10.0:
        raise ValueError(
            f"aql {aql!r} is above 10; variables plans are for percent nonconforming, "
            "so the AQL must be at most 10"
        )
    base = attributes_plan(lot_size, aql, level, severity)
    n_a, ac = base.table_sample_size, base.ac
    p1 = float(special.bdtri(ac, n_a, 0.95))
    p2 = float(special.bdtri(ac, n_a, 0.10))
    found = design_variables_plan(p1, p2, alpha=0.05, beta=0.10, sigma_known=sigma_known)
    source = (
        f"computed: OC matched at Pa = 0.95 and 0.10 to the ISO 2859-1 {severity} plan "
        f"n = {n_a}, Ac = {ac} (code letter {base.used_code_letter}); not an ISO 3951-1 "
        "table value"
    )
    return VariablesPlan(
        found.n, found.k, sigma_known, found.p1, found.alpha, found.p2, found.beta, source,
        code_letter=base.code_letter, aql=base.aql, severity=severity,
    )  # fmt: skip
