"""Time-weighted charts: EWMA and tabular CUSUM.

Both take individual values (1-D) or subgroups (2-D, one row per subgroup, plotted as means).
The process sigma is given (phase II) or estimated from the points not in ``exclude``: the mean
moving range over ``d2(2)`` for individuals, ``R-bar / d2(n)`` for subgroups. The standard
error of a plotted mean is ``sigma_x = sigma / sqrt(n)``.

EWMA: ``z_i = lam x_i + (1 - lam) z_(i-1)``, ``z_0 = center``; limits
``center +/- L sigma_x sqrt(lam / (2 - lam) (1 - (1 - lam)^(2 i)))`` (or the asymptotic ones).

CUSUM (tabular, in data units): ``K = k sigma_x``, ``H = h sigma_x``;
``C+_i = max(0, x_i - (target + K) + C+_(i-1))``, ``C-_i = max(0, (target - K) - x_i + C-_(i-1))``,
started at ``headstart * sigma_x`` (fast initial response); a point signals when either sum
exceeds ``H``. Both recursions are computed without a loop over points: the EWMA as a
first-order linear filter, the CUSUM through the closed form of Lindley's recursion,
``C_i = S_i - min(-C_0, min_(j <= i) S_j)`` with ``S`` the cumulative sum of the increments.

References
----------
.. [1] Montgomery, D. C. (2019). *Introduction to Statistical Quality Control*, 8th ed.,
   sections 9.1 (CUSUM) and 9.2 (EWMA).
.. [2] NIST/SEMATECH e-Handbook of Statistical Methods, sections 6.3.2.3 (CUSUM) and
   6.3.2.4 (EWMA).
.. [3] Lucas, J. M. and Crosier, R. B. (1982). Fast initial response for CUSUM
   quality-control schemes. *Technometrics* 24(3), 199-205.
.. [4] ISO 7870-4:2021, *Control charts -- Part 4: Cumulative sum charts*; ISO 7870-6:2016,
   *Part 6: EWMA control charts*.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import signal

from qualicert.toolbox.constants import d2
from qualicert.toolbox.spc._base import ControlChart, Stage
from qualicert.toolbox.spc._checks import check_sigma_level, excluded_mask, finite_array, readonly
from qualicert.toolbox.spc._fit import given_value

__all__ = ["CusumChart", "EwmaChart", "cusum", "ewma"]

Float = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class EwmaChart(ControlChart):
    """An EWMA chart (``statistic`` holds the EWMA values ``z_i``).

    Attributes
    ----------
    lam : float
        The smoothing weight lambda (0 < lam <= 1).
    values : ndarray
        The points being smoothed (individual values or subgroup means).
    """

    lam: float = 0.2
    values: Float = field(default_factory=lambda: np.zeros(0))


@dataclass(frozen=True, eq=False)
class CusumChart(ControlChart):
    """A tabular CUSUM chart; ``statistic`` holds the upper sums ``C+``.

    ``center`` is 0, ``ucl`` is ``H`` and ``lcl`` is ``-H`` (the lower sums are drawn below
    zero, as ``-C-``); ``sigma`` is the process sigma and ``se`` is ``sigma_x``.

    Attributes
    ----------
    lower : ndarray
        The lower sums ``C-`` (non-negative).
    target : float
        The target mean ``mu_0``.
    k, h : float
        Reference value and decision interval in units of ``sigma_x``.
    headstart : float
        Starting value of both sums in units of ``sigma_x``.
    values : ndarray
        The points being summed (individual values or subgroup means).
    """

    lower: Float = field(default_factory=lambda: np.zeros(0))
    target: float = 0.0
    k: float = 0.5
    h: float = 5.0
    headstart: float = 0.0
    values: Float = field(default_factory=lambda: np.zeros(0))


@dataclass(frozen=True)
class _Points:
    values: Float
    size: int
    center: float
    sigma: float
    phase: str
    excluded: NDArray[np.intp]


def _points(
    data: ArrayLike, exclude: Sequence[int] | None, center: float | None, sigma: float | None
) -> _Points:
    """Plotted points, subgroup size, and the (estimated or given) centre and sigma."""
    arr = finite_array(data, "data")
    if arr.ndim not in (1, 2) or arr.shape[0] < 2:
        raise ValueError(f"data must be 1-D values or 2-D subgroups, >= 2 of them; got {arr.shape}")
    n = 1 if arr.ndim == 1 else arr.shape[1]
    x = arr if arr.ndim == 1 else arr.mean(axis=1)
    use = ~excluded_mask(exclude, x.size)
    c, s = given_value(center, "center"), given_value(sigma, "sigma", positive=True)
    if c is None:
        c = float(x[use].mean()) if use.any() else _no_points()
    if s is None:
        if arr.ndim == 1:
            pair = use[1:] & use[:-1]
            s = float(np.abs(np.diff(x))[pair].mean()) / d2(2) if pair.any() else _no_points()
        else:
            ranges = arr.max(axis=1) - arr.min(axis=1)
            s = float(ranges[use].mean()) / d2(n) if use.any() else _no_points()
        if s == 0:
            raise ValueError("the data show no variation (sigma estimate 0); give sigma=")
    phase = "II" if center is not None and sigma is not None else "I"
    return _Points(x, n, c, s, phase, np.flatnonzero(~use))


def _no_points() -> float:
    raise ValueError("too few points left after exclude to estimate the centre and sigma")


def _meta(p: _Points) -> tuple[Float, tuple[Stage, ...]]:
    """Sizes and the single stage of the plotted points."""
    m = p.values.size
    return np.full(m, float(p.size)), (Stage("1", 0, m),)


def _limit(value: float | Float) -> float | Float:
    return value if isinstance(value, float) else readonly(value)


def ewma(
    data: ArrayLike,
    *,
    lam: float = 0.2,
    nsigmas: float = 3.0,
    center: float | None = None,
    sigma: float | None = None,
    exclude: Sequence[int] | None = None,
    asymptotic: bool = False,
) -> EwmaChart:
    """Exponentially weighted moving average chart.

    Parameters
    ----------
    data : array_like
        Individual values (1-D) or subgroups (2-D, one row each).
    lam : float
        Weight of the newest point, 0 < lam <= 1 (0.05-0.25 are usual).
    nsigmas : float
        Limit width L (2.7-3.0 are usual; Montgomery table 9.11 pairs L and lam).
    center, sigma : float, optional
        Phase II target mean and process sigma (else estimated).
    exclude : sequence of int, optional
        Points left out of the estimates.
    asymptotic : bool
        Use the steady-state limits from the first point on.

    Returns
    -------
    EwmaChart
        ``lcl``/``ucl`` vary per point unless ``asymptotic``; ``violations`` flag rule ``"1"``.
    """
    lam_f = float(lam)
    if not 0 < lam_f <= 1:
        raise ValueError(f"lam {lam!r} is not allowed; it must satisfy 0 < lam <= 1")
    L = check_sigma_level(nsigmas)
    p = _points(data, exclude, center, sigma)
    z = signal.lfilter([lam_f], [1.0, lam_f - 1.0], p.values, zi=[(1.0 - lam_f) * p.center])[0]
    sx = p.sigma / np.sqrt(p.size)
    ratio = lam_f / (2.0 - lam_f)
    se: float | Float = float(sx * np.sqrt(ratio))
    if not asymptotic:
        with np.errstate(divide="ignore"):
            decay = np.arange(2, 2 * z.size + 1, 2) * np.log1p(-lam_f)
        se = readonly(sx * np.sqrt(ratio * -np.expm1(decay)))
    lcl, ucl = _limit(p.center - L * se), _limit(p.center + L * se)
    sizes, stages = _meta(p)
    return EwmaChart(
        kind="ewma", statistic=readonly(np.asarray(z, dtype=np.float64)), center=p.center,
        lcl=lcl, ucl=ucl, sigma=p.sigma, se=se, sizes=sizes, nsigmas=L,
        phase=p.phase, rules="limits", hits=(("1", np.flatnonzero((z > ucl) | (z < lcl))),),
        stages=stages, excluded=p.excluded, lam=lam_f, values=readonly(p.values),
    )  # fmt: skip


def _lindley(increments: Float, start: float) -> Float:
    """``C_i = max(0, C_(i-1) + y_i)`` for all i at once, from ``C_0 = start``."""
    s = np.cumsum(increments)
    return np.asarray(s - np.minimum(np.minimum.accumulate(s), -start), dtype=np.float64)


def cusum(
    data: ArrayLike,
    *,
    k: float = 0.5,
    h: float = 5.0,
    target: float | None = None,
    sigma: float | None = None,
    headstart: float = 0.0,
    exclude: Sequence[int] | None = None,
) -> CusumChart:
    """Tabular (two-sided) CUSUM chart with reference value ``k`` and decision interval ``h``.

    Parameters
    ----------
    data : array_like
        Individual values (1-D) or subgroups (2-D, one row each).
    k : float
        Reference value in units of ``sigma_x`` (half the shift to detect; 0.5 usual).
    h : float
        Decision interval in units of ``sigma_x`` (4 or 5 usual).
    target, sigma : float, optional
        Phase II target mean ``mu_0`` and process sigma (else estimated).
    headstart : float
        Fast initial response: starting value of both sums in ``sigma_x`` (``h / 2`` usual),
        0 <= headstart < h.
    exclude : sequence of int, optional
        Points left out of the estimates.

    Returns
    -------
    CusumChart
        ``statistic`` is ``C+``, ``lower`` is ``C-``; rule ``"1"`` flags sums beyond ``H``.
    """
    kf, hf, hs = float(k), float(h), float(headstart)
    if not (kf >= 0 and np.isfinite(kf)) or not (hf > 0 and np.isfinite(hf)):
        raise ValueError(f"k {k!r} must be >= 0 and h {h!r} > 0 (both finite)")
    if not 0 <= hs < hf:
        raise ValueError(f"headstart {headstart!r} is not allowed; it must satisfy 0 <= it < h")
    p = _points(data, exclude, target, sigma)
    sx = p.sigma / np.sqrt(p.size)
    upper = _lindley(p.values - (p.center + kf * sx), hs * sx)
    lower = _lindley((p.center - kf * sx) - p.values, hs * sx)
    H = float(hf * sx)
    sizes, stages = _meta(p)
    return CusumChart(
        kind="cusum", statistic=readonly(upper), center=0.0, lcl=-H, ucl=H, sigma=p.sigma,
        se=float(sx), sizes=sizes, nsigmas=hf, phase=p.phase, rules="limits",
        hits=(("1", np.flatnonzero((upper > H) | (lower > H))),), stages=stages,
        excluded=p.excluded, lower=readonly(lower), target=p.center, k=kf, h=hf,
        headstart=hs, values=readonly(p.values),
    )  # fmt: skip
