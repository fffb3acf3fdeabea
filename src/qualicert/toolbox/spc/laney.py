"""Laney p' and u' charts: attribute charts corrected for between-sample variation.

``z_i = (r_i - r) / sigma_i`` with ``sigma_i = sqrt(r (1 - r) / n_i)`` (p') or ``sqrt(r / n_i)``
(u'); ``sigma_z = MR-bar(z) / d2(2)`` (``d2(2) = 1.128``); limits ``r +/- L sigma_i sigma_z``.
The result's ``sigma`` is ``sigma_z`` (1 means no over- or under-dispersion).

References
----------
.. [1] Laney, D. B. (2002). Improved control charts for attributes. *Quality Engineering*
   14(4), 531-537.
.. [2] Montgomery, D. C. (2019). *Introduction to Statistical Quality Control*, 8th ed.,
   section 7.2.3 (the Laney p' chart).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualicert.toolbox.constants import d2
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

__all__ = ["laney_p", "laney_u"]


def _laney(r: Rates, center: float | None, sigma_z: float | None, opts: Options) -> ControlChart:
    """Laney p' and u': limits widened (or narrowed) by sigma_z."""
    rate0 = given_rate(center, r.binomial)
    L = float(opts.nsigmas)

    def estimate(use: NDArray[np.bool_], st: Stage) -> tuple[float, float]:
        rate = r.rate(use, st) if rate0 is None else rate0
        sel = slice(st.start, st.stop)
        z, w = r.z_scores(rate, sel), use[sel]
        both = w[1:] & w[:-1]
        if not both.any():
            raise ValueError(f"stage {st.label!r} needs two consecutive samples for sigma_z")
        sigma_z = float(np.abs(np.diff(z))[both].mean()) / d2(2)
        if sigma_z == 0:
            raise ValueError(f"sigma_z is 0 in stage {st.label!r}: all samples have equal rates")
        return rate, sigma_z

    def limits(c: float, s: float, st: Stage) -> tuple[Limits]:
        unit = r.unit_sd(c) / np.sqrt(r.den[st.start : st.stop])
        return (rate_limits(r, c, unit * s, L, st),)

    return fit_rates(r, rate0, sigma_z, opts, estimate, limits)


def laney_p(
    defectives: ArrayLike,
    sizes: ArrayLike,
    *,
    center: float | None = None,
    sigma_z: float | None = None,
    stages: ArrayLike | None = None,
    exclude: Sequence[int] | None = None,
    reestimate: bool | int = False,
    nsigmas: float = 3.0,
    rules: RuleSet | str = "nelson",
) -> ControlChart:
    """Laney p' chart: a p chart whose limits are scaled by ``sigma_z``.

    Use it when samples are large and the p chart's limits are too tight (overdispersion).
    ``center`` and ``sigma_z`` (phase II) give p0 and the between-sample factor.
    """
    d, n = binomial_counts(defectives, sizes)
    r = Rates("laney_p", d, n, np.ones_like(n), binomial=True)
    return _laney(r, center, sigma_z, options(stages, exclude, reestimate, nsigmas, rules))


def laney_u(
    counts: ArrayLike,
    sizes: ArrayLike,
    *,
    center: float | None = None,
    sigma_z: float | None = None,
    stages: ArrayLike | None = None,
    exclude: Sequence[int] | None = None,
    reestimate: bool | int = False,
    nsigmas: float = 3.0,
    rules: RuleSet | str = "nelson",
) -> ControlChart:
    """Laney u' chart: a u chart whose limits are scaled by ``sigma_z``."""
    c, n = counts_and_sizes(counts, sizes, integer_sizes=False)
    r = Rates("laney_u", c, n, np.ones_like(n), binomial=False)
    return _laney(r, center, sigma_z, options(stages, exclude, reestimate, nsigmas, rules))
