"""``qualicert tokens create|revoke|list``: API tokens, shown once."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from qualicert.accounts import service as accounts
from qualicert.accounts.actor import system_actor
from qualicert.cli._common import console, readable_errors, session_scope, settings

app = typer.Typer(help="API tokens: create (shown once), revoke, list.", no_args_is_help=True)


@app.command()
@readable_errors
def create(
    name: Annotated[str, typer.Argument(help="The user the token acts as.")],
    label: Annotated[str, typer.Option(help="A note to recognise the token by.")] = "",
    days: Annotated[int | None, typer.Option(help="Lifetime in days.")] = None,
) -> None:
    """Create a token for user NAME; the token is printed alone on the last line."""
    ttl = days if days is not None else settings().token_ttl_days
    with session_scope() as session:
        token, text = accounts.create_token(
            session=session, actor=system_actor(), user_name=name, name=label, ttl_days=ttl
        )
        console.print(
            f"token {token.id} for {name!r}, expires {token.expires_at:%Y-%m-%d}; "
            "it is shown only now:"
        )
    typer.echo(text)


@app.command()
@readable_errors
def revoke(token_id: Annotated[int, typer.Argument(help="The token's id.")]) -> None:
    """Revoke token TOKEN_ID at once."""
    with session_scope() as session:
        accounts.revoke_token(session=session, actor=system_actor(), token_id=token_id)
    console.print(f"token {token_id} revoked")


@app.command("list")
@readable_errors
def list_(
    user: Annotated[str | None, typer.Option(help="Only this user's tokens.")] = None,
) -> None:
    """List tokens (never their secrets)."""
    table = Table("id", "user", "label", "created", "expires", "revoked")
    with session_scope() as session:
        for t in accounts.list_tokens(session=session, user_name=user):
            revoked = f"{t.revoked_at:%Y-%m-%d}" if t.revoked_at else ""
            table.add_row(
                str(t.id),
                str(t.user_id),
                t.name,
                f"{t.created_at:%Y-%m-%d}",
                f"{t.expires_at:%Y-%m-%d}",
                revoked,
            )
    console.print(table)
