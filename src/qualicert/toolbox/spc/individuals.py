"""Individuals and moving-range (I-MR) charts.

``sigma = MR-bar / d2(span)``; individuals limits ``center +/- L sigma``; moving-range centre
``d2 sigma`` with limits ``max(0, d2 - L d3) sigma`` and ``(d2 + L d3) sigma`` (for span 2 and
``L = 3``: ``0`` and ``3.267 MR-bar``). Moving ranges never span a stage boundary, so the
moving-range chart has ``span - 1`` fewer points per stage; its ``index`` gives the input
index of the last point of each range.

References
----------
.. [1] Montgomery, D. C. (2019). *Introduction to Statistical Quality Control*, 8th ed.,
   section 6.4, "The Shewhart control chart for individual measurements".
.. [2] NIST/SEMATECH e-Handbook of Statistical Methods, section 6.3.2.2.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike, NDArray

from qualicert.toolbox.constants import d2, d3
from qualicert.toolbox.spc._base import ChartPair, Stage
from qualicert.toolbox.spc._checks import finite_array
from qualicert.toolbox.spc._fit import (
    Limits,
    Series,
    fit,
    masked_mean,
    setup_for,
    spread_limits,
    zero_spread,
)
from qualicert.toolbox.spc.rules import RuleSet, resolve

__all__ = ["imr", "moving_ranges"]

Float = NDArray[np.float64]


def moving_ranges(x: Float, span: int = 2) -> Float:
    """Moving ranges ``max - min`` of each ``span`` consecutive values (``len(x) - span + 1``)."""
    if span == 2:
        out = np.subtract(x[1:], x[:-1])
        return np.abs(out, out=out)
    window = sliding_window_view(x, span)
    return np.asarray(window.max(axis=1) - window.min(axis=1), dtype=np.float64)


def _span(span: int, n: int) -> int:
    if isinstance(span, bool) or not isinstance(span, int | np.integer) or span < 2:
        raise ValueError(f"span {span!r} is not allowed; it must be an integer >= 2")
    if n < span + 1:
        raise ValueError(f"imr needs at least {span + 1} values; got {n}")
    return int(span)


def _valid_ranges(parts: tuple[Stage, ...], n: int, span: int) -> NDArray[np.intp] | None:
    """Input indices of the moving ranges that stay inside one stage (None: all of them)."""
    if len(parts) == 1:
        return None
    starts = np.repeat([st.start for st in parts], [st.stop - st.start for st in parts])
    ends = np.arange(span - 1, n, dtype=np.intp)
    return ends[ends - (span - 1) >= starts[span - 1 :]]


def _windows_used(
    use: NDArray[np.bool_], mr: Series, a: int, b: int, span: int
) -> NDArray[np.bool_]:
    """For the moving ranges at positions a..b: are all of their values used?"""
    if mr.positions is None:  # consecutive ranges ending at input a+offset .. b-1+offset
        first, stop = a + mr.offset, b + mr.offset
        ok = use[first:stop].copy()
        for lag in range(1, span):
            ok &= use[first - lag : stop - lag]
        return ok
    ends = mr.positions[a:b]
    ok = use[ends]
    for lag in range(1, span):
        ok &= use[ends - lag]
    return ok


def imr(
    data: ArrayLike,
    *,
    span: int = 2,
    stages: ArrayLike | None = None,
    exclude: Sequence[int] | None = None,
    reestimate: bool | int = False,
    center: float | None = None,
    sigma: float | None = None,
    nsigmas: float = 3.0,
    rules: RuleSet | str = "nelson",
    dispersion_rules: RuleSet | str = "limits",
) -> ChartPair:
    """Individuals chart and moving-range chart.

    Parameters
    ----------
    data : array_like, shape (n,)
        Individual measurements, in time order.
    span : int
        Number of consecutive values per moving range (2 by default).
    stages, exclude, reestimate, center, sigma, nsigmas, rules, dispersion_rules
        As for :func:`xbar_r`, per individual value. A moving range is used for the estimate
        only when all of its values are.

    Returns
    -------
    ChartPair
        ``location`` is the individuals chart, ``dispersion`` the moving-range chart.
    """
    x = finite_array(data, "data", ndim=1)
    w = _span(span, x.size)
    L = float(nsigmas)
    setup = setup_for(
        x.size, stages, exclude, reestimate, center, sigma, nsigmas,
        (resolve(rules), resolve(dispersion_rules)),
    )  # fmt: skip
    mr = moving_ranges(x, w)
    mr_index = _valid_ranges(setup.parts, x.size, w)
    if mr_index is not None:
        mr = mr[mr_index - (w - 1)]
    ones = np.ones(1, dtype=np.float64)
    series = (
        Series("individuals", x, np.broadcast_to(ones, x.shape)),
        Series("moving_range", mr, np.broadcast_to(ones * w, mr.shape), w - 1, mr_index),
    )

    def estimate(use: NDArray[np.bool_], st: Stage) -> tuple[float, float]:
        a, b = series[1].span(st)
        if b <= a:
            raise ValueError(f"stage {st.label!r} has no {w} consecutive values to estimate from")
        every = bool(use[st.start : st.stop].all())
        mrbar = masked_mean(
            mr[a:b], _windows_used(use, series[1], a, b, w) if not every else use[:0]
        )
        if mrbar == 0:
            raise zero_spread("MR-bar", st)
        return masked_mean(x[st.start : st.stop], use[st.start : st.stop]), mrbar / d2(w)

    def limits(c: float, s: float, st: Stage) -> tuple[Limits, Limits]:
        rel = np.array([d2(w)]), np.array([d3(w)])
        return Limits(c, s, c - L * s, c + L * s), spread_limits(*rel, s, L)

    loc, disp = fit(series, setup, estimate, limits)
    return ChartPair("imr", loc, disp)
