"""``qualicert export``: open data as CSV, JSON Lines or Parquet, or the day's snapshot.

A file export is written atomically with ``FILE.sha256`` beside it and shows a progress bar
when it is long; ``--output -`` writes to standard output (no checksum file, no bar);
``--snapshot`` writes the day's snapshot folder when it is missing (see docs/opendata.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from qualicert.cli._common import console, readable_errors, session_factory, session_scope, settings
from qualicert.statistics import opendata, snapshots
from qualicert.statistics.columns import Dataset, Format, file_name

PROGRESS_FROM_ROWS = 10_000
"""Exports of fewer rows finish too quickly for a progress bar to help."""


def _bar(disable: bool, transient: bool = False) -> Progress:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    bar = (*columns, TimeElapsedColumn())
    return Progress(*bar, console=console, disable=disable, transient=transient)


def export_command(
    format: Annotated[
        Format | None, typer.Option("--format", help="csv, jsonl or parquet.", show_default=False)
    ] = None,
    dataset: Annotated[
        Dataset, typer.Option("--dataset", help="certificates or histories.")
    ] = Dataset.CERTIFICATES,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="File to write, or - for standard output (default: DATASET.FORMAT here).",
        ),
    ] = None,
    snapshot: Annotated[
        bool,
        typer.Option("--snapshot", help="Write the day's snapshot (all formats) if missing."),
    ] = False,
    chunk_rows: Annotated[
        int, typer.Option("--chunk-rows", min=1, help="Rows read and written at a time.")
    ] = opendata.DEFAULT_CHUNK_ROWS,
) -> None:
    """Export every certificate or status-history entry as open data (CSV, JSONL, Parquet)."""
    if snapshot:
        if format is not None or output is not None:
            raise typer.BadParameter("--snapshot writes every format; leave out --format/--output")
        _snapshot(chunk_rows)
    elif format is None:
        raise typer.BadParameter("give --format csv|jsonl|parquet, or --snapshot")
    elif output == "-":
        _to_stdout(dataset, format, chunk_rows)
    else:
        _to_file(dataset, format, Path(output or file_name(dataset, format)), chunk_rows)


@readable_errors
def _to_file(dataset: Dataset, format: Format, path: Path, chunk_rows: int) -> None:
    with session_scope() as session:
        total = opendata.count(session=session, dataset=dataset)
        with _bar(disable=total < PROGRESS_FROM_ROWS) as progress:
            task = progress.add_task(f"exporting {dataset.value}", total=total)
            result = opendata.export_file(
                session=session,
                dataset=dataset,
                format=format,
                path=path,
                chunk_rows=chunk_rows,
                progress=lambda done: progress.update(task, completed=done),
            )
    console.print(f"{result.rows} rows, {result.size} bytes: {result.path}")
    console.print(f"sha256 {result.sha256} (in {result.path.name}.sha256)")


@readable_errors
def _to_stdout(dataset: Dataset, format: Format, chunk_rows: int) -> None:
    out = typer.get_binary_stream("stdout")
    with session_scope() as session:
        opendata.export(
            session=session, dataset=dataset, outputs={format: out}, chunk_rows=chunk_rows
        )
    out.flush()


@readable_errors
def _snapshot(chunk_rows: int) -> None:
    folder = settings().opendata_dir
    with _bar(disable=False, transient=True) as progress:
        tasks = {d: progress.add_task(f"snapshot {d.value}", total=None) for d in Dataset}
        snap, written = snapshots.ensure(
            factory=session_factory(),
            folder=folder,
            chunk_rows=chunk_rows,
            progress=lambda d, done: progress.update(tasks[d], completed=done),
        )
    state = "written" if written else "already there, unchanged"
    console.print(f"snapshot {snap.day.isoformat()} {state}: {snap.path}")
    table = Table("file", "bytes", "sha256")
    for f in snap.files:
        table.add_row(f.name, str(f.size), f.sha256)
    console.print(table)
