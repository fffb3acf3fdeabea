"""Operating characteristic of a single sampling plan: OC curve, AOQ, AOQL and ATI.

A plan inspects ``n`` items and accepts the lot when at most ``c`` are nonconforming. The
probability of acceptance at quality ``p`` is

* binomial (default; a fraction nonconforming from a large lot or a process):
  ``Pa = P(X <= c)``, ``X ~ Binomial(n, p)``;
* hypergeometric (type A, an isolated lot of ``N`` items holding ``D = round(p N)``
  nonconforming items): ``X ~ Hypergeometric(N, D, n)``;
* Poisson (nonconformities per item, e.g. an AQL in nonconformities per 100 items
  divided by 100): ``X ~ Poisson(n p)``.

With rectifying inspection (rejected lots are screened and nonconforming items replaced)
the average outgoing quality is ``AOQ(p) = p Pa(p) (N - n) / N``, its maximum over ``p``
is the AOQL, and the average total inspection is ``ATI(p) = n + (1 - Pa(p)) (N - n)``.
Every function is vectorised over ``p``.

References
----------
.. [1] Montgomery, D. C. (2019). *Introduction to Statistical Quality Control*, 8th ed.,
   chapter 15 (the OC curve; rectifying inspection: AOQ, AOQL, ATI).
.. [2] NIST/SEMATECH e-Handbook of Statistical Methods, section 6.2.3.
.. [3] ISO 2859-1:1999, clause 3 (definitions of AOQ and AOQL).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize, special, stats

from qualicert.toolbox.sampling._checks import choice, finite_array, integer
from qualicert.toolbox.sampling._hypergeom import hypergeom_cdf

__all__ = [
    "METHODS",
    "AOQLResult",
    "Method",
    "OCCurve",
    "aoq",
    "aoql",
    "ati",
    "oc_curve",
    "probability_of_acceptance",
]

Method = Literal["binomial", "hypergeometric", "poisson"]
METHODS: tuple[Method, ...] = ("binomial", "hypergeometric", "poisson")


def _plan(n: int, c: int, method: str, lot_size: int | None) -> tuple[int, int, int | None]:
    choice("method", method, METHODS)
    size, accept = integer("n", n, 1), integer("c", c, 0)
    if lot_size is None:
        if method == "hypergeometric":
            raise ValueError("method 'hypergeometric' needs lot_size (the number of items N)")
        return size, accept, None
    lot = integer("lot_size", lot_size, 1)
    if size > lot:
        raise ValueError(f"n {size} exceeds lot_size {lot}; the sample must fit in the lot")
    return size, accept, lot


def _pa(
    p: NDArray[np.float64], n: int, c: int, method: str, lot: int | None
) -> NDArray[np.float64]:
    """Probability of acceptance, checked inputs, vectorised over ``p``."""
    if method == "poisson":
        return np.asarray(special.pdtr(c, n * p), dtype=np.float64)
    if method == "binomial":
        if c >= n:
            return np.ones_like(p)
        return np.asarray(stats.binom.cdf(c, n, p), dtype=np.float64)
    assert lot is not None
    defective, inverse = np.unique(np.rint(p * lot), return_inverse=True)
    return hypergeom_cdf(c, lot, defective, n)[inverse].reshape(p.shape)


def _quality(p: ArrayLike, method: str) -> NDArray[np.float64]:
    return finite_array("p", p, upper=None if method == "poisson" else 1.0)


def probability_of_acceptance(
    p: ArrayLike,
    n: int,
    c: int,
    *,
    method: Method = "binomial",
    lot_size: int | None = None,
) -> NDArray[np.float64]:
    """Probability of accepting a lot of quality ``p`` with the plan (n, c).

    Parameters
    ----------
    p : array_like
        Fraction nonconforming in [0, 1] (binomial, hypergeometric) or nonconformities per
        item >= 0 (Poisson). Any shape.
    n : int
        Sample size, at least 1.
    c : int
        Acceptance number, at least 0.
    method : {'binomial', 'hypergeometric', 'poisson'}
        Model of the number found in the sample; hypergeometric needs ``lot_size`` and
        uses ``round(p * lot_size)`` nonconforming items in the lot.
    lot_size : int, optional
        Lot size N (n <= N).

    Returns
    -------
    ndarray
        Pa(p), same shape as ``p``, in [0, 1] and non-increasing in ``p``.

    References
    ----------
    .. [1] Montgomery (2019), chapter 15, "The OC curve".
    """
    size, accept, lot = _plan(n, c, method, lot_size)
    return np.clip(_pa(_quality(p, method), size, accept, method, lot), 0.0, 1.0)


def aoq(
    p: ArrayLike, n: int, c: int, *, method: Method = "binomial", lot_size: int | None = None
) -> NDArray[np.float64]:
    """Average outgoing quality ``p Pa(p) (N - n) / N`` (``p Pa(p)`` without a lot size).

    References
    ----------
    .. [1] Montgomery (2019), chapter 15, "Rectifying inspection" (AOQ).
    """
    size, accept, lot = _plan(n, c, method, lot_size)
    x = _quality(p, method)
    factor = 1.0 if lot is None else (lot - size) / lot
    return np.asarray(x * _pa(x, size, accept, method, lot) * factor, dtype=np.float64)


def ati(
    p: ArrayLike, n: int, c: int, *, lot_size: int, method: Method = "binomial"
) -> NDArray[np.float64]:
    """Average total inspection ``n + (1 - Pa(p)) (N - n)`` per lot.

    References
    ----------
    .. [1] Montgomery (2019), chapter 15, "Rectifying inspection" (ATI).
    """
    size, accept, lot = _plan(n, c, method, lot_size)
    assert lot is not None
    x = _quality(p, method)
    return np.asarray(size + (1.0 - _pa(x, size, accept, method, lot)) * (lot - size))


@dataclass(frozen=True)
class AOQLResult:
    """Average outgoing quality limit.

    Attributes
    ----------
    aoql : float
        Maximum of AOQ(p) over p, in the units of ``p``.
    p : float
        Incoming quality at which the maximum is reached.
    """

    aoql: float
    p: float


def _upper_p(n: int, c: int, method: str) -> float:
    """A quality level beyond which AOQ is certainly past its maximum."""
    mean = c + 1.0 + 10.0 * np.sqrt(c + 1.0) + 10.0
    return float(mean / n if method == "poisson" else min(1.0, mean / n))


def aoql(n: int, c: int, *, method: Method = "binomial", lot_size: int | None = None) -> AOQLResult:
    """Average outgoing quality limit: the maximum of AOQ(p).

    AOQ is evaluated on a grid of 2001 points (vectorised), then the best point is refined
    with ``scipy.optimize.minimize_scalar`` on the neighbouring interval. For the
    hypergeometric model, AOQ is a function of the integer number D of nonconforming items
    and the maximum is found exactly over D.

    References
    ----------
    .. [1] Montgomery (2019), chapter 15, "Rectifying inspection".
    .. [2] Dodge, H. F. and Romig, H. G. (1959). *Sampling Inspection Tables*, 2nd ed.
       (AOQL factors y: AOQL = y / n under the Poisson model).
    """
    size, accept, lot = _plan(n, c, method, lot_size)
    if method == "hypergeometric":
        assert lot is not None
        return _aoql_integer(size, accept, lot)
    grid = np.linspace(0.0, _upper_p(size, accept, method), 2001)
    values = aoq(grid, size, accept, method=method, lot_size=lot)
    best = int(np.argmax(values))
    lo, hi = grid[max(best - 1, 0)], grid[min(best + 1, grid.size - 1)]
    found = optimize.minimize_scalar(
        lambda x: -float(aoq(x, size, accept, method=method, lot_size=lot)),
        bounds=(lo, hi),
        method="bounded",
        options={"xatol": max((hi - lo) * 1e-9, 1e-300)},
    )
    if -found.fun >= values[best]:
        return AOQLResult(aoql=float(-found.fun), p=float(found.x))
    return AOQLResult(aoql=float(values[best]), p=float(grid[best]))


def _aoql_integer(n: int, c: int, lot: int) -> AOQLResult:
    """Exact AOQL over the number of nonconforming items D = 0 ... N (hypergeometric)."""
    upper = min(lot, int(np.ceil(_upper_p(n, c, "binomial") * lot)) + 1)
    d = np.arange(upper + 1, dtype=np.float64)
    pa = hypergeom_cdf(c, lot, d, n)
    values = d / lot * pa * (lot - n) / lot
    best = int(np.argmax(values))
    return AOQLResult(aoql=float(values[best]), p=float(d[best] / lot))


@dataclass(frozen=True, eq=False)
class OCCurve:
    """An operating characteristic curve with AOQ and ATI at the same points.

    Attributes
    ----------
    p : ndarray
        Quality levels (fraction nonconforming, or nonconformities per item for Poisson).
    pa : ndarray
        Probability of acceptance at each ``p``.
    aoq : ndarray
        Average outgoing quality at each ``p`` (``p * pa`` without a lot size).
    ati : ndarray or None
        Average total inspection at each ``p``; None without a lot size.
    n, c : int
        The plan.
    method : str
        'binomial', 'hypergeometric' or 'poisson'.
    lot_size : int or None
        Lot size N.
    """

    p: NDArray[np.float64]
    pa: NDArray[np.float64]
    aoq: NDArray[np.float64]
    ati: NDArray[np.float64] | None
    n: int
    c: int
    method: str
    lot_size: int | None


def oc_curve(
    n: int,
    c: int,
    p: ArrayLike | None = None,
    *,
    method: Method = "binomial",
    lot_size: int | None = None,
    points: int = 201,
) -> OCCurve:
    """The OC curve of the plan (n, c), with AOQ and ATI, at ``p`` or on a default grid.

    Parameters
    ----------
    n, c : int
        Sample size and acceptance number.
    p : array_like, optional
        Quality levels; default ``points`` values from 0 to where Pa is negligible.
    method : {'binomial', 'hypergeometric', 'poisson'}
        See :func:`probability_of_acceptance`.
    lot_size : int, optional
        Lot size N; needed for the hypergeometric model and for ATI.
    points : int
        Number of grid points when ``p`` is not given.

    References
    ----------
    .. [1] Montgomery (2019), chapter 15, "The OC curve".
    """
    size, accept, lot = _plan(n, c, method, lot_size)
    if p is None:
        count = integer("points", points, 2)
        p = np.linspace(0.0, _upper_p(size, accept, method), count)
    x = _quality(p, method)
    pa = np.clip(_pa(x, size, accept, method, lot), 0.0, 1.0)
    factor = 1.0 if lot is None else (lot - size) / lot
    total = None if lot is None else size + (1.0 - pa) * (lot - size)
    return OCCurve(
        p=x, pa=pa, aoq=x * pa * factor, ati=total, n=size, c=accept, method=method, lot_size=lot
    )
