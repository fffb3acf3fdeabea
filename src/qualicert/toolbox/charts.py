"""Render control charts, Pareto charts and capability histograms to PNG or SVG.

matplotlib is imported inside the functions (never at import time), so the rest of the
toolbox runs without it. Figures are built with ``matplotlib.figure.Figure`` directly (no
pyplot state), so rendering is safe in a web server; SVG output carries no date and fixed ids,
so the same input gives the same bytes.

A control chart shows the plotted statistic, the centre line, the control limits (stepped
where they vary), dotted zone lines at 1 and 2 standard errors, stage boundaries, and points
flagged by the run rules in red with the rule labels written above them.

References
----------
.. [1] ISO 7870-1:2019, *Control charts -- Part 1: General guidelines*.
.. [2] Montgomery, D. C. (2019). *Introduction to Statistical Quality Control*, 8th ed.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualicert.toolbox.spc import ChartPair, ControlChart, CusumChart

__all__ = ["render", "render_capability", "render_pareto", "save"]

_FORMATS = ("png", "svg")
_MAX_LABELS = 60
_TITLES = {
    "xbar": "X-bar chart",
    "r": "R chart",
    "s": "S chart",
    "individuals": "Individuals chart",
    "moving_range": "Moving-range chart",
    "p": "p chart",
    "np": "np chart",
    "c": "c chart",
    "u": "u chart",
    "laney_p": "Laney p' chart",
    "laney_u": "Laney u' chart",
    "ewma": "EWMA chart",
    "cusum": "CUSUM chart",
}


def _format(fmt: str) -> str:
    if fmt not in _FORMATS:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(_FORMATS)}")
    return fmt


def _figure(rows: int, width: float = 9.0, height: float = 3.6) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height * rows), layout="constrained")


def _to_bytes(fig: Any, fmt: str) -> bytes:
    import matplotlib

    buf = io.BytesIO()
    meta = {"Date": None} if fmt == "svg" else {"Software": None}
    with matplotlib.rc_context({"svg.hashsalt": "qualicert", "svg.fonttype": "none"}):
        fig.savefig(buf, format=fmt, metadata=meta, dpi=110)
    return buf.getvalue()


def _line(ax: Any, x: NDArray[np.float64], y: Any, **style: Any) -> None:
    """A horizontal line for a scalar, a stepped line for per-point values."""
    values = np.broadcast_to(np.asarray(y, dtype=np.float64), x.shape)
    if values.size == 0 or (values == values[0]).all():
        ax.axhline(float(values[0]) if values.size else 0.0, **style)
    else:
        ax.step(x, values, where="mid", **style)


def _label_limits(ax: Any, chart: ControlChart) -> None:
    for name, value in (("UCL", chart.ucl), ("CL", chart.center), ("LCL", chart.lcl)):
        last = float(np.asarray(value).ravel()[-1])
        ax.annotate(
            f"{name} {last:.4g}", xy=(1.0, last), xycoords=("axes fraction", "data"),
            xytext=(4, 0), textcoords="offset points", va="center", fontsize=8,
        )  # fmt: skip


def _zones(ax: Any, x: NDArray[np.float64], chart: ControlChart) -> None:
    lcl = np.broadcast_to(chart.lcl, x.shape)
    ucl = np.broadcast_to(chart.ucl, x.shape)
    for k in (1.0, 2.0):
        for line in chart.zone(k):
            _line(ax, x, np.clip(line, lcl, ucl), color="0.6", linestyle=":", linewidth=0.8)


def _flags(ax: Any, x: NDArray[np.float64], chart: ControlChart) -> None:
    flagged = chart.flagged
    if not flagged:
        return
    pos = chart.locate(np.fromiter(flagged, dtype=np.intp))
    y = chart.statistic[pos]
    if isinstance(chart, CusumChart):  # a lower-sum signal is drawn at -C-
        y = np.where(chart.lower[pos] > chart.ucl, -chart.lower[pos], y)
    ax.plot(x[pos], y, "o", color="tab:red", markersize=6, zorder=4)
    for p, yy, rules in list(zip(pos, y, flagged.values(), strict=False))[:_MAX_LABELS]:
        ax.annotate(",".join(rules), (x[p], yy), xytext=(0, 6), textcoords="offset points",
                    ha="center", fontsize=7, color="tab:red")  # fmt: skip


def _stages(ax: Any, chart: ControlChart) -> None:
    if len(chart.stages) < 2:
        return
    for st in chart.stages:
        ax.axvline(st.start + 0.5, color="0.4", linestyle="--", linewidth=0.8)
        ax.annotate(st.label, xy=(st.start + 1, 1.0), xycoords=("data", "axes fraction"),
                    xytext=(2, -10), textcoords="offset points", fontsize=8)  # fmt: skip


def _draw(ax: Any, chart: ControlChart, title: str | None) -> None:
    x = chart.index.astype(np.float64) + 1.0
    ax.plot(x, chart.statistic, "-o", color="tab:blue", markersize=3, linewidth=1)
    if isinstance(chart, CusumChart):
        ax.plot(x, -chart.lower, "-o", color="tab:purple", markersize=3, linewidth=1)
    elif chart.kind != "ewma":
        _zones(ax, x, chart)
    _line(ax, x, chart.center, color="tab:green", linewidth=1)
    for limit in (chart.lcl, chart.ucl):
        _line(ax, x, limit, color="tab:red", linestyle="--", linewidth=1)
    _flags(ax, x, chart)
    _stages(ax, chart)
    _label_limits(ax, chart)
    ax.set_title(title or _TITLES.get(chart.kind, chart.kind), fontsize=10)
    ax.set_xlabel("sample")
    ax.grid(alpha=0.2)


def render(
    result: ControlChart | ChartPair, fmt: str = "png", *, title: str | None = None
) -> bytes:
    """Draw a control chart (or an X-bar/R, X-bar/S or I-MR pair) and return PNG or SVG bytes.

    Parameters
    ----------
    result : ControlChart or ChartPair
        A result of :mod:`qualicert.toolbox.spc`.
    fmt : {"png", "svg"}
        Output format.
    title : str, optional
        Title of the (first) chart; the chart's kind by default.
    """
    fmt = _format(fmt)
    charts = result.charts if isinstance(result, ChartPair) else (result,)
    fig = _figure(len(charts))
    axes = fig.subplots(len(charts), 1, squeeze=False, sharex=True)[:, 0]
    for i, (ax, chart) in enumerate(zip(axes, charts, strict=True)):
        _draw(ax, chart, title if i == 0 else None)
    return _to_bytes(fig, fmt)


def save(
    result: ControlChart | ChartPair, path: str | os.PathLike[str], *, title: str | None = None
) -> None:
    """Render ``result`` to ``path``; the format comes from the suffix (``.png`` or ``.svg``)."""
    suffix = os.fspath(path).rsplit(".", 1)[-1].lower()
    data = render(result, _format(suffix), title=title)
    with open(path, "wb") as fh:
        fh.write(data)


def render_pareto(
    categories: Sequence[str],
    counts: ArrayLike,
    fmt: str = "png",
    *,
    title: str = "Pareto chart",
    threshold: float | None = 0.8,
    ylabel: str = "count",
) -> bytes:
    """Pareto chart: bars in the order given (sort them first) and the cumulative percentage.

    ``threshold`` draws a horizontal reference line on the cumulative axis: a fraction (0.8,
    the default) or a percentage (80); ``None`` for none.
    """
    fmt = _format(fmt)
    names = [str(c) for c in categories]
    values = np.asarray(counts, dtype=np.float64)
    if values.shape != (len(names),) or not names:
        raise ValueError(f"counts has shape {values.shape}; it must give one count per category")
    if not np.isfinite(values).all() or (values < 0).any() or values.sum() <= 0:
        raise ValueError("counts must be finite, >= 0 and not all 0")
    fig = _figure(1, height=4.2)
    ax = fig.subplots()
    pos = np.arange(len(names))
    ax.bar(pos, values, color="tab:blue")
    ax.set_xticks(
        pos, names, rotation=45 if len(names) > 6 else 0, ha="right" if len(names) > 6 else "center"
    )
    ax.set_ylabel(ylabel)
    share = ax.twinx()
    share.plot(pos, 100.0 * np.cumsum(values) / values.sum(), "-o", color="tab:red", markersize=3)
    share.set_ylim(0, 105)
    share.set_ylabel("cumulative %")
    if threshold is not None:
        level = float(threshold) * (100.0 if float(threshold) <= 1 else 1.0)
        share.axhline(level, color="0.5", linestyle="--", linewidth=0.8)
    ax.set_title(title, fontsize=10)
    return _to_bytes(fig, fmt)


def _normal_curves(
    ax: Any, x: NDArray[np.float64], grid: NDArray[np.float64], within: float | None
) -> None:
    mean = float(x.mean())
    for sd, style, name in ((float(x.std(ddof=1)), "-", "overall"), (within, "--", "within")):
        if sd is not None and sd > 0:
            pdf = np.exp(-0.5 * ((grid - mean) / sd) ** 2) / (sd * np.sqrt(2 * np.pi))
            ax.plot(grid, pdf, style, color="0.15", linewidth=1, label=f"normal ({name})")


def _spec_lines(ax: Any, lsl: float | None, usl: float | None, target: float | None) -> None:
    marks = (
        ("LSL", lsl, "tab:red", "--"),
        ("USL", usl, "tab:red", "--"),
        ("target", target, "tab:green", "-"),
    )
    for name, value, color, style in marks:
        if value is None:
            continue
        ax.axvline(float(value), color=color, linestyle=style)
        ax.annotate(
            name, xy=(float(value), 1.0), xycoords=("data", "axes fraction"), xytext=(2, -10),
            textcoords="offset points", fontsize=8, color=color,
        )  # fmt: skip


def render_capability(
    data: ArrayLike,
    lsl: float | None = None,
    usl: float | None = None,
    target: float | None = None,
    fmt: str = "png",
    *,
    sigma_within: float | None = None,
    title: str = "Process capability",
    bins: int | str = "auto",
) -> bytes:
    """Capability histogram with fitted normal curves and the specification limits.

    The overall curve uses the sample standard deviation; a within curve is drawn when
    ``sigma_within`` is given. LSL and USL are red dashed lines, the target a green line.
    """
    fmt = _format(fmt)
    x = np.asarray(data, dtype=np.float64).ravel()
    if x.size < 2 or not np.isfinite(x).all():
        raise ValueError(f"data must hold at least 2 finite values; got {x.size} values")
    fig = _figure(1, height=4.2)
    ax = fig.subplots()
    ax.hist(x, bins=bins, density=True, color="tab:blue", alpha=0.45, edgecolor="white")
    marks = [float(v) for v in (lsl, usl, target) if v is not None]
    lo, hi = min(float(x.min()), *marks), max(float(x.max()), *marks)
    span = hi - lo or 1.0
    _normal_curves(ax, x, np.linspace(lo - 0.1 * span, hi + 0.1 * span, 400), sigma_within)
    _spec_lines(ax, lsl, usl, target)
    ax.legend(fontsize=8)
    ax.set_title(title, fontsize=10)
    return _to_bytes(fig, fmt)
