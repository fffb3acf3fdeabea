"""``qualicert import FILE --body ID``: bulk intake of a body's certificates, with progress.

Acts as the platform itself (the local operator). Prints the report; exits with status 1
when any row was refused (without ``--partial`` nothing was then applied).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from qualicert.accounts.actor import system_actor
from qualicert.certification import bulk
from qualicert.cli._common import console, readable_errors, session_factory

SHOWN_ERRORS = 50


class Bars:
    """Two progress bars: bytes checked, then rows applied."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, phase: str, done: int, total: int) -> None:
        if phase not in self.tasks:
            label = "checking" if phase == "check" else "applying"
            self.tasks[phase] = self.progress.add_task(label, total=total, unit=phase)
        self.progress.update(self.tasks[phase], completed=done, total=total)


class _Amount(MofNCompleteColumn):
    """Bytes for the check pass, rows for the apply pass."""

    def render(self, task: Task) -> Text:
        """``12.3/45.6 MB`` while checking, ``1200/5000`` while applying."""
        if task.fields.get("unit") == "check":
            return DownloadColumn().render(task)
        return super().render(task)


def import_command(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV, XLSX or JSONL.")],
    body: Annotated[int, typer.Option("--body", help="Id of the certification body.")],
    partial: Annotated[
        bool, typer.Option("--partial", help="Apply the valid rows and report the others.")
    ] = False,
    format: Annotated[
        str | None, typer.Option("--format", help="csv, xlsx or jsonl (default: guessed).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Import a body's certificates (IAF MD 28 + CNCA fields); re-importing updates them."""
    report = _run(file, body, partial, format, quiet=as_json)
    if as_json:
        console.print_json(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        show(report)
    if report.refused:
        raise typer.Exit(1)


@readable_errors
def _run(
    file: Path, body: int, partial: bool, fmt: str | None, *, quiet: bool
) -> bulk.ImportReport:
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        _Amount(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, disable=quiet, transient=False) as progress:
        return bulk.import_certificates(
            factory=session_factory(),
            actor=system_actor("cli"),
            body_id=body,
            source=file,
            format=fmt,
            partial=partial,
            progress=Bars(progress),
        )


def show(report: bulk.ImportReport) -> None:
    """Print the counts, then the first errors in English and Chinese."""
    counts = Table(show_header=False, box=None)
    for label, value in (
        ("rows read", report.rows_read),
        ("created", report.created),
        ("updated", report.updated),
        ("unchanged", report.unchanged),
        ("refused", report.refused),
        ("organisations registered", report.organizations_created),
        ("history entries", report.history_entries),
    ):
        counts.add_row(label, str(value))
    console.print(counts)
    if report.ignored_columns:
        console.print(f"ignored columns: {', '.join(report.ignored_columns)}")
    if report.errors:
        _errors(report)
    if report.refused and not report.applied:
        console.print(
            "[red]nothing was applied[/red]: fix the rows above, or use --partial "
            "to apply the valid rows / 未做任何更改：请修正上述行，或使用 --partial"
        )


def _errors(report: bulk.ImportReport) -> None:
    table = Table("row", "field", "rule")
    table.add_column("message", overflow="fold")
    for error in report.errors[:SHOWN_ERRORS]:
        table.add_row(
            str(error.row), error.field or "", error.rule, f"{error.message}\n{error.message_zh}"
        )
    console.print(table)
    more = len(report.errors) - SHOWN_ERRORS + report.errors_omitted
    if more > 0:
        console.print(f"... and {more} more problems (use --json for the first {bulk.MAX_ERRORS})")
