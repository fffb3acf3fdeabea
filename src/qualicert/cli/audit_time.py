"""``qualicert audit-time``: the IAF MD 5 audit time calculator."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer

from qualicert.certification import audit_time
from qualicert.cli._common import console, err_console


def audit_time_command(
    standard: Annotated[str, typer.Option(help="e.g. 'ISO 9001:2015'.")],
    employees: Annotated[int, typer.Option(help="Effective number of personnel.")],
    complexity: Annotated[str, typer.Option(help="high, medium, low or limited.")] = "medium",
    sites: Annotated[int, typer.Option(help="Number of sites (IAF MD 1 sampling).")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Initial, surveillance and recertification audit time, with the rules applied."""
    try:
        result = audit_time.calculate(
            standard=standard, employees=employees, complexity=complexity, sites=sites
        )
    except ValueError as exc:
        err_console.print(f"[red]error[/red] {exc}")
        raise typer.Exit(1) from exc
    if as_json:
        typer.echo(json.dumps(asdict(result), ensure_ascii=False, indent=2))
        return
    console.print(
        f"initial: {result.initial_days} days (stage 1 {result.stage1_days}, "
        f"stage 2 {result.stage2_days}); surveillance {result.surveillance_days}; "
        f"recertification {result.recertification_days}"
    )
    for line in result.justification:
        console.print(f"  - {line}")
