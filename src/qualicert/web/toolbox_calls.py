"""How plain options map onto the toolbox functions: one place for the API and the CLI.

The HTTP API (``web/api/toolbox.py``) and the command line (``cli/toolbox/``) read their
input differently (JSON bodies, CSV and XLSX columns) and then call these functions, so the
same options give the same analysis. Nothing here computes: each function picks the toolbox
function, passes the options on and gathers what the report shows. A missing input raises
``ValueError`` naming it, as the toolbox itself does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike

from qualicert.toolbox import capability, sampling, spc
from qualicert.toolbox.spc import ChartPair, ControlChart
from qualicert.toolbox.trace import Genealogy, RecallScope, TraceResult

CHARTS = (
    "xbar_r", "xbar_s", "imr", "p", "np", "c", "u", "ewma", "cusum", "laney_p", "laney_u",
)  # fmt: skip
SUBGROUP_CHARTS = ("xbar_r", "xbar_s")
SIZED_CHARTS = ("p", "np", "u", "laney_p", "laney_u")
ATTRIBUTE_CHARTS = (*SIZED_CHARTS, "c")
DIRECTIONS = ("forward", "backward", "recall")
CAPABILITY_INDICES = ("cp", "cpk", "cpl", "cpu", "cpm", "pp", "ppk", "ppl", "ppu", "ppm")

_SHEWHART = ("stages", "exclude", "reestimate", "center", "sigma", "nsigmas", "rules")
_RATES = ("stages", "exclude", "reestimate", "center", "nsigmas", "rules")
_OPTIONS: dict[str, tuple[str, ...]] = {
    "xbar_r": _SHEWHART,
    "xbar_s": (*_SHEWHART, "sigma_method"),
    "imr": (*_SHEWHART, "span"),
    **dict.fromkeys(("p", "np", "c", "u"), _RATES),
    **dict.fromkeys(("laney_p", "laney_u"), (*_RATES, "sigma_z")),
    "ewma": ("center", "sigma", "exclude", "nsigmas", "lam", "asymptotic"),
    "cusum": ("target", "sigma", "exclude", "k", "h", "headstart"),
}
_FUNCTIONS: dict[str, Callable[..., ControlChart | ChartPair]] = {
    "xbar_r": spc.xbar_r, "xbar_s": spc.xbar_s, "imr": spc.imr,
    "p": spc.p_chart, "np": spc.np_chart, "c": spc.c_chart, "u": spc.u_chart,
    "laney_p": spc.laney_p, "laney_u": spc.laney_u, "ewma": spc.ewma, "cusum": spc.cusum,
}  # fmt: skip
# Options the API and CLI name alike for every chart, under the toolbox's names.
_RENAMED = {
    "laney_p": {"sigma": "sigma_z"},
    "laney_u": {"sigma": "sigma_z"},
    "cusum": {"center": "target"},
}


def chart_name(name: str) -> str:
    """``name`` in the API's spelling (``xbar-r`` and ``XBAR_R`` both give ``xbar_r``)."""
    key = name.strip().lower().replace("-", "_")
    if key not in CHARTS:
        allowed = ", ".join(CHARTS)
        raise ValueError(f"chart {name!r} is not one of {allowed} (or with '-' for '_')")
    return key


def rules_name(name: str) -> str:
    """``western-electric`` / ``we`` as the toolbox spells them."""
    key = name.strip().lower().replace("-", "_")
    return {"we": "western_electric"}.get(key, key)


def _need(value: Any, field: str, chart: str) -> Any:
    if value is None:
        raise ValueError(f"{field} is required for the {chart} chart")
    return value


def _options(chart: str, options: Mapping[str, Any] | None) -> dict[str, Any]:
    """The given options under the toolbox's names; one the chart does not take is refused."""
    renamed = _RENAMED.get(chart, {})
    inverse = {new: old for old, new in renamed.items()}
    allowed = [inverse.get(name, name) for name in _OPTIONS[chart]]
    given = {k: v for k, v in (options or {}).items() if v is not None}
    unused = sorted(set(given) - set(allowed))
    if unused:
        raise ValueError(
            f"{', '.join(unused)}: not an option of the {chart} chart; "
            f"its options are {', '.join(allowed)}"
        )
    if "rules" in given:
        given["rules"] = rules_name(str(given["rules"]))
    return {renamed.get(k, k): v for k, v in given.items()}


def control_chart(
    chart: str,
    *,
    data: ArrayLike | Sequence[ArrayLike] | None = None,
    counts: ArrayLike | None = None,
    sizes: ArrayLike | None = None,
    options: Mapping[str, Any] | None = None,
) -> ControlChart | ChartPair:
    """Draw ``chart`` (a name of :data:`CHARTS`) from measurements or counts.

    ``data`` holds the measurements (individual values, or subgroups for ``xbar_r``,
    ``xbar_s``, ``ewma`` and ``cusum``); ``counts`` and ``sizes`` the attribute counts and
    sample sizes. ``options`` are keywords of the toolbox function (``stages``, ``exclude``,
    ``reestimate``, ``center``, ``sigma``, ``nsigmas``, ``rules``, ``lam``, ``k``, ``h``,
    ``headstart``, ``span``, ``sigma_method``, ``asymptotic``); ``None`` values are dropped,
    ``sigma`` is passed as ``sigma_z`` to Laney charts and ``center`` as a CUSUM's ``target``.
    """
    chart = chart_name(chart)
    kwargs = _options(chart, options)
    function = _FUNCTIONS[chart]
    if chart == "c":
        return function(_need(counts, "counts", chart), **kwargs)
    if chart in SIZED_CHARTS:
        return function(_need(counts, "counts", chart), _need(sizes, "sizes", chart), **kwargs)
    return function(_need(data, "data", chart), **kwargs)


def capability_intervals(
    result: capability.CapabilityResult, confidence_level: float = 0.95
) -> dict[str, capability.ConfidenceInterval]:
    """The confidence interval of each index that has one (none for the percentile method)."""
    if result.method == "percentile":
        return {}
    return {
        name: result.ci(name, confidence_level)
        for name in CAPABILITY_INDICES
        if getattr(result, name) is not None
    }


def sampling_report(plan: sampling.SamplingPlan, quality: Sequence[float] = ()) -> dict[str, Any]:
    """The plan, its acceptance probability at the AQL and at ``quality``, and its AOQL.

    Qualities are fractions nonconforming (or nonconformities per item above AQL 10).
    """
    method: Literal["binomial", "poisson"] = "poisson" if plan.per_hundred_units else "binomial"
    aoql = None
    if not plan.hundred_percent:
        aoql = sampling.aoql(plan.sample_size, plan.ac, method=method, lot_size=plan.lot_size)
    points = np.asarray(quality, dtype=np.float64)
    return {
        "plan": plan,
        "method": method,
        "pa_at_aql": float(plan.probability_of_acceptance(plan.aql / 100.0)),
        "aoql": aoql,
        "oc": {"p": points, "pa": plan.probability_of_acceptance(points)},
    }


def trace(
    genealogy: Genealogy,
    direction: str,
    lots: Sequence[Any],
    shipped: Mapping[Any, Any] | None = None,
) -> TraceResult | RecallScope:
    """A forward or backward trace from one lot, or the recall scope of suspect lots."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction {direction!r} is not one of {', '.join(DIRECTIONS)}")
    if direction == "recall":
        return genealogy.recall_scope(list(lots), shipped=shipped)
    if len(lots) != 1:
        raise ValueError(f"a {direction} trace starts from one lot; got {len(lots)} lots")
    if direction == "forward":
        return genealogy.forward(lots[0])
    return genealogy.backward(lots[0])
