"""What the toolbox commands share: JSON output, rich tables and chart files."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import typer
from rich.table import Table

from qualicert.cli._common import console, err_console
from qualicert.errors import InvalidInput
from qualicert.web.results import jsonable, refusals

CHART_SUFFIXES = (".png", ".svg")
MAX_ROWS = 50


def check_out(out: Path | None) -> None:
    """Refuse an ``--out`` file that is neither .png nor .svg before any work is done."""
    if out is not None and out.suffix.lower() not in CHART_SUFFIXES:
        raise InvalidInput(
            f"--out {out.name!r} must end in .png or .svg",
            f"--out {out.name!r} 的扩展名应为 .png 或 .svg",
            rule="chart_format",
            field="out",
        )


def write_chart(out: Path | None, render: Callable[[str], bytes]) -> None:
    """Write the chart ``render(fmt)`` draws to ``out`` (the format from its suffix)."""
    if out is None:
        return
    with refusals():
        data = render(out.suffix.lower().lstrip("."))
    out.write_bytes(data)
    err_console.print(f"chart written to {out}")


def print_json(value: Any) -> None:
    """Print ``value`` as JSON (the same form as the HTTP API answers)."""
    typer.echo(json.dumps(jsonable(value), ensure_ascii=False, indent=2))


def number(value: Any, digits: int = 6) -> str:
    """A readable number: ``-`` for none, a range for per-point values."""
    if value is None:
        return "-"
    if isinstance(value, np.ndarray):
        if value.size and np.ptp(value) > 0:
            return f"{number(value.min(), digits)} .. {number(value.max(), digits)}"
        value = value.flat[0] if value.size else None
        return number(value, digits)
    if isinstance(value, bool | str):
        return str(value)
    if isinstance(value, int | np.integer):
        return str(int(value))
    return f"{float(value):.{digits}g}"


def _numeric(cell: Any) -> bool:
    return cell is None or (not isinstance(cell, str | bool) and np.isscalar(cell))


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Print a rich table of ``rows`` (the first :data:`MAX_ROWS`, then how many more).

    Numbers are right-aligned, text left-aligned; per-point values show as a range.
    """
    rows = list(rows)
    shown = rows[:MAX_ROWS]
    out = Table(title=title, title_justify="left", title_style="bold")
    for j, name in enumerate(columns):
        numeric = j > 0 and all(_numeric(row[j]) for row in shown)
        out.add_column(name, justify="right" if numeric else "left")
    for row in shown:
        out.add_row(*(cell if isinstance(cell, str) else number(cell) for cell in row))
    console.print(out)
    if len(rows) > MAX_ROWS:
        console.print(f"... and {len(rows) - MAX_ROWS} more rows (use --json for all)")


def facts(title: str, pairs: Mapping[str, Any]) -> None:
    """Print name / value pairs as a two-column table."""
    table(title, ("", "value"), [(name, value) for name, value in pairs.items()])
