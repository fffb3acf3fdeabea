"""Process capability and performance: Cp, Cpk, Cpm, Pp, Ppk, Ppm, PPM, sigma level.

``analyze`` estimates capability from the within-subgroup (short-term) standard deviation
and performance from the overall (long-term) one, with confidence intervals
(``result.ci("cpk")``), expected and observed parts per million, DPMO, yield, Z.bench and
the sigma level, one-sided specifications, and two routes for non-normal data: a Box-Cox
transformation (``transform="boxcox"``) and the ISO 22514-2 percentile method on a fitted
normal, lognormal, Weibull or gamma distribution (``method="percentile"``).

Package layout::

    analyze.py        analyze(): checks, dispatch, summary figures
    sigma.py          within sigma (R-bar/d2, S-bar/c4, pooled, MR-bar/d2) and its dof
    indices.py        index formulas and expected parts per million
    intervals.py      chi-square, Bissell and Boyles confidence intervals
    distributions.py  Anderson-Darling, distribution fitting, Box-Cox
    result.py         frozen result dataclasses

References
----------
.. [1] Montgomery, D. C. (2019). *Introduction to Statistical Quality Control*, 8th ed.,
   Wiley, chapter 8.
.. [2] ISO 22514-2:2017, *Statistical methods in process management -- Capability and
   performance -- Part 2*.
.. [3] NIST/SEMATECH e-Handbook of Statistical Methods, section 6.1.6.
"""

from qualicert.toolbox.capability.analyze import SIGMA_SHIFT, analyze
from qualicert.toolbox.capability.result import (
    BoxCoxTransform,
    CapabilityResult,
    ConfidenceInterval,
    DistributionFit,
    NormalityTest,
    PartsPerMillion,
)

__all__ = [
    "SIGMA_SHIFT",
    "BoxCoxTransform",
    "CapabilityResult",
    "ConfidenceInterval",
    "DistributionFit",
    "NormalityTest",
    "PartsPerMillion",
    "analyze",
]
