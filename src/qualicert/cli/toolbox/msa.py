"""``qualicert toolbox msa``: a crossed gauge R&R study from a CSV or XLSX file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from qualicert.cli._common import console, readable_errors
from qualicert.cli.toolbox._io import read_table
from qualicert.cli.toolbox._report import facts, print_json, table
from qualicert.toolbox import msa
from qualicert.web.results import refusals

FIELDS = ("part", "operator", "values", "tolerance", "method", "study_multiplier")


def _report(r: msa.GageRRResult) -> None:
    console.print(
        f"[bold]gauge R&R ({r.method})[/bold]: {len(r.parts)} parts, "
        f"{len(r.operators)} operators, {r.n_trials} trials"
    )
    table(
        "variance components",
        ("source", "variance", "sd", "% contribution", "% study var", "% tolerance"),
        [(c.source, c.variance, c.sd, c.pct_contribution, c.pct_study_var, c.pct_tolerance)
         for c in r.components],
    )  # fmt: skip
    facts("verdict (AIAG)", {
        "%GRR of study variation": r.pct_grr, "verdict": r.verdict,
        "%GRR of tolerance": r.pct_grr_tolerance, "verdict on tolerance": r.verdict_tolerance,
        "distinct categories (ndc)": r.ndc,
        "interaction p-value": r.interaction_p_value,
        "interaction pooled": "yes" if r.interaction_pooled else "no",
    })  # fmt: skip
    if r.anova:
        rows = [(a.source, a.df, a.ss, a.ms, a.f, a.p_value) for a in r.anova]
        table("ANOVA", ("source", "df", "SS", "MS", "F", "p"), rows)


@readable_errors
def msa_command(
    file: Annotated[Path, typer.Argument(help="CSV or XLSX file, one measurement per row.")],
    part_column: Annotated[str, typer.Option(help="Part of each measurement.")],
    operator_column: Annotated[str, typer.Option(help="Operator (appraiser) of each measurement.")],
    value_column: Annotated[str, typer.Option(help="The measured value.")],
    tolerance: Annotated[float | None, typer.Option(help="USL - LSL, for %tolerance.")] = None,
    method: Annotated[str, typer.Option(help="anova or xbar_r (average and range).")] = "anova",
    study_multiplier: Annotated[float, typer.Option(help="Sigmas in the study variation.")] = 6.0,
    sheet: Annotated[str | None, typer.Option(help="XLSX sheet (the first by default).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Repeatability, reproducibility, %GRR, ndc and AIAG's verdict."""
    tab = read_table(file, sheet=sheet)
    parts, operators = tab.labels(part_column), tab.labels(operator_column)
    values = tab.numbers(value_column)
    with refusals(FIELDS):
        result = msa.gage_rr(
            parts,
            operators,
            values,
            tolerance,
            method.replace("-", "_"),  # type: ignore[arg-type]
            study_multiplier=study_multiplier,
        )
    if as_json:
        print_json(result)
    else:
        _report(result)
