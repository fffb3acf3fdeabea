"""Shared machinery of the attribute charts (counts over units, phase I / II fitting)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualicert.toolbox.spc._base import ControlChart, Stage
from qualicert.toolbox.spc._checks import finite_array
from qualicert.toolbox.spc._fit import (
    Estimate,
    Limiter,
    Limits,
    Series,
    fit,
    setup_for,
    uniform,
)
from qualicert.toolbox.spc.rules import RuleSet, resolve

Float = NDArray[np.float64]


@dataclass(frozen=True)
class Options:
    stages: ArrayLike | None
    exclude: Sequence[int] | None
    reestimate: bool | int
    nsigmas: float
    rules: RuleSet | str


@dataclass(frozen=True)
class Rates:
    """Counts ``num`` over ``den`` units, plotted as ``mult * num / den``."""

    kind: str
    num: Float
    den: Float
    mult: Float
    binomial: bool

    @property
    def statistic(self) -> Float:
        return self.mult * self.num / self.den

    def unit_sd(self, rate: float) -> float:
        return float(np.sqrt(rate * (1.0 - rate) if self.binomial else rate))

    def rate(self, use: NDArray[np.bool_], st: Stage) -> float:
        sel = slice(st.start, st.stop)
        rate = float(self.num[sel][use[sel]].sum() / self.den[sel][use[sel]].sum())
        if rate <= 0 or (self.binomial and rate >= 1):
            allowed = "between 0 and 1" if self.binomial else "above 0"
            raise ValueError(
                f"the mean rate is {rate} in stage {st.label!r}; limits need it {allowed}"
            )
        return rate

    def z_scores(self, rate: float, sel: slice) -> Float:
        unit = self.unit_sd(rate) / np.sqrt(self.den[sel])
        return (self.num[sel] / self.den[sel] - rate) / unit


def counts_and_sizes(
    counts: ArrayLike, sizes: ArrayLike | None, integer_sizes: bool
) -> tuple[Float, Float]:
    x = finite_array(counts, "counts", ndim=1)
    if x.size < 2:
        raise ValueError(f"an attribute chart needs at least 2 samples; got {x.size}")
    if (x < 0).any():
        raise ValueError(f"counts must be >= 0; got {x[x < 0][0]} at {np.flatnonzero(x < 0)[0]}")
    n = np.ones_like(x) if sizes is None else finite_array(sizes, "sizes")
    if n.ndim == 0:
        n = np.full(x.shape, float(n))
    if n.shape != x.shape:
        raise ValueError(f"sizes has shape {n.shape}; it must match counts {x.shape}")
    bad = (n <= 0) | ((n != np.round(n)) if integer_sizes else False)
    if bad.any():
        kind = "positive integers" if integer_sizes else "positive"
        raise ValueError(f"sizes must be {kind}; got {n[bad][0]} at {np.flatnonzero(bad)[0]}")
    return x, n


def binomial_counts(defectives: ArrayLike, sizes: ArrayLike) -> tuple[Float, Float]:
    d, n = counts_and_sizes(defectives, sizes, integer_sizes=True)
    over = np.flatnonzero(d > n)
    if over.size:
        i = over[0]
        raise ValueError(f"sample {i} has {d[i]} defectives, more than its size {n[i]}")
    return d, n


def given_rate(center: float | None, binomial: bool) -> float | None:
    if center is None:
        return None
    c = float(center)
    if not (0 < c < 1 if binomial else 0 < c < np.inf):
        allowed = "0 < center < 1" if binomial else "center > 0"
        raise ValueError(f"center {center!r} is not allowed; it must satisfy {allowed}")
    return c


def rate_limits(r: Rates, rate: float, se_rate: Float, L: float, st: Stage) -> Limits:
    k = r.mult[st.start : st.stop]
    center, se = rate * k, se_rate * k
    cap = k if r.binomial else np.inf
    lcl, ucl = np.maximum(0.0, center - L * se), np.minimum(cap, center + L * se)
    return Limits(uniform(center), uniform(se), uniform(lcl), uniform(ucl))


def fit_rates(
    r: Rates,
    rate0: float | None,
    sigma0: float | None,
    opts: Options,
    estimate: Estimate,
    limits: Limiter,
) -> ControlChart:
    setup = setup_for(
        r.num.size, opts.stages, opts.exclude, opts.reestimate, rate0, sigma0, opts.nsigmas,
        (resolve(opts.rules),),
    )  # fmt: skip
    stat = r.statistic
    series = (Series(r.kind, stat, r.den),)
    return fit(series, setup, estimate, limits)[0]


def options(
    stages: ArrayLike | None,
    exclude: Sequence[int] | None,
    reestimate: bool | int,
    nsigmas: float,
    rules: RuleSet | str,
) -> Options:
    return Options(stages, exclude, reestimate, nsigmas, rules)
