"""Result types of a capability study.

The result is a frozen dataclass, like scipy's ``BinomTestResult``: the point estimates are
fields, and :meth:`CapabilityResult.ci` computes a confidence interval on demand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from qualicert.toolbox.capability import intervals

__all__ = [
    "BoxCoxTransform",
    "CapabilityResult",
    "ConfidenceInterval",
    "DistributionFit",
    "NormalityTest",
    "PartsPerMillion",
]

INDEX_NAMES = ("cp", "cpk", "cpl", "cpu", "cpm", "pp", "ppk", "ppl", "ppu", "ppm")


@dataclass(frozen=True)
class ConfidenceInterval:
    """A two-sided confidence interval.

    Attributes
    ----------
    low, high : float
        Lower and upper confidence limits.
    confidence_level : float
        Confidence level of the interval, for example 0.95.
    """

    low: float
    high: float
    confidence_level: float


@dataclass(frozen=True)
class PartsPerMillion:
    """Nonconforming fraction in parts per million.

    Attributes
    ----------
    below : float or None
        Parts per million below the lower specification (None without an LSL).
    above : float or None
        Parts per million above the upper specification (None without a USL).
    total : float
        Sum of the defined sides.
    """

    below: float | None
    above: float | None
    total: float


@dataclass(frozen=True)
class NormalityTest:
    """Anderson-Darling test of normality (mean and standard deviation estimated).

    Attributes
    ----------
    statistic : float
        The Anderson-Darling statistic A².
    p_value : float
        p-value from the modified statistic A²(1 + 0.75/n + 2.25/n²) and the piecewise
        formulas of D'Agostino and Stephens (1986), Table 4.9.
    n : int
        Number of observations tested.
    """

    statistic: float
    p_value: float
    n: int


@dataclass(frozen=True)
class DistributionFit:
    """The distribution fitted for the percentile method (ISO 22514-2).

    Attributes
    ----------
    name : str
        ``"normal"``, ``"lognormal"``, ``"weibull"`` or ``"gamma"``.
    params : tuple of float
        scipy.stats parameters of the fit (shape parameters, then loc and scale), by
        maximum likelihood with loc fixed at 0 for lognormal, Weibull and gamma.
    ad_statistic : float
        Anderson-Darling statistic of the data against the fitted distribution.
    candidates : tuple of (str, float)
        Every distribution that was fitted and its Anderson-Darling statistic; the one
        with the smallest statistic is chosen when ``distribution="auto"``.
    q_low, q_median, q_high : float
        The 0.135 %, 50 % and 99.865 % quantiles of the fitted distribution.
    """

    name: str
    params: tuple[float, ...]
    ad_statistic: float
    candidates: tuple[tuple[str, float], ...]
    q_low: float
    q_median: float
    q_high: float


@dataclass(frozen=True)
class BoxCoxTransform:
    """The Box-Cox transformation applied before a normal-theory analysis.

    Attributes
    ----------
    lmbda : float
        The transformation parameter (maximum likelihood unless given).
    lsl, usl, target : float or None
        Specification limits and target on the transformed scale.
    normality : NormalityTest
        Anderson-Darling test of the transformed data.
    """

    lmbda: float
    lsl: float | None
    usl: float | None
    target: float | None
    normality: NormalityTest


@dataclass(frozen=True)
class CapabilityResult:
    """Process capability (within) and performance (overall) of one characteristic.

    Means, standard deviations and indices are on the analysed scale: the data's own
    scale, or the Box-Cox scale when ``transform`` is set. Indices that a one-sided
    specification leaves undefined are None; with ``method="percentile"`` the within
    indices (Cp, Cpk, Cpl, Cpu, Cpm) and Ppm are None, because ISO 22514-2's percentile
    method estimates performance from the fitted distribution of all the data.

    Attributes
    ----------
    n, subgroup_size, n_subgroups : int
        Number of values, values per subgroup (1 for individuals), number of subgroups.
    lsl, usl, target : float or None
        Specification limits and target as given (original scale).
    method : str
        ``"normal"``, ``"boxcox"`` or ``"percentile"``.
    within_method : str
        ``"range"`` (R-bar/d2), ``"sd"`` (S-bar/c4), ``"pooled"`` (pooled sd / c4) or
        ``"moving range"`` (MR-bar/d2(2) for individuals).
    mean : float
        Grand mean.
    sigma_within : float
        Within-subgroup (short-term) standard deviation.
    sigma_overall : float
        Sample standard deviation of all values (long-term).
    dof_within : float
        Effective degrees of freedom of ``sigma_within`` (Patnaik's chi-square
        approximation), used by the within confidence intervals.
    cp, cpk, cpl, cpu, cpm : float or None
        Capability indices from ``sigma_within``.
    pp, ppk, ppl, ppu, ppm : float or None
        Performance indices from ``sigma_overall`` (or from the fitted percentiles).
    expected_ppm_within : PartsPerMillion or None
        Expected nonconforming parts per million from the within normal model.
    expected_ppm_overall : PartsPerMillion
        Expected nonconforming parts per million from the overall model.
    observed_ppm : PartsPerMillion
        Nonconforming parts per million counted in the data.
    dpmo : float
        Defects per million opportunities, one opportunity per unit (the expected
        overall total).
    yield_fraction : float
        Expected conforming fraction, ``1 - dpmo / 1e6``.
    z_bench_within, z_bench_overall : float or None
        Benchmark Z: the standard normal quantile of the expected total conforming
        fraction, within and overall.
    sigma_level : float
        Six Sigma "process sigma": ``z_bench_overall + sigma_shift``.
    sigma_shift : float
        The conventional 1.5 sigma long-term shift added to obtain ``sigma_level``
        (3.4 DPMO is a sigma level of 6).
    normality : NormalityTest
        Anderson-Darling normality test of the data on the original scale.
    transform : BoxCoxTransform or None
        The Box-Cox transformation, when one was applied.
    fit : DistributionFit or None
        The fitted distribution, for the percentile method.
    """

    n: int
    subgroup_size: int
    n_subgroups: int
    lsl: float | None
    usl: float | None
    target: float | None
    method: str
    within_method: str
    mean: float
    sigma_within: float
    sigma_overall: float
    dof_within: float
    cp: float | None
    cpk: float | None
    cpl: float | None
    cpu: float | None
    cpm: float | None
    pp: float | None
    ppk: float | None
    ppl: float | None
    ppu: float | None
    ppm: float | None
    expected_ppm_within: PartsPerMillion | None
    expected_ppm_overall: PartsPerMillion
    observed_ppm: PartsPerMillion
    dpmo: float
    yield_fraction: float
    z_bench_within: float | None
    z_bench_overall: float
    sigma_level: float
    sigma_shift: float
    normality: NormalityTest
    transform: BoxCoxTransform | None
    fit: DistributionFit | None

    def ci(
        self,
        index: str,
        confidence_level: float = 0.95,
        dof: Literal["effective", "n-1"] = "effective",
    ) -> ConfidenceInterval:
        """Confidence interval for one index, assuming normality on the analysed scale.

        Cp and Pp use the chi-square interval, Cpk, Cpl, Cpu, Ppk, Ppl and Ppu Bissell's
        normal approximation, Cpm and Ppm Boyles' chi-square approximation (Montgomery,
        section 8.3.5; NIST e-Handbook 6.1.6). Overall indices use ``n - 1`` degrees of
        freedom. Within indices use ``dof_within`` by default, or ``n - 1`` with
        ``dof="n-1"`` (as R's qcc and the textbook formulas do).

        Parameters
        ----------
        index : str
            One of cp, cpk, cpl, cpu, cpm, pp, ppk, ppl, ppu, ppm (any case).
        confidence_level : float
            Between 0 and 1 (exclusive).
        dof : {"effective", "n-1"}
            Degrees of freedom of the within standard deviation.

        Returns
        -------
        ConfidenceInterval

        Raises
        ------
        ValueError
            For an unknown index, an undefined index, a level outside (0, 1), an unknown
            ``dof`` or a percentile-method result (no normal theory applies).
        """
        name = _index_name(index)
        estimate = self._estimate(name)
        if dof not in ("effective", "n-1"):
            raise ValueError(f"dof {dof!r} is not one of 'effective', 'n-1'")
        overall = name.startswith("pp")
        nu = float(self.n - 1) if overall or dof == "n-1" else self.dof_within
        sigma = self.sigma_overall if overall else self.sigma_within
        target = self.transform.target if self.transform is not None else self.target
        low, high = intervals.interval(
            name[2:], estimate, self.n, nu, (self.mean, sigma, target), confidence_level
        )
        return ConfidenceInterval(low, high, confidence_level)

    def _estimate(self, name: str) -> float:
        if self.method == "percentile":
            raise ValueError(
                f"no confidence interval for {name!r} with method 'percentile'; "
                "intervals are available for methods 'normal' and 'boxcox'"
            )
        value: float | None = getattr(self, name)
        if value is None:
            raise ValueError(f"index {name!r} is undefined for this specification")
        return value


def _index_name(index: str) -> str:
    name = str(index).lower()
    if name not in INDEX_NAMES:
        raise ValueError(f"index {index!r} is not one of {', '.join(INDEX_NAMES)}")
    return name
