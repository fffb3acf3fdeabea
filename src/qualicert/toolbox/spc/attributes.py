"""Attribute control charts: p, np, c, u, and Laney's p' and u'.

============  ====================  ===========================================================
chart         plotted statistic     limits (``L = nsigmas``; lower limits cut at 0, p at 1)
============  ====================  ===========================================================
p             ``D_i / n_i``         ``p +/- L sqrt(p (1 - p) / n_i)``, ``p = sum D / sum n``
np            ``D_i`` (equal n)     ``n p +/- L sqrt(n p (1 - p))``
c             ``c_i``               ``c +/- L sqrt(c)``, ``c = mean c_i``
u             ``c_i / n_i``         ``u +/- L sqrt(u / n_i)``, ``u = sum c / sum n``
Laney p', u'  as p, u               ``p +/- L sigma_i sigma_z``, ``sigma_z = MR-bar(z) / d2(2)``
============  ====================  ===========================================================

Laney's charts correct for over- (or under-) dispersion between samples: ``z_i`` is the
standardised statistic ``(p_i - p) / sigma_i`` and ``sigma_z`` the moving-range estimate of its
standard deviation (``d2(2) = 1.128``). ``sigma`` in the results is the per-unit standard
deviation (``sqrt(p (1 - p))``, ``sqrt(c)``, ``sqrt(u)``), or ``sigma_z`` for Laney charts.

References
----------
.. [1] Montgomery, D. C. (2019). *Introduction to Statistical Quality Control*, 8th ed.,
   sections 7.2 (p and np charts, variable sample size) and 7.3 (c and u charts).
.. [2] Laney, D. B. (2002). Improved control charts for attributes. *Quality Engineering*
   14(4), 531-537.
.. [3] NIST/SEMATECH e-Handbook of Statistical Methods, sections 6.3.3.1 and 6.3.3.2.
.. [4] ISO 7870-2:2023, *Control charts -- Part 2: Shewhart control charts*, section 8.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualicert.toolbox.spc._base import ControlChart, Stage
from qualicert.toolbox.spc._fit import Limits
from qualicert.toolbox.spc._rates import (
    Options,
    Rates,
    binomial_counts,
    counts_and_sizes,
    fit_rates,
    given_rate,
    options,
    rate_limits,
)
from qualicert.toolbox.spc.rules import RuleSet

__all__ = ["c_chart", "np_chart", "p_chart", "u_chart"]


def _shewhart(r: Rates, center: float | None, opts: Options) -> ControlChart:
    """p, np, c and u charts: sigma follows from the rate."""
    rate0 = given_rate(center, r.binomial)
    L = float(opts.nsigmas)

    def estimate(use: NDArray[np.bool_], st: Stage) -> tuple[float, float]:
        rate = r.rate(use, st)
        return rate, r.unit_sd(rate)

    def limits(c: float, s: float, st: Stage) -> tuple[Limits]:
        return (rate_limits(r, c, s / np.sqrt(r.den[st.start : st.stop]), L, st),)

    sigma0 = None if rate0 is None else r.unit_sd(rate0)
    return fit_rates(r, rate0, sigma0, opts, estimate, limits)


def p_chart(
    defectives: ArrayLike,
    sizes: ArrayLike,
    *,
    center: float | None = None,
    stages: ArrayLike | None = None,
    exclude: Sequence[int] | None = None,
    reestimate: bool | int = False,
    nsigmas: float = 3.0,
    rules: RuleSet | str = "nelson",
) -> ControlChart:
    """Fraction nonconforming chart; unequal sample sizes give per-sample limits.

    Parameters
    ----------
    defectives : array_like
        Nonconforming units in each sample.
    sizes : array_like or int
        Sample sizes (one per sample, or one for all).
    center : float, optional
        Phase II: the standard fraction nonconforming p0.
    stages : array_like, optional
        A stage label per sample; each run of equal labels gets its own limits.
    exclude : sequence of int, optional
        Samples left out when estimating the limits (still plotted and tested).
    reestimate : bool or int
        ``True``: drop samples beyond the limits and re-estimate until none remain; an int
        gives the number of rounds.
    nsigmas : float
        Width of the limits in standard errors.
    rules : RuleSet or str
        Run rules (default all eight Nelson tests; ``"limits"`` for beyond-limits only).

    Returns
    -------
    ControlChart
        ``statistic`` is ``D_i / n_i``; ``lcl`` and ``ucl`` are arrays when sizes differ.
    """
    d, n = binomial_counts(defectives, sizes)
    r = Rates("p", d, n, np.ones_like(n), binomial=True)
    return _shewhart(r, center, options(stages, exclude, reestimate, nsigmas, rules))


def np_chart(
    defectives: ArrayLike,
    size: ArrayLike,
    *,
    center: float | None = None,
    stages: ArrayLike | None = None,
    exclude: Sequence[int] | None = None,
    reestimate: bool | int = False,
    nsigmas: float = 3.0,
    rules: RuleSet | str = "nelson",
) -> ControlChart:
    """Number nonconforming chart for samples of one size (use :func:`p_chart` otherwise).

    ``center`` (phase II) is the standard fraction nonconforming p0; the chart's centre line
    is ``n p0``. Other parameters as for :func:`p_chart`.
    """
    d, n = binomial_counts(defectives, size)
    if (n != n[0]).any():
        raise ValueError(f"np_chart needs one sample size; got {n[n != n[0]][0]} and {n[0]}")
    r = Rates("np", d, n, n, binomial=True)
    return _shewhart(r, center, options(stages, exclude, reestimate, nsigmas, rules))


def c_chart(
    counts: ArrayLike,
    *,
    center: float | None = None,
    stages: ArrayLike | None = None,
    exclude: Sequence[int] | None = None,
    reestimate: bool | int = False,
    nsigmas: float = 3.0,
    rules: RuleSet | str = "nelson",
) -> ControlChart:
    """Nonconformities per inspection unit (a constant area of opportunity).

    ``center`` (phase II) is the standard mean count c0. Other parameters as for
    :func:`p_chart`.
    """
    c, n = counts_and_sizes(counts, None, integer_sizes=False)
    r = Rates("c", c, n, np.ones_like(n), binomial=False)
    return _shewhart(r, center, options(stages, exclude, reestimate, nsigmas, rules))


def u_chart(
    counts: ArrayLike,
    sizes: ArrayLike,
    *,
    center: float | None = None,
    stages: ArrayLike | None = None,
    exclude: Sequence[int] | None = None,
    reestimate: bool | int = False,
    nsigmas: float = 3.0,
    rules: RuleSet | str = "nelson",
) -> ControlChart:
    """Nonconformities per unit; ``sizes`` are inspection units (may be fractional).

    ``center`` (phase II) is the standard rate u0. Other parameters as for :func:`p_chart`.
    """
    c, n = counts_and_sizes(counts, sizes, integer_sizes=False)
    r = Rates("u", c, n, np.ones_like(n), binomial=False)
    return _shewhart(r, center, options(stages, exclude, reestimate, nsigmas, rules))
