"""``qualicert keys rotate|list``: a certification body's signing keys."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from qualicert.accounts.actor import system_actor
from qualicert.cli._common import console, readable_errors, session_scope, settings
from qualicert.credentials import keys
from qualicert.credentials.schemas import BodyKeyRead

app = typer.Typer(help="Certification bodies' Ed25519 signing keys.", no_args_is_help=True)
BodyOption = Annotated[int, typer.Option("--body", help="The certification body's id.")]


@app.command()
@readable_errors
def rotate(body: BodyOption) -> None:
    """Give body ID a new signing key; the old one stops signing but stays published."""
    with session_scope() as session:
        row = keys.rotate(
            session=session, actor=system_actor(), body_id=body, var_dir=settings().var_dir
        )
        kid = row.key_id
    console.print(f"body {body} now signs with key {kid}")


@app.command("list")
@readable_errors
def list_(
    body: BodyOption,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON as the API does.")] = False,
) -> None:
    """List body ID's public keys with their validity periods."""
    with session_scope() as session:
        rows = keys.body_keys(session=session, body_id=body)
        shown = [BodyKeyRead.model_validate(r).model_dump(mode="json") for r in rows]
    if as_json:
        typer.echo(json.dumps(shown))
        return
    table = Table("key id", "public key (base64)", "valid from", "valid to", "in force")
    for key in shown:
        in_force = "yes" if key["in_force"] else ""
        table.add_row(
            key["key_id"], key["public_key"], key["valid_from"], key["valid_to"] or "", in_force
        )
    console.print(table)
