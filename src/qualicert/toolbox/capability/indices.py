"""Capability index formulas and expected nonconforming fractions.

For a normal model with mean ``mu`` and standard deviation ``sigma`` (Montgomery, section
8.3; NIST e-Handbook 6.1.6; ISO 22514-2):

* ``Cp = (USL - LSL) / (6 sigma)`` (both limits needed);
* ``Cpu = (USL - mu) / (3 sigma)``, ``Cpl = (mu - LSL) / (3 sigma)``,
  ``Cpk = min`` of those defined;
* ``Cpm = min(USL - T, T - LSL) / (3 tau)`` over the defined sides with
  ``tau = sqrt(sigma² + (mu - T)²)``; with both limits and ``T`` at their midpoint this is
  the usual ``(USL - LSL) / (6 tau)`` (Chan, Cheng and Spiring, 1988). Without a target
  ``T`` defaults to the midpoint; for a one-sided specification Cpm needs a target.

The same formulas with the overall standard deviation give Pp, Ppu, Ppl, Ppk and Ppm.
"""

from __future__ import annotations

import math
from typing import Any

from scipy import stats

from qualicert.toolbox.capability.result import DistributionFit, PartsPerMillion

__all__ = ["Indices", "normal_indices", "percentile_indices", "ppm_from_model"]

Indices = tuple[float | None, float | None, float | None, float | None, float | None]
"""``(Cp, Cpk, Cpl, Cpu, Cpm)`` or the Pp family in the same order."""


def _min_defined(*values: float | None) -> float | None:
    defined = [v for v in values if v is not None]
    return min(defined) if defined else None


def normal_indices(
    mean: float, sigma: float, lsl: float | None, usl: float | None, target: float | None
) -> Indices:
    """``(Cp, Cpk, Cpl, Cpu, Cpm)`` for a normal model."""
    cp = (usl - lsl) / (6.0 * sigma) if lsl is not None and usl is not None else None
    cpl = (mean - lsl) / (3.0 * sigma) if lsl is not None else None
    cpu = (usl - mean) / (3.0 * sigma) if usl is not None else None
    cpm = None
    if target is not None:
        tau = math.sqrt(sigma * sigma + (mean - target) ** 2)
        low = (target - lsl) / (3.0 * tau) if lsl is not None else None
        high = (usl - target) / (3.0 * tau) if usl is not None else None
        cpm = _min_defined(low, high)
    return cp, _min_defined(cpl, cpu), cpl, cpu, cpm


def percentile_indices(fit: DistributionFit, lsl: float | None, usl: float | None) -> Indices:
    """``(Pp, Ppk, Ppl, Ppu, None)`` by the ISO 22514-2 percentile method."""
    q_low, q_mid, q_high = fit.q_low, fit.q_median, fit.q_high
    pp = (usl - lsl) / (q_high - q_low) if lsl is not None and usl is not None else None
    ppl = (q_mid - lsl) / (q_mid - q_low) if lsl is not None else None
    ppu = (usl - q_mid) / (q_high - q_mid) if usl is not None else None
    return pp, _min_defined(ppl, ppu), ppl, ppu, None


def ppm_from_model(dist: Any, lsl: float | None, usl: float | None) -> PartsPerMillion:
    """Expected parts per million outside the limits under a frozen scipy distribution."""
    below = float(dist.cdf(lsl)) * 1e6 if lsl is not None else None
    above = float(dist.sf(usl)) * 1e6 if usl is not None else None
    return PartsPerMillion(below, above, (below or 0.0) + (above or 0.0))


def normal_ppm(mean: float, sigma: float, lsl: float | None, usl: float | None) -> PartsPerMillion:
    """Expected parts per million outside the limits for a normal model."""
    return ppm_from_model(stats.norm(mean, sigma), lsl, usl)


def z_bench(ppm: PartsPerMillion) -> float:
    """Benchmark Z: the standard normal quantile of the conforming fraction."""
    return float(stats.norm.isf(ppm.total / 1e6))
