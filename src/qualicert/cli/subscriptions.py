"""``qualicert subscriptions deliver|status``: run the subscription job now, see its backlog."""

from __future__ import annotations

import dataclasses
import json
from typing import Annotated

import typer
from rich.table import Table

from qualicert.cli._common import console, readable_errors, session_factory, session_scope, settings
from qualicert.subscriptions import jobs

app = typer.Typer(
    help="Subscriptions: deliver due webhooks and e-mail now, show the backlog.",
    no_args_is_help=True,
)


@app.command()
@readable_errors
def deliver(
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Match new events to subscriptions, POST due webhooks, send due e-mail (as the timer does)."""
    result = jobs.run(factory=session_factory(), settings=settings())
    if as_json:
        typer.echo(json.dumps(dataclasses.asdict(result), sort_keys=True))
        return
    console.print(result.summary())


@app.command()
@readable_errors
def status() -> None:
    """How many events wait to be matched, and deliveries by channel and status."""
    with session_scope() as session:
        backlog = jobs.backlog(session=session)
    console.print(f"events not yet matched: {backlog.unmatched}")
    table = Table("channel", "status", "deliveries")
    for (channel, state), count in sorted(backlog.deliveries.items()):
        table.add_row(channel, state, str(count))
    console.print(table)
    outbox = ", ".join(f"{k} {v}" for k, v in sorted(backlog.outbox.items())) or "empty"
    console.print(f"e-mail outbox: {outbox}")
