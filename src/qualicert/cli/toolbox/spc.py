"""``qualicert toolbox spc``: a control chart from a CSV or XLSX column."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from numpy.typing import NDArray

from qualicert.cli._common import console, readable_errors
from qualicert.cli.toolbox._io import Table, read_table
from qualicert.cli.toolbox._report import check_out, print_json, table, write_chart
from qualicert.toolbox import charts, spc
from qualicert.toolbox.spc import ChartPair, ControlChart
from qualicert.web import toolbox_calls as calls
from qualicert.web.results import refusals

CHART_HELP = "xbar-r, xbar-s, imr, p, np, c, u, ewma, cusum, laney-p or laney-u."
SPC_FIELDS = {
    "data": "column", "values": "column", "counts": "column", "defectives": "column",
    "sizes": "size", "size": "size", "stages": "stage-column", "subgroup": "subgroup-size",
    "exclude": "exclude", "rules": "rules", "center": "center", "sigma": "sigma", "lam": "lam",
    "k": "k", "h": "h",
}  # fmt: skip


def _subgroups(
    values: NDArray[np.float64], by: list[str] | None, size: int | None
) -> list[NDArray[np.float64]] | NDArray[np.float64]:
    """Rows cut into subgroups by a label column or into runs of ``size`` values."""
    if by is not None:
        return spc.group(values, np.asarray(by))
    if size is None:
        return values
    if size < 1 or values.size % size:
        raise ValueError(
            f"{values.size} values are not divisible by subgroup size {size}; "
            "every subgroup must be complete"
        )
    return values.reshape(-1, size)


def _first_rows(by: list[str] | None, size: int | None, n: int) -> NDArray[np.intp]:
    """The row of each plotted point's first value (to read per-point columns such as stages)."""
    if by is not None:
        _, first = np.unique(np.asarray(by), return_index=True)
        return np.sort(first)
    return np.arange(0, n, size or 1)


def _inputs(
    chart: str, tab: Table, column: str, by: str | None, size: int | None
) -> tuple[dict[str, Any], NDArray[np.intp]]:
    """``data`` or ``counts`` for :func:`calls.control_chart`, and the first row of each point."""
    values = tab.numbers(column)
    if chart in calls.ATTRIBUTE_CHARTS:
        return {"counts": values}, np.arange(values.size)
    labels = tab.labels(by) if by is not None else None
    if chart in calls.SUBGROUP_CHARTS and labels is None and size is None:
        raise ValueError(f"the {chart} chart needs --subgroup-column or --subgroup-size")
    data = _subgroups(values, labels, size) if chart != "imr" else values
    return {"data": data}, _first_rows(labels, size if chart != "imr" else 1, values.size)


def _sizes(tab: Table, size_column: str | None, size: float | None) -> Any:
    if size_column is not None:
        return tab.numbers(size_column)
    return size


def _limits_rows(result: ControlChart | ChartPair) -> list[tuple[Any, ...]]:
    parts = result.charts if isinstance(result, ChartPair) else (result,)
    return [(c.kind, c.center, c.lcl, c.ucl, c.sigma, c.statistic.size) for c in parts]


def _report(result: ControlChart | ChartPair, title: str) -> None:
    console.print(f"[bold]{title}[/bold], phase {result.phase}")
    table("limits", ("chart", "center", "LCL", "UCL", "sigma", "points"), _limits_rows(result))
    parts = result.charts if isinstance(result, ChartPair) else (result,)
    flagged = sorted(
        (index + 1, chart.kind, ", ".join(rules))
        for chart in parts
        for index, rules in chart.flagged.items()
    )
    if not flagged:
        console.print("no point is out of control")
        return
    rows = [(str(point), kind, rules) for point, kind, rules in flagged]
    table(
        "out-of-control points (from 1)",
        ("point", "chart", "rules"),
        rows,
    )


def _points(specs: list[str] | None) -> list[int] | None:
    """``["3", "26-40"]`` as 0-based indices ``[2, 25, ..., 39]``."""
    if not specs:
        return None
    out: list[int] = []
    for spec in specs:
        first, _, last = spec.partition("-")
        if not (first.strip().isdigit() and (not last or last.strip().isdigit())):
            raise ValueError(f"exclude {spec!r} is not a point number or a range like 26-40")
        out.extend(range(int(first) - 1, int(last or first)))
    return out


@readable_errors
def spc_command(
    file: Annotated[Path, typer.Argument(help="CSV or XLSX file, one row per value.")],
    chart: Annotated[str, typer.Option(help=CHART_HELP)],
    column: Annotated[
        str, typer.Option(help="Values, defectives or counts (name or 1-based position).")
    ],
    subgroup_column: Annotated[str | None, typer.Option(help="Subgroup label of each row.")] = None,
    subgroup_size: Annotated[
        int | None, typer.Option(help="Consecutive rows per subgroup.")
    ] = None,
    size_column: Annotated[
        str | None, typer.Option(help="Sample size of each row (p, np, u, Laney).")
    ] = None,
    size: Annotated[float | None, typer.Option(help="One sample size for every row.")] = None,
    stage_column: Annotated[
        str | None, typer.Option(help="Stage label; each stage gets its own limits.")
    ] = None,
    rules: Annotated[str | None, typer.Option(help="nelson, western-electric or limits.")] = None,
    nsigmas: Annotated[float | None, typer.Option(help="Limit width in sigmas (3).")] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(help="Point (from 1) or range (26-40) left out of the estimates; repeatable."),
    ] = None,
    reestimate: Annotated[
        bool, typer.Option(help="Drop out-of-limit points and estimate again.")
    ] = False,
    center: Annotated[float | None, typer.Option(help="Phase II centre (CUSUM target).")] = None,
    sigma: Annotated[float | None, typer.Option(help="Phase II sigma (sigma_z for Laney).")] = None,
    lam: Annotated[float | None, typer.Option(help="EWMA weight (0.2).")] = None,
    k: Annotated[float | None, typer.Option(help="CUSUM reference value in sigmas (0.5).")] = None,
    h: Annotated[float | None, typer.Option(help="CUSUM decision interval in sigmas (5).")] = None,
    sheet: Annotated[str | None, typer.Option(help="XLSX sheet (the first by default).")] = None,
    out: Annotated[
        Path | None, typer.Option(help="Write the chart to FILE.png or FILE.svg.")
    ] = None,
    title: Annotated[str | None, typer.Option(help="Chart title.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Control chart with limits and run-rule violations (Nelson or Western Electric)."""
    check_out(out)
    tab = read_table(file, sheet=sheet)
    with refusals(SPC_FIELDS):
        name = calls.chart_name(chart)
        inputs, first = _inputs(name, tab, column, subgroup_column, subgroup_size)
        stages = np.asarray(tab.texts(stage_column))[first] if stage_column else None
        options = {
            "stages": stages, "exclude": _points(exclude),
            "reestimate": reestimate or None, "center": center, "sigma": sigma,
            "nsigmas": nsigmas, "rules": rules, "lam": lam, "k": k, "h": h,
        }  # fmt: skip
        result = calls.control_chart(
            name, sizes=_sizes(tab, size_column, size), options=options, **inputs
        )
    if as_json:
        print_json(result)
    else:
        _report(result, title or f"{name} chart of {tab.name(column)!r} in {file.name}")
    write_chart(out, lambda fmt: charts.render(result, fmt, title=title))
