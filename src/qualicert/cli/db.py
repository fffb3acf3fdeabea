"""``qualicert db upgrade|check|current``: the schema."""

from __future__ import annotations

import typer

from qualicert import migrations
from qualicert.cli._common import console, err_console, settings
from qualicert.db import make_engine

app = typer.Typer(help="Database schema: upgrade, check, current revision.", no_args_is_help=True)


def upgrade_database() -> None:
    """Create the SQLite folder if needed and bring the schema to the newest revision."""
    conf = settings()
    if conf.is_sqlite:
        conf.var_dir.mkdir(parents=True, exist_ok=True)
    migrations.upgrade(conf.database_url)


@app.command()
def upgrade() -> None:
    """Apply every pending migration."""
    upgrade_database()
    console.print(f"schema at revision {migrations.head_revision()}")


@app.command()
def check() -> None:
    """Fail when the models and the migrations disagree (alembic check)."""
    try:
        migrations.check(settings().database_url)
    except Exception as exc:
        err_console.print(f"[red]schema check failed[/red]: {exc}")
        raise typer.Exit(1) from exc
    console.print("models and migrations agree")


@app.command()
def current() -> None:
    """Print the revision the database is at."""
    revision = migrations.current_revision(make_engine(settings().database_url))
    console.print(revision or "(empty database)")
