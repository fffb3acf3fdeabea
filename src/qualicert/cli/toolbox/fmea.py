"""``qualicert toolbox fmea``: AIAG-VDA action priority and RPN of an FMEA worksheet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from qualicert.cli._common import console, readable_errors
from qualicert.cli.toolbox._io import Table, read_table
from qualicert.cli.toolbox._report import print_json, table
from qualicert.toolbox import fmea
from qualicert.web.results import refusals

RATINGS = {
    "severity": ("severity", "S", "sev", "严重度"),
    "occurrence": ("occurrence", "O", "occ", "频度"),
    "detection": ("detection", "D", "det", "探测度"),
}
TEXTS = ("item", "failure_mode", "effect", "cause", "controls", "actions")


def _find(tab: Table, names: tuple[str, ...]) -> str | None:
    """The first of ``names`` (or with spaces for underscores) that is a column of ``tab``."""
    for name in names:
        for spelling in (name, name.replace("_", " ")):
            if not spelling.isdigit() and tab.find(spelling) is not None:
                return spelling
    return None


def _rows(tab: Table, columns: dict[str, str | None]) -> list[dict[str, Any]]:
    fields: dict[str, list[Any]] = {}
    for name, candidates in RATINGS.items():
        given = columns[name]
        fields[name] = tab.numbers(given or _find(tab, candidates) or name).tolist()
    for name in TEXTS:
        fields[name] = tab.texts(_find(tab, (name,)))
    return [dict(zip(fields, values, strict=True)) for values in zip(*fields.values(), strict=True)]


def _report(result: fmea.FmeaEvaluation) -> None:
    console.print(
        f"[bold]{result.kind.upper()}[/bold]: {len(result.rows)} failure chains, "
        f"AP high {result.high}, medium {result.medium}, low {result.low}"
    )
    table(
        "by action priority (rows counted from 1)",
        ("row", "item", "failure mode", "S", "O", "D", "AP", "RPN"),
        [(str(r.number), r.row.item, r.row.failure_mode, r.row.severity, r.row.occurrence,
          r.row.detection, r.action_priority, r.rpn) for r in result.summary],
    )  # fmt: skip


@readable_errors
def fmea_command(
    file: Annotated[Path, typer.Argument(help="CSV or XLSX worksheet, one failure chain per row.")],
    kind: Annotated[str, typer.Option(help="dfmea or pfmea.")] = "dfmea",
    severity_column: Annotated[
        str | None, typer.Option(help="Severity S (default: severity or S).")
    ] = None,
    occurrence_column: Annotated[
        str | None, typer.Option(help="Occurrence O (default: occurrence or O).")
    ] = None,
    detection_column: Annotated[
        str | None, typer.Option(help="Detection D (default: detection or D).")
    ] = None,
    sheet: Annotated[str | None, typer.Option(help="XLSX sheet (the first by default).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Action priority H/M/L and RPN of each row, sorted by priority.

    Text columns named item, failure_mode, effect, cause, controls and actions are kept.
    """
    tab = read_table(file, sheet=sheet)
    columns = {
        "severity": severity_column, "occurrence": occurrence_column,
        "detection": detection_column,
    }  # fmt: skip
    rows = _rows(tab, columns)
    with refusals(("kind", "severity", "occurrence", "detection")):
        result = fmea.evaluate(rows, kind=kind)
    if as_json:
        print_json(result)
    else:
        _report(result)
