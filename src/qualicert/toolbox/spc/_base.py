"""Result types and input checks shared by the control charts.

Results are frozen dataclasses whose arrays are read-only. ``center``, ``lcl``, ``ucl``,
``sigma`` and ``se`` are plain floats when they are the same for every point, and arrays with one
value per plotted point when they vary (unequal sample sizes, stages, EWMA start-up).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

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
