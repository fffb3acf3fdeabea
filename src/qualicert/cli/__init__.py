"""The ``qualicert`` command: one Typer app, one module per domain."""

from __future__ import annotations

import typer

from qualicert.cli import (
    audit_time,
    db,
    demo,
    export,
    imports,
    jobs,
    keys,
    ledger,
    serve,
    subscriptions,
    tokens,
    toolbox,
    users,
    verify,
)

app = typer.Typer(
    help="qualicert: open platform for a national quality-certification system.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db.app, name="db")
app.add_typer(users.app, name="users")
app.add_typer(tokens.app, name="tokens")
app.add_typer(jobs.app, name="jobs")
app.add_typer(ledger.app, name="ledger")
app.add_typer(subscriptions.app, name="subscriptions")
app.add_typer(toolbox.app, name="toolbox")
app.add_typer(verify.app, name="trust-list")
app.add_typer(keys.app, name="keys")
app.command("audit-time")(audit_time.audit_time_command)
app.command("import")(imports.import_command)
app.command("export")(export.export_command)
app.command("serve")(serve.serve)
app.command("demo")(demo.demo)
app.command("init")(demo.init)
app.command("verify")(verify.verify_command)


def main() -> None:
    """Entry point of the ``qualicert`` console script."""
    app()
