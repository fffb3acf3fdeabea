"""Variables control charts: X-bar/R, X-bar/S and individuals/moving range (I-MR).

Limits (``L = nsigmas``, sigma estimated in phase I or given in phase II):

* X-bar: ``center +/- L sigma / sqrt(n)``;
* R: centre ``d2 sigma``, limits ``max(0, d2 - L d3) sigma`` and ``(d2 + L d3) sigma``
  (with ``sigma = R-bar / d2`` and ``L = 3`` these are ``D3 R-bar`` and ``D4 R-bar``);
* S: centre ``c4 sigma``, limits ``max(0, c4 - L sqrt(1 - c4^2)) sigma`` and
  ``(c4 + L sqrt(1 - c4^2)) sigma`` (``B3 S-bar`` and ``B4 S-bar``);
* individuals: ``center +/- L sigma`` with ``sigma = MR-bar / d2(span)``; moving range as R.

References
----------
.. [1] Montgomery, D. C. (2019). *Introduction to Statistical Quality Control*, 8th ed.,
   sections 6.2 (X-bar and R), 6.3 (X-bar and S, variable sample size) and 6.4 (individuals).
.. [2] NIST/SEMATECH e-Handbook of Statistical Methods, sections 6.3.2.1 and 6.3.2.2.
.. [3] ISO 7870-2:2023, *Control charts -- Part 2: Shewhart control charts*.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualicert.toolbox.constants import c4, d2, d3
from qualicert.toolbox.spc._base import ChartPair, Stage
from qualicert.toolbox.spc._checks import finite_array
from qualicert.toolbox.spc._fit import (
    Limits,
    Series,
    fit,
    masked_mean,
    setup_for,
    spread_limits,
    uniform,
    zero_spread,
)
from qualicert.toolbox.spc.rules import RuleSet, resolve

__all__ = ["group", "xbar_r", "xbar_s"]

Float = NDArray[np.float64]
_SIGMA_METHODS = ("sbar", "pooled")


def group(values: ArrayLike, by: ArrayLike) -> list[Float]:
    """Split long-format data into subgroups, in order of first appearance of each label."""
    x = finite_array(values, "values", ndim=1)
    labels = np.asarray(by)
    if labels.shape != x.shape:
        raise ValueError(f"by has shape {labels.shape}; it must match values {x.shape}")
    _, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    rank = np.argsort(np.argsort(first))[inverse.ravel()]
    order = np.argsort(rank, kind="stable")
    cuts = np.flatnonzero(np.diff(rank[order])) + 1
    return np.split(x[order], cuts)


def _ragged(data: Any) -> bool:
    """True for a sequence of subgroups of different lengths."""
    if isinstance(data, np.ndarray):
        return False
    try:
        return len({len(g) for g in data}) > 1
    except TypeError:
        return False


def _subgroups(data: Any, chart: str) -> tuple[Float, NDArray[np.intp], Float | None]:
    """Return (flat values, subgroup sizes, 2-D array when the sizes are equal)."""
    if _ragged(data):
        groups = [finite_array(g, "subgroup", ndim=1) for g in data]
        sizes = np.array([g.size for g in groups], dtype=np.intp)
        return np.concatenate(groups), sizes, None
    matrix = finite_array(data, "data", ndim=2, copy=False)
    if matrix.shape[0] < 1 or matrix.shape[1] < 2:
        raise ValueError(
            f"{chart} needs subgroups of size >= 2 (one row per subgroup); got shape "
            f"{matrix.shape}; use imr for individual values"
        )
    sizes = np.broadcast_to(np.intp(matrix.shape[1]), (matrix.shape[0],))
    return matrix.ravel(), sizes, matrix


def row_means(matrix: Float) -> Float:
    """Mean of each row, summing column by column (fast for short rows)."""
    acc = matrix[:, 0].copy()
    for j in range(1, matrix.shape[1]):
        acc += matrix[:, j]
    acc /= matrix.shape[1]
    return acc


def row_ranges(matrix: Float) -> Float:
    """Range (max - min) of each row, column by column."""
    high, low = matrix[:, 0].copy(), matrix[:, 0].copy()
    for j in range(1, matrix.shape[1]):
        np.maximum(high, matrix[:, j], out=high)
        np.minimum(low, matrix[:, j], out=low)
    high -= low
    return high


def row_sds(matrix: Float, means: Float) -> Float:
    """Sample standard deviation (n - 1 divisor) of each row, column by column."""
    acc = np.zeros_like(means)
    for j in range(matrix.shape[1]):
        dev = matrix[:, j] - means
        acc += dev * dev
    return np.asarray(np.sqrt(acc / (matrix.shape[1] - 1)), dtype=np.float64)


def _per_size(fn: Callable[[int], float], sizes: NDArray[np.intp], equal: bool) -> Float:
    """Evaluate a constant for each subgroup size (once per distinct size)."""
    if equal:
        return np.broadcast_to(np.float64(fn(int(sizes[0]))), sizes.shape)
    uniq, inverse = np.unique(sizes, return_inverse=True)
    return np.array([fn(int(u)) for u in uniq])[inverse.ravel()]


def xbar_r(
    data: ArrayLike,
    *,
    stages: ArrayLike | None = None,
    exclude: Sequence[int] | None = None,
    reestimate: bool | int = False,
    center: float | None = None,
    sigma: float | None = None,
    nsigmas: float = 3.0,
    rules: RuleSet | str = "nelson",
    dispersion_rules: RuleSet | str = "limits",
) -> ChartPair:
    """X-bar and R charts for subgroups of equal size (rows of a 2-D array).

    Parameters
    ----------
    data : array_like, shape (m, n)
        ``m`` subgroups of ``n >= 2`` measurements. Unequal sizes raise ``ValueError``
        (use :func:`xbar_s`).
    stages : array_like, optional
        A stage label per subgroup; each run of equal labels gets its own limits.
    exclude : sequence of int, optional
        Subgroups left out when estimating the limits (still plotted and tested).
    reestimate : bool or int
        ``True``: drop subgroups beyond the limits (on either chart) and re-estimate until none
        remain; an int gives the number of rounds.
    center, sigma : float, optional
        Phase II: the process mean and standard deviation to use instead of estimates.
    nsigmas : float
        Width of the limits in standard errors.
    rules, dispersion_rules : RuleSet or str
        Run rules for the X-bar chart (default all eight Nelson tests) and for the R chart
        (default only points beyond the limits).

    Returns
    -------
    ChartPair
        ``location`` is the X-bar chart, ``dispersion`` the R chart.
    """
    _, sizes, matrix = _subgroups(data, "xbar_r")
    if matrix is None:
        shown = ", ".join(str(s) for s in np.unique(sizes)[:6])
        raise ValueError(f"xbar_r needs subgroups of equal size; got sizes {shown}; use xbar_s")
    n, L = matrix.shape[1], float(nsigmas)
    means, ranges = row_means(matrix), row_ranges(matrix)
    setup = setup_for(
        means.size, stages, exclude, reestimate, center, sigma, nsigmas,
        (resolve(rules), resolve(dispersion_rules)),
    )  # fmt: skip

    def estimate(use: NDArray[np.bool_], st: Stage) -> tuple[float, float]:
        sel = use[st.start : st.stop]
        rbar = masked_mean(ranges[st.start : st.stop], sel)
        if rbar == 0:
            raise zero_spread("R-bar", st)
        return masked_mean(means[st.start : st.stop], sel), rbar / d2(n)

    def limits(c: float, s: float, st: Stage) -> tuple[Limits, Limits]:
        se = s / np.sqrt(n)
        rel = np.array([d2(n)]), np.array([d3(n)])
        return Limits(c, se, c - L * se, c + L * se), spread_limits(*rel, s, L)

    series = _series(means, ranges, sizes, ("xbar", "r"))
    loc, disp = fit(series, setup, estimate, limits)
    return ChartPair("xbar_r", loc, disp)


def _series(
    first: Float, second: Float, sizes: NDArray[np.intp], kinds: tuple[str, str]
) -> tuple[Series, Series]:
    sz = (
        sizes.astype(np.float64, copy=False)
        if sizes.strides[0]
        else np.broadcast_to(np.float64(sizes[0]), sizes.shape)
    )
    return Series(kinds[0], first, sz), Series(kinds[1], second, sz)


def _ragged_stats(values: Float, sizes: NDArray[np.intp]) -> tuple[Float, Float]:
    """Subgroup means and sample standard deviations for unequal subgroup sizes."""
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    means = np.add.reduceat(values, starts) / sizes
    dev = values - np.repeat(means, sizes)
    return means, np.sqrt(np.add.reduceat(dev * dev, starts) / (sizes - 1))


def _s_sigma(n: NDArray[np.intp], s: Float, k: Float, method: str) -> float:
    """Sigma from subgroup standard deviations of (possibly) different sizes."""
    if method == "pooled":
        dof = float((n - 1).sum())
        return float(np.sqrt(((n - 1) * s**2).sum() / dof)) / c4(int(dof) + 1)
    h = k**2 / (1.0 - k**2)  # weights of R qcc's "UWAVE-SD"
    return float((h * s / k).sum() / h.sum())


def xbar_s(
    data: ArrayLike | Sequence[ArrayLike],
    *,
    stages: ArrayLike | None = None,
    exclude: Sequence[int] | None = None,
    reestimate: bool | int = False,
    center: float | None = None,
    sigma: float | None = None,
    sigma_method: str = "sbar",
    nsigmas: float = 3.0,
    rules: RuleSet | str = "nelson",
    dispersion_rules: RuleSet | str = "limits",
) -> ChartPair:
    """X-bar and S charts; subgroups may differ in size (per-point limits then).

    Parameters are those of :func:`xbar_r`, and ``data`` may also be a sequence of
    subgroups of different sizes (each >= 2). ``sigma_method`` is ``"sbar"`` (default:
    ``S-bar / c4``; with unequal sizes the weighted mean of ``s_i / c4(n_i)`` with weights
    ``c4^2 / (1 - c4^2)``) or ``"pooled"`` (``sqrt(sum (n_i-1) s_i^2 / sum (n_i-1)) / c4(N-m+1)``).
    The centre line is the size-weighted grand mean.

    Returns
    -------
    ChartPair
        ``location`` is the X-bar chart, ``dispersion`` the S chart.
    """
    if sigma_method not in _SIGMA_METHODS:
        raise ValueError(f"sigma_method {sigma_method!r} is not one of {', '.join(_SIGMA_METHODS)}")
    values, sizes, matrix = _subgroups(data, "xbar_s")
    if sizes.min() < 2:
        raise ValueError(f"xbar_s needs subgroups of size >= 2; got a subgroup of {sizes.min()}")
    if matrix is not None:
        means = row_means(matrix)
        sds = row_sds(matrix, means)
    else:
        means, sds = _ragged_stats(values, sizes)
    c4s = _per_size(c4, sizes, matrix is not None)
    L = float(nsigmas)
    setup = setup_for(
        means.size, stages, exclude, reestimate, center, sigma, nsigmas,
        (resolve(rules), resolve(dispersion_rules)),
    )  # fmt: skip

    def estimate(use: NDArray[np.bool_], st: Stage) -> tuple[float, float]:
        sel = slice(st.start, st.stop)
        w = use[sel]
        if matrix is not None and sigma_method == "sbar":  # equal sizes: S-bar / c4
            grand, sd = masked_mean(means[sel], w), masked_mean(sds[sel], w) / float(c4s[0])
        else:
            grand = float(np.average(means[sel][w], weights=sizes[sel][w]))
            sd = _s_sigma(sizes[sel][w], sds[sel][w], c4s[sel][w], sigma_method)
        if sd == 0:
            raise zero_spread("S-bar", st)
        return grand, sd

    def limits(c: float, s: float, st: Stage) -> tuple[Limits, Limits]:
        se = uniform(s / np.sqrt(sizes[st.start : st.stop]))
        k = c4s[st.start : st.stop]
        return Limits(c, se, c - L * se, c + L * se), spread_limits(k, np.sqrt(1 - k * k), s, L)

    loc, disp = fit(_series(means, sds, sizes, ("xbar", "s")), setup, estimate, limits)
    return ChartPair("xbar_s", loc, disp)
