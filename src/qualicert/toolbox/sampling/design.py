"""Design of a single sampling plan from the producer's and the consumer's risk points.

Given the producer's risk point (p1, alpha) -- typically the AQL -- and the consumer's risk
point (p2, beta) -- the LTPD or limiting quality LQ -- :func:`design_plan` finds the plan
(n, c) with the smallest sample size (and, for that n, the smallest acceptance number)
such that

    Pa(p1) >= 1 - alpha   and   Pa(p2) <= beta.

For each acceptance number c the set of sample sizes meeting the consumer's point is
``n >= n2(c)`` (Pa falls as n grows) and ``n2(c)`` grows with c, so the search takes
c = 0, 1, 2, ... in vectorised blocks, finds ``n2(c)`` by integer bisection over n, and
stops at the first c whose ``n2(c)`` also meets the producer's point. The probabilities
are the same functions the OC curve uses, so a designed plan satisfies both points exactly
as :func:`~qualicert.toolbox.sampling.oc.probability_of_acceptance` computes them.

References
----------
.. [1] Montgomery, D. C. (2019). *Introduction to Statistical Quality Control*, 8th ed.,
   chapter 15, "Designing a single-sampling plan with a specified OC curve".
.. [2] Schilling, E. G. and Neubauer, D. V. (2017). *Acceptance Sampling in Quality
   Control*, 3rd ed., chapter 5.
.. [3] NIST/SEMATECH e-Handbook of Statistical Methods, section 6.2.3.2.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special, stats

from qualicert.toolbox.sampling._checks import choice, integer, probability, proportion
from qualicert.toolbox.sampling._hypergeom import hypergeom_cdf
from qualicert.toolbox.sampling.oc import METHODS, Method, probability_of_acceptance

__all__ = ["DesignedPlan", "design_plan"]

_BLOCK = 128
IntArray = NDArray[np.int64]
PaFunction = Callable[[IntArray, IntArray], NDArray[np.float64]]


@dataclass(frozen=True)
class DesignedPlan:
    """A single sampling plan designed to pass through two points of its OC curve.

    Attributes
    ----------
    n : int
        Sample size.
    c : int
        Acceptance number; the rejection number is ``c + 1``.
    p1, alpha : float
        Producer's risk point: quality p1 is accepted with probability >= 1 - alpha.
    p2, beta : float
        Consumer's risk point: quality p2 is accepted with probability <= beta.
    pa_p1, pa_p2 : float
        Probability of acceptance the plan actually gives at p1 and p2.
    method : str
        'binomial', 'hypergeometric' or 'poisson'.
    lot_size : int or None
        Lot size (hypergeometric model).
    """

    n: int
    c: int
    p1: float
    alpha: float
    p2: float
    beta: float
    pa_p1: float
    pa_p2: float
    method: str
    lot_size: int | None

    @property
    def re(self) -> int:
        """Rejection number ``c + 1``."""
        return self.c + 1

    @property
    def producer_risk(self) -> float:
        """Actual producer's risk ``1 - Pa(p1)`` (at most ``alpha``)."""
        return 1.0 - self.pa_p1

    @property
    def consumer_risk(self) -> float:
        """Actual consumer's risk ``Pa(p2)`` (at most ``beta``)."""
        return self.pa_p2

    def probability_of_acceptance(self, p: ArrayLike) -> NDArray[np.float64]:
        """OC curve of the designed plan with the model it was designed for."""
        method: Method = self.method  # type: ignore[assignment]
        return probability_of_acceptance(p, self.n, self.c, method=method, lot_size=self.lot_size)


def _smallest_n(pa: PaFunction, c: IntArray, lo: IntArray, hi: IntArray, beta: float) -> IntArray:
    """Smallest n in [lo, hi] with pa(n, c) <= beta, given pa(hi, c) <= beta (bisection)."""
    lo, hi = lo.copy(), hi.copy()
    while np.any(lo < hi):
        mid = (lo + hi) // 2
        ok = pa(mid, c) <= beta
        hi = np.where(ok, mid, hi)
        lo = np.where(ok, lo, mid + 1)
    return hi


def _model(method: str, p: float, lot: int | None) -> PaFunction:
    """Pa at quality ``p`` as a function of (n, c) arrays, as :mod:`oc` computes it."""
    if method == "binomial":
        return lambda n, c: np.asarray(stats.binom.cdf(c, n, p), dtype=np.float64)
    if method == "poisson":
        return lambda n, c: np.asarray(special.pdtr(c, n * p), dtype=np.float64)
    assert lot is not None
    defective = float(np.rint(p * lot))
    return lambda n, c: hypergeom_cdf(c, lot, defective, n)


def _upper_bound(pa: PaFunction, c: IntArray, p2: float, beta: float, cap: int) -> IntArray:
    """A sample size per c at which Pa(p2) <= beta (doubling from the Poisson estimate)."""
    start = np.ceil(np.asarray(special.pdtrik(beta, c), dtype=np.float64) / p2)
    hi = np.minimum(np.maximum(start.astype(np.int64), c + 1), cap)
    bad = pa(hi, c) > beta
    while np.any(bad & (hi < cap)):
        hi = np.where(bad, np.minimum(hi * 2, cap), hi)
        bad = pa(hi, c) > beta
    return np.where(bad, -1, hi)


def design_plan(
    p1: float,
    p2: float,
    *,
    alpha: float = 0.05,
    beta: float = 0.10,
    method: Method = "binomial",
    lot_size: int | None = None,
    max_sample_size: int = 10_000_000,
) -> DesignedPlan:
    """Smallest single sampling plan (n, c) through the two risk points.

    Parameters
    ----------
    p1 : float
        Producer's risk quality (e.g. the AQL as a fraction: 0.01 for 1 %); for Poisson,
        nonconformities per item.
    p2 : float
        Consumer's risk quality (LTPD or LQ), greater than ``p1``.
    alpha : float
        Producer's risk: lots of quality p1 are accepted with probability >= 1 - alpha.
    beta : float
        Consumer's risk: lots of quality p2 are accepted with probability <= beta.
    method : {'binomial', 'hypergeometric', 'poisson'}
        Model; hypergeometric needs ``lot_size`` and uses round(p * lot_size) items.
    lot_size : int, optional
        Lot size N for the hypergeometric model (n <= N).
    max_sample_size : int
        Largest sample size searched (binomial and Poisson).

    Returns
    -------
    DesignedPlan

    References
    ----------
    .. [1] Montgomery (2019), chapter 15, "Designing a single-sampling plan with a specified
       OC curve".
    """
    choice("method", method, METHODS)
    upper = None if method == "poisson" else 1.0
    q1, q2 = proportion("p1", p1, upper=upper), proportion("p2", p2, upper=upper)
    a, b = probability("alpha", alpha), probability("beta", beta)
    if q1 >= q2:
        raise ValueError(f"p1 {q1!r} must be smaller than p2 {q2!r}")
    if a + b >= 1.0:
        raise ValueError(f"alpha {a!r} + beta {b!r} must be below 1")
    lot, cap = _lot_and_cap(method, lot_size, max_sample_size)
    if method == "hypergeometric":
        assert lot is not None
        _check_counts(q1, q2, lot)
    found = _search(_model(method, q1, lot), _model(method, q2, lot), q2, a, b, cap, method, lot)
    n, c = found
    pa1, pa2 = (
        float(probability_of_acceptance(q, n, c, method=method, lot_size=lot)) for q in (q1, q2)
    )
    return DesignedPlan(
        n=n, c=c, p1=q1, alpha=a, p2=q2, beta=b, pa_p1=pa1, pa_p2=pa2, method=method, lot_size=lot
    )


def _lot_and_cap(method: str, lot_size: int | None, max_sample_size: int) -> tuple[int | None, int]:
    cap = integer("max_sample_size", max_sample_size, 1)
    if lot_size is None:
        if method == "hypergeometric":
            raise ValueError("method 'hypergeometric' needs lot_size (the number of items N)")
        return None, cap
    lot = integer("lot_size", lot_size, 2)
    return lot, min(cap, lot)


def _check_counts(p1: float, p2: float, lot: int) -> None:
    d1, d2 = int(np.rint(p1 * lot)), int(np.rint(p2 * lot))
    if d2 < 1 or d1 >= d2:
        raise ValueError(
            f"with lot_size {lot}, p1 and p2 give {d1} and {d2} nonconforming items; "
            "p2 * lot_size must round to at least 1 and above p1 * lot_size"
        )


def _search(
    pa1: PaFunction, pa2: PaFunction, p2: float, alpha: float, beta: float,
    cap: int, method: str, lot: int | None,
) -> tuple[int, int]:  # fmt: skip
    """First acceptance number c whose smallest n for the consumer's point suits the producer."""
    c_limit = cap - 1 if lot is None else min(cap - 1, int(np.rint(p2 * lot)) - 1)
    for start in range(0, c_limit + 1, _BLOCK):
        c = np.arange(start, min(start + _BLOCK, c_limit + 1), dtype=np.int64)
        if lot is None:
            hi = _upper_bound(pa2, c, p2, beta, cap)
        else:
            hi = np.full(c.shape, cap, dtype=np.int64)
            hi = np.where(pa2(hi, c) <= beta, hi, -1)
        usable = hi > 0
        if not np.any(usable):
            break
        n = _smallest_n(pa2, c[usable], c[usable] + 1, hi[usable], beta)
        ok = pa1(n, c[usable]) >= 1.0 - alpha
        if np.any(ok):
            first = int(np.argmax(ok))
            return int(n[first]), int(c[usable][first])
    raise ValueError(
        f"no {method} plan with n <= {cap} meets both risk points; "
        "widen the gap between p1 and p2, relax alpha or beta, or raise max_sample_size"
    )
