"""``qualicert toolbox pareto``: a Pareto analysis of a category column."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from qualicert.cli._common import console, readable_errors
from qualicert.cli.toolbox._io import read_table
from qualicert.cli.toolbox._report import check_out, print_json, table, write_chart
from qualicert.toolbox import charts, pareto
from qualicert.web.results import refusals

FIELDS = ("categories", "category", "count", "counts", "weights", "threshold", "other_threshold")


def _report(r: pareto.ParetoResult) -> None:
    console.print(f"[bold]Pareto analysis[/bold]: total {r.total:g}")
    rows = [(x.category, x.count, x.percentage, x.cumulative_percentage) for x in r.rows()]
    table("categories", ("category", "count", "%", "cumulative %"), rows)
    console.print(f"vital few (to {r.threshold:g} %): {', '.join(r.vital_few)}")


@readable_errors
def pareto_command(
    file: Annotated[Path, typer.Argument(help="CSV or XLSX file.")],
    category_column: Annotated[str, typer.Option(help="Category (defect type, cause...).")],
    count_column: Annotated[
        str | None, typer.Option(help="Count of each row (1 per row by default).")
    ] = None,
    weight_column: Annotated[
        str | None, typer.Option(help="Weight of each row, e.g. unit cost.")
    ] = None,
    threshold: Annotated[float, typer.Option(help="Cumulative % of the vital few.")] = 80.0,
    other_threshold: Annotated[
        float | None, typer.Option(help="Group categories under this % as Other.")
    ] = None,
    sheet: Annotated[str | None, typer.Option(help="XLSX sheet (the first by default).")] = None,
    out: Annotated[
        Path | None, typer.Option(help="Write the chart to FILE.png or FILE.svg.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Categories ranked with cumulative percentages, and the vital few."""
    check_out(out)
    tab = read_table(file, sheet=sheet)
    categories = tab.labels(category_column)
    counts = tab.numbers(count_column) if count_column else None
    weights = tab.numbers(weight_column) if weight_column else None
    with refusals(FIELDS):
        result = pareto.analyze(categories, counts, weights, other_threshold, threshold=threshold)
    if as_json:
        print_json(result)
    else:
        _report(result)
    write_chart(out, lambda fmt: charts.render_pareto(
        result.categories, result.counts, fmt, threshold=result.threshold / 100,
    ))  # fmt: skip
