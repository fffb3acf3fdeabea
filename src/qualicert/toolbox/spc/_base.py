"""Result types and input checks shared by the control charts.

Results are frozen dataclasses whose arrays are read-only. ``center``, ``lcl``, ``ucl``,
``sigma`` and ``se`` are plain floats when they are the same for every point, and arrays with one
value per plotted point when they vary (unequal sample sizes, stages, EWMA start-up).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualicert.toolbox.spc.rules import Hits

__all__ = ["ChartPair", "ControlChart", "Stage", "Violation"]

Value = float | NDArray[np.float64]


@dataclass(frozen=True)
class Violation:
    """One point flagged by one rule.

    Attributes
    ----------
    rule : str
        The rule label, e.g. ``"1"`` (beyond the limits) or ``"5"`` (Nelson 2 of 3).
    index : int
        Index of the flagged point in the input (0-based).
    chart : str
        The chart it was found on, e.g. ``"xbar"`` or ``"r"``.
    """

    rule: str
    index: int
    chart: str


@dataclass(frozen=True)
class Stage:
    """A stage: consecutive points that share a stage label and their own limits.

    Attributes
    ----------
    label : str
        The stage label.
    start, stop : int
        The points ``start <= i < stop`` belong to the stage.
    """

    label: str
    start: int
    stop: int


@dataclass(frozen=True, eq=False)
class ControlChart:
    """One control chart: the plotted statistic, its centre line and limits, and violations.

    Attributes
    ----------
    kind : str
        ``"xbar"``, ``"r"``, ``"s"``, ``"individuals"``, ``"moving_range"``, ``"p"``, ``"np"``,
        ``"c"``, ``"u"``, ``"laney_p"``, ``"laney_u"``, ``"ewma"`` or ``"cusum"``.
    statistic : ndarray
        The plotted values, one per point.
    center, lcl, ucl : float or ndarray
        Centre line and control limits: a float when the same for all points, otherwise one
        value per point (stepped limits).
    sigma : float or ndarray
        Estimated (phase I) or given (phase II) process standard deviation; for attribute
        charts the per-unit value (``sqrt(p(1-p))``, ``sqrt(c)``, ``sqrt(u)``); for Laney
        charts the between-sample factor sigma_z.
    se : float or ndarray
        Standard error of the plotted statistic; the zone lines are ``center +/- k * se``.
    sizes : ndarray
        Subgroup or sample size of each point (1 for individuals).
    nsigmas : float
        Width of the limits in standard errors (3 by default).
    phase : str
        ``"I"`` when the limits were estimated from the data, ``"II"`` when given.
    rules : str
        Name of the rule set applied.
    hits : tuple of (str, ndarray)
        For each rule label, the input indices of the points it flags.
    stages : tuple of Stage
        The stages, in input-index space (one stage when none were given).
    excluded : ndarray of int
        Input indices left out when estimating the limits (given or re-estimated).
    offset : int
        Input index of the first plotted point when the points are consecutive.
    positions : ndarray of int or None
        Input index of each plotted point when they are not consecutive (moving ranges with
        stages); None otherwise. Use :attr:`index` rather than these two.
    """

    kind: str
    statistic: NDArray[np.float64]
    center: Value
    lcl: Value
    ucl: Value
    sigma: Value
    se: Value
    sizes: NDArray[np.float64]
    nsigmas: float
    phase: str
    rules: str
    hits: Hits
    stages: tuple[Stage, ...]
    excluded: NDArray[np.intp] = field(default_factory=lambda: np.zeros(0, dtype=np.intp))
    offset: int = 0
    positions: NDArray[np.intp] | None = None

    @cached_property
    def index(self) -> NDArray[np.intp]:
        """Input index of each plotted point (the moving-range chart starts at ``span - 1``)."""
        if self.positions is not None:
            return self.positions
        idx = np.arange(self.offset, self.offset + self.statistic.size, dtype=np.intp)
        idx.flags.writeable = False
        return idx

    def locate(self, indices: NDArray[np.intp]) -> NDArray[np.intp]:
        """Positions in ``statistic`` of the given input indices (which must be plotted)."""
        if self.positions is None:
            return np.asarray(indices, dtype=np.intp) - self.offset
        return np.searchsorted(self.positions, indices).astype(np.intp)

    @cached_property
    def violations(self) -> tuple[Violation, ...]:
        """All violations, sorted by point then rule."""
        order = {label: i for i, (label, _) in enumerate(self.hits)}
        found = [Violation(r, int(i), self.kind) for r, idx in self.hits for i in idx]
        return tuple(sorted(found, key=lambda v: (v.index, order[v.rule])))

    @property
    def by_rule(self) -> Mapping[str, NDArray[np.intp]]:
        """Rule label to the sorted input indices it flags."""
        return dict(self.hits)

    @property
    def flagged(self) -> Mapping[int, tuple[str, ...]]:
        """Input index to the labels of the rules that flag it (flagged points only)."""
        out: dict[int, tuple[str, ...]] = {}
        for v in self.violations:
            out[v.index] = (*out.get(v.index, ()), v.rule)
        return out

    @property
    def out_of_control(self) -> NDArray[np.intp]:
        """Sorted input indices flagged by any rule."""
        parts = [idx for _, idx in self.hits]
        return np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.intp)

    @property
    def beyond_limits(self) -> NDArray[np.intp]:
        """Input indices of points outside the control limits (rule ``"1"``)."""
        return dict(self.hits).get("1", np.zeros(0, dtype=np.intp))

    def zone(self, k: float) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Lower and upper zone lines ``center -/+ k * se``, one value per point."""
        shape = self.statistic.shape
        c = np.broadcast_to(self.center, shape)
        s = np.broadcast_to(self.se, shape)
        return c - k * s, c + k * s


@dataclass(frozen=True, eq=False)
class ChartPair:
    """A location chart and its dispersion chart (X-bar/R, X-bar/S, I-MR).

    ``center``, ``lcl``, ``ucl``, ``sigma``, ``se`` and ``statistic`` are those of the location
    chart; ``violations`` covers both charts (see ``Violation.chart``).

    Attributes
    ----------
    kind : str
        ``"xbar_r"``, ``"xbar_s"`` or ``"imr"``.
    location : ControlChart
        The X-bar or individuals chart.
    dispersion : ControlChart
        The R, S or moving-range chart.
    """

    kind: str
    location: ControlChart
    dispersion: ControlChart

    @property
    def center(self) -> Value:
        """Centre line of the location chart."""
        return self.location.center

    @property
    def lcl(self) -> Value:
        """Lower control limit of the location chart."""
        return self.location.lcl

    @property
    def ucl(self) -> Value:
        """Upper control limit of the location chart."""
        return self.location.ucl

    @property
    def sigma(self) -> Value:
        """Process standard deviation (estimated or given)."""
        return self.location.sigma

    @property
    def se(self) -> Value:
        """Standard error of the location chart's statistic."""
        return self.location.se

    @property
    def stages(self) -> tuple[Stage, ...]:
        """The stages (shared by both charts)."""
        return self.location.stages

    @property
    def statistic(self) -> NDArray[np.float64]:
        """Plotted values of the location chart."""
        return self.location.statistic

    @property
    def phase(self) -> str:
        """``"I"`` (estimated limits) or ``"II"`` (given centre and sigma)."""
        return self.location.phase

    @property
    def excluded(self) -> NDArray[np.intp]:
        """Input indices left out when estimating the limits."""
        return self.location.excluded

    @property
    def charts(self) -> tuple[ControlChart, ControlChart]:
        """The location and dispersion charts."""
        return self.location, self.dispersion

    @property
    def violations(self) -> tuple[Violation, ...]:
        """Violations on both charts, sorted by point."""
        both = self.location.violations + self.dispersion.violations
        return tuple(sorted(both, key=lambda v: v.index))

    @property
    def out_of_control(self) -> NDArray[np.intp]:
        """Input indices flagged on either chart."""
        return np.union1d(self.location.out_of_control, self.dispersion.out_of_control)


def readonly(a: NDArray[np.float64]) -> NDArray[np.float64]:
    """Mark an array we own as read-only and return it."""
    a.flags.writeable = False
    return a


def finite_array(
    data: ArrayLike, name: str, ndim: int | None = None, copy: bool = True
) -> NDArray[np.float64]:
    """Convert to a float64 array, refusing NaN, infinity and wrong dimensions.

    With ``copy=False`` a float64 array is used as it is (the caller must not keep it).
    """
    try:
        arr = np.array(data, dtype=np.float64) if copy else np.asarray(data, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric: {exc}") from None
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional; got shape {arr.shape}")
    with np.errstate(over="ignore", invalid="ignore"):
        total = np.add.reduce(arr, axis=None) if arr.size else 0.0
    if not np.isfinite(total):  # a cheap pre-check: a finite sum means finite values
        bad = np.flatnonzero(~np.isfinite(arr.ravel()))
        if bad.size:
            raise ValueError(f"{name} holds a non-finite value {arr.ravel()[bad[0]]} at {bad[0]}")
    return arr


def check_sigma_level(nsigmas: float) -> float:
    value = float(nsigmas)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"nsigmas {nsigmas!r} is not allowed; it must be a positive number")
    return value


def segments(stages: ArrayLike | None, n: int) -> tuple[Stage, ...]:
    """Split ``n`` points into stages: maximal runs of equal consecutive labels."""
    if stages is None:
        return (Stage("1", 0, n),)
    labels = np.asarray(stages).astype(str)
    if labels.shape != (n,):
        raise ValueError(f"stages has shape {labels.shape}; it must give one label per point ({n})")
    cuts = np.flatnonzero(labels[1:] != labels[:-1]) + 1
    starts = np.concatenate(([0], cuts))
    stops = np.concatenate((cuts, [n]))
    return tuple(Stage(str(labels[a]), int(a), int(b)) for a, b in zip(starts, stops, strict=True))


def excluded_mask(exclude: Sequence[int] | ArrayLike | None, n: int) -> NDArray[np.bool_]:
    """Boolean mask of the points excluded from estimation (indices checked)."""
    mask = np.zeros(n, dtype=np.bool_)
    if exclude is None:
        return mask
    idx = np.asarray(exclude)
    if idx.size and (idx.dtype.kind not in "iu" or idx.min() < -n or idx.max() >= n):
        raise ValueError(f"exclude {idx.tolist()!r} must be integer indices in 0..{n - 1}")
    mask[idx.astype(np.intp)] = True
    return mask


def collapse(values: Sequence[Value], parts: Sequence[Stage], n: int) -> Value:
    """Join per-stage values into one float (all equal scalars) or a per-point array."""
    if len(values) == 1 and isinstance(values[0], float):
        return values[0]
    out = np.empty(n, dtype=np.float64)
    for v, st in zip(values, parts, strict=True):
        out[st.start : st.stop] = v
    return readonly(out)
