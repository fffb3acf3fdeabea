"""``qualicert toolbox capability``: Cp, Cpk, Pp, Ppk and PPM from a CSV or XLSX column."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, cast

import typer

from qualicert.cli._common import console, readable_errors
from qualicert.cli.toolbox._io import read_table
from qualicert.cli.toolbox._report import check_out, facts, print_json, table, write_chart
from qualicert.toolbox import capability, charts
from qualicert.web import toolbox_calls as calls
from qualicert.web.results import jsonable, refusals

FIELDS = ("lsl", "usl", "target", "subgroup_size", "within", "method", "transform", "data")


def _report(
    result: capability.CapabilityResult, intervals: dict[str, capability.ConfidenceInterval]
) -> None:
    console.print(
        f"[bold]process capability[/bold]: {result.n} values in {result.n_subgroups} "
        f"subgroups of {result.subgroup_size}, method {result.method}, "
        f"within sigma by {result.within_method}"
    )
    facts("process", {
        "LSL": result.lsl, "USL": result.usl, "target": result.target, "mean": result.mean,
        "sigma within": result.sigma_within, "sigma overall": result.sigma_overall,
        "normality p (Anderson-Darling)": result.normality.p_value,
    })  # fmt: skip
    rows = []
    for name in calls.CAPABILITY_INDICES:
        ci = intervals.get(name)
        rows.append((name.capitalize(), getattr(result, name), ci and ci.low, ci and ci.high))
    level = next(iter(intervals.values())).confidence_level if intervals else 0.95
    table("indices", ("index", "value", f"{level:.0%} low", "high"), rows)
    ppm = result.expected_ppm_overall
    facts("nonconforming", {
        "expected PPM below LSL": ppm.below, "expected PPM above USL": ppm.above,
        "expected PPM total": ppm.total,
        "observed PPM": result.observed_ppm.total, "yield": result.yield_fraction,
        "sigma level (Z.bench + 1.5)": result.sigma_level,
    })  # fmt: skip


@readable_errors
def capability_command(
    file: Annotated[Path, typer.Argument(help="CSV or XLSX file, one measurement per row.")],
    column: Annotated[str, typer.Option(help="Measurements (name or 1-based position).")],
    lsl: Annotated[float | None, typer.Option(help="Lower specification limit.")] = None,
    usl: Annotated[float | None, typer.Option(help="Upper specification limit.")] = None,
    target: Annotated[float | None, typer.Option(help="Target (the mid-point by default).")] = None,
    subgroup_size: Annotated[
        int, typer.Option(help="Consecutive rows per subgroup (1: individuals).")
    ] = 1,
    within: Annotated[str, typer.Option(help="auto, range, sd or pooled.")] = "auto",
    method: Annotated[str, typer.Option(help="normal or percentile (ISO 22514-2).")] = "normal",
    boxcox: Annotated[bool, typer.Option(help="Analyse after a Box-Cox transformation.")] = False,
    confidence: Annotated[float, typer.Option(help="Confidence level of the intervals.")] = 0.95,
    sheet: Annotated[str | None, typer.Option(help="XLSX sheet (the first by default).")] = None,
    out: Annotated[
        Path | None, typer.Option(help="Write the histogram to FILE.png or FILE.svg.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Capability (within) and performance (overall) indices with confidence intervals."""
    check_out(out)
    data = read_table(file, sheet=sheet).numbers(column)
    with refusals(FIELDS):
        result = capability.analyze(
            data, lsl, usl, target, subgroup_size, cast(Any, within),
            transform="boxcox" if boxcox else None, method=cast(Any, method),
        )  # fmt: skip
        intervals = calls.capability_intervals(result, confidence)
    if as_json:
        print_json({**jsonable(result), "intervals": jsonable(intervals)})
    else:
        _report(result, intervals)
    write_chart(out, lambda fmt: charts.render_capability(
        data, lsl, usl, result.target, fmt, sigma_within=result.sigma_within,
    ))  # fmt: skip
