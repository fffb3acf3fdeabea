"""``qualicert init`` and ``qualicert demo``: a database and realistic demo data."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from qualicert.accounts import service as accounts
from qualicert.accounts.actor import system_actor
from qualicert.cli._common import console, readable_errors, session_factory, session_scope, settings
from qualicert.cli.db import upgrade_database
from qualicert.demo import generate
from qualicert.demo.generate import SCALES

REGULATOR = "demo-regulator"


@readable_errors
def init() -> None:
    """Create the database (SQLite under var/ by default) at the newest schema."""
    upgrade_database()
    console.print(f"database ready: {settings().database_url}")


def _regulator_token() -> str:
    with session_scope() as session:
        actor = system_actor("demo")
        try:
            accounts.get_user(session=session, name=REGULATOR)
        except Exception:
            accounts.create_user(session=session, actor=actor, name=REGULATOR, role="regulator")
        _, text = accounts.create_token(
            session=session, actor=actor, user_name=REGULATOR, name="demo", ttl_days=30
        )
    return text


@readable_errors
def demo(
    scale: Annotated[str, typer.Option(help=f"One of {', '.join(SCALES)}.")] = "small",
    seed: Annotated[int, typer.Option(help="Seed: the same seed gives the same data.")] = 2018,
) -> None:
    """Fill an empty database with deterministic demo data; keep the data of a filled one."""
    if scale not in SCALES:
        raise typer.BadParameter(f"scale {scale!r} is not one of {', '.join(SCALES)}")
    upgrade_database()
    factory = session_factory()
    with factory() as session:
        filled = generate.has_data(session)
    if filled:
        console.print("the database already holds data; keeping it")
    else:
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console) as progress:
            summary = generate.generate(factory, scale=scale, seed=seed, progress=progress)
        console.print(summary.describe())
    url = settings().public_url
    console.print(f"\n  web:      {url}/\n  API docs: {url}/docs\n  health:   {url}/api/v1/health")
    console.print(f"\n  regulator token (user {REGULATOR!r}, valid 30 days):")
    typer.echo(_regulator_token())
