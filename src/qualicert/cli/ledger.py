"""``qualicert ledger audit|checkpoint|key``: the transparency log from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from qualicert.cli._common import console, err_console, readable_errors, session_scope, settings
from qualicert.ledger import checkpoints, keys, monitor, note

app = typer.Typer(
    help="The transparency log: audit it, sign a checkpoint, print its key.", no_args_is_help=True
)


def _log_key() -> tuple[str, Ed25519PrivateKey]:
    conf = settings()
    return keys.load_or_create(keys.log_key_path(conf.var_dir), conf.log_origin)


@app.command()
def audit(
    url: Annotated[str, typer.Option(help="Base URL of the platform, e.g. http://127.0.0.1:8000")],
    state: Annotated[Path, typer.Option(help="Where the last checkpoint seen is kept.")] = Path(
        "qualicert-monitor.json"
    ),
    key: Annotated[
        str | None, typer.Option(help="The log's vkey (else pinned on first run).")
    ] = None,
) -> None:
    """Verify the log from its tiles alone; exit 1 on any divergence."""
    report = monitor.audit(url, state, vkey=key)
    console.print(
        f"log {url}: {report.tree_size} leaves, root {report.root_hash}; "
        f"{report.entries} entries and {report.tiles} tiles checked"
        + (
            f"; consistent with size {report.previous_size}"
            if report.previous_size is not None and report.ok
            else ""
        )
    )
    for problem in report.problems:
        err_console.print(f"[red]divergence[/red] {problem}")
    if not report.ok:
        raise typer.Exit(1)
    console.print(f"[green]ok[/green] state saved to {state}")


@app.command()
@readable_errors
def checkpoint() -> None:
    """Sign (if the log grew) and print the current checkpoint."""
    name, private = _log_key()
    with session_scope() as session:
        typer.echo(checkpoints.sign_current(session=session, name=name, key=private).note, nl=False)


@app.command()
def key() -> None:
    """Print the log's verifier key (C2SP vkey)."""
    name, private = _log_key()
    typer.echo(note.verifier_for(name, private).vkey)
