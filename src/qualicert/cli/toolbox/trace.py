"""``qualicert toolbox trace``: forward and backward lot traces and recall scope."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from qualicert.cli._common import console, readable_errors
from qualicert.cli.toolbox._io import read_table
from qualicert.cli.toolbox._report import facts, print_json, table
from qualicert.toolbox.trace import Genealogy, RecallScope, TraceResult
from qualicert.web import toolbox_calls as calls
from qualicert.web.results import refusals

FIELDS = ("lot", "edge", "quantity", "direction", "genealogy")


def _shipped(
    path: Path | None, lot_column: str, customer_column: str, sheet: str | None
) -> dict[str, list[str]] | None:
    """Shipped lot -> its customers, from a second file."""
    if path is None:
        return None
    tab = read_table(path, sheet=sheet)
    shipped: dict[str, list[str]] = {}
    for lot, customer in zip(tab.labels(lot_column), tab.texts(customer_column), strict=True):
        shipped.setdefault(lot, [])
        if customer:
            shipped[lot].append(customer)
    return shipped


def _report(result: TraceResult | RecallScope) -> None:
    if isinstance(result, TraceResult):
        console.print(
            f"[bold]{result.direction} trace of {result.lot!r}[/bold]: {len(result)} lots, "
            f"{result.max_depth} steps deep"
        )
        table("lots reached", ("lot", "depth"), zip(result.lots, result.depths, strict=True))
        return
    facts("recall scope", result.counts)
    customers = dict[Any, list[str]]()
    for lot, customer in result.shipments:
        customers.setdefault(lot, []).append(customer)
    rows = [(str(lot), ", ".join(customers.get(lot, [])), " -> ".join(map(str, result.path(lot))))
            for lot in result.end_products]  # fmt: skip
    table("end products to recall", ("lot", "customers", "path"), rows)


@readable_errors
def trace_command(
    file: Annotated[
        Path, typer.Argument(help="CSV or XLSX edge list: one parent -> child per row.")
    ],
    parent_column: Annotated[str, typer.Option(help="The lot whose material went in.")],
    child_column: Annotated[str, typer.Option(help="The lot it went into.")],
    lot: Annotated[list[str], typer.Option(help="Start lot (recall: suspect lot; repeatable).")],
    direction: Annotated[str, typer.Option(help="forward, backward or recall.")] = "forward",
    quantity_column: Annotated[str | None, typer.Option(help="Quantity moved (optional).")] = None,
    shipments: Annotated[
        Path | None, typer.Option(help="Recall: CSV or XLSX of shipped lots and customers.")
    ] = None,
    shipment_lot_column: Annotated[str, typer.Option(help="Lot column of --shipments.")] = "lot",
    customer_column: Annotated[
        str, typer.Option(help="Customer column of --shipments.")
    ] = "customer",
    sheet: Annotated[str | None, typer.Option(help="XLSX sheet (the first by default).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Where a lot went, what went into it, or what a recall of suspect lots must cover."""
    tab = read_table(file, sheet=sheet)
    columns = [tab.labels(parent_column), tab.labels(child_column)]
    if quantity_column is not None:
        columns.append(tab.numbers(quantity_column, blank=float("nan")).tolist())
    shipped = _shipped(shipments, shipment_lot_column, customer_column, sheet)
    with refusals(FIELDS):
        genealogy = Genealogy.from_edges(zip(*columns, strict=True))
        result = calls.trace(genealogy, direction, lot, shipped)
    if as_json:
        print_json(result)
    else:
        _report(result)
