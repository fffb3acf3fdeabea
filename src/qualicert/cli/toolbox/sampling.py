"""``qualicert toolbox sampling``: an ISO 2859-1 (GB/T 2828.1) single sampling plan."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from qualicert.cli._common import console, readable_errors
from qualicert.cli.toolbox._report import facts, print_json, table
from qualicert.toolbox import sampling
from qualicert.web import toolbox_calls as calls
from qualicert.web.results import refusals

FIELDS = ("lot_size", "aql", "level", "severity", "p")


def _report(report: dict[str, Any]) -> None:
    plan: sampling.SamplingPlan = report["plan"]
    console.print(f"[bold]ISO 2859-1 single sampling, {plan.severity} inspection[/bold]")
    console.print(plan.note)
    aoql = report["aoql"]
    facts("plan", {
        "lot size": plan.lot_size, "inspection level": plan.level, "AQL": plan.aql,
        "code letter": plan.code_letter, "code letter used": plan.used_code_letter,
        "sample size n": plan.sample_size, "accept (Ac)": plan.ac, "reject (Re)": plan.re,
        "100 % inspection": "yes" if plan.hundred_percent else "no",
        f"Pa at the AQL ({report['method']})": report["pa_at_aql"],
        "AOQL": aoql.aoql if aoql else None, "AOQL reached at p": aoql.p if aoql else None,
    })  # fmt: skip
    oc = report["oc"]
    if oc["p"].size:
        table("operating characteristic", ("p", "Pa"), list(zip(oc["p"], oc["pa"], strict=True)))


@readable_errors
def sampling_command(
    lot_size: Annotated[int, typer.Option(help="Number of items in the lot.")],
    aql: Annotated[float, typer.Option(help="Acceptance quality limit, e.g. 1.0 (percent).")],
    level: Annotated[str, typer.Option(help="S-1, S-2, S-3, S-4, I, II or III.")] = "II",
    severity: Annotated[str, typer.Option(help="normal, tightened or reduced.")] = "normal",
    p: Annotated[
        list[float] | None,
        typer.Option("--p", help="A quality (fraction) for the OC table; repeatable."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Code letter, sample size, Ac and Re, with Pa at the AQL and the AOQL."""
    with refusals(FIELDS):
        plan = sampling.plan(lot_size, aql, level=level, severity=severity)
        report = calls.sampling_report(plan, p or ())
    if as_json:
        print_json(report)
    else:
        _report(report)
