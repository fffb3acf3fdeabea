"""``analyze``: process capability and performance of one characteristic."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualicert.toolbox.capability import distributions as dists
from qualicert.toolbox.capability import indices
from qualicert.toolbox.capability._checks import choice, groups_of, spec_limits
from qualicert.toolbox.capability.result import (
    BoxCoxTransform,
    CapabilityResult,
    PartsPerMillion,
)
from qualicert.toolbox.capability.sigma import within_sigma

__all__ = ["SIGMA_SHIFT", "analyze"]

SIGMA_SHIFT = 1.5
"""Conventional long-term shift (in sigma) between Z.bench overall and the sigma level."""

_INDEX_FIELDS = (("cp", "cpk", "cpl", "cpu", "cpm"), ("pp", "ppk", "ppl", "ppu", "ppm"))


def analyze(
    data: ArrayLike,
    lsl: float | None = None,
    usl: float | None = None,
    target: float | None = None,
    subgroup_size: int = 1,
    within: Literal["auto", "range", "sd", "pooled"] = "auto",
    *,
    transform: Literal["boxcox"] | None = None,
    boxcox_lambda: float | None = None,
    method: Literal["normal", "percentile"] = "normal",
    distribution: Literal["auto", "normal", "lognormal", "weibull", "gamma"] = "auto",
) -> CapabilityResult:
    """Capability (Cp, Cpk, ...) and performance (Pp, Ppk, ...) indices of a process.

    Parameters
    ----------
    data : array_like
        Measurements in time order: 1-D (cut into consecutive subgroups of
        ``subgroup_size``) or 2-D with one subgroup per row.
    lsl, usl : float, optional
        Lower and upper specification limits; at least one, and ``lsl < usl``.
    target : float, optional
        Target value for Cpm and Ppm; defaults to the midpoint of two limits.
    subgroup_size : int
        Values per subgroup; 1 for individual values (the within sigma then comes from
        the moving ranges of consecutive values).
    within : {"auto", "range", "sd", "pooled"}
        Within-subgroup sigma: R-bar/d2, S-bar/c4 or the pooled standard deviation / c4.
        ``"auto"`` takes the range for subgroups of up to 10 values and S-bar/c4 above
        (Montgomery, section 6.3). Individuals accept only "auto" and "range".
    transform : {"boxcox"}, optional
        Transform data, limits and target by Box-Cox before a normal analysis.
    boxcox_lambda : float, optional
        Fixed Box-Cox lambda; estimated by maximum likelihood when omitted.
    method : {"normal", "percentile"}
        ``"percentile"`` is the ISO 22514-2 percentile method on a fitted distribution.
    distribution : {"auto", "normal", "lognormal", "weibull", "gamma"}
        Distribution for the percentile method; "auto" picks the smallest
        Anderson-Darling statistic.

    Returns
    -------
    CapabilityResult

    Raises
    ------
    ValueError
        Non-finite data, fewer than 2 values or subgroups, a length not divisible by
        ``subgroup_size``, zero variance, no limit, ``lsl >= usl``, an unknown option,
        or non-positive data or limits for Box-Cox.

    References
    ----------
    .. [1] Montgomery, D. C. (2019). *Introduction to Statistical Quality Control*, 8th
       ed., Wiley, chapter 8.
    .. [2] ISO 22514-2:2017, process capability and performance of time-dependent process
       models.
    .. [3] NIST/SEMATECH e-Handbook of Statistical Methods, section 6.1.6.

    Examples
    --------
    >>> r = analyze([9.9, 10.1, 10.0, 10.2, 9.8, 10.0], lsl=9.0, usl=11.0)
    >>> round(r.pp, 3)
    2.357
    """
    _check_options(within, transform, method, distribution)
    groups = groups_of(data, subgroup_size)
    low, high, aim = spec_limits(lsl, usl, target)
    if aim is None and low is not None and high is not None:
        aim = (low + high) / 2.0
    resolved = _resolve_within(within, groups.shape[1])
    x = groups.ravel()
    common: dict[str, Any] = {
        "n": int(x.size),
        "subgroup_size": int(groups.shape[1]),
        "n_subgroups": int(groups.shape[0]),
        "lsl": low,
        "usl": high,
        "target": aim,
        "normality": dists.normality_test(x),
        "observed_ppm": _observed(x, low, high),
        "transform": None,
        "fit": None,
    }
    if transform == "boxcox":
        fields = _boxcox(groups, resolved, (low, high, aim), boxcox_lambda)
    elif method == "percentile":
        fields = _percentile(groups, resolved, (low, high), distribution)
    else:
        fields = _normal(groups, resolved, (low, high, aim))
        fields["method"] = "normal"
    return CapabilityResult(**_summary({**common, **fields}))


def _check_options(within: str, transform: str | None, method: str, distribution: str) -> None:
    choice("within", within, ("auto", "range", "sd", "pooled"))
    choice("transform", transform, (None, "boxcox"))
    choice("method", method, ("normal", "percentile"))
    choice("distribution", distribution, ("auto", *dists.DISTRIBUTIONS))
    if transform is not None and method != "normal":
        raise ValueError(
            f"transform {transform!r} cannot be combined with method {method!r}; "
            "use method='normal' with a transform, or no transform"
        )


def _resolve_within(within: str, size: int) -> str:
    if size == 1:
        if within not in ("auto", "range"):
            raise ValueError(
                f"within {within!r} needs subgroups (subgroup_size >= 2); individual values "
                "allow 'auto' or 'range' (moving range)"
            )
        return "moving range"
    if within == "auto":
        return "range" if size <= 10 else "sd"
    return within


def _observed(x: NDArray[np.float64], lsl: float | None, usl: float | None) -> PartsPerMillion:
    below = float(np.count_nonzero(x < lsl)) / x.size * 1e6 if lsl is not None else None
    above = float(np.count_nonzero(x > usl)) / x.size * 1e6 if usl is not None else None
    return PartsPerMillion(below, above, (below or 0.0) + (above or 0.0))


def _normal(
    groups: NDArray[np.float64],
    within: str,
    spec: tuple[float | None, float | None, float | None],
) -> dict[str, Any]:
    """Fields of a normal-theory analysis of ``groups`` against ``spec``."""
    lsl, usl, _ = spec
    x = groups.ravel()
    estimate = within_sigma(groups, within)
    if estimate.sigma == 0.0:
        raise ValueError(
            "the within-subgroup variation is zero (every subgroup is constant); "
            "capability needs within variation, or use subgroup_size=1"
        )
    mean, overall = float(np.mean(x)), float(np.std(x, ddof=1))
    fields: dict[str, Any] = {
        "mean": mean,
        "sigma_within": estimate.sigma,
        "sigma_overall": overall,
        "within_method": estimate.method,
        "dof_within": estimate.dof,
        "expected_ppm_within": indices.normal_ppm(mean, estimate.sigma, lsl, usl),
        "expected_ppm_overall": indices.normal_ppm(mean, overall, lsl, usl),
    }
    within_indices = indices.normal_indices(mean, estimate.sigma, *spec)
    fields.update(zip(_INDEX_FIELDS[0], within_indices, strict=True))
    fields.update(zip(_INDEX_FIELDS[1], indices.normal_indices(mean, overall, *spec), strict=True))
    return fields


def _boxcox(
    groups: NDArray[np.float64],
    within: str,
    spec: tuple[float | None, float | None, float | None],
    lmbda: float | None,
) -> dict[str, Any]:
    if not bool(np.min(groups) > 0.0):
        raise ValueError(
            f"transform='boxcox' needs positive data; the smallest value is "
            f"{float(np.min(groups))!r}"
        )
    y, lam = dists.boxcox(groups.ravel(), lmbda)
    names = ("lsl", "usl", "target")
    scaled = tuple(dists.boxcox_value(v, lam, n) for n, v in zip(names, spec, strict=True))
    new_spec = (scaled[0], scaled[1], scaled[2])
    fields = _normal(y.reshape(groups.shape), within, new_spec)
    normality = dists.normality_test(y)
    fields["transform"] = BoxCoxTransform(lam, *new_spec, normality=normality)
    fields["method"] = "boxcox"
    return fields


def _percentile(
    groups: NDArray[np.float64],
    within: str,
    spec: tuple[float | None, float | None],
    distribution: str,
) -> dict[str, Any]:
    x = groups.ravel()
    fit = dists.fit_distribution(x, distribution)
    estimate = within_sigma(groups, within)
    fields: dict[str, Any] = {
        "method": "percentile",
        "fit": fit,
        "mean": float(np.mean(x)),
        "sigma_within": estimate.sigma,
        "sigma_overall": float(np.std(x, ddof=1)),
        "within_method": estimate.method,
        "dof_within": estimate.dof,
        "expected_ppm_within": None,
        "expected_ppm_overall": indices.ppm_from_model(dists.frozen(fit), *spec),
    }
    fields.update(dict.fromkeys(_INDEX_FIELDS[0]))
    fields.update(zip(_INDEX_FIELDS[1], indices.percentile_indices(fit, *spec), strict=True))
    return fields


def _summary(fields: dict[str, Any]) -> dict[str, Any]:
    """Add DPMO, yield, Z.bench and sigma level from the expected parts per million."""
    overall = fields["expected_ppm_overall"]
    within = fields["expected_ppm_within"]
    z_overall = indices.z_bench(overall)
    fields.update(
        dpmo=overall.total,
        yield_fraction=1.0 - overall.total / 1e6,
        z_bench_within=indices.z_bench(within) if within is not None else None,
        z_bench_overall=z_overall,
        sigma_level=z_overall + SIGMA_SHIFT,
        sigma_shift=SIGMA_SHIFT,
    )
    return fields
