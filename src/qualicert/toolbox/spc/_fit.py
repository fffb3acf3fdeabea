"""Phase I / phase II fitting shared by the Shewhart charts.

A chart family supplies ``estimate(use, stage) -> (center, sigma)`` (from the points of the
stage marked in ``use``) and ``limits(center, sigma, stage) -> one Limits per chart``. The
engine runs the stages, optionally re-estimates after dropping points beyond the limits
(Montgomery section 6.2.3, "revising the trial control limits"), applies the run rules and
builds the frozen results.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualicert.toolbox.spc._base import ControlChart, Stage, Value
from qualicert.toolbox.spc._checks import (
    check_sigma_level,
    collapse,
    excluded_mask,
    readonly,
    segments,
)
from qualicert.toolbox.spc.rules import RuleSet, apply_rules

_NON_NEGATIVE = frozenset({"r", "s", "moving_range"})

Estimate = Callable[[NDArray[np.bool_], Stage], tuple[float, float]]


@dataclass(frozen=True)
class Series:
    """One chart's plotted values and where they sit in the input (``index``)."""

    kind: str
    statistic: NDArray[np.float64]
    sizes: NDArray[np.float64]
    offset: int = 0
    positions: NDArray[np.intp] | None = None

    def span(self, st: Stage) -> tuple[int, int]:
        """Positions in ``statistic`` that fall in the stage."""
        if self.positions is None:
            m = self.statistic.size
            a, b = st.start - self.offset, st.stop - self.offset
            return min(max(a, 0), m), min(max(b, 0), m)
        a, b = np.searchsorted(self.positions, [st.start, st.stop])
        return int(a), int(b)

    def to_input(self, pos: NDArray[np.intp]) -> NDArray[np.intp]:
        """Input indices of positions in ``statistic``."""
        return pos + self.offset if self.positions is None else self.positions[pos]


@dataclass(frozen=True)
class Limits:
    """Centre, standard error and limits of one chart over one stage."""

    center: Value
    se: Value
    lcl: Value
    ucl: Value


Limiter = Callable[[float, float, Stage], Sequence[Limits]]


@dataclass(frozen=True)
class Setup:
    """How to fit: stages, exclusions, re-estimation, given parameters, rules."""

    parts: tuple[Stage, ...]
    excluded: NDArray[np.bool_]
    reestimate: bool | int
    center: float | None
    sigma: float | None
    nsigmas: float
    rules: tuple[RuleSet, ...]


def _rounds(reestimate: bool | int, n: int) -> int:
    """Number of re-estimation rounds: none, until stable (at most n), or a given number."""
    if isinstance(reestimate, bool):
        return n if reestimate else 0
    if not isinstance(reestimate, int) or reestimate < 0:
        raise ValueError(f"reestimate {reestimate!r} must be True, False or a number of rounds")
    return reestimate


def given_value(value: float | None, name: str, positive: bool = False) -> float | None:
    """Check a given (phase II) centre or sigma."""
    if value is None:
        return None
    v = float(value)
    if not np.isfinite(v) or (positive and v <= 0):
        rule = "a positive finite number" if positive else "a finite number"
        raise ValueError(f"{name} {value!r} is not allowed; it must be {rule}")
    return v


def _params(setup: Setup, use: NDArray[np.bool_], estimate: Estimate) -> list[tuple[float, float]]:
    out = []
    for st in setup.parts:
        c, s = setup.center, setup.sigma
        if c is None or s is None:
            if not use[st.start : st.stop].any():
                raise ValueError(f"stage {st.label!r} has no points left to estimate limits from")
            est_c, est_s = estimate(use, st)
            c = est_c if c is None else c
            s = est_s if s is None else s
        out.append((c, s))
    return out


def _beyond(
    series: Sequence[Series], lims: list[Sequence[Limits]], parts: tuple[Stage, ...], n: int
) -> NDArray[np.bool_]:
    """Input points with a value outside the limits on any of the charts."""
    out = np.zeros(n, dtype=np.bool_)
    for j, s in enumerate(series):
        for st, lim in zip(parts, lims, strict=True):
            a, b = s.span(st)
            x = s.statistic[a:b]
            out[s.to_input(np.flatnonzero((x > lim[j].ucl) | (x < lim[j].lcl)) + a)] = True
    return out


def fit(
    series: Sequence[Series], setup: Setup, estimate: Estimate, limits: Limiter
) -> tuple[ControlChart, ...]:
    """Estimate (or take) the limits per stage, re-estimate if asked, apply rules."""
    n = int(setup.excluded.size)
    use = ~setup.excluded
    given = setup.center is not None and setup.sigma is not None

    def limits_for(
        mask: NDArray[np.bool_],
    ) -> tuple[list[tuple[float, float]], list[Sequence[Limits]]]:
        params = _params(setup, mask, estimate)
        return params, [limits(c, s, st) for (c, s), st in zip(params, setup.parts, strict=True)]

    params, lims = limits_for(use)
    rounds, dropped = _rounds(setup.reestimate, n), np.flatnonzero(setup.excluded)
    for _ in range(0 if given else rounds):
        out = _beyond(series, lims, setup.parts, n) & use
        if not out.any():
            break
        use = use & ~out
        params, lims = limits_for(use)
        dropped = np.flatnonzero(~use)
    phase = "II" if given else "I"
    return tuple(
        _chart(s, j, setup, [p[1] for p in params], lims, phase, dropped)
        for j, s in enumerate(series)
    )


def _chart(
    s: Series,
    j: int,
    setup: Setup,
    sigmas: list[float],
    lims: list[Sequence[Limits]],
    phase: str,
    dropped: NDArray[np.intp],
) -> ControlChart:
    spans = [s.span(st) for st in setup.parts]
    local = tuple(Stage(st.label, a, b) for st, (a, b) in zip(setup.parts, spans, strict=True))
    m = s.statistic.size
    center = collapse([lim[j].center for lim in lims], local, m)
    se = collapse([lim[j].se for lim in lims], local, m)
    lcl = collapse([lim[j].lcl for lim in lims], local, m)
    ucl = collapse([lim[j].ucl for lim in lims], local, m)
    sigma = collapse([float(v) for v in sigmas], local, m)
    rs = setup.rules[j]
    # Ranges and standard deviations are >= 0, so a lower limit of 0 cannot be crossed.
    floor = -np.inf if s.kind in _NON_NEGATIVE and isinstance(lcl, float) and lcl <= 0 else lcl
    hits = apply_rules(s.statistic, center, se, floor, ucl, rs, [(a, b) for a, b in spans])
    hits = tuple((label, s.to_input(idx)) for label, idx in hits)
    return ControlChart(
        kind=s.kind,
        statistic=readonly(s.statistic),
        center=center,
        lcl=lcl,
        ucl=ucl,
        sigma=sigma,
        se=se,
        sizes=s.sizes,
        nsigmas=setup.nsigmas,
        phase=phase,
        rules=rs.name,
        hits=hits,
        stages=setup.parts,
        excluded=dropped,
        offset=s.offset,
        positions=s.positions,
    )


Float = NDArray[np.float64]


def uniform(values: Float) -> float | Float:
    return float(values[0]) if values.size and (values == values[0]).all() else values


def setup_for(
    n: int, stages: ArrayLike | None, exclude: Any, reestimate: bool | int,
    center: float | None, sigma: float | None, nsigmas: float, rules: tuple[RuleSet, ...],
) -> Setup:  # fmt: skip
    return Setup(
        parts=segments(stages, n),
        excluded=excluded_mask(exclude, n),
        reestimate=reestimate,
        center=given_value(center, "center"),
        sigma=given_value(sigma, "sigma", positive=True),
        nsigmas=check_sigma_level(nsigmas),
        rules=rules,
    )


def zero_spread(what: str, st: Stage) -> ValueError:
    return ValueError(
        f"{what} is 0 in stage {st.label!r}: the process shows no variation, so limits "
        "cannot be estimated (give sigma= for phase II)"
    )


def spread_limits(mean: Float, sd: Float, sigma: float, L: float) -> Limits:
    """Limits of a range or standard-deviation chart from the relative mean and sd."""
    lower = np.maximum(0.0, mean - L * sd) * sigma
    return Limits(
        uniform(mean * sigma), uniform(sd * sigma), uniform(lower), uniform((mean + L * sd) * sigma)
    )


def masked_mean(values: Float, use: NDArray[np.bool_]) -> float:
    """Mean of ``values[use]`` without a copy when every value is used."""
    if use.all():
        return float(values.mean())
    if not use.any():
        raise ValueError("too few points left after exclude to estimate the limits")
    return float(values[use].mean())
