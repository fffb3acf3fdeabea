"""Measurement system analysis: gauge R&R and attribute agreement.

``gage_rr`` analyses a crossed study (every operator measures every part several times)
by two-way random-effects ANOVA, pooling the interaction when its p-value exceeds 0.25 as
AIAG MSA does, or by AIAG's average and range method. It reports the variance
components, %contribution, %study variation, %tolerance, the number of distinct
categories and AIAG's verdict. ``cohen_kappa`` and ``fleiss_kappa`` measure attribute
agreement beyond chance, with standard errors and z tests.

Package layout::

    gage_rr.py       gage_rr(): checks and dispatch
    _design.py       balanced crossed design check and reshape
    anova.py         sums of squares, F tests, pooling, variance components
    xbar_r.py        average and range method, K1/K2/K3
    result.py        variance components, percentages, ndc, verdict
    kappa.py         Cohen's and Fleiss' kappa (inputs in _kappa_input.py)

References
----------
.. [1] AIAG (2010). *Measurement Systems Analysis*, 4th ed., chapter III.
.. [2] Montgomery, D. C. (2019). *Introduction to Statistical Quality Control*, 8th ed.,
   section 8.7.
"""

from qualicert.toolbox.capability.result import ConfidenceInterval
from qualicert.toolbox.msa.anova import AnovaRow
from qualicert.toolbox.msa.gage_rr import gage_rr
from qualicert.toolbox.msa.kappa import CategoryKappa, KappaResult, cohen_kappa, fleiss_kappa
from qualicert.toolbox.msa.result import COMPONENTS, GageRRResult, VarianceComponent, verdict
from qualicert.toolbox.msa.xbar_r import AIAG_K1, AIAG_K2, AIAG_K3, AverageRange

__all__ = [
    "AIAG_K1",
    "AIAG_K2",
    "AIAG_K3",
    "COMPONENTS",
    "AnovaRow",
    "AverageRange",
    "CategoryKappa",
    "ConfidenceInterval",
    "GageRRResult",
    "KappaResult",
    "VarianceComponent",
    "cohen_kappa",
    "fleiss_kappa",
    "gage_rr",
    "verdict",
]
